package seqlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import seqlab.engine.Engine;
import seqlab.model.Baseline;
import seqlab.model.ModelSpec;
import seqlab.model.Models;
import tech.tablesaw.api.Table;

/** The experiment machinery on a synthetic task whose scores are a known function of model and seed. */
class ExperimentRunnerTest {

    /** accuracy = 0.5 + hidden / 1000 + seed / 100; models of width 13 fail. Counts the trials it really runs. */
    static class SyntheticTask implements Task {
        final AtomicInteger runs = new AtomicInteger();
        volatile int failAfter = Integer.MAX_VALUE;

        @Override
        public String name() {
            return "classification";
        }

        @Override
        public String dataset() {
            return "synthetic";
        }

        @Override
        public String dataHash() {
            return "0";
        }

        record NoOptions() {
        }

        @Override
        public Record options() {
            return new NoOptions();
        }

        @Override
        public String mainMetric() {
            return "accuracy";
        }

        @Override
        public boolean higherIsBetter() {
            return true;
        }

        @Override
        public List<String> metrics() {
            return List.of("accuracy", "macro_f1");
        }

        @Override
        public List<Baseline> baselines() {
            return List.of(Baseline.of("majority"));
        }

        @Override
        public List<String> families() {
            return List.of("rnn", "lstm", "gru");
        }

        @Override
        public long parameterCount(ModelSpec spec) {
            return spec.parameterCount(10);
        }

        @Override
        public TrialResult run(TrialSpec spec, Engine engine, TrialListener listener) {
            if (runs.incrementAndGet() > failAfter) {
                throw new IllegalStateException("simulated crash");
            }
            int hidden = spec.model() instanceof ModelSpec m ? m.hidden() : 1;
            if (hidden == 13) {
                throw new IllegalArgumentException("this configuration cannot be built");
            }
            double acc = 0.5 + hidden / 1000.0 + spec.seed() / 100.0
                    + (spec.model().family().equals("gru") ? spec.seed() / 1000.0 : 0);
            List<EpochStats> curve = new ArrayList<>();
            for (int e = 1; e <= 3; e++) {
                EpochStats s = new EpochStats(e, 1.0 / e, 1.2 / e, acc * e / 3, 0.1, 1.0);
                curve.add(s);
                listener.epochEnded(spec, s);
            }
            return new TrialResult(spec, TrialResult.Status.OK, "", spec.model() instanceof ModelSpec m
                    ? parameterCount(m) : 0, 3, 3, false, 0.3, 100, Map.of("accuracy", acc, "macro_f1", acc - 0.1),
                    Map.of("accuracy", acc), curve, null, Provenance.collect(engine));
        }
    }

    @Test
    void runsEveryTrialAndSummarisesOverSeeds(@TempDir Path dir) {
        var task = new SyntheticTask();
        Results r = Experiment.on(task).compare(Models.lstm(100), Models.gru(200)).seeds(3).engine("reference").out(dir)
                .quiet().run();
        assertEquals(9, r.trials().size()); // (baseline + 2 models) x 3 seeds
        Table s = r.summary();
        assertEquals("gru", s.stringColumn("model").get(0)); // best first
        assertEquals(0.5 + 0.2 + 0.02 + 0.002, s.doubleColumn("accuracy_mean").get(0), 1e-12);
        assertEquals(0.011, s.doubleColumn("accuracy_sd").get(0), 1e-12);
        // 95% CI half-width: t(0.975, 2) * sd / sqrt(3) = 4.302653 * 0.011 / 1.7320508
        assertEquals(4.302653 * 0.011 / Math.sqrt(3), s.doubleColumn("accuracy_ci95").get(0), 1e-6);
        assertTrue(Files.isRegularFile(dir.resolve("results.csv")));
        assertTrue(Files.isRegularFile(dir.resolve("summary.csv")));
        assertEquals(27, r.curves().rowCount());
        assertTrue(r.toString().contains("gru"), r.toString());
    }

