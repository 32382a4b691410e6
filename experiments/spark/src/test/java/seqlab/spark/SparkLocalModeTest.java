package seqlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import seqlab.datasets.Datasets;
import seqlab.engine.Engine;
import seqlab.experiment.ClassificationTask;
import seqlab.experiment.Experiment;
import seqlab.experiment.ForecastingTask;
import seqlab.experiment.Results;
import seqlab.experiment.Task;
import seqlab.experiment.TrialListener;
import seqlab.experiment.TrialResult;
import seqlab.experiment.TrialSpec;
import seqlab.model.ModelSpec;
import seqlab.model.Models;

/** Spark in local mode ({@code local[2]}, in this JVM) against the local pool: same trials, same bits. */
class SparkLocalModeTest {
    static Spark spark;

    @BeforeAll
    static void start() {
        spark = Spark.session(new SparkConf().setMaster("local[2]").set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"));
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.close();
        }
    }

    @Test
    void referenceEngineTrialsAreBitIdenticalOnSparkAndOnTheLocalPool(@TempDir Path dir) {
        // tiny real trials, no time budget (a wall-clock cut would make any two runs differ)
        var forecasting = Experiment.forecast(Datasets.airline())
                // positions for 8 steps cannot encode the 24-month windows: a configuration that fails only when run
                .compare(Models.gru(4), Models.lstm(4), Models.transformer(1, 4, 2).with("max_positions", 8))
                .train(t -> t.epochs(4).batchSize(16).adam(3e-3).patience(0)).seeds(2).engine("reference").quiet();
        Results local = forecasting.out(dir.resolve("local")).run();
        Results onSpark = forecasting.out(dir.resolve("spark")).runOn(spark);
        SameResults.assertSame(local, onSpark);
        TrialResult bad = onSpark.trials().stream().filter(t -> !t.ok()).findFirst().orElseThrow();
        assertTrue(bad.error().contains("exceed maxLen 8"), bad.error());
        assertEquals(2, onSpark.trials().stream().filter(t -> !t.ok()).count(), "the bad model fails once per seed");
        assertTrue(onSpark.trials().stream().filter(TrialResult::ok).allMatch(t -> t.provenance().containsKey("spark_executor")));

        var options = ClassificationTask.Options.defaults().maxExamples(240).embedding(8).maxLength(12);
        var classification = Experiment.on(new ClassificationTask(Datasets.sentiment(), options))
                .compare(Models.gru(8), Models.lstm(8).bidirectional())
                .train(t -> t.epochs(2).batchSize(32).adam(3e-3).patience(0)).engine("reference").quiet();
        SameResults.assertSame(classification.out(dir.resolve("local-c")).run(),
                classification.out(dir.resolve("spark-c")).runOn(spark));
    }

    @Test
    void savesEachResultAndResumesWithOnlyTheMissingTrials(@TempDir Path dir) throws Exception {
        var sweep = Experiment.on(new SleepyTask(20)).compare(Models.rnn(3), Models.gru(5), Models.lstm(7)).seeds(2)
                .engine("reference").out(dir).quiet();
        List<TrialSpec> all = sweep.trials();
        // as if a driver had died after two trials: their files are there, the rest are not
        Results first = Experiment.on(new SleepyTask(20)).compare(Models.rnn(3)).seeds(2).engine("reference").out(dir)
                .quiet().runOn(spark);
        assertEquals(2, first.trials().size());
        int before = SleepyTask.RUNS.get();
        Results full = sweep.runOn(spark);
        assertEquals(all.size() - 2, SleepyTask.RUNS.get() - before, "only the missing trials ran");
        assertEquals(all.size(), full.trials().size());
        try (Stream<Path> files = Files.list(dir.resolve("trials"))) {
            assertEquals(all.size(), files.filter(f -> f.toString().endsWith(".json")).count());
        }
        // the same task options (its sleep is one), so the same trials
        SameResults.assertSame(Experiment.on(new SleepyTask(20)).compare(Models.rnn(3), Models.gru(5), Models.lstm(7))
                .seeds(2).engine("reference").out(dir.resolve("local")).quiet().run(), full);
    }

    @Test
    void aBrokenConfigurationIsReportedOnceAndTheSweepGoesOn(@TempDir Path dir) {
        Results r = Experiment.on(new SleepyTask(10)).compare(Models.gru(13), Models.lstm(4)).seeds(3)
                .engine("reference").out(dir).quiet().runOn(spark);
        assertEquals(6, r.trials().size());
        List<TrialResult> failed = r.trials().stream().filter(t -> !t.ok()).toList();
        assertEquals(3, failed.size());
        assertTrue(failed.stream().allMatch(t -> t.error().contains("cannot be built")), failed.get(0).error());
        assertEquals(0, failed.get(0).provenance().get("spark_attempt"), "a bad configuration is not retried");
        assertEquals(1, r.summary().rowCount());
    }

    @Test
    void aTaskThatCannotBeRebuiltByNameFailsBeforeAnyJob(@TempDir Path dir) {
        Task inMemory = new Task() {
            @Override public String name() { return "memory"; }
            @Override public String dataset() { return "mine"; }
            @Override public String dataHash() { return "0"; }
            @Override public Record options() { return new SleepyTask.Options(0); }
            @Override public String mainMetric() { return "accuracy"; }
            @Override public boolean higherIsBetter() { return true; }
            @Override public List<String> metrics() { return List.of("accuracy"); }
            @Override public List<seqlab.model.Baseline> baselines() { return List.of(); }
            @Override public List<String> families() { return List.of("gru"); }
            @Override public long parameterCount(ModelSpec spec) { return 1; }
            @Override public TrialResult run(TrialSpec spec, Engine engine, TrialListener listener) {
                throw new AssertionError("must not run");
            }
        };
        var e = assertThrows(IllegalArgumentException.class, () -> Experiment.on(inMemory).compare(Models.gru(2))
                .engine("reference").out(dir).quiet().runOn(spark));
        assertTrue(e.getMessage().contains("cannot be rebuilt by name"), e.getMessage());
        // a dataset changed in memory would silently differ on executors: refused too
        var a = Datasets.airline();
        double[] edited = a.values();
        edited[0] += 1;
        var cut = new ForecastingTask(new seqlab.data.TimeSeries(a.info(), a.column(), a.timestamps(), edited,
                a.frequency(), a.seasonalPeriod(), a.missingPolicy(), a.imputed()));
        var e2 = assertThrows(IllegalArgumentException.class, () -> Experiment.on(cut).compare(Models.gru(2))
                .engine("reference").out(dir).quiet().runOn(spark));
        assertTrue(e2.getMessage().contains("holds other data"), e2.getMessage());
        assertFalse(Files.exists(dir.resolve("trials")));
    }

    @Test
    void shippedTasksTravelByName() {
        var opts = ClassificationTask.Options.defaults().maxExamples(100).embedding(16);
        for (Task t : List.<Task>of(new ClassificationTask(Datasets.sentiment(), opts), new ForecastingTask(Datasets.airline()))) {
            var spec = seqlab.experiment.Tasks.portable(t);
            var again = seqlab.experiment.TaskSpec.fromJson(spec.toJson());
            assertEquals(spec, again);
            assertEquals(t.dataHash(), seqlab.experiment.Tasks.create(again).dataHash());
        }
        assertEquals(Map.of("millis", 5), new SleepyTask(5).spec().options().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> ((Number) e.getValue()).intValue())));
    }
}
