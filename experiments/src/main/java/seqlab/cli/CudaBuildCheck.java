package seqlab.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * {@code ./seqlab doctor --cuda-build}: builds seqlab with the {@code cuda} Maven profile (the CUDA LibTorch, into
 * {@code target-cuda/} so the default build is untouched), which runs the pytorch engine's suites on it; then runs
 * {@code doctor} on that build; then prints one line with the result. Needs the source folder and Maven, which the
 * launcher provides ({@code -Dseqlab.home}).
 */
final class CudaBuildCheck {
    static final String HOME_PROPERTY = "seqlab.home";
    static final List<String> MAVEN_ARGS = List.of("-B", "-Pcuda", "-pl", "experiments", "-am", "verify");
    private static final Pattern SUITE = Pattern.compile(
            "<testsuite\\b[^>]*?\\btests=\"(\\d+)\"[^>]*?\\berrors=\"(\\d+)\"[^>]*?\\bskipped=\"(\\d+)\"[^>]*?\\bfailures=\"(\\d+)\"");

    private final CommandLine commandLine;
    private final int steps;

    CudaBuildCheck(CommandLine commandLine, int steps) {
        this.commandLine = commandLine;
        this.steps = steps;
    }

    /** Test counts of a Surefire run. */
    record Counts(int tests, int failures, int errors, int skipped) {
        int passed() {
            return tests - failures - errors - skipped;
        }

        @Override
        public String toString() {
            return passed() + " passed, " + (failures + errors) + " failed, " + skipped + " skipped";
        }
    }

    int run() {
        String homeProp = System.getProperty(HOME_PROPERTY);
        if (homeProp == null || !Files.isRegularFile(Path.of(homeProp, "pom.xml"))) {
            throw new ParameterException(commandLine, "--cuda-build builds seqlab from its source folder: run it as "
                    + "./seqlab doctor --cuda-build from a seqlab checkout (with Maven installed)");
        }
        Path home = Path.of(homeProp).toAbsolutePath();
        Path reports = home.resolve("engines/pytorch/target-cuda/surefire-reports");
        Path log = home.resolve("experiments/target-cuda/doctor-cuda-build.log");
        var out = System.out;
        try {
            Files.createDirectories(log.getParent());
            deleteTree(reports);
        } catch (IOException e) {
            out.println("cuda build: FAILED, cannot write " + log.getParent() + " (" + e.getMessage() + ")");
            return 1;
        }
        out.println("cuda build: mvn " + String.join(" ", MAVEN_ARGS) + " in " + home);
        out.println("  the first run downloads the 2.3 GB CUDA LibTorch jar and unpacks 3.8 GB into DJL's cache (~/.djl.ai);"
                + " full log: " + log);
        List<String> mvn = new ArrayList<>();
        mvn.add("mvn");
        mvn.addAll(MAVEN_ARGS);
        int rc;
        try {
            rc = runLogged(mvn, home, log, line -> {
                String l = line.replaceFirst("^\\[INFO\\] ", "").replaceFirst("\\s+\\[\\d+/\\d+\\]$", "");
                if (l.startsWith("Building seqlab") || l.startsWith("Running seqlab.") || l.startsWith("Downloading from")
                        && l.contains("pytorch-native")) {
                    out.println("  " + l);
                }
            });
        } catch (IOException e) {
            out.println("cuda build: FAILED, cannot run Maven (" + e.getMessage() + "): install Maven 3.8 or newer"
                    + " (apt-get install maven)");
            return 1;
        }
        Counts counts;
        try {
            counts = counts(reports);
        } catch (IOException e) {
            counts = new Counts(0, 0, 0, 0);
        }
        if (counts.tests() == 0) {
            out.println("cuda build: FAILED, Maven exited with " + rc + " before the pytorch suites ran (resolve or build): "
                    + firstError(log) + "; see " + log);
            return 1;
        }
        if (rc != 0 || counts.failures() + counts.errors() > 0) {
            out.println("cuda build: FAILED, pytorch suites on the CUDA LibTorch: " + counts + " (Maven exit " + rc
                    + "); see " + reports);
            return 1;
        }

        out.println("cuda build: built, pytorch suites " + counts + "; now ./seqlab doctor on that build:");
        List<String> doctor = new ArrayList<>();
        doctor.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        doctor.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        String cp;
        try {
            cp = home.resolve("experiments/target-cuda/classes") + java.io.File.pathSeparator
                    + Files.readString(home.resolve("experiments/target-cuda/classpath.txt")).trim();
        } catch (IOException e) {
            out.println("cuda build: FAILED, the build left no class path (" + e.getMessage() + "); see " + log);
            return 1;
        }
        doctor.addAll(List.of("-cp", cp, Main.class.getName(), "doctor", "--steps", Integer.toString(steps)));
        String[] libtorch = {null};
        String[] verdict = {null};
        int doctorRc;
        try {
            doctorRc = runLogged(doctor, home, home.resolve("experiments/target-cuda/doctor-cuda.log"), line -> {
                out.println("  | " + line);
                if (line.startsWith("libtorch: ")) {
                    libtorch[0] = line.substring("libtorch: ".length());
                } else if (line.startsWith("doctor: ")) {
                    verdict[0] = line.substring("doctor: ".length());
                }
            });
        } catch (IOException e) {
            out.println("cuda build: FAILED, cannot start Java (" + e.getMessage() + ")");
            return 1;
        }
        if (doctorRc != 0 || libtorch[0] == null) {
            out.println("cuda build: FAILED, pytorch suites " + counts + ", but doctor on the CUDA build: "
                    + (libtorch[0] == null ? "LibTorch did not load" : verdict[0]) + " (exit " + doctorRc + ")");
            return 1;
        }
        out.println("cuda build: ok, " + libtorch[0] + "; pytorch suites " + counts + "; doctor " + verdict[0]);
        return 0;
    }

    /** Runs a command in {@code dir}, writing its merged output to {@code log} and each line to {@code echo}. */
    static int runLogged(List<String> command, Path dir, Path log, Consumer<String> echo) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try (var reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             var writer = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                writer.println(line);
                echo.accept(line);
            }
        }
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** Sums the counts of every Surefire XML report in {@code dir}. */
    static Counts counts(Path dir) throws IOException {
        int t = 0, f = 0, e = 0, s = 0;
        if (!Files.isDirectory(dir)) {
            return new Counts(0, 0, 0, 0);
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path x : (Iterable<Path>) files.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml"))::iterator) {
                Matcher m = SUITE.matcher(Files.readString(x, StandardCharsets.UTF_8));
                if (m.find()) {
                    t += Integer.parseInt(m.group(1));
                    e += Integer.parseInt(m.group(2));
                    s += Integer.parseInt(m.group(3));
                    f += Integer.parseInt(m.group(4));
                }
            }
        }
        return new Counts(t, f, e, s);
    }

    /** Maven's first error line in the log, or a pointer to the log. */
    static String firstError(Path log) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.startsWith("[ERROR] ") && l.length() > 9).findFirst()
                    .map(l -> l.substring(8).trim()).orElse("no error line in the log");
        } catch (IOException | java.io.UncheckedIOException e) {
            return "the log is unreadable";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Collections.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