    @Test
    void theConsoleSummaryIsTitledOnceNamesItsMetricsAndShowsNoEmptyIntervals(@TempDir Path dir) {
        Results one = Experiment.on(new SyntheticTask()).compare(Models.lstm(100), Models.gru(200)).seeds(1)
                .engine("reference").out(dir.resolve("one")).quiet().run();
        String text = one.toString();
        List<String> lines = text.lines().toList();
        assertTrue(lines.get(0).contains("3 trials on reference; main metric accuracy (higher is better)"), text);
        assertEquals(1, lines.stream().filter(l -> l.contains("summary") || l.contains("trials")).count(),
                "titled once: " + text);
        assertTrue(lines.get(1).matches("model +n +params +accuracy +macro-F1 +s/epoch"), lines.get(1));
        assertTrue(text.contains("(not shown, no values: accuracy ±CI, macro-F1 ±CI)"), text);
        assertTrue(!Pattern.compile("\\d\\.\\d{7,}").matcher(text).find(), "unrounded numbers: " + text);
        Results three = Experiment.on(new SyntheticTask()).compare(Models.lstm(100), Models.gru(200)).seeds(3)
                .engine("reference").out(dir.resolve("three")).quiet().run();
        String t3 = three.toString();
        assertTrue(t3.lines().findFirst().orElse("").endsWith("; mean and 95% CI over seeds"), t3);
        assertTrue(t3.lines().skip(1).findFirst().orElse("").contains("accuracy ±CI"), t3);
        assertEquals("classification summary (synthetic)", three.brief().name(), "the brief table keeps the summary's name");
    }

    @Test
    void anInterruptedRunResumesWithOnlyTheMissingTrials(@TempDir Path dir) {
        var first = new SyntheticTask();
        first.failAfter = 4; // the 5th trial crashes the process, as if killed half-way
        var exp = Experiment.on(first).compare(Models.lstm(100), Models.gru(200)).seeds(2).engine("reference").out(dir).quiet();
        Results partial = exp.run();
        long failed = partial.trials().stream().filter(t -> !t.ok()).count();
        assertEquals(2, failed);
        var second = new SyntheticTask();
        Results full = Experiment.on(second).compare(Models.lstm(100), Models.gru(200)).seeds(2).engine("reference")
                .out(dir).quiet().run();
        assertEquals(2, second.runs.get(), "only the trials that did not finish run again");
        assertTrue(full.trials().stream().allMatch(TrialResult::ok));
    }

    @Test
    void aFailingConfigurationIsReportedAndDoesNotSinkTheSweep(@TempDir Path dir) {
        var task = new SyntheticTask();
        Results r = Experiment.on(task).compare(Models.lstm(13), Models.gru(50)).withoutBaselines()
                .engine("reference").out(dir).quiet().run();
        assertEquals(2, r.trials().size());
        TrialResult bad = r.trials().get(0);
        assertFalse(bad.ok());
        assertTrue(bad.error().contains("cannot be built"), bad.error());
        assertEquals(1, r.summary().rowCount());
        assertTrue(r.toString().contains("failed"));
    }

