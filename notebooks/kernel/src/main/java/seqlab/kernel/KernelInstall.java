package seqlab.kernel;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import seqlab.engine.pytorch.OpenMp;

/**
 * Installs the seqlab kernel for Jupyter: writes a kernelspec folder and hands it to
 * {@code jupyter kernelspec install --user --replace}.
 *
 * <pre>
 * java -cp CLASSPATH seqlab.kernel.KernelInstall [--class-path CP] [--name NAME] [--display-name TEXT]
 *                                                [--spec-dir DIR] [--no-install]
 * </pre>
 * <ul>
 *   <li>{@code --class-path}: what the kernel runs with (default: this JVM's {@code java.class.path});
 *       {@code ./seqlab kernel install} passes the experiments module's full class path.</li>
 *   <li>{@code --name}: kernelspec name (default {@code seqlab}); {@code --display-name}: the name in
 *       Jupyter's menus (default {@code seqlab (Java)}).</li>
 *   <li>{@code --spec-dir}: where to write the kernelspec folder (default: a temporary folder).</li>
 *   <li>{@code --no-install}: only write the folder, print its path.</li>
 * </ul>
 * The kernel runs on the Java that ran this installer, with LibTorch's OpenMP wait policy in its environment
 * ({@link #environment}).
 */
public final class KernelInstall {

    public static final String DEFAULT_NAME = "seqlab";
    public static final String DEFAULT_DISPLAY_NAME = "seqlab (Java)";
    /** Debian packages that provide {@code jupyter kernelspec} and run notebooks headless. */
    public static final String DEBIAN_PACKAGES = "jupyter-client jupyter-nbconvert python3-nbclient";

    private KernelInstall() {
    }

    /** The kernel.json argv: this Java, the Vector API module, the class path, the kernel main class. */
    public static List<String> argv(String javaExecutable, String classPath) {
        return List.of(javaExecutable, "--add-modules", "jdk.incubator.vector", "-cp", classPath,
                SeqlabKernel.class.getName(), "{connection_file}");
    }

    /** The java launcher of the running JVM. */
    public static String currentJava() {
        Path bin = Path.of(System.getProperty("java.home"), "bin");
        Path java = bin.resolve(File.separatorChar == '\\' ? "java.exe" : "java");
        return java.toString();
    }

    /**
     * The environment Jupyter starts the kernel with: LibTorch's OpenMP wait policy, which its libgomp reads only from
     * the environment when it loads ({@link OpenMp}): the installing user's {@code OMP_WAIT_POLICY} when set, else
     * {@code PASSIVE}. To change it, install again with the variable set: {@code OMP_WAIT_POLICY=active ./seqlab
     * kernel install}.
     *
     * @throws IllegalArgumentException if the user's {@code OMP_WAIT_POLICY} is not a wait policy
     */
    public static Map<String, String> environment(Map<String, String> installerEnvironment) {
        return Map.of(OpenMp.WAIT_POLICY, OpenMp.waitPolicyToStart(installerEnvironment));
    }

    /** kernel.json for the given launcher and class path, with this process's {@link #environment}. */
    public static String kernelJson(String javaExecutable, String classPath, String displayName) {
        return kernelJson(javaExecutable, classPath, displayName, environment(System.getenv()));
    }

    /** kernel.json for the given launcher, class path and kernel environment. */
    public static String kernelJson(String javaExecutable, String classPath, String displayName,
                                    Map<String, String> env) {
        StringBuilder b = new StringBuilder("{\n  \"argv\": [");
        List<String> argv = argv(javaExecutable, classPath);
        for (int i = 0; i < argv.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(jsonString(argv.get(i)));
        }
        b.append("],\n");
        b.append("  \"display_name\": ").append(jsonString(displayName)).append(",\n");
        b.append("  \"language\": \"java\",\n");
        // A SIGINT would end the JVM; as a message, an interrupt stops only the running cell.
        b.append("  \"interrupt_mode\": \"message\",\n");
        b.append("  \"env\": {");
        int i = 0;
        for (Map.Entry<String, String> v : new java.util.TreeMap<>(env).entrySet()) {
            b.append(i++ == 0 ? "" : ", ").append(jsonString(v.getKey())).append(": ").append(jsonString(v.getValue()));
        }
        b.append("},\n");
        b.append("  \"metadata\": {\"debugger\": false}\n}\n");
        return b.toString();
    }

