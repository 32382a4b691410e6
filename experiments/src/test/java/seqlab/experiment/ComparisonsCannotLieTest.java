package seqlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import seqlab.data.LabeledText;
import seqlab.data.TextDataset;
import seqlab.datasets.Datasets;
import seqlab.model.Models;
import tech.tablesaw.api.Table;

/**
 * The ways a comparison used to be silently wrong, each reproduced through the public API as a new user would write
 * it, and what it does now: a distinct result per configuration, or a one-line error before anything runs. Real
 * datasets, tiny budgets.
 */
class ComparisonsCannotLieTest {

    private static Experiment quickForecast() {
        return Experiment.forecast(Datasets.airline()).train(t -> t.epochs(1).batchSize(16).patience(0))
                .engine("reference").quiet();
    }

    private static ClassificationTask sentiment(int examples) {
        return new ClassificationTask(Datasets.sentiment(),
                ClassificationTask.Options.defaults().maxExamples(examples).embedding(8).maxLength(12));
    }

    /** Was: one summary row "gru, n=2" averaging two model sizes as if they were seeds. */
    @Test
    void twoHiddenSizesAreTwoSummaryRowsWithNEqualToTheSeeds(@TempDir Path dir) {
        Results r = quickForecast().compare(Models.gru(4)).vary("hidden", 4, 8).seeds(2).withoutBaselines()
                .out(dir).run();
        Table s = r.summary();
        assertEquals(2, s.rowCount(), s.print());
        assertEquals(Set.of("gru[hidden=4]", "gru[hidden=8]"), Set.copyOf(s.stringColumn("model").asList()));
        assertEquals(List.of(2, 2), s.intColumn("n").asList(), "n counts seeds, not grid points");
        assertNotEquals(s.longColumn("params").get(0), s.longColumn("params").get(1));
    }

    /** Was: Models.lstm(64) and Models.lstm(128) both named "lstm", pooled into one row. */
    @Test
    void unnamedModelsOfOneFamilyAreNamedBySettingsThatTellThemApart(@TempDir Path dir) {
        Results r = quickForecast().compare(Models.lstm(3), Models.lstm(5), Models.gru(3)).withoutBaselines().out(dir)
                .run();
        assertEquals(List.of("lstm[hidden=3]", "lstm[hidden=5]", "gru"),
                r.trials().stream().map(t -> t.spec().model().name()).toList());
        assertEquals(3, r.summary().rowCount());
        var twice = assertThrows(IllegalArgumentException.class,
                () -> quickForecast().compare(Models.gru(3), Models.gru(3)).out(dir.resolve("twice")).run());
        assertTrue(twice.getMessage().contains("'gru' is listed twice"), twice.getMessage());
        var named = assertThrows(IllegalArgumentException.class, () -> quickForecast()
                .compare(Models.gru(3).named("small"), Models.lstm(3).named("small")).out(dir.resolve("named")).run());
        assertTrue(named.getMessage().contains("Two models would both be named 'small'"), named.getMessage());
        assertFalse(Files.exists(dir.resolve("twice")) || Files.exists(dir.resolve("named")), "nothing ran");
    }

    /** Was: with("peepole", true) trained a plain LSTM named lstm; vary("lr") became a model option nothing read. */
    @Test
    void aMisspeltSettingFailsAndALearningRateVariesTheTraining(@TempDir Path dir) {
        var typo = assertThrows(IllegalArgumentException.class, () -> Models.lstm(8).with("peepole", true));
        assertTrue(typo.getMessage().startsWith("lstm has no setting 'peepole'; its settings are hidden, layers"),
                typo.getMessage());
        var vary = assertThrows(IllegalArgumentException.class, () -> quickForecast().compare(Models.lstm(3))
                .vary("learning_rate", 1e-3, 1e-2));
        assertTrue(vary.getMessage().contains("training settings: epochs, batch_size, optimizer, lr"), vary.getMessage());
        Results r = quickForecast().compare(Models.lstm(3)).vary("lr", 1e-3, 3e-2).withoutBaselines().out(dir).run();
        assertEquals(List.of("lstm[lr=0.001]", "lstm[lr=0.03]"), r.trials().stream().map(t -> t.spec().model().name()).toList());
        assertEquals(List.of(1e-3, 3e-2), r.trials().stream().map(t -> t.spec().train().learningRate()).toList());
        assertNotEquals(r.trials().get(0).metric("mase"), r.trials().get(1).metric("mase"), "the rate reached the optimizer");
        // a setting of another task's head would change nothing here: refused
        var head = assertThrows(IllegalArgumentException.class,
                () -> quickForecast().compare(Models.lstm(3).with("pool", "mean")).trials());
        assertTrue(head.getMessage().contains("'pool' is not read by the forecasting task"), head.getMessage());
    }

