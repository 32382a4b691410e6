package seqlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import seqlab.datasets.Datasets;
import seqlab.engine.Engine;
import seqlab.model.Candidate;
import seqlab.model.ModelSpec;
import seqlab.model.Models;

/**
 * Trials side by side: the same bits as one after another on the reference engine, one pool across tasks with the
 * longest trials first, a run killed half-way that resumes, and a trial too big for the heap that fails alone.
 */
class ParallelTrialsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Experiment classification(Path dir) {
        var task = new ClassificationTask(Datasets.sentiment(),
                ClassificationTask.Options.defaults().maxExamples(200).embedding(8).maxLength(12));
        return Experiment.on(task).compare(Models.lstm(8), Models.gru(8).bidirectional())
                .train(t -> t.epochs(2).batchSize(16).adam(3e-3).patience(0)).engine("reference").out(dir).quiet();
    }

    private static Experiment forecasting(Path dir) {
        return Experiment.forecast(Datasets.airline()).compare(Models.lstm(4), Models.gru(4))
                .train(t -> t.epochs(2).batchSize(16).patience(0)).seeds(2).engine("reference").out(dir).quiet();
    }

    /** Everything a trial computed, without what depends on the clock or the machine. */
    private static String numbers(TrialResult r) {
        try {
            JsonNode n = JSON.readTree(r.toJson());
            strip(n);
            return r.spec().id() + " " + n;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void strip(JsonNode n) {
        if (n instanceof ObjectNode o) {
            o.remove("provenance");
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String f = it.next().toLowerCase(java.util.Locale.ROOT);
                if (f.contains("second")) {
                    it.remove();
                }
            }
        }
        n.forEach(ParallelTrialsTest::strip);
    }

    private static List<String> numbers(List<Results> rs) {
        List<String> out = new ArrayList<>();
        rs.forEach(r -> r.trials().forEach(t -> out.add(numbers(t))));
        return out;
    }

    @Test
    void parallelTrialsAcrossTasksGiveTheBitsOfASerialRun(@TempDir Path dir) {
        List<Results> serial = Experiment.runAll(List.of(classification(dir.resolve("s/c")), forecasting(dir.resolve("s/f"))),
                Parallelism.serial());
        List<Results> parallel = Experiment.runAll(List.of(classification(dir.resolve("p/c")),
                forecasting(dir.resolve("p/f"))), Parallelism.of(2));
        assertEquals(classification(dir).trials().size() + forecasting(dir).trials().size(),
                serial.get(0).trials().size() + serial.get(1).trials().size());
        assertTrue(serial.stream().allMatch(r -> r.trials().stream().allMatch(TrialResult::ok)));
        assertEquals(numbers(serial), numbers(parallel));
        for (int i = 0; i < 2; i++) {
            String mean = serial.get(i).mainMetric() + "_mean";
            assertEquals(serial.get(i).summary().column(mean).asList(), parallel.get(i).summary().column(mean).asList());
        }
    }

    /** LibTorch runs trials side by side too, each with its own intra-op threads; its numbers match a serial run's. */
    @Test
    void parallelTrialsRunOnTheLibTorchEngine(@TempDir Path dir) {
        java.util.function.Function<Path, Experiment> e = d -> Experiment.forecast(Datasets.airline())
                .compare(Models.lstm(4), Models.gru(4)).train(t -> t.epochs(2).batchSize(16).patience(0))
                .withoutBaselines().seeds(2).engine("pytorch").out(d).quiet();
        Results parallel = e.apply(dir.resolve("p")).parallelism(2).run();
        Results serial = e.apply(dir.resolve("s")).parallelism(1).run();
        assertEquals(4, parallel.trials().size());
        for (int i = 0; i < 4; i++) {
            TrialResult p = parallel.trials().get(i), s1 = serial.trials().get(i);
            assertTrue(p.ok() && s1.ok(), p.error() + s1.error());
            // LibTorch's sums may be split differently with another thread count: equal to float rounding
            assertEquals(s1.metric("mase"), p.metric("mase"), 1e-4 * Math.abs(s1.metric("mase")), p.spec().model().name());
        }
    }

    /** Scores known in advance; cost = hidden size; the model of width 77 runs out of memory on its first try. */
    static final class CostedTask extends ExperimentRunnerTest.SyntheticTask {
        final List<String> started = Collections.synchronizedList(new ArrayList<>());
        volatile boolean oomOnce = true;

        @Override
        public List<seqlab.model.Baseline> baselines() {
            return List.of();
        }

        @Override
        public double trialCost(Candidate c, TrainConfig train) {
            return ((ModelSpec) c).hidden();
        }

        @Override
        public TrialResult run(TrialSpec spec, Engine engine, TrialListener listener) {
            int hidden = ((ModelSpec) spec.model()).hidden();
            started.add(spec.model().name());
            if (hidden == 77 && oomOnce) {
                oomOnce = false;
                throw new OutOfMemoryError("Java heap space");
            }
            try {
                Thread.sleep(hidden); // longer for the costlier
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.run(spec, engine, listener);
        }
    }

    @Test
    void thePoolStartsTheLongestTrialsFirst(@TempDir Path dir) {
        var task = new CostedTask();
        task.oomOnce = false;
        Experiment.on(task).compare(Models.lstm(20), Models.gru(300), Models.rnn(60), Models.lstm(250), Models.gru(40))
                .engine("reference").out(dir).quiet().parallelism(2).run();
        List<String> started = task.started;
        assertEquals(java.util.Set.of("gru[hidden=300]", "lstm[hidden=250]"), java.util.Set.copyOf(started.subList(0, 2)),
                started.toString());
        // two workers that take the next two jobs at about the same moment may record their starts in either order
        assertEquals(java.util.Set.of("rnn", "gru[hidden=40]"), java.util.Set.copyOf(started.subList(2, 4)),
                started.toString());
        assertEquals("lstm[hidden=20]", started.get(4), started.toString());
    }

    @Test
    void aTrialThatRunsOutOfMemoryBesideOthersRunsAgainAloneAndOneThatRunsAloneFails(@TempDir Path dir) {
        List<String> deferred = Collections.synchronizedList(new ArrayList<>());
        TrialListener l = new TrialListener() {
            @Override
            public void trialDeferred(TrialSpec spec, String why) {
                deferred.add(spec.model().name() + ": " + why);
            }
        };
        var task = new CostedTask();
        Results r = Experiment.on(task).compare(Models.lstm(77), Models.gru(5), Models.rnn(6)).engine("reference")
                .out(dir.resolve("parallel")).quiet().listener(l).parallelism(2).run();
        assertTrue(r.trials().stream().allMatch(TrialResult::ok), r.toString());
        assertEquals(List.of("lstm: ran out of memory beside other trials; it runs again alone when they are done"),
                deferred);
        assertEquals("lstm", task.started.get(task.started.size() - 1), "retried after the others");

        Results alone = Experiment.on(new CostedTask()).compare(Models.lstm(77), Models.gru(5)).engine("reference")
                .out(dir.resolve("serial")).quiet().parallelism(1).run();
        TrialResult failed = alone.trials().get(0);
        assertFalse(failed.ok());
        assertTrue(failed.error().startsWith("OutOfMemoryError: Java heap space (the JVM's maximum heap is "),
                failed.error());
        assertTrue(failed.error().contains("SEQLAB_JAVA_OPTS=-Xmx"), failed.error());
        assertTrue(alone.trials().get(1).ok());
    }

    @Test
    void offATerminalProgressIsALinePerTrialAndEpochLinesOnlyWhenVerbose(@TempDir Path dir) {
        var plain = new java.io.ByteArrayOutputStream();
        var verbose = new java.io.ByteArrayOutputStream();
        var previous = ProgressView.install(() -> ConsoleProgress.lines(new java.io.PrintStream(plain, true,
                StandardCharsets.UTF_8)));
        try {
            Experiment.on(new ExperimentRunnerTest.SyntheticTask()).compare(Models.lstm(100), Models.gru(200)).seeds(2)
                    .engine("reference").out(dir.resolve("plain")).parallelism(2).run();
            ProgressView.install(() -> ConsoleProgress.lines(new java.io.PrintStream(verbose, true,
                    StandardCharsets.UTF_8)));
            Experiment.on(new ExperimentRunnerTest.SyntheticTask()).compare(Models.lstm(100)).engine("reference")
                    .out(dir.resolve("verbose")).verbose().run();
        } finally {
            ProgressView.install(previous);
        }
        String out = plain.toString(StandardCharsets.UTF_8);
        assertFalse(out.contains("\r") || out.contains("\033"), out);
        List<String> lines = out.lines().toList();
        assertEquals(8, lines.size(), out);
        assertTrue(lines.get(0).matches("classification \\(synthetic\\): 6 trials; 2 trials at once, \\d+ threads? each "
                + "\\(\\d+ cores?\\)"), lines.get(0));
        for (int i = 1; i <= 6; i++) {
            assertTrue(lines.get(i).matches("\\[" + i + "/6] classification (majority|lstm|gru) seed [12] on reference: "
                    + "accuracy 0\\.\\d{4} \\(0\\.3 s, 3 epochs\\)( \\[\\d+%, ETA .*])?"), lines.get(i));
        }
        assertTrue(lines.get(7).matches("6/6 trials in \\d+s"), lines.get(7));
        assertTrue(out.lines().noneMatch(l -> l.contains("epoch 1")), out);
        String v = verbose.toString(StandardCharsets.UTF_8);
        assertEquals(3, v.lines().filter(l -> l.matches("  classification lstm seed 1 epoch \\d: loss .*")).count(), v);
    }

    /** A notebook's interrupt stops the cell's thread: the trials beside it stop at their next step, and nothing half-done is saved. */
    @Test
    void anInterruptedRunStopsItsTrialsAndSavesNothingUnfinished(@TempDir Path dir) throws Exception {
        java.util.concurrent.CountDownLatch stepping = new java.util.concurrent.CountDownLatch(2);
        Experiment e = Experiment.forecast(Datasets.airline()).compare(Models.lstm(4), Models.gru(4))
                .train(t -> t.epochs(100_000).batchSize(16).patience(0)).withoutBaselines().engine("reference").out(dir)
                .quiet().parallelism(2).listener(new TrialListener() {
                    @Override
                    public void stepEnded(TrialSpec spec, TrialProgress p) {
                        if (p.step() == 1) {
                            stepping.countDown();
                        }
                    }
                });
        RuntimeException[] thrown = new RuntimeException[1];
        Thread cell = new Thread(() -> {
            try {
                e.run();
            } catch (RuntimeException x) {
                thrown[0] = x;
            }
        });
        cell.start();
        assertTrue(stepping.await(2, TimeUnit.MINUTES), "both trials started");
        cell.interrupt();
        cell.join(TimeUnit.MINUTES.toMillis(1));
        assertFalse(cell.isAlive());
        assertTrue(thrown[0] != null && thrown[0].getMessage().startsWith("Interrupted; finished trials are saved"),
                String.valueOf(thrown[0]));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("seqlab-trial-"))
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("seqlab-trial-")),
                "the trials stopped");
        assertEquals(0, trialFiles(dir));
    }

    private static Process java(Path dir, String mode, String... jvm) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xss8m"));
        cmd.addAll(List.of(jvm));
        cmd.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                ParallelRunProcess.class.getName(), mode, dir.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolveSibling(mode + ".log").toFile())
                .start();
    }

    private static long trialFiles(Path dir) throws IOException {
        Path trials = dir.resolve("trials");
        if (!Files.isDirectory(trials)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(trials)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")
                    && !p.getFileName().toString().startsWith(".")).count();
        }
    }

    @Test
    void aParallelRunKilledHalfWayResumesWithTheMissingTrialsAndTheSameNumbers(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        Files.createDirectories(dir);
        Process p = java(dir, "kill");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (trialFiles(dir) < 3 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        long saved = trialFiles(dir);
        String log = Files.readString(tmp.resolve("kill.log"), StandardCharsets.UTF_8);
        assertTrue(saved >= 3 && saved < 12, saved + " trials saved before the kill; log:\n" + log);
        // a kill during a write leaves at most a hidden temporary file: every trial file is whole
        assertEquals(saved, new ResultStore(dir).all().size());

        var task = ParallelRunProcess.killable(dir).task();
        List<Integer> reused = new ArrayList<>();
        Results resumed = ParallelRunProcess.killable(dir).listener(new TrialListener() {
            @Override
            public void trialEnded(TrialResult r, int index, int total, boolean wasReused) {
                if (wasReused) {
                    reused.add(index);
                }
            }
        }).run();
        assertEquals(saved, reused.size(), "every trial saved before the kill is reused");
        assertEquals(12, resumed.trials().size());
        assertTrue(resumed.trials().stream().allMatch(TrialResult::ok), resumed.toString());
        assertEquals(12, trialFiles(dir));

        Results uninterrupted = ParallelRunProcess.killable(tmp.resolve("serial")).parallelism(1).run();
        assertEquals(numbers(List.of(uninterrupted)), numbers(List.of(resumed)));
        assertEquals(task.dataHash(), uninterrupted.task().dataHash());
    }

    @Test
    void aTrialTooBigForTheHeapFailsAloneAndTheRunFinishes(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        Files.createDirectories(dir);
        Process p = java(dir, "oom", "-Xmx192m");
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the run finishes");
        String out = Files.readString(tmp.resolve("oom.log"), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        Map<String, String> byModel = new java.util.LinkedHashMap<>();
        out.lines().filter(l -> l.matches("(lstm|gru|huge) .*")).forEach(l -> byModel.put(l.split(" ")[0], l));
        assertEquals(List.of("lstm", "huge", "gru"), List.copyOf(byModel.keySet()), out);
        assertEquals("lstm OK ", byModel.get("lstm"), out);
        assertEquals("gru OK ", byModel.get("gru"), out);
        assertTrue(byModel.get("huge").startsWith("huge FAILED OutOfMemoryError: Java heap space (the JVM's maximum "
                + "heap is "), out);
        assertTrue(byModel.get("huge").contains("SEQLAB_JAVA_OPTS=-Xmx"), out);
    }
}
