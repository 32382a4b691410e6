package seqlab.experiment;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import seqlab.engine.Engine;
import seqlab.model.Baseline;
import seqlab.model.Candidate;
import seqlab.model.ModelSpec;
import seqlab.model.TaskHeads;

/**
 * A comparison task over one dataset: it prepares the data (splits, vocabulary or scaling fitted on the training
 * split only), builds a model from a {@link ModelSpec}, trains it and measures it on the test split.
 * Implementations: {@link ClassificationTask}, {@link TranslationTask}, {@link ForecastingTask}, which run their
 * trials through the one {@link TrialTemplate}.
 */
public interface Task {

    /** {@code classification}, {@code translation} or {@code forecasting}. */
    String name();

    /** The dataset's name, e.g. {@code sentiment}. */
    String dataset();

    /**
     * SHA-256 of the data this task feeds its models, computed from the rows it holds (after any filtering or
     * subsetting), so data changed in memory never passes for the data a stored trial used.
     */
    String dataHash();

    /**
     * Where the data comes from: each dataset this task reads (its name, size, licence, source file or package and
     * the file's SHA-256), for reports. Empty by default.
     */
    default List<seqlab.data.DatasetInfo> sources() {
        return List.of();
    }

    /** Every option of the task, as a record (part of each trial's identity). */
    Record options();

    /** The metric results are sorted by, e.g. {@code accuracy}, {@code bleu}, {@code mase}. */
    String mainMetric();

    /** Whether larger values of {@link #mainMetric()} are better. */
    boolean higherIsBetter();

    /** Every metric a trial reports, main metric first. */
    List<String> metrics();

    /** The trivial baselines every comparison includes (majority class, copy the source, naive forecast...). */
    List<Baseline> baselines();

    /** The model families this task can build. */
    List<String> families();

    /** The {@link TaskHeads} settings this task reads ({@link TaskHeads#CLASSIFICATION}, ...); none by default. */
    default Set<String> headSettings() {
        return Set.of();
    }

    /** Whether the task trains with a cross-entropy loss, which {@link TrainConfig#labelSmoothing()} smooths. */
    default boolean crossEntropy() {
        return false;
    }

    /** Trainable parameters of {@code spec} on this task (embedding and head included). */
    long parameterCount(ModelSpec spec);

    /**
     * The work of one trial of {@code candidate} trained with {@code train}, so that a pool starts the longest trials
     * first: roughly the multiply-adds of one forward pass over every sequence step it trains on
     * ({@link #trainingWork}), in the same units on every task. Early stopping is not foreseen. By default the
     * model's parameters times its epochs; baselines cost nothing.
     */
    default double trialCost(Candidate candidate, TrainConfig train) {
        return candidate instanceof ModelSpec m ? (double) parameterCount(m) * train.epochs() : 0;
    }

    /**
     * {@code arithmeticParameters} (the weights used in products, not embedding rows that are only looked up) times
     * the sequence steps training reads: {@code examples} per epoch of {@code stepsPerExample} steps each, for the
     * epochs of {@code train} or until its step budget.
     */
    static double trainingWork(double arithmeticParameters, long examples, double stepsPerExample, TrainConfig train) {
        long batches = Math.max(1, (examples + train.batchSize() - 1) / train.batchSize());
        long steps = (long) train.epochs() * batches;
        if (train.stepBudget() > 0) {
            steps = Math.min(steps, train.stepBudget());
        }
        double perStep = Math.min(examples, train.batchSize()) * stepsPerExample;
        return arithmeticParameters * steps * perStep;
    }

    /**
     * Checks that this task can run {@code candidate} with {@code train}, before anything runs: a family it builds or
     * a baseline it has, no setting that only another task reads (it would be silently ignored here), no label
     * smoothing without a cross-entropy loss. Fails with a one-line message naming the problem.
     */
    default void check(Candidate candidate, TrainConfig train) {
        if (candidate instanceof Baseline b) {
            if (baselines().stream().noneMatch(x -> x.kind().equals(b.kind()))) {
                throw new IllegalArgumentException("The " + name() + " task has no '" + b.kind() + "' baseline; its "
                        + "baselines are " + baselines().stream().map(Baseline::kind).toList());
            }
        } else {
            ModelSpec m = (ModelSpec) candidate;
            if (!families().contains(m.family())) {
                throw new IllegalArgumentException("The " + name() + " task cannot build a '" + m.family()
                        + "' model; it builds " + families());
            }
            ModelSpec plain = m.heads(TaskHeads.defaultsFor(m));
            for (String key : TaskHeads.KEYS) {
                if (!headSettings().contains(key) && !Objects.equals(m.setting(key), plain.setting(key))) {
                    throw new IllegalArgumentException(m.name() + ": '" + key + "' is not read by the " + name()
                            + " task, so it would change nothing here; " + (headSettings().isEmpty()
                            ? "it reads no task heads" : "it reads " + String.join(", ", headSettings()))
                            + ". Drop " + key + "=" + m.setting(key) + " or run it on the task that reads it");
                }
            }
        }
        if (train.labelSmoothing() > 0 && !crossEntropy()) {
            throw new IllegalArgumentException("label smoothing " + train.labelSmoothing() + " smooths a cross-entropy "
                    + "loss, and the " + name() + " task trains with none; drop labelSmoothing");
        }
    }

    /** How to rebuild this task from names in another JVM ({@link Tasks#create(TaskSpec)}). */
    default TaskSpec spec() {
        return TaskSpec.of(name(), dataset(), options());
    }

    /** Trains and tests one trial. Throws on failure; the runner records the error. */
    TrialResult run(TrialSpec spec, Engine engine, TrialListener listener);

    /**
     * Tables this task adds to its results' summary wherever the summary is shown (console, report, index): the
     * forecasting task's cross-series summary, say. None by default.
     */
    default List<tech.tablesaw.api.Table> summaries(Results results) {
        return List.of();
    }

    /**
     * Adds this task's own sections to a results report (forecast charts, BLEU by length, attention heatmaps...),
     * from the trials' {@link TrialResult#extras()}. Nothing by default.
     */
    default void addToReport(Results results, seqlab.plot.HtmlReport report) {
    }
}
