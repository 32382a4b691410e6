package seqlab.experiment;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.engine.ThreadLimit;

/**
 * Where an experiment's trials run: {@link #local(int)} (a thread pool in this JVM, what {@link Experiment#run()}
 * uses) or a cluster (seqlab-spark's {@code Spark}). {@link Experiment#runOn(TrialRunner)} does the rest the same
 * way for every runner: it skips trials already finished in the output folder, saves each result the moment it
 * reaches this JVM, and builds the {@link Results}.
 */
public interface TrialRunner {

    /**
     * Runs {@code trials} of {@code task} and hands each result to {@code finished} as soon as it is here (from any
     * thread; the callback is thread-safe). A trial that throws becomes a failed result ({@link #runTrial}); the
     * method itself throws only when the runner cannot go on (a cluster gave up), after the finished ones were handed
     * over.
     */
    void run(Task task, List<TrialSpec> trials, TrialListener listener, Consumer<TrialResult> finished);

    /** Trials on a pool of {@code parallelism} threads in this JVM; 1 runs them one after another on the caller. */
    static TrialRunner local(int parallelism) {
        return new LocalTrialRunner(parallelism);
    }

    /**
     * One trial, wherever it runs: the engine by name, then {@link Task#run}. Anything the trial throws (a bad
     * configuration, running out of memory or stack) is caught and returned as a failed result, so every runner
     * reports such a trial once, with its error, and the sweep goes on.
     */
    static TrialResult runTrial(Task task, TrialSpec spec, TrialListener listener) {
        return runTrial(task, spec, listener, OptionalInt.empty());
    }

    /**
     * {@link #runTrial(Task, TrialSpec, TrialListener)} with the trial's ops capped at {@code threads} intra-op
     * threads ({@link Engine#limitThreads}): a runner that runs {@code n} trials side by side gives each its share of
     * the cores, {@link Engines#threadsEach(int) threadsEach(n)}.
     */
    static TrialResult runTrial(Task task, TrialSpec spec, TrialListener listener, int threads) {
        Engines.checkThreads(threads);
        return runTrial(task, spec, listener, OptionalInt.of(threads));
    }

    private static TrialResult runTrial(Task task, TrialSpec spec, TrialListener listener, OptionalInt threads) {
        Engine engine;
        try {
            engine = Engines.get(spec.engine());
        } catch (RuntimeException e) {
            return TrialResult.failed(spec, e, Map.of("engine", spec.engine()));
        }
        try (ThreadLimit limit = threads.isPresent() ? engine.limitThreads(threads.getAsInt()) : ThreadLimit.NONE) {
            return task.run(spec, engine, listener);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return TrialResult.failed(spec, e, Provenance.collect(engine));
        }
    }
}
