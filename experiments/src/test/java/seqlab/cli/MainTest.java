package seqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {
    private static String[] capture(Runnable r) {
        PrintStream out = System.out, err = System.err;
        var o = new ByteArrayOutputStream();
        var e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            r.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new String[] {o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void enginesListsTheReferenceEngineAsDefault() {
        int[] rc = new int[1];
        String[] io = capture(() -> rc[0] = Main.run("engines"));
        assertEquals(0, rc[0], io[1]);
        assertTrue(io[0].lines().anyMatch(l -> l.startsWith("reference") && l.contains("[cpu]")), io[0]);
    }

    @Test
    void unknownSubcommandIsAUsageErrorWithStatus2() {
        int[] rc = new int[1];
        String[] io = capture(() -> rc[0] = Main.run("frobnicate"));
        assertEquals(2, rc[0]);
        assertTrue(io[1].contains("frobnicate") && io[1].contains("Usage"), io[1]);
    }

    @Test
    void helpListsSubcommands() {
        int[] rc = new int[1];
        String[] io = capture(() -> rc[0] = Main.run("help"));
        assertEquals(0, rc[0]);
        String commands = io[0].substring(io[0].indexOf("Commands:"));
        for (String c : List.of("compare", "experiment", "bench", "engines", "doctor", "jshell", "kernel install",
                "notebook", "generate-completion", "help")) {
            assertTrue(commands.lines().anyMatch(l -> l.startsWith("  " + c + " ")), c + " missing from: " + io[0]);
        }
        // one-liners are whole sentences: no picocli %n, no sentence cut inside a parenthesis or after a colon
        assertTrue(!commands.contains("%n") && !commands.contains(": forward."), commands);
        assertTrue(commands.contains("'seqlab (Java)'"), commands);
    }

    @Test
    void djlCudaProbeWarningsStayOffTheConsoleButErrorsAndOtherWarningsShow() {
        // the CLI's simplelogger.properties (on this class path as on the launcher's)
        assertTrue(!org.slf4j.LoggerFactory.getLogger("ai.djl.util.cuda.CudaUtils").isWarnEnabled());
        assertTrue(org.slf4j.LoggerFactory.getLogger("ai.djl.util.cuda.CudaUtils").isErrorEnabled());
        assertTrue(org.slf4j.LoggerFactory.getLogger("ai.djl.pytorch.jni.LibUtils").isWarnEnabled());
        assertTrue(!org.slf4j.LoggerFactory.getLogger("ai.djl.pytorch.jni.LibUtils").isInfoEnabled());
    }

    @Test
    void firstSentenceDropsAsidesButKeepsQuotedNames() {
        assertEquals("Benchmark the engines: forward and one training step.",
                Main.firstSentence("Benchmark the engines: forward (inference) and one training step. More."));
        assertEquals("Install the kernel 'seqlab (Java)' for this user.",
                Main.firstSentence("Install the kernel 'seqlab (Java)' for this user. Options."));
        assertEquals("Display help.", Main.firstSentence("Display help.%nWhen no COMMAND is given, usage."));
    }

    @Test
    void compareRejectsBadArgumentsWithStatus2() {
        for (String[] args : new String[][] {{"compare", "--task", "poetry"}, {"compare", "--models", "lstm,mamba"},
            {"compare", "--engine", "tensorflow"}, {"compare", "--budget", "huge"}, {"compare", "--seeds", "0"},
            {"compare", "--out", "/proc/seqlab-cannot-write"},
            {"compare", "--parallel", "0"}, {"compare", "--parallel", "two"}, {"compare", "--threads-per-trial", "0"},
            {"experiment", "bidirectional", "--parallel", "-1"},
            // this module does not carry Spark: the option says where to get it
            {"compare", "--spark", "local[2]", "--out", "/proc/seqlab-cannot-write"}}) {
            int[] rc = new int[1];
            String[] io = capture(() -> rc[0] = Main.run(args));
            assertEquals(2, rc[0], String.join(" ", args) + ": " + io[1]);
            assertTrue(io[1].contains("Usage"), io[1]);
            String firstLine = io[1].lines().findFirst().orElse("");
            assertTrue(firstLine.startsWith("seqlab: "), firstLine);
            if (args[args.length - 2].startsWith("--parallel") || args[args.length - 2].startsWith("--threads")) {
                assertTrue(firstLine.contains(args[args.length - 2]), firstLine);
            }
            if (args[1].equals("--spark")) {
                assertTrue(firstLine.contains("seqlab-spark") && firstLine.contains("./seqlab"), firstLine);
            }
        }
    }

    /** --models takes settings, checked by the specs' own typed settings: a bad key or value is a one-line error. */
    @Test
    void compareModelsTakeSettingsCheckedLikeTheApi() {
        assertEquals(List.of("lstm[hidden=128,layers=2,dropout=0.2]", "gru", "bigru[recurrent_dropout=0.25]"),
                seqlab.experiments.Canonical.experiment("classification", seqlab.experiments.Canonical.checkModels(
                        List.of("lstm:hidden=128:layers=2:dropout=0.2", "gru", "bigru[recurrent_dropout=0.25]")),
                        seqlab.experiments.Budget.QUICK).expandedModels().stream().map(m -> m.name()).toList());
        for (String[] c : new String[][] {
            {"lstm:peepole=true", "lstm has no setting 'peepole'; its settings are hidden, layers"},
            {"gru:hidden=wide", "gru: 'hidden' takes an integer, got \"wide\""},
            {"lstm[hidden=8", "opens [ without closing it"},
            {"mamba:hidden=8", "Unknown model 'mamba'"},
            {"lstm:pool=mean", "'pool' is not read by the translation task"}}) {
            int[] rc = new int[1];
            String[] io = capture(() -> rc[0] = Main.run("compare", "--models", c[0], "--out",
                    System.getProperty("java.io.tmpdir") + "/seqlab-main-test-not-created"));
            assertEquals(2, rc[0], c[0] + ": " + io[1]);
            String firstLine = io[1].lines().findFirst().orElse("");
            assertTrue(firstLine.startsWith("seqlab: ") && firstLine.contains(c[1]), c[0] + ": " + firstLine);
        }
    }

    /** --tune and --match-params: bad values are one-line usage errors before anything runs. */
    @Test
    void compareTuneAndMatchParamsRejectBadValues() {
        String out = System.getProperty("java.io.tmpdir") + "/seqlab-main-test-not-created";
        for (String[] c : new String[][] {
            {"--tune", "grid", "Unknown tuning 'grid'; use none or lr"},
            {"--match-params", "0", "--match-params must be a positive parameter count, got 0"},
            {"--match-params", "-5", "--match-params must be a positive parameter count, got -5"},
            {"--match-params", "many", "'many' is not a long"},
            {"--match-params", "20000", "'lstm:hidden=8' sets hidden too; drop one of them", "--models", "lstm:hidden=8"},
            {"--match-params", "10", "matchParameters(10): lstm has", "--models", "lstm"}}) {
            List<String> args = new java.util.ArrayList<>(List.of("compare", c[0], c[1], "--out", out));
            if (c.length > 3) {
                args.addAll(List.of(c[3], c[4]));
            }
            int[] rc = new int[1];
            String[] io = capture(() -> rc[0] = Main.run(args.toArray(new String[0])));
            assertEquals(2, rc[0], args + ": " + io[1]);
            String firstLine = io[1].lines().findFirst().orElse("");
            assertTrue(firstLine.startsWith("seqlab: ") && firstLine.contains(c[2]), args + ": " + firstLine);
        }
        assertTrue(!java.nio.file.Files.exists(java.nio.file.Path.of(out)), "nothing was written");
    }

    /** --match-params sizes each model, --tune lr chooses its rate on validation: on forecasting's cheapest model. */
    @Test
    void compareMatchesParametersAndTunesTheLearningRate(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        int[] rc = new int[1];
        String[] io = capture(() -> rc[0] = Main.run("compare", "--task", "forecasting", "--models", "cnn",
                "--seeds", "1", "--tune", "lr", "--match-params", "3000", "--out", dir.toString()));
        assertEquals(0, rc[0], io[1]);
        assertTrue(io[0].contains("tuning lr x [0.333, 1, 3] on 1 seed, ~3000 parameters per model"), io[0]);
        var trials = tech.tablesaw.api.Table.read().csv(dir.resolve("forecasting/results.csv").toFile());
        var cnn = trials.where(trials.stringColumn("model").isEqualTo("cnn"));
        long params = ((Number) cnn.column("params").get(0)).longValue();
        assertTrue(Math.abs(params - 3000) < 300, "cnn sized to ~3000 parameters, got " + params);
        var tuning = tech.tablesaw.api.Table.read().csv(dir.resolve("forecasting/tuning.csv").toFile());
        assertEquals(List.of(0.003, 0.001, 0.009), tuning.doubleColumn("lr").asList());
        int chosen = tuning.stringColumn("chosen").asList().indexOf("yes");
        assertEquals(tuning.doubleColumn("lr").get(chosen), cnn.doubleColumn("lr").get(0), 0);
        assertTrue(io[0].contains("Learning rates chosen on validation mase: cnn "), io[0]);
        // one seed, and five series (Diebold-Mariano pairs one series' forecasts): not tested, and the fix named
        assertTrue(io[0].contains("[?] not tested  cnn vs holt-winters-multiplicative  1 seed and no test over examples")
                && io[0].contains("run at least 3 seeds"), io[0]);
    }

    @Test
    void completionScriptIsGenerated() {
        int[] rc = new int[1];
        String[] io = capture(() -> rc[0] = Main.run("generate-completion"));
        assertEquals(0, rc[0], io[1]);
        assertTrue(io[0].contains("compare") && io[0].contains("complete"), io[0].substring(0, Math.min(200, io[0].length())));
    }

    @Test
    void anEmptyOutOrOneNamingAFileIsRejectedBeforeAnyWork(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("notes.txt"), "keep me");
        for (String[] args : new String[][] {{"compare", "--out", ""}, {"experiment", "gradient-flow", "--out", ""},
            {"bench", "--out", ""}, {"compare", "--out", file.toString()}}) {
            int[] rc = new int[1];
            String[] io = capture(() -> rc[0] = Main.run(args));
            assertEquals(2, rc[0], String.join(" ", args) + ": " + io[1]);
            String first = io[1].lines().findFirst().orElse("");
            assertTrue(first.startsWith("seqlab: --out") && (first.contains("empty") || first.contains("is a file")),
                    first);
        }
        assertEquals("keep me", java.nio.file.Files.readString(file));
    }

    @Test
    void aThreadCountBelowOneIsAUsageError() {
        String old = System.getProperty("seqlab.threads");
        try {
            for (String bad : new String[] {"0", "-2", "many", "", " "}) {
                System.setProperty("seqlab.threads", bad);
                int[] rc = new int[1];
                String[] io = capture(() -> rc[0] = Main.run("engines"));
                assertEquals(2, rc[0], io[1]);
                assertEquals(1, io[1].lines().count(), io[1]);
                assertTrue(io[1].startsWith("seqlab: seqlab.threads must be a positive integer, got '" + bad + "'"),
                        io[1]);
            }
        } finally {
            if (old == null) {
                System.clearProperty("seqlab.threads");
            } else {
                System.setProperty("seqlab.threads", old);
            }
        }
    }

    @Test
    void anyErrorIsOneLineNamingTheRootCause() {
        Throwable garbled = new ExceptionInInitializerError(new IllegalStateException(
                "Cannot read trial result t.json: Unexpected character\n at [Source: line 1]\n\tat x.y"));
        assertEquals("Cannot read trial result t.json: Unexpected character at [Source: line 1] at x.y",
                Main.oneLine(garbled));
        assertEquals("NullPointerException", Main.oneLine(new NullPointerException()));
    }
}
