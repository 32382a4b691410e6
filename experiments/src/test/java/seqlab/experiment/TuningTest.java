package seqlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import seqlab.engine.Engine;
import seqlab.model.Baseline;
import seqlab.model.ModelSpec;
import seqlab.model.Models;
import tech.tablesaw.api.Table;

/** Learning rates chosen on the validation split, and training per model family, on a task whose optimum is known. */
class TuningTest {

    /**
     * Validation accuracy peaks at lr 0.01 for LSTMs and at 0.001 for everything else; the test accuracy favours
     * the opposite, so a choice that looked at the test split would pick other rates. Counts the trials it runs.
     */
    static final class PeakedTask implements Task {
        final AtomicInteger runs = new AtomicInteger();

        @Override public String name() { return "classification"; }
        @Override public String dataset() { return "peaked"; }
        @Override public String dataHash() { return "0"; }
        record NoOptions() { }
        @Override public Record options() { return new NoOptions(); }
        @Override public String mainMetric() { return "accuracy"; }
        @Override public boolean higherIsBetter() { return true; }
        @Override public List<String> metrics() { return List.of("accuracy"); }
        @Override public List<Baseline> baselines() { return List.of(Baseline.of("majority")); }
        @Override public List<String> families() { return List.of("lstm", "gru", "transformer"); }
        @Override public long parameterCount(ModelSpec spec) { return spec.hidden(); }

        @Override
        public TrialResult run(TrialSpec spec, Engine engine, TrialListener listener) {
            runs.incrementAndGet();
            double lr = spec.train().learningRate();
            double best = spec.model().family().equals("lstm") ? 0.01 : 0.001;
            double validation = spec.model() instanceof Baseline ? 0.5 : 0.9 - Math.abs(Math.log10(lr / best)) / 10;
            double test = 0.5 + Math.abs(Math.log10(lr / best)) / 10 + spec.seed() / 1000.0;
            return new TrialResult(spec, TrialResult.Status.OK, "", 1, 1, 1, false, 0.1, 1, Map.of("accuracy", test),
                    Map.of("accuracy", validation), List.of(), null, Map.of());
        }
    }

    @Test
    void eachModelRunsAtTheRateBestOnValidationAndTheTuningTrialsAreReused(@TempDir Path dir) {
        var task = new PeakedTask();
        Experiment e = Experiment.on(task).compare(Models.lstm(4), Models.gru(4))
                .train(t -> t.adam(0.003)).seeds(3).tune(Tuning.learningRate()).engine("reference").out(dir).quiet();
        assertEquals(List.of("lstm[lr=0.003]", "lstm[lr=0.001]", "lstm[lr=0.009]", "gru[lr=0.003]", "gru[lr=0.001]",
                "gru[lr=0.009]"), e.tuningTrials().stream().map(t -> t.model().name()).toList());
        Results r = e.run();
        // 2 models x 3 rates on seed 1, then seeds 2 and 3 at the chosen rate (seed 1 is a tuning trial), 3 baselines
        assertEquals(6 + 2 * 2 + 3, task.runs.get());
        Table s = r.summary();
        assertEquals(0.009, lrOf(s, "lstm"), 0);
        assertEquals(0.001, lrOf(s, "gru"), 0);
        assertEquals(0.003, lrOf(s, "majority"), 0, "baselines keep the shared training");
        Table tuning = r.tuning();
        assertEquals(6, tuning.rowCount());
        assertEquals(List.of("", "", "yes", "", "yes", ""), tuning.stringColumn("chosen").asList());
        assertTrue(r.toString().contains("Learning rates chosen on validation accuracy: lstm 0.009, gru 0.001"),
                r.toString());
        assertTrue(Files.isRegularFile(dir.resolve("tuning.csv")));
        var again = new PeakedTask();
        Experiment.on(again).compare(Models.lstm(4), Models.gru(4)).train(t -> t.adam(0.003)).seeds(3)
                .tune(Tuning.learningRate()).engine("reference").out(dir).quiet().run();
        assertEquals(0, again.runs.get(), "a rerun into the same folder reuses every trial, tuning included");
    }

    private static double lrOf(Table summary, String model) {
        return summary.where(summary.stringColumn("model").isEqualTo(model)).doubleColumn("lr").get(0);
    }

    @Test
    void familyTrainingAppliesToThatFamilyOnly(@TempDir Path dir) {
        Experiment e = Experiment.on(new PeakedTask()).compare(Models.lstm(4), Models.transformer(1, 4, 2))
                .train(t -> t.adam(0.003))
                .train("transformer", t -> t.lr(0.001).schedule(LrSchedule.warmup(10, LrSchedule.constant()), true));
        List<Experiment.Point> points = e.points();
        assertEquals(0.003, points.get(0).train().learningRate(), 0);
        assertEquals(LrSchedule.constant(), points.get(0).train().schedule());
        assertEquals(0.001, points.get(1).train().learningRate(), 0);
        assertEquals(LrSchedule.warmup(10, LrSchedule.constant()), points.get(1).train().schedule());
        assertTrue(e.toString().contains("transformer: train(epochs=10, batch=32, adam lr=0.001, schedule=warmup(10)"
                + "+constant per step"), e.toString());
        var bad = assertThrows(IllegalArgumentException.class, () -> e.train("lstmm", t -> t));
        assertEquals("train(\"lstmm\", ...): the classification task has no model family or baseline of that name; "
                + "use one of lstm, gru, transformer, majority", bad.getMessage());
        var both = assertThrows(IllegalArgumentException.class,
                () -> e.vary("lr", 0.1, 0.2).tune(Tuning.learningRate()));
        assertTrue(both.getMessage().contains("use one of them"), both.getMessage());
        var seeds = assertThrows(IllegalArgumentException.class, () -> e.seeds(1).tune(Tuning.learningRate().seeds(2))
                .engine("reference").out(dir).quiet().run());
        assertTrue(seeds.getMessage().contains("tune on at most as many seeds as it runs"), seeds.getMessage());
        assertEquals("Unknown tuning 'grid'; use none or lr",
                assertThrows(IllegalArgumentException.class, () -> Tuning.parse("grid")).getMessage());
    }
}
