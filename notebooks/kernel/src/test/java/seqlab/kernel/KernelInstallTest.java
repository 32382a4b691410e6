package seqlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelInstallTest {

    @Test
    void argvStartsTheKernelOnThisJavaWithTheVectorModule() {
        assertEquals(List.of("/opt/jdk/bin/java", "--add-modules", "jdk.incubator.vector", "-cp", "a.jar:b",
                "seqlab.kernel.SeqlabKernel", "{connection_file}"), KernelInstall.argv("/opt/jdk/bin/java", "a.jar:b"));
        assertTrue(Files.isExecutable(Path.of(KernelInstall.currentJava())), KernelInstall.currentJava());
    }

    @Test
    void kernelJsonIsWrittenWithEscapedPaths(@TempDir Path dir) throws Exception {
        Path spec = KernelInstall.writeSpec(dir.resolve("spec"), "C:\\java\\bin\\java.exe", "x \"q\".jar",
                KernelInstall.DEFAULT_DISPLAY_NAME);
        String json = Files.readString(spec.resolve("kernel.json"));
        assertTrue(json.contains("\"argv\": [\"C:\\\\java\\\\bin\\\\java.exe\", \"--add-modules\", "
                + "\"jdk.incubator.vector\", \"-cp\", \"x \\\"q\\\".jar\", \"seqlab.kernel.SeqlabKernel\", "
                + "\"{connection_file}\"]"), json);
        assertTrue(json.contains("\"display_name\": \"seqlab (Java)\""), json);
        assertTrue(json.contains("\"language\": \"java\""), json);
        assertTrue(json.contains("\"interrupt_mode\": \"message\""), json);
    }

    @Test
    void theKernelStartsWithLibTorchsWaitPolicyInItsEnvironment() {
        String json = KernelInstall.kernelJson("java", "a.jar", "x", KernelInstall.environment(Map.of()));
        assertTrue(json.contains("\"env\": {\"OMP_WAIT_POLICY\": \"PASSIVE\"}"), json);
        assertEquals(Map.of("OMP_WAIT_POLICY", "ACTIVE"), KernelInstall.environment(Map.of("OMP_WAIT_POLICY", "active")));
        var e = assertThrows(IllegalArgumentException.class,
                () -> KernelInstall.environment(Map.of("OMP_WAIT_POLICY", "spin")));
        assertTrue(e.getMessage().startsWith("OMP_WAIT_POLICY='spin' is not a wait policy"), e.getMessage());
    }

    @Test
    void emptyClassPathIsRefusedWithTheFix(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelInstall.writeSpec(dir, "java", " ", "x"));
        assertTrue(e.getMessage().contains("--class-path"), e.getMessage());
    }

    @Test
    void jsonStringEscapesControlCharacters() {
        assertEquals("\"a\\nb\\u0001\"", KernelInstall.jsonString("a\nb\u0001"));
    }

    @Test
    void installingLeavesNoTemporaryFolderWhetherJupyterWorksOrNot(@TempDir Path dir) throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        // A stand-in for `jupyter kernelspec install` that succeeds, and a jupyter that is not there.
        Path fake = bin.resolve("jupyter");
        Files.writeString(fake, "#!/bin/sh\necho installed \"$@\"\n");
        assertTrue(fake.toFile().setExecutable(true));
        assertEquals(0, KernelInstall.run(List.of("--class-path", "a.jar"), fake.toString(), tmp));
        try (var s = Files.list(tmp)) {
            assertEquals(List.of(), s.toList(), "temporary kernelspec folder removed after the install");
        }
        assertEquals(1, KernelInstall.run(List.of("--class-path", "a.jar"), bin.resolve("no-jupyter").toString(), tmp));
        try (var s = Files.list(tmp)) {
            assertEquals(List.of(), s.toList(), "removed after a failed install too");
        }
    }

    @Test
    void helpPrintsEveryOptionAndInstallsNothing(@TempDir Path dir) throws Exception {
        // a jupyter that fails if called: --help must not reach it
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path fake = bin.resolve("jupyter");
        Files.writeString(fake, "#!/bin/sh\nexit 3\n");
        assertTrue(fake.toFile().setExecutable(true));
        var out = new java.io.ByteArrayOutputStream();
        var old = System.out;
        int rc;
        try {
            System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            rc = KernelInstall.run(List.of("--help"), fake.toString(), dir);
        } finally {
            System.setOut(old);
        }
        String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, rc, text);
        for (String option : List.of("--class-path", "--name", "--display-name", "--spec-dir", "--no-install")) {
            assertTrue(text.contains(option), option + " missing from: " + text);
        }
        try (var s = Files.list(dir)) {
            assertEquals(List.of(bin), s.toList(), "help writes no kernelspec");
        }
    }
}
