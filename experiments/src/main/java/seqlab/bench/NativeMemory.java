package seqlab.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

/**
 * Resident memory over a long training run ({@code ./seqlab bench --native-memory}): a {@link BenchModel}'s training
 * step (forward, backward, Adam, in an engine scope, as {@link Benchmark} times it) repeated {@code steps} times,
 * with the process's resident set size ({@code VmRSS} of {@code /proc/self/status}) sampled after a full garbage
 * collection every hundredth of the run. A leak of native tensors shows as a resident set that keeps growing after
 * the warm-up (the first tenth of the run, where allocator pools and caches fill).
 *
 * <p>The steps run in a JVM of their own with a fixed, pre-touched heap ({@code -Xms = -Xmx =} {@value #HEAP},
 * {@code -XX:+AlwaysPreTouch}): every page of the Java heap is resident from the start, so the heap cannot pass for
 * native growth, or hide it; it stops with the bench ({@link ChildJvms}). The JVM's own non-heap memory (the JIT's
 * code cache, class metadata), which grows by tens of MB as the JIT recompiles hot code late in a run and is bounded
 * by the JVM's limits, is sampled too and taken out: the run is {@linkplain Trace#flat() flat} when the resident set
 * less that non-heap memory stays within {@value #FLAT_MB} MB of where it stood when the warm-up ended.
 */
public final class NativeMemory {
    /** The child JVM's fixed heap. */
    public static final String HEAP = "512m";
    /** Growth after warm-up, in MB, up to which a run counts as flat. */
    public static final double FLAT_MB = 16;
    private static final String SAMPLE = "sample";

    private NativeMemory() {
    }

    /**
     * The resident set, the live Java heap and the JVM's committed non-heap memory (code cache, metaspace) after
     * {@code step} training steps.
     */
    public record Sample(int step, double rssMb, double heapMb, double nonHeapMb) {
        /** The resident set less the JVM's non-heap memory: the Java heap (fixed) and everything native. */
        public double beyondJvmMb() {
            return rssMb - nonHeapMb;
        }
    }

    /**
     * One run's samples.
     *
     * @param warmupSteps steps before the first sample that counts (the first tenth of the run)
     */
    public record Trace(String engine, String model, int steps, int warmupSteps, List<Sample> samples) {
        public Trace {
            samples = List.copyOf(samples);
            if (samples.isEmpty()) {
                throw new IllegalArgumentException("a memory trace needs at least one sample");
            }
        }

        private List<Sample> afterWarmup() {
            List<Sample> s = samples.stream().filter(x -> x.step() >= warmupSteps).toList();
            return s.isEmpty() ? List.of(samples.get(samples.size() - 1)) : s;
        }

        /** The resident set when the warm-up ended. */
        public double rssAfterWarmupMb() {
            return afterWarmup().get(0).rssMb();
        }

        /** The resident set at the end. */
        public double rssAtEndMb() {
            return samples.get(samples.size() - 1).rssMb();
        }

        /** The highest resident set after the warm-up, above where it stood when the warm-up ended. */
        public double maxGrowthMb() {
            return afterWarmup().stream().mapToDouble(Sample::rssMb).max().orElseThrow() - rssAfterWarmupMb();
        }

        /**
         * The highest {@linkplain Sample#beyondJvmMb() resident set less the JVM's non-heap memory} after the warm-up,
         * above where it stood when the warm-up ended: the growth a native leak would show.
         */
        public double maxNativeGrowthMb() {
            List<Sample> s = afterWarmup();
            return s.stream().mapToDouble(Sample::beyondJvmMb).max().orElseThrow() - s.get(0).beyondJvmMb();
        }

        /** How much the JVM's non-heap memory grew from the end of the warm-up to the end of the run. */
        public double nonHeapGrowthMb() {
            return samples.get(samples.size() - 1).nonHeapMb() - afterWarmup().get(0).nonHeapMb();
        }

        /** The least-squares slope of the resident set after the warm-up, MB per 1,000 steps. */
        public double slopeMbPer1000Steps() {
            List<Sample> s = afterWarmup();
            if (s.size() < 2) {
                return 0;
            }
            double mx = s.stream().mapToDouble(Sample::step).average().orElseThrow();
            double my = s.stream().mapToDouble(Sample::rssMb).average().orElseThrow();
            double sxy = 0, sxx = 0;
            for (Sample x : s) {
                sxy += (x.step() - mx) * (x.rssMb() - my);
                sxx += (x.step() - mx) * (x.step() - mx);
            }
            return 1000 * sxy / sxx;
        }

        /**
         * Whether the resident set less the JVM's non-heap memory stayed within {@link #FLAT_MB} MB of where the
         * warm-up left it.
         */
        public boolean flat() {
            return maxNativeGrowthMb() <= FLAT_MB;
        }