    private static final class Reuse implements TrialListener {
        final AtomicInteger reused = new AtomicInteger(), ran = new AtomicInteger();

        @Override
        public void trialEnded(TrialResult result, int index, int total, boolean wasReused) {
            (wasReused ? reused : ran).incrementAndGet();
        }
    }

    private static Results run(Task task, Path dir, Reuse counter) {
        return Experiment.on(task).compare(Models.lstm(4)).train(t -> t.epochs(1).batchSize(16).patience(0))
                .withoutBaselines().engine("reference").out(dir).quiet().listener(counter).run();
    }

    /**
     * Was: "(done before, reused)" with the old numbers after the data or the task options changed in the same
     * folder, since the id hashed neither in-memory data, filtered data nor task options.
     */
    @Test
    void changedDataOrTaskOptionsAreNeverServedTheOldNumbers(@TempDir Path dir) throws Exception {
        Reuse first = new Reuse();
        Results base = run(sentiment(160), dir, first);
        assertEquals(1, first.ran.get());
        Reuse again = new Reuse();
        assertEquals(base.trials().get(0).metrics(), run(sentiment(160), dir, again).trials().get(0).metrics());
        assertEquals(1, again.reused.get(), "the same trial is reused");

        List<Task> changed = new ArrayList<>();
        changed.add(sentiment(200));                                           // a task option
        changed.add(new ClassificationTask(Datasets.sentiment().filter(t -> t.text().length() < 80),
                ClassificationTask.Options.defaults().maxExamples(160).embedding(8).maxLength(12)));  // filtered data
        List<LabeledText> rows = Datasets.sentiment().rows().subList(0, 160);
        List<LabeledText> other = new ArrayList<>(rows);
        other.set(0, new LabeledText("an entirely different sentence", rows.get(0).label()));
        var opts = ClassificationTask.Options.defaults().embedding(8).maxLength(12);
        changed.add(new ClassificationTask(TextDataset.of("mine", rows), opts));      // in memory
        changed.add(new ClassificationTask(TextDataset.of("mine", other), opts));     // the same name, other rows
        for (Task t : changed) {
            Reuse c = new Reuse();
            run(t, dir, c);
            assertEquals(0, c.reused.get(), t + " must not reuse another trial's numbers");
            assertEquals(1, c.ran.get());
        }
        // every one of them is its own trial on disk
        try (var files = Files.list(dir.resolve("trials"))) {
            assertEquals(1 + changed.size(), files.count());
        }
    }

    @Test
    void forecastingWindowsAndLossAreTheTrialsToo(@TempDir Path dir) {
        var series = Datasets.airline();
        List<ForecastingTask.Options> options = List.of(ForecastingTask.Options.defaults(),
                ForecastingTask.Options.defaults().lookback(12), ForecastingTask.Options.defaults().horizon(6),
                ForecastingTask.Options.defaults().huber());
        Set<String> ids = new java.util.HashSet<>();
        for (var o : options) {
            Reuse c = new Reuse();
            Results r = run(new ForecastingTask(series, o), dir, c);
            assertEquals(0, c.reused.get(), o.toString());
            ids.add(r.trials().get(0).spec().id());
        }
        assertEquals(options.size(), ids.size());
    }

    /** Was: a trial file holding another trial's result was reused; one holding null threw a NullPointerException. */
    @Test
    void aStoredFileOfAnotherTrialOrAGarbledOneIsAOneLineError(@TempDir Path dir) throws Exception {
        Experiment e = quickForecast().compare(Models.gru(3), Models.gru(5)).withoutBaselines().out(dir);
        Results r = e.run();
        ResultStore store = new ResultStore(dir);
        Path small = store.file(r.trials().get(0).spec()), large = store.file(r.trials().get(1).spec());
        Files.copy(large, small, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        var other = assertThrows(IllegalStateException.class, e::run);
        assertEquals("Trial file " + small + " holds another trial than the one requested (model.hidden: 5 vs 3, "
                + "stored vs requested); delete it to rerun that trial", other.getMessage());
        Files.writeString(small, "null");
        var nul = assertThrows(IllegalStateException.class, e::run);
        assertEquals("Trial file " + small + " holds null; delete it to rerun that trial", nul.getMessage());
        Files.delete(small);
        assertEquals(r.trials().get(0).metrics(), e.run().trials().get(0).metrics(), "deleted, it reruns to the same numbers");
    }
}
