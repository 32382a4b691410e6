package seqlab.experiment;

import java.util.List;
import java.util.Optional;
import seqlab.engine.Engine;
import seqlab.model.ModelSpec;

/**
 * A comparison task over one dataset: it prepares the data (splits, vocabulary or scaling fitted on the training
 * split only), builds a model from a {@link ModelSpec}, trains it and measures it on the test split.
 * Implementations: {@link ClassificationTask}, {@link TranslationTask}, {@link ForecastingTask}.
 */
public interface Task {

    /** {@code classification}, {@code translation} or {@code forecasting}. */
    String name();

    /** The dataset's name, e.g. {@code sentiment}. */
    String dataset();

    /** The dataset's SHA-256, recorded with every trial. */
    String datasetChecksum();

    /** The metric results are sorted by, e.g. {@code accuracy}, {@code bleu}, {@code mase}. */
    String mainMetric();

    /** Whether larger values of {@link #mainMetric()} are better. */
    boolean higherIsBetter();

    /** Every metric a trial reports, main metric first. */
    List<String> metrics();

    /** The trivial baselines every comparison includes (majority class, copy the source, naive forecast...). */
    List<ModelSpec> baselines();

    /** The model families this task can build. */
    List<String> families();

    /** Trainable parameters of {@code spec} on this task (embedding and head included). */
    long parameterCount(ModelSpec spec);

    /**
     * How to rebuild this task in another JVM from names ({@link Tasks#create(TaskSpec)}), for runners that ship
     * trials to other machines. Empty (the default) for a task that exists only in this JVM.
     */
    default Optional<TaskSpec> spec() {
        return Optional.empty();
    }

    /** Trains and tests one trial. Throws on failure; the runner records the error. */
    TrialResult run(TrialSpec spec, Engine engine, TrialListener listener);

    /**
     * Adds this task's own sections to a results report (forecast charts, BLEU by length, attention heatmaps...),
     * from the trials' {@link TrialResult#extras()}. Nothing by default.
     */
    default void addToReport(Results results, seqlab.plot.HtmlReport report) {
    }
}
