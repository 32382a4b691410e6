package seqlab.experiment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.engine.ThreadDivision;

/** Engines with their threads divided among trials that run at once ({@link Engine#divideThreads}); closing restores them. */
final class EngineThreads implements AutoCloseable {
    private final List<ThreadDivision> divisions = new ArrayList<>();

    private EngineThreads() {
    }

    /** Divides the threads of the engines named for {@code trials} trials at once; {@code trials} 0 leaves them alone. */
    static EngineThreads divide(Collection<String> engines, int trials, int threadsPerTrial) {
        EngineThreads t = new EngineThreads();
        if (trials == 0) {
            return t;
        }
        for (String name : engines) {
            Engine engine;
            try {
                engine = Engines.get(name);
            } catch (RuntimeException unknown) {
                continue; // its trials fail on their own, each with the engine's error
            }
            t.divisions.add(engine.divideThreads(trials, threadsPerTrial));
        }
        return t;
    }

    @Override
    public void close() {
        for (int i = divisions.size() - 1; i >= 0; i--) {
            divisions.get(i).close();
        }
        divisions.clear();
    }
}
