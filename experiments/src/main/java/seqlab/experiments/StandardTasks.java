package seqlab.experiments;

import java.util.ArrayList;
import java.util.List;
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
            case "forecasting" -> Optional.of(new ForecastingTask(targets(spec),
                    spec.options(ForecastingTask.Options.class)));
            case "translation" -> Optional.of(new TranslationTask(load(spec, ParallelCorpus.class),
                    spec.options(TranslationTask.Options.class)));
            default -> Optional.empty();
        };
    }

    /**
     * The series of a forecasting task's {@code dataset} ({@code ForecastingTask.Target.name()} joined by {@code +}):
     * {@code airline:passengers+nile:volume}, covariates in brackets,
     * {@code seattle-weather:temp_max[past=seattle-weather:wind;future=seattle-weather:precipitation]}.
     */
    static List<ForecastingTask.Target> targets(TaskSpec spec) {
        List<ForecastingTask.Target> out = new ArrayList<>();
        for (String t : spec.dataset().split("\\+")) {
            int open = t.indexOf('[');
            ForecastingTask.Target target = ForecastingTask.Target.of(load(spec, open < 0 ? t : t.substring(0, open),
                    TimeSeries.class));
            if (open >= 0) {
                if (!t.endsWith("]")) {
                    throw new IllegalArgumentException("Forecasting series '" + t + "' has no closing ']'");
                }
                for (String part : t.substring(open + 1, t.length() - 1).split(";")) {
                    String[] kv = part.split("=", 2);
                    if (kv.length != 2 || !List.of("past", "future").contains(kv[0])) {
                        throw new IllegalArgumentException("Forecasting series '" + t + "': '" + part + "' is not "
                                + "past=... or future=...");
                    }
                    for (String c : kv[1].split(",")) {
                        TimeSeries cov = load(spec, c, TimeSeries.class);
                        target = kv[0].equals("past") ? target.past(cov) : target.future(cov);
                    }
                }
            }
            out.add(target);
        }
        return out;
    }

    private static <D extends Dataset> D load(TaskSpec spec, Class<D> kind) {
        return load(spec, spec.dataset(), kind);
    }

    private static <D extends Dataset> D load(TaskSpec spec, String name, Class<D> kind) {
        Dataset d = Datasets.load(name);
        if (!kind.isInstance(d)) {
            throw new IllegalArgumentException("Dataset '" + name + "' is a " + d.getClass().getSimpleName()
                    + ", not the " + kind.getSimpleName() + " the " + spec.task() + " task needs");
        }
        return kind.cast(d);
    }
}