    /** Writes {@code dir/kernel.json} and returns {@code dir}. */
    public static Path writeSpec(Path dir, String javaExecutable, String classPath, String displayName) {
        if (classPath == null || classPath.isBlank()) {
            throw new IllegalArgumentException("the kernel's class path is empty: pass --class-path with the"
                    + " seqlab jars (./seqlab kernel install does this)");
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("kernel.json"), kernelJson(javaExecutable, classPath, displayName),
                    StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kernelspec to " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code jupyter kernelspec install --user --replace --name NAME DIR}.
     *
     * @param env extra environment for jupyter (tests point {@code JUPYTER_DATA_DIR} at a temp folder)
     * @return jupyter's output
     * @throws IllegalStateException if jupyter is missing or the install fails, with the fix
     */
    public static String installSpec(Path specDir, String name, Map<String, String> env) {
        return installSpec(specDir, name, env, "jupyter");
    }

    static String installSpec(Path specDir, String name, Map<String, String> env, String jupyter) {
        List<String> cmd = List.of(jupyter, "kernelspec", "install", "--user", "--replace", "--name", name,
                specDir.toAbsolutePath().toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("jupyter is not installed (no 'jupyter' command on PATH). On Debian:"
                    + " apt-get install " + DEBIAN_PACKAGES + "; then run this again (or write the kernelspec with"
                    + " --spec-dir DIR --no-install and install it yourself)", e);
        }
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("jupyter kernelspec install did not finish in 120 s");
            }
            if (p.exitValue() != 0) {
                String hint = out.contains("kernelspec") && out.contains("not found")
                        ? " ('jupyter kernelspec' comes with the Debian package jupyter-client: apt-get install "
                                + DEBIAN_PACKAGES + ")"
                        : "";
                throw new IllegalStateException("jupyter kernelspec install failed (exit " + p.exitValue() + ")"
                        + hint + ":\n" + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing the kernelspec", e);
        }
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), "jupyter", Path.of(System.getProperty("java.io.tmpdir"))));
    }

    /**
     * The installer's work, returning the exit status (0 installed or written, 1 failed). Without
     * {@code --spec-dir} the kernelspec is written under a new folder in {@code tempRoot}, handed to Jupyter (which
     * copies it) and deleted again, whether the install worked or not: nothing is left behind.
     *
     * @param jupyter the jupyter command
     */
    static int run(List<String> args, String jupyter, Path tempRoot) {
        if (args.contains("--help") || args.contains("-h")) {
            System.out.println(help());
            return 0;
        }
        String classPath = System.getProperty("java.class.path");
        String name = DEFAULT_NAME;
        String displayName = DEFAULT_DISPLAY_NAME;
        Path specDir = null;
        boolean install = true;
        List<String> rest = new ArrayList<>(args);
        Path temp = null;
        try {
            while (!rest.isEmpty()) {
                String a = rest.remove(0);
                switch (a) {
                    case "--class-path", "-cp" -> classPath = value(a, rest);
                    case "--name" -> name = value(a, rest);
                    case "--display-name" -> displayName = value(a, rest);
                    case "--spec-dir" -> specDir = Path.of(value(a, rest));
                    case "--no-install" -> install = false;
                    default -> throw new IllegalArgumentException("unknown argument '" + a + "'\n" + usage());
                }
            }
            if (!name.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("kernel name '" + name + "' may only hold letters, digits, '.', '_' and '-'");
            }
            Path dir = specDir;
            if (dir == null) {
                temp = Files.createTempDirectory(tempRoot, "seqlab-kernelspec");
                dir = temp.resolve(name);
            }
            writeSpec(dir, currentJava(), classPath, displayName);
            if (install) {
                System.out.print(installSpec(dir, name, Map.of(), jupyter));
                System.out.println("installed Jupyter kernel '" + name + "' (" + displayName + ")");
            } else {
                System.out.println("kernelspec written to " + dir);
                temp = null; // --no-install without --spec-dir: the folder is the result
            }
            return 0;
        } catch (IllegalArgumentException | IllegalStateException | IOException | UncheckedIOException e) {
            System.err.println("kernel install: " + e.getMessage());
            return 1;
        } finally {
            if (temp != null) {
                deleteTree(temp);
            }
        }
    }

    private static void deleteTree(Path root) {
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("kernel install: could not delete the temporary folder " + root + ": " + e.getMessage());
        }
    }

    private static String value(String flag, List<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(flag + " needs a value\n" + usage());
        }
        return rest.remove(0);
    }

    /** What {@code ./seqlab kernel install --help} prints: the usage line and each option. */
    static String help() {
        return "Installs the Jupyter kernel '" + DEFAULT_DISPLAY_NAME + "' for this user (./seqlab kernel install)."
                + "\n" + usage() + "\n"
                + "  --class-path CP      the class path the kernel runs with (default: this program's)\n"
                + "  --name NAME          the kernel's name in Jupyter (default: " + DEFAULT_NAME + ")\n"
                + "  --display-name TEXT  the name notebooks show (default: " + DEFAULT_DISPLAY_NAME + ")\n"
                + "  --spec-dir DIR       write the kernelspec into DIR (kept) instead of a temporary folder\n"
                + "  --no-install         only write the kernelspec, do not hand it to Jupyter\n"
                + "  -h, --help           print this help";
    }

    private static String usage() {
        return "usage: java -cp CLASSPATH seqlab.kernel.KernelInstall [--class-path CP] [--name NAME]"
                + " [--display-name TEXT] [--spec-dir DIR] [--no-install]";
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
