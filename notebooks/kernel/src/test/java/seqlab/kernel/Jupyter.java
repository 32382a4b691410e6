package seqlab.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Jupyter for tests: finds it, installs the kernel under test into a private Jupyter data folder (never
 * the user's), and runs Jupyter commands there. Missing Jupyter skips the test with what to install,
 * except under CI=true, where it fails.
 */
final class Jupyter {

    static final String KERNEL_NAME = "seqlab-test";
    static final String PACKAGES = "jupyter-client jupyter-nbconvert python3-nbclient python3-jupyter-client";

    final Path home;
    final String python;
    final Map<String, String> env = new LinkedHashMap<>();

    private Jupyter(Path home, String python) {
        this.home = home;
        this.python = python;
        env.put("JUPYTER_DATA_DIR", home.resolve("data").toString());
        env.put("JUPYTER_PATH", home.resolve("data").toString());
        env.put("JUPYTER_CONFIG_DIR", home.resolve("config").toString());
        env.put("JUPYTER_RUNTIME_DIR", home.resolve("runtime").toString());
        env.put("IPYTHONDIR", home.resolve("ipython").toString());
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        // frozen-modules warnings from debugpy-aware Pythons would clutter the output we assert on
        env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
    }

    /** Jupyter with the seqlab kernel installed as {@link #KERNEL_NAME}, or the test is skipped/failed. */
    static Jupyter withKernel(Path home) throws Exception {
        String python = findPython();
        if (python == null || run(List.of("jupyter", "kernelspec", "--version"), Map.of(), home, 60).code != 0
                || run(List.of("jupyter", "nbconvert", "--version"), Map.of(), home, 60).code != 0) {
            String message = "Jupyter is not installed: these tests need the Debian packages " + PACKAGES
                    + " (apt-get install " + PACKAGES + ")";
            if ("true".equals(System.getenv("CI"))) {
                fail(message + " [CI=true: failing instead of skipping]");
            }
            Assumptions.abort(message);
        }
        Jupyter j = new Jupyter(home, python);
        Path spec = KernelInstall.writeSpec(home.resolve("spec"), KernelInstall.currentJava(),
                System.getProperty("java.class.path"), "seqlab (test)");
        KernelInstall.installSpec(spec, KERNEL_NAME, j.env);
        Path installed = home.resolve("data/kernels/" + KERNEL_NAME + "/kernel.json");
        if (!Files.isRegularFile(installed)) {
            fail("jupyter kernelspec install did not write " + installed);
        }
        Result list = j.run(List.of("jupyter", "kernelspec", "list"), 60);
        if (!list.out.contains(KERNEL_NAME)) {
            fail("installed kernel not listed:\n" + list.out);
        }
        return j;
    }

    /** A Python that has jupyter_client and nbclient (Debian's, not a pyenv shim without them). */
    private static String findPython() {
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                Result r = run(List.of(candidate, "-c", "import jupyter_client, nbclient, nbformat"), Map.of(),
                        Path.of("."), 60);
                if (r.code == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                // not there: try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    Result run(List<String> cmd, int timeoutSeconds) throws IOException, InterruptedException {
        return run(cmd, env, home, timeoutSeconds);
    }

    record Result(int code, String out) {
    }

    static Result run(List<String> cmd, Map<String, String> env, Path dir, int timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true);
        pb.environment().putAll(env);
        if (Files.isDirectory(dir)) {
            pb.directory(dir.toFile());
        }
        Path log = Files.createTempFile("jupyter-test", ".log");
        pb.redirectOutput(log.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            Files.deleteIfExists(log);
            if (cmd.get(0).startsWith("jupyter")) {
                return new Result(127, e.getMessage());
            }
            throw e;
        }
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        return new Result(done ? p.exitValue() : 124, done ? out : out + "\n[timed out after " + timeoutSeconds + " s]");
    }
}
