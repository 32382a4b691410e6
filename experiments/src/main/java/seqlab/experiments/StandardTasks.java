package seqlab.experiments;

import java.util.Optional;
import seqlab.data.Dataset;
import seqlab.data.TextDataset;
import seqlab.data.TimeSeries;
import seqlab.datasets.Datasets;
import seqlab.experiment.ClassificationTask;
import seqlab.experiment.ForecastingTask;
import seqlab.experiment.TranslationTask;
import seqlab.data.ParallelCorpus;
import seqlab.experiment.Task;
import seqlab.experiment.TaskFactory;
import seqlab.experiment.TaskSpec;

/**
 * Rebuilds the shipped tasks on the shipped datasets by name (registered in
 * {@code META-INF/services/seqlab.experiment.TaskFactory}), which is how a Spark executor gets the task of the
 * trials it runs: the data comes from the jar it already has.
 */
public final class StandardTasks implements TaskFactory {

    @Override
    public Optional<Task> create(TaskSpec spec) {
        return switch (spec.task()) {
            case "classification" -> Optional.of(new ClassificationTask(load(spec, TextDataset.class),
                    spec.options(ClassificationTask.Options.class)));
            case "forecasting" -> Optional.of(new ForecastingTask(load(spec, TimeSeries.class),
                    spec.options(ForecastingTask.Options.class)));
            case "translation" -> Optional.of(new TranslationTask(load(spec, ParallelCorpus.class),
                    spec.options(TranslationTask.Options.class)));
            default -> Optional.empty();
        };
    }

    private static <D extends Dataset> D load(TaskSpec spec, Class<D> kind) {
        Dataset d = Datasets.load(spec.dataset());
        if (!kind.isInstance(d)) {
            throw new IllegalArgumentException("Dataset '" + spec.dataset() + "' is a " + d.getClass().getSimpleName()
                    + ", not the " + kind.getSimpleName() + " the " + spec.task() + " task needs");
        }
        return kind.cast(d);
    }
}
