package seqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./seqlab experiment}: argument errors are one line and the usage, with exit status 2. */
class ExperimentCommandTest {
    private static int run(StringBuilder err, String... args) {
        PrintStream out = System.out, e = System.err;
        var o = new ByteArrayOutputStream();
        var eb = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(eb, true, StandardCharsets.UTF_8));
            return Main.run(args);
        } finally {
            System.setOut(out);
            System.setErr(e);
            err.append(eb.toString(StandardCharsets.UTF_8));
        }
    }

    private static void usageError(String expected, String... args) {
        StringBuilder err = new StringBuilder();
        assertEquals(2, run(err, args), err.toString());
        String first = err.toString().lines().findFirst().orElse("");
        assertTrue(first.startsWith("seqlab: ") && first.contains(expected), err.toString());
        assertTrue(err.toString().contains("Usage: seqlab experiment"), err.toString());
    }

    @Test
    void unknownExperiment() {
        usageError("Unknown experiment 'frobnicate'", "experiment", "frobnicate");
    }

    @Test
    void missingName() {
        usageError("NAME", "experiment");
    }

    @Test
    void unknownBudget() {
        usageError("Unknown budget 'huge'", "experiment", "gradient-flow", "--budget", "huge");
    }

    @Test
    void unknownEngine() {
        usageError("Unknown engine 'nope'", "experiment", "gradient-flow", "--engine", "nope");
    }

    @Test
    void severalEnginesForAOneEngineExperiment() {
        usageError("runs on one engine", "experiment", "long-memory", "--engine", "reference,reference");
    }

    @Test
    void seedsMustBePositive() {
        usageError("--seeds must be at least 1", "experiment", "bidirectional", "--seeds", "0");
    }

    @Test
    void unwritableOutputFolder(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        usageError("Cannot write to output folder", "experiment", "params-and-speed", "--out",
                file.resolve("sub").toString());
    }

    @Test
    void helpListsTheExperiments() {
        StringBuilder err = new StringBuilder();
        PrintStream out = System.out;
        var o = new ByteArrayOutputStream();
        int rc;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            rc = Main.run("experiment", "--help");
        } finally {
            System.setOut(out);
        }
        String text = o.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, err.toString());
        for (String n : seqlab.experiments.Claims.NAMES) {
            assertTrue(text.contains(n), text);
        }
    }
}
