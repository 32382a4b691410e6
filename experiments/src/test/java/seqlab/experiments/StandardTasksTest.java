package seqlab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import seqlab.datasets.Datasets;
import seqlab.experiment.ClassificationTask;
import seqlab.experiment.ForecastingTask;
import seqlab.experiment.Task;
import seqlab.experiment.Tasks;
import seqlab.experiment.TranslationTask;

/** Every shipped task travels by name (as to a Spark executor) and comes back on the same data. */
class StandardTasksTest {
    private static void roundTrip(Task task) {
        Task back = Tasks.create(Tasks.portable(task));
        assertEquals(task.getClass(), back.getClass());
        assertEquals(task.dataset(), back.dataset());
        assertEquals(task.dataHash(), back.dataHash());
        assertEquals(task.spec(), back.spec());
    }

    @Test
    void classificationForecastingAndTranslationRebuildFromTheirSpecs() {
        roundTrip(new ClassificationTask(Datasets.sentiment(), ClassificationTask.Options.defaults().maxExamples(500)));
        roundTrip(new ForecastingTask(Datasets.airline()));
        // the canonical panel, and a series with covariates of its own dataset
        roundTrip(Canonical.forecasting(java.util.List.of("gru"), Budget.QUICK).task());
        var weather = Datasets.seriesColumns("seattle-weather");
        roundTrip(new ForecastingTask(java.util.List.of(ForecastingTask.Target.of(weather.get("temp_max"))
                .past(weather.get("wind")).future(weather.get("precipitation"))),
                ForecastingTask.Options.defaults().tail(400)));
        roundTrip(new TranslationTask(Datasets.deEn(), TranslationTask.Options.defaults().maxWords(6).subset(500)));
    }
}