        /** One line: the numbers and the reading. */
        public String summary() {
            return String.format(Locale.ROOT, "%s %s, %,d training steps: resident set %.0f MB after the %,d warm-up "
                            + "steps, %.0f MB at the end, at most %+.1f MB above the warm-up's (slope %+.2f MB per 1,000 "
                            + "steps; the JVM's code cache and metaspace %+.1f MB); without them at most %+.1f MB: %s",
                    engine, model, steps, rssAfterWarmupMb(), warmupSteps, rssAtEndMb(), maxGrowthMb(),
                    slopeMbPer1000Steps(), nonHeapGrowthMb(), maxNativeGrowthMb(),
                    flat() ? "flat" : "GROWING (more than " + FLAT_MB + " MB)");
        }

        public static final List<String> COLUMNS = List.of("engine", "model", "step", "rss_mb", "heap_mb",
                "jvm_non_heap_mb");

        /** One CSV line per sample. */
        public List<String> csv() {
            return samples.stream().map(x -> String.format(Locale.ROOT, "%s,%s,%d,%.2f,%.2f,%.2f", engine, model,
                    x.step(), x.rssMb(), x.heapMb(), x.nonHeapMb())).toList();
        }
    }

    /**
     * Runs {@code steps} training steps of {@code model} on the engine called {@code engine} in a new JVM and returns
     * the samples; {@code progress} hears of every tenth of the run.
     *
     * @throws IllegalStateException if the run fails, with the child's last error line
     */
    public static Trace measure(String engine, BenchModel model, Benchmark.Settings s, int steps,
                                Consumer<String> progress) {
        if (steps < 100) {
            throw new IllegalArgumentException("--steps must be >= 100 for a memory trace, got " + steps);
        }
        int every = Math.max(1, steps / 100);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-Xss8m",
                "-Xms" + HEAP, "-Xmx" + HEAP, "-XX:+AlwaysPreTouch",
                "-D" + Engines.THREADS_PROPERTY + "=" + Engines.configuredThreads(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), NativeMemory.class.getName(), engine, model.name(),
                Integer.toString(steps), Integer.toString(every), Integer.toString(s.batch()),
                Integer.toString(s.seqLen()), Integer.toString(s.input()), Integer.toString(s.hidden()),
                Double.toString(s.dropout())));
        Path err = null;
        try {
            err = Files.createTempFile("seqlab-native-memory", ".log");
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            Thread hook = ChildJvms.stopOnShutdown(List.of(p));
            List<Sample> samples = new ArrayList<>();
            try (var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    String[] f = line.split(" ");
                    if (f.length == 5 && f[0].equals(SAMPLE)) {
                        Sample x = new Sample(Integer.parseInt(f[1]), Long.parseLong(f[2]) / 1024.0,
                                Long.parseLong(f[3]) / 1024.0, Long.parseLong(f[4]) / 1024.0);
                        samples.add(x);
                        if (x.step() % (10 * every) == 0) {
                            progress.accept(String.format(Locale.ROOT, "%s %s step %,6d: resident %.1f MB, live heap "
                                    + "%.1f MB, JVM non-heap %.1f MB", engine, model.name(), x.step(), x.rssMb(),
                                    x.heapMb(), x.nonHeapMb()));
                        }
                    }
                }
                p.waitFor(60, TimeUnit.SECONDS);
            } finally {
                ChildJvms.release(List.of(p), hook);
            }
            if (p.exitValue() != 0 || samples.isEmpty()) {
                throw new IllegalStateException("the memory run of " + model.name() + " on " + engine + " failed (exit "
                        + p.exitValue() + "): " + lastLine(err));
            }
            return new Trace(engine, model.name(), steps, steps / 10, samples);
        } catch (IOException e) {
            throw new IllegalStateException("could not run the memory trace: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the memory trace", e);
        } finally {
            if (err != null) {
                try {
                    Files.deleteIfExists(err);
                } catch (IOException e) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank() && !l.contains(" WARN ")).toList();
        return lines.isEmpty() ? "no error output" : lines.get(lines.size() - 1).strip();
    }

    /** Resident set size of this process in kB. */
    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/self/status (the memory trace needs Linux)");
    }

    /**
     * The child: {@code ENGINE MODEL STEPS EVERY BATCH SEQ_LEN INPUT HIDDEN DROPOUT}; prints
     * {@code sample STEP RSS_KB HEAP_KB NON_HEAP_KB} lines.
     */
    public static void main(String[] args) throws IOException {
        ChildJvms.exitWhenParentEnds(1);
        Engine engine = Engines.get(args[0]);
        BenchModel model = BenchModel.byName(args[1]);
        int steps = Integer.parseInt(args[2]), every = Integer.parseInt(args[3]);
        var s = new Benchmark.Settings(Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]),
                Integer.parseInt(args[7]), Double.parseDouble(args[8]), 0, 1, 1);
        Benchmark.Step step = new Benchmark.Step(engine, model, s, true);
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 1; i <= steps; i++) {
            step.run();
            if (i % every == 0) {
                System.gc();
                System.out.println(SAMPLE + " " + i + " " + rssKb() + " " + memory.getHeapMemoryUsage().getUsed() / 1024
                        + " " + memory.getNonHeapMemoryUsage().getCommitted() / 1024);
                System.out.flush();
            }
        }
    }
}
