package seqlab.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** {@link TrialRunner#local(int)}: a fixed pool in this JVM. */
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
                runOne(task, trials.get(i), i, trials.size(), listener, finished);
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < trials.size(); i++) {
                int idx = i;
                fs.add(pool.submit(() -> runOne(task, trials.get(idx), idx, trials.size(), listener, finished)));
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

    private static void runOne(Task task, TrialSpec spec, int index, int total, TrialListener listener,
                               Consumer<TrialResult> finished) {
        listener.trialStarted(spec, index + 1, total);
        finished.accept(TrialRunner.runTrial(task, spec, listener));
    }

    @Override
    public String toString() {
        return parallelism == 1 ? "this JVM" : "a pool of " + parallelism + " threads in this JVM";
    }
}
