package seqlab.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import seqlab.engine.Engines;

/**
 * {@link TrialRunner#local(int)}: a fixed pool in this JVM. Trials that run side by side share the cores: each runs
 * with {@link Engines#threadsEach(int) threadsEach(parallelism)} intra-op threads, so {@code parallelism(2)} on two
 * cores runs two single-threaded trials rather than two two-threaded ones that wait for each other's cores.
 */
final class LocalTrialRunner implements TrialRunner {
    private final int parallelism;

    LocalTrialRunner(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
        }
        this.parallelism = parallelism;
    }

    @Override
    public void run(Task task, List<TrialSpec> trials, TrialListener listener, Consumer<TrialResult> finished) {
        if (parallelism == 1) {
            for (int i = 0; i < trials.size(); i++) {
                listener.trialStarted(trials.get(i), i + 1, trials.size());
                finished.accept(TrialRunner.runTrial(task, trials.get(i), listener));
            }
            return;
        }
        int threads = Engines.threadsEach(parallelism);
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < trials.size(); i++) {
                int idx = i;
                fs.add(pool.submit(() -> runOne(task, trials.get(idx), idx, trials.size(), threads, listener, finished)));
            }
            for (Future<?> f : fs) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("A trial runner failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted; finished trials are saved", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void runOne(Task task, TrialSpec spec, int index, int total, int threads, TrialListener listener,
                               Consumer<TrialResult> finished) {
        listener.trialStarted(spec, index + 1, total);
        finished.accept(TrialRunner.runTrial(task, spec, listener, threads));
    }

    @Override
    public String toString() {
        return parallelism == 1 ? "this JVM" : "a pool of " + parallelism + " threads in this JVM, "
                + Engines.threadsEach(parallelism) + " intra-op thread(s) per trial";
    }
}
