package seqlab.experiment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.engine.ThreadLimit;

/**
 * The named engines' intra-op threads capped for the calling thread ({@link Engine#limitThreads}), so that trials
 * that run at once, each on its own thread, use their share of the cores each; closing it, on the same thread, puts
 * the thread's previous counts back. Per thread, not process-wide, because both engines allow it (LibTorch's thread
 * count is the calling thread's OpenMP team size) and because a process-wide setting would be changed under a running
 * trial by another run that starts or ends beside it (two experiments in one notebook, tasks of a Spark executor).
 */
final class EngineThreads implements AutoCloseable {
    private final List<ThreadLimit> limits = new ArrayList<>();

    private EngineThreads() {
    }

    /** Caps the named engines at {@code threads} for the calling thread; {@code threads} 0 leaves them alone. */
    static EngineThreads limit(Collection<String> engines, int threads) {
        EngineThreads t = new EngineThreads();
        if (threads == 0) {
            return t;
        }
        for (String name : engines) {
            Engine engine;
            try {
                engine = Engines.get(name);
            } catch (RuntimeException unknown) {
                continue; // its trials fail on their own, each with the engine's error
            }
            t.limits.add(engine.limitThreads(threads));
        }
        return t;
    }

    /** The threads per trial a plan sets, or 0 when its one trial runs with the engines' own setting. */
    static int of(Parallelism.Plan plan) {
        return plan.divide() ? plan.threadsPerTrial() : 0;
    }

    @Override
    public void close() {
        for (int i = limits.size() - 1; i >= 0; i--) {
            limits.get(i).close();
        }
        limits.clear();
    }
}