    @Test
    void anyRunnerSharesOnePathForSavingAndCountsEachTrialOnce(@TempDir Path dir) {
        var task = new SyntheticTask();
        var exp = Experiment.on(task).compare(Models.lstm(100), Models.gru(200).with("recurrent_dropout", 0.25))
                .seeds(2).engine("reference").out(dir).quiet();
        List<String> ended = new ArrayList<>();
        // a remote-like runner: every result crosses as JSON, and each is delivered twice (a retried task)
        TrialRunner twice = (t, trials, listener, finished) -> {
            for (TrialSpec s : trials) {
                TrialSpec travelled = TrialSpec.fromJson(s.toJson());
                assertEquals(s.id(), travelled.id(), "the id survives the trip");
                String json = TrialRunner.runTrial(t, travelled, listener).toJson();
                finished.accept(TrialResult.fromJson(json));
                finished.accept(TrialResult.fromJson(json));
            }
        };
        Results r = exp.listener(new TrialListener() {
            @Override
            public void trialEnded(TrialResult result, int index, int total, boolean reused) {
                ended.add(result.spec().id());
            }
        }).runOn(twice);
        assertEquals(6, r.trials().size());
        assertEquals(6, ended.size(), "duplicates are ignored");
        assertEquals(Experiment.on(new SyntheticTask()).compare(Models.lstm(100), Models.gru(200)
                .with("recurrent_dropout", 0.25)).seeds(2).engine("reference").out(dir.resolve("local")).quiet().run()
                .summary().printAll(), r.summary().printAll());

        // a runner that loses trials: the run says so, and a rerun resumes with them
        TrialRunner lossy = (t, trials, listener, finished) -> finished.accept(TrialRunner.runTrial(t, trials.get(0), listener));
        var more = Experiment.on(task).compare(Models.lstm(100), Models.rnn(7), Models.rnn(9)).seeds(2).engine("reference")
                .out(dir).quiet();
        var e = assertThrows(IllegalStateException.class, () -> more.runOn(lossy));
        assertTrue(e.getMessage().contains("running again resumes"), e.getMessage());
        assertEquals(8, more.runOn(TrialRunner.local(2)).trials().stream().filter(TrialResult::ok).count());
    }

    @Test
    void pairedComparisonOverSeeds(@TempDir Path dir) {
        var task = new SyntheticTask();
        Results r = Experiment.on(task).compare(Models.lstm(100), Models.gru(200)).seeds(5).engine("reference").out(dir)
                .quiet().run();
        Table c = r.compare("gru", "lstm");
        // differences 0.1 + seed/1000 for seeds 1..5: all positive and distinct
        assertEquals(0.103, c.doubleColumn("mean_diff").get(0), 1e-12);
        // Wilcoxon exact two-sided p when all 5 signs agree: 2 / 2^5
        assertEquals(2.0 / 32, c.doubleColumn("wilcoxon_p").get(0), 1e-12);
        assertTrue(c.doubleColumn("paired_t_p").get(0) < 1e-6);
        assertThrows(IllegalArgumentException.class, () -> r.compare("gru", "transformer"));
    }

    @Test
    void gridAndParameterMatching() {
        var task = new SyntheticTask();
        var exp = Experiment.on(task).compare(Models.lstm(8), Models.gru(8)).vary("hidden", 16, 32).withoutBaselines();
        assertEquals(List.of(16, 32, 16, 32), exp.expandedModels().stream().map(ModelSpec::hidden).toList());
        var matched = Experiment.on(task).compare(Models.rnn(8), Models.lstm(8), Models.gru(8)).matchParameters(50_000)
                .expandedModels();
        for (ModelSpec m : matched) {
            long p = m.parameterCount(10);
            assertTrue(Math.abs(p - 50_000) < 0.05 * 50_000, m + " has " + p);
        }
        assertTrue(matched.get(0).hidden() > matched.get(1).hidden(), "an RNN needs more width for the same size");
        assertThrows(IllegalArgumentException.class,
                () -> Experiment.on(task).compare(Models.transformer(2, 64, 4)).expandedModels());
    }

    @Test
    void unknownEngineFailsAtOnceListingTheAvailable() {
        var e = assertThrows(IllegalArgumentException.class, () -> Experiment.on(new SyntheticTask()).engine("tensorflow"));
        assertTrue(e.getMessage().contains("reference"), e.getMessage());
    }

    @Test
    void toStringShowsWhatWillRun() {
        String s = Experiment.on(new SyntheticTask()).compare(Models.lstm(64).bidirectional()).seeds(2).toString();
        assertTrue(s.contains("lstm(hidden=64, bidirectional)") && s.contains("seeds:     2") && s.contains("trials:    4")
                && s.contains("parallel:  trials sized to the machine, cores divided among them"), s);
    }
}
