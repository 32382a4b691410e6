package seqlab.experiment;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

/**
 * Where an experiment's trials run: {@link #local(Parallelism)} (a pool in this JVM, what {@link Experiment#run()}
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

    /**
     * One trial of a run that may span several tasks.
     *
     * @param task the task it belongs to
     * @param spec the trial
     * @param cost its estimated work ({@link Task#trialCost}), in the same units for every task of a run
     */
    record Job(Task task, TrialSpec spec, double cost) {
        public Job {
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(spec, "spec");
        }
    }

    /**
     * Runs the trials of several tasks (a whole {@code ./seqlab compare}), handing each result to {@code finished}.
     * This default runs each task's trials with {@link #run(Task, List, TrialListener, Consumer)}, task after task;
     * the local pool runs them all in one pool, longest first.
     */
    default void run(List<Job> jobs, TrialListener listener, Consumer<TrialResult> finished) {
        Map<Task, List<TrialSpec>> byTask = new IdentityHashMap<>();
        List<Task> order = new ArrayList<>();
        for (Job j : jobs) {
            byTask.computeIfAbsent(j.task(), t -> {
                order.add(t);
                return new ArrayList<>();
            }).add(j.spec());
        }
        for (Task t : order) {
            run(t, byTask.get(t), listener, finished);
        }
    }

    /** How this runner will run {@code pending} trials, for the line a run starts with. */
    default String describe(int pending) {
        return toString();
    }

    /**
     * Trials on a pool in this JVM, sized by {@code parallelism}: {@link Parallelism#auto()} uses every core, one
     * trial per core; {@link Parallelism#serial()} runs them one after another on the caller.
     */
    static TrialRunner local(Parallelism parallelism) {
        return new LocalTrialRunner(parallelism);
    }

    /** Trials on a pool of {@code trials} threads in this JVM, the cores divided among them; 1 runs them in turn. */
    static TrialRunner local(int trials) {
        if (trials < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + trials);
        }
        return local(Parallelism.of(trials));
    }

    /**
     * One trial, wherever it runs: the engine by name, a check that the task, data and engine here make exactly the
     * requested trial (its canonical spec), then {@link Task#run}. Anything the trial throws (a bad configuration,
     * running out of memory or stack, a diverging loss) is caught and returned as a failed or diverged result, so
     * every runner reports such a trial once, with its error, and the sweep goes on.
     */
    static TrialResult runTrial(Task task, TrialSpec spec, TrialListener listener) {
        return TrialAttempt.run(task, spec, listener).result();
    }

    /**
     * {@link #runTrial(Task, TrialSpec, TrialListener)} with the trial's engine capped at {@code threads} intra-op
     * threads on this thread ({@link Engine#limitThreads}): for a runner that runs trials side by side on threads of
     * its own (a Spark executor's task threads).
     */
    static TrialResult runTrial(Task task, TrialSpec spec, TrialListener listener, int threads) {
        Engines.checkThreads(threads);
        try (EngineThreads t = EngineThreads.limit(java.util.Set.of(spec.engine()), threads)) {
            return runTrial(task, spec, listener);
        }
    }
}
