package seqlab.experiment;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

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
     * One trial, wherever it runs: the engine by name, a check that the task, data and engine here make exactly the
     * requested trial (its canonical spec), then {@link Task#run}. Anything the trial throws (a bad configuration,
     * running out of memory or stack, a diverging loss) is caught and returned as a failed or diverged result, so
     * every runner reports such a trial once, with its error, and the sweep goes on.
     */
    static TrialResult runTrial(Task task, TrialSpec spec, TrialListener listener) {
        Engine engine;
        try {
            engine = Engines.get(spec.engine());
        } catch (RuntimeException e) {
            return TrialResult.failed(spec, e, Map.of("engine", spec.engine()));
        }
        try {
            // the trial this JVM's task, data and engine would run must be the one asked for, field by field
            String diff = TrialSpec.firstDifference(spec.canonical(),
                    TrialSpec.of(task, spec.model(), spec.train(), spec.seed(), engine).canonical());
            if (diff != null) {
                throw new IllegalStateException("this JVM would run another trial than the one requested (" + diff
                        + ", requested vs here): run the same seqlab version, data and engine everywhere");
            }
            task.check(spec.model(), spec.train());
            return task.run(spec, engine, listener);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return TrialResult.failed(spec, e, Provenance.collect(engine));
        }
    }
}
