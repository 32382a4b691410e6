package seqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import seqlab.engine.Engines;

class DoctorCommandTest {
    /** Runs the CLI with {@code args}: exit status, standard output, standard error. */
    static String[] run(String... args) {
        PrintStream out = System.out, err = System.err;
        var o = new ByteArrayOutputStream();
        var e = new ByteArrayOutputStream();
        int rc;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            rc = Main.run(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new String[] {Integer.toString(rc), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void reportsTheInstallationAndTrainsOnEveryEngineAndDevice() {
        String[] r = run("doctor", "--steps", "20");
        String out = r[1];
        assertEquals("0", r[0], out + r[2]);
        assertTrue(out.contains("threads   " + Engines.configuredThreads() + " per op"), out);
        assertTrue(out.contains("OMP_WAIT_POLICY"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("libtorch: LibTorch ")), out);
        assertTrue(out.contains("features  "), out);
        for (String engine : Engines.available()) {
            // one training line per engine and device, each with a falling loss
            assertTrue(out.lines().anyMatch(l -> l.startsWith("  " + engine + " ") && l.contains(" falls ")), out);
        }
        assertTrue(out.lines().anyMatch(l -> l.startsWith("  pytorch ") && l.contains("agrees with the reference engine")),
                out);
        assertTrue(out.strip().endsWith("training runs)") && out.contains("doctor: ok"), out);
    }

    @Test
    void smokeTrainingIsTheSameOnBothEngines() {
        double[] ref = DoctorCommand.smokeTrain(Engines.get("reference"), 20);
        double[] pt = DoctorCommand.smokeTrain(Engines.get("pytorch"), 20);
        assertEquals(Math.log(2), ref[0], 0.1); // two balanced classes, small initial logits
        for (int i = 0; i < ref.length; i++) {
            assertEquals(ref[i], pt[i], 1e-4 * Math.max(1, ref[i]), "step " + i);
        }
        assertTrue(ref[19] < 0.5 * ref[0], ref[0] + " -> " + ref[19]);
    }

    @Test
    void badOptionsAreOneLineUsageErrors() {
        String[] r = run("doctor", "--steps", "3");
        assertEquals("2", r[0]);
        assertTrue(r[2].lines().findFirst().orElse("").contains("--steps must be between 20 and 10000, got 3"), r[2]);

        String home = System.clearProperty(CudaBuildCheck.HOME_PROPERTY);
        try {
            r = run("doctor", "--cuda-build");
        } finally {
            if (home != null) {
                System.setProperty(CudaBuildCheck.HOME_PROPERTY, home);
            }
        }
        assertEquals("2", r[0]);
        String first = r[2].lines().findFirst().orElse("");
        assertTrue(first.startsWith("seqlab: ") && first.contains("./seqlab doctor --cuda-build"), r[2]);
    }

    @Test
    void cudaBuildCountsSurefireReportsAndFindsMavensError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("TEST-a.xml"), "<?xml version=\"1.0\"?>\n<testsuite xmlns:xsi=\"x\" version=\"3.0.2\" "
                + "name=\"a\" time=\"1.0\" tests=\"10\" errors=\"1\" skipped=\"2\" failures=\"3\">\n<testcase/></testsuite>");
        Files.writeString(dir.resolve("TEST-b.xml"), "<testsuite name=\"b\" time=\"2\" tests=\"5\" errors=\"0\" skipped=\"0\""
                + " failures=\"0\"></testsuite>");
        Files.writeString(dir.resolve("a.txt"), "tests=\"100\"");
        var c = CudaBuildCheck.counts(dir);
        assertEquals(new CudaBuildCheck.Counts(15, 3, 1, 2), c);
        assertEquals("9 passed, 4 failed, 2 skipped", c.toString());
        assertEquals(new CudaBuildCheck.Counts(0, 0, 0, 0), CudaBuildCheck.counts(dir.resolve("none")));

        Path log = dir.resolve("log");
        Files.writeString(log, "[INFO] fine\n[ERROR] Failed to execute goal on project x: Could not resolve dependencies\n"
                + "[ERROR] \n");
        assertEquals("Failed to execute goal on project x: Could not resolve dependencies", CudaBuildCheck.firstError(log));
    }
}
