package seqlab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import seqlab.bench.BenchModel;
import seqlab.bench.BenchRow;
import seqlab.bench.Benchmark;
import seqlab.bench.NativeMemory;
import seqlab.bench.Neighbours;
import seqlab.bench.SpiOverhead;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.engine.pytorch.OpenMp;
import seqlab.engine.pytorch.PyTorchEngine;
import seqlab.plot.TextTables;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import seqlab.io.AtomicFiles;

/**
 * {@code ./seqlab bench}: times the seed configuration and its neighbours on each engine ({@link Benchmark}), prints
 * the table, each engine's time relative to the reference engine and each engine's measured matmul peak, and writes
 * the rows as CSV. Without {@code --quick} (or with {@code --scaling}) it adds the scaling run: training-step time
 * and live heap of the seed model over sequence lengths and batch sizes, and the long-sequence run: a training step
 * of a peephole LSTM (composed from ops on every engine) at lengths 500, 1000 and 2000, whose time per step shows
 * whether backward stays linear in the length.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark the engines: forward (inference) and one training step (forward, backward, Adam) of a "
                + "2-layer bidirectional LSTM/GRU/RNN, a 1-layer LSTM, peephole LSTM and CIFG LSTM, a 2-layer causal "
                + "CNN and a 2-layer Transformer encoder on the seed configuration (batch 32, length 50, input 100, "
                + "hidden 128, dropout 0.3), engines interleaved in one process; each row's share of the engine's "
                + "matmul peak; writes a CSV.")
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    DeviceOption device;

    @Option(names = "--engines", split = ",", paramLabel = "NAME[,NAME]",
            description = "Engines to compare (default: every available engine).")
    List<String> engines;

    @Option(names = "--quick", description = "Fewer repeats and no scaling run (under 3 minutes on 2 cores).")
    boolean quick;

    @Option(names = "--scaling", description = "Run the scaling run even with --quick.")
    boolean scaling;

    @Option(names = "--models", split = ",", paramLabel = "MODEL[,MODEL]",
            description = "Models: bilstm, bigru, birnn, lstm, peephole, cifg, cnn, transformer (default: all).")
    List<String> models;

    @Option(names = "--phases", split = ",", paramLabel = "PHASE[,PHASE]",
            description = "forward (inference), train (one training step) or both (default: both).")
    List<String> phases;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "CSV file to write (default: reports/bench-<date-time>.csv).")
    Path out;

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed rounds before the repeats (default: 2 quick, 5).")
    Integer warmup;

    @Option(names = "--reps", paramLabel = "N", description = "Timed repeats; the median is reported (default: 5 quick, 15).")
    Integer reps;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "N", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seq-len", defaultValue = "50", paramLabel = "T", description = "Sequence length (default: ${DEFAULT-VALUE}).")
    int seqLen;

    @Option(names = "--input", defaultValue = "100", paramLabel = "N", description = "Input features (default: ${DEFAULT-VALUE}).")
    int input;

    @Option(names = "--hidden", defaultValue = "128", paramLabel = "N",
            description = "Hidden size, the Transformer's width (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--matmul-size", defaultValue = "1024", paramLabel = "N",
            description = "Side of the square product timed for the matmul peak (default: ${DEFAULT-VALUE}).")
    int matmulSize;

    @Option(names = "--scaling-lengths", split = ",", defaultValue = "50,100,200,400,800", paramLabel = "T[,T]",
            description = "Sequence lengths of the scaling run, at --batch (default: ${DEFAULT-VALUE}).")
    List<Integer> scalingLengths;

    @Option(names = "--scaling-batches", split = ",", defaultValue = "1,8,32,128", paramLabel = "B[,B]",
            description = "Batch sizes of the scaling run, at --seq-len (default: ${DEFAULT-VALUE}).")
    List<Integer> scalingBatches;

    @Option(names = "--transformer-lengths", split = ",", defaultValue = "50,100,200,400", paramLabel = "T[,T]",
            description = "Sequence lengths of the Transformer's scaling run (part of the scaling run): a training step "
                    + "at --batch, whose time per token grows with the length through attention (default: "
                    + "${DEFAULT-VALUE}).")
    List<Integer> transformerLengths;

    @Option(names = "--neighbours", defaultValue = "0", paramLabel = "N",
            description = "Start N busy processes (one spinning thread each) for the whole run and stop them at the end, "
                    + "to measure the engines on a busy machine (default: ${DEFAULT-VALUE}).")
    int neighbours;

    @Option(names = "--spi-overhead", description = "Instead of the model table: what seqlab's engine SPI costs over "
            + "calling LibTorch through DJL directly, for the same op sequence (a composed LSTM, an MLP), on the pytorch "
            + "engine; writes its own CSV.")
    boolean spiOverhead;

    @Option(names = "--native-memory", description = "Instead of the model table: the resident memory of --steps "
            + "training steps of each of --models (default lstm) on each of --engines (default pytorch), in a JVM of "
            + "its own with a fixed heap; says whether it stays flat after warm-up; writes its own CSV.")
    boolean nativeMemory;

    @Option(names = "--steps", paramLabel = "N", description = "Training steps of --native-memory (default: 10000; "
            + "1000 with --quick).")
    Integer steps;

    @Option(names = "--long-lengths", split = ",", defaultValue = "500,1000,2000", paramLabel = "T[,T]",
            description = "Sequence lengths of the long-sequence run (part of the scaling run): a training step of a "
                    + "peephole LSTM (LibTorch composes it from ops step by step, the reference engine fuses it), at "
                    + "--batch; its time per step "
                    + "stays flat when backward is linear in the length (default: ${DEFAULT-VALUE}).")
    List<Integer> longLengths;

    @Override
    public Integer call() throws IOException {
        List<Engine> chosen = new ArrayList<>();
        List<BenchModel> chosenModels = new ArrayList<>();
        Benchmark.Settings settings;
        if (out != null && out.toString().isBlank()) {
            throw new ParameterException(spec.commandLine(), "--out is empty; name the CSV file to write");
        }
        String mode = spiOverhead ? "spi-overhead" : nativeMemory ? "native-memory" : null;
        Path csv = out != null ? out
                : Path.of("reports", "bench-" + (mode == null ? "" : mode + "-")
                        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss")) + ".csv");
        try {
            checkModeOptions(mode);
            List<String> names = engines != null ? engines : mode != null ? List.of(PyTorchEngine.NAME)
                    : referenceFirst(Engines.available());
            for (String n : names) {
                Engine e = Engines.get(n.trim());
                if (!chosen.contains(e)) {
                    chosen.add(e);
                }
            }
            if (spiOverhead && !chosen.stream().allMatch(e -> e.name().equals(PyTorchEngine.NAME))) {
                throw new IllegalArgumentException("--spi-overhead compares the pytorch engine with LibTorch called "
                        + "directly; use --engines pytorch (or leave --engines out)");
            }
            if (steps != null && steps < 100) {
                throw new IllegalArgumentException("--steps must be >= 100, got " + steps);
            }
            device.apply(chosen.stream().map(Engine::name).toList());
            List<String> defaultModels = nativeMemory ? List.of(BenchModel.LSTM.name())
                    : BenchModel.ALL.stream().map(BenchModel::name).toList();
            for (String m : models != null ? models : defaultModels) {
                chosenModels.add(BenchModel.byName(m));
            }
            for (String p : phases != null ? phases : List.<String>of()) {
                if (!Benchmark.PHASES.contains(p)) {
                    throw new IllegalArgumentException("Unknown phase '" + p + "'; use " + String.join(", ", Benchmark.PHASES));
                }
            }
            settings = new Benchmark.Settings(batch, seqLen, input, hidden, 0.3,
                    warmup != null ? warmup : quick ? 2 : 5, reps != null ? reps : quick ? 5 : 15, matmulSize);
            for (int v : scalingLengths) {
                positive("--scaling-lengths", v);
            }
            for (int v : scalingBatches) {
                positive("--scaling-batches", v);
            }
            for (int v : longLengths) {
                positive("--long-lengths", v);
            }
            for (int v : transformerLengths) {
                positive("--transformer-lengths", v);
            }
            if (neighbours < 0 || neighbours > Neighbours.MAX) {
                throw new IllegalArgumentException("--neighbours must be between 0 and " + Neighbours.MAX + ", got "
                        + neighbours);
            }
            OpenMp.waitPolicyToStart(); // a wait policy libgomp would ignore is an error before any work
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        try {
            Path parent = csv.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            if (Files.isDirectory(csv) || (Files.exists(csv) && !Files.isWritable(csv)) || !Files.isWritable(parent)) {
                throw new IOException("not a writable file");
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new ParameterException(spec.commandLine(), "Cannot write the CSV to " + csv + ": " + e.getFile()
                    + " is a file, not a folder; choose another file with --out");
        } catch (IOException | SecurityException e) {
            throw new ParameterException(spec.commandLine(), "Cannot write the CSV to " + csv + " (" + e.getMessage()
                    + "); choose another file with --out");
        }

        BenchRow.Conditions conditions = new BenchRow.Conditions(Engines.configuredThreads(), neighbours,
                System.getenv(OpenMp.WAIT_POLICY) == null ? "unset" : OpenMp.waitPolicyToStart());
        if (mode != null) {
            return runMode(chosen, chosenModels, settings, csv);
        }
        System.out.println("seqlab bench: " + machine());
        for (Engine e : chosen) {
            System.out.println("  engine " + e.name() + " " + e.version() + " on " + e.defaultDevice());
        }
        System.out.printf(Locale.ROOT, "  shape: batch %d, length %d, input %d, hidden %d, dropout %.1f; %d warm-up rounds, %d repeats%n",
                settings.batch(), settings.seqLen(), settings.input(), settings.hidden(), settings.dropout(),
                settings.warmup(), settings.reps());
        System.out.printf(Locale.ROOT, "  load: %d thread(s) per op; %s; load average %.2f before the run%n",
                conditions.threads(), OpenMp.describe(), loadAverage());
        long start = System.nanoTime();
        List<BenchRow> rows = new ArrayList<>();
        List<BenchRow> scalingRows = new ArrayList<>();
        List<BenchRow> longRows = new ArrayList<>();
        Map<String, Double> peak;
        String neighbourLine = "";
        try (Neighbours busy = Neighbours.start(neighbours)) {
            if (neighbours > 0) {
                System.out.println("  neighbours: " + neighbours + " busy process(es) started, pids " + busy.pids());
            }
            Benchmark bench = new Benchmark(chosen, conditions, line -> System.out.println("  " + line));
            peak = bench.matmulPeak(settings.matmulSize(), settings.warmup(), settings.reps());
            for (BenchModel m : chosenModels) {
                for (String p : phases != null ? phases : Benchmark.PHASES) {
                    rows.addAll(bench.run(m, settings, p));
                }
            }
            if (!quick || scaling) {
                Benchmark.Settings sc = new Benchmark.Settings(settings.batch(), settings.seqLen(), settings.input(),
                        settings.hidden(), settings.dropout(), Math.min(1, settings.warmup()), Math.min(3, settings.reps()),
                        settings.matmulSize());
                for (int t : scalingLengths) {
                    scalingRows.addAll(bench.run(BenchModel.BILSTM, sc.withShape(settings.batch(), t), "train"));
                }
                for (int b : scalingBatches) {
                    scalingRows.addAll(bench.run(BenchModel.BILSTM, sc.withShape(b, settings.seqLen()), "train"));
                }
                for (int t : transformerLengths) {
                    scalingRows.addAll(bench.run(BenchModel.TRANSFORMER, sc.withShape(settings.batch(), t), "train"));
                }
                for (int t : longLengths) {
                    longRows.addAll(bench.run(BenchModel.PEEPHOLE, sc.withShape(settings.batch(), t), "train"));
                }
            }
            if (neighbours > 0) {
                neighbourLine = String.format(Locale.ROOT, "neighbours: %d busy process(es) used %.0f CPU seconds in "
                        + "%.0f s (%.2f cores); load average %.2f at the end; stopped", neighbours, busy.cpuSeconds(),
                        busy.wallSeconds(), busy.cpuSeconds() / busy.wallSeconds(), loadAverage());
            }
        }

        System.out.println();
        System.out.print(TextTables.format(table("bench", rows)));
        if (!scalingRows.isEmpty()) {
            System.out.println();
            System.out.print(TextTables.format(scalingTable(scalingRows)));
        }
        if (!longRows.isEmpty()) {
            System.out.println();
            System.out.print(TextTables.format(longTable(longRows)));
        }
        System.out.println();
        System.out.print(TextTables.format(peakTable(peak)));
        Table ratios = ratioTable(rows);
        if (ratios.rowCount() > 0) {
            System.out.println();
            System.out.print(TextTables.format(ratios));
        }
        StringBuilder sb = new StringBuilder(String.join(",", BenchRow.COLUMNS)).append('\n');
        for (BenchRow r : rows) {
            sb.append(r.csv()).append('\n');
        }
        for (BenchRow r : scalingRows) {
            sb.append(r.withPhase("scaling-train").csv()).append('\n');
        }
        for (BenchRow r : longRows) {
            sb.append(r.withPhase("long-train").csv()).append('\n');
        }
        AtomicFiles.writeString(csv, sb.toString());
        System.out.println();
        if (!neighbourLine.isEmpty()) {
            System.out.println(neighbourLine);
        }
        System.out.printf(Locale.ROOT, "Wrote %s (%d rows) in %.0f s%n", csv,
                rows.size() + scalingRows.size() + longRows.size(),
                (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /** The options of the model table that a mode has no use for, and those only a mode uses: each an error. */
    private void checkModeOptions(String mode) {
        var parsed = spec.commandLine().getParseResult();
        if (spiOverhead && nativeMemory) {
            throw new IllegalArgumentException("--spi-overhead and --native-memory are separate runs; choose one");
        }
        List<String> tableOnly = List.of("--scaling", "--phases", "--scaling-lengths", "--scaling-batches",
                "--transformer-lengths", "--long-lengths", "--matmul-size");
        for (String o : tableOnly) {
            if (mode != null && parsed.hasMatchedOption(o)) {
                throw new IllegalArgumentException(o + " does not apply to --" + mode);
            }
        }
        if (spiOverhead) {
            for (String o : List.of("--models", "--batch", "--seq-len", "--input", "--hidden")) {
                if (parsed.hasMatchedOption(o)) {
                    throw new IllegalArgumentException(o + " does not apply to --spi-overhead, whose workloads have "
                            + "fixed shapes");
                }
            }
        }
        if (!nativeMemory && parsed.hasMatchedOption("--steps")) {
            throw new IllegalArgumentException("--steps applies to --native-memory only");
        }
        if (nativeMemory && (parsed.hasMatchedOption("--warmup") || parsed.hasMatchedOption("--reps"))) {
            throw new IllegalArgumentException("--native-memory runs --steps training steps; --warmup and --reps do not "
                    + "apply (the first tenth of the steps is its warm-up)");
        }
    }

    /** {@code --spi-overhead} or {@code --native-memory}, beside the neighbours asked for. */
    private int runMode(List<Engine> chosen, List<BenchModel> chosenModels, Benchmark.Settings settings, Path csv)
            throws IOException {
        System.out.println("seqlab bench: " + machine());
        System.out.printf(Locale.ROOT, "  load: %d thread(s) per op; %s; load average %.2f before the run%n",
                Engines.configuredThreads(), OpenMp.describe(), loadAverage());
        long start = System.nanoTime();
        StringBuilder sb = new StringBuilder();
        String neighbourLine = "";
        try (Neighbours busy = Neighbours.start(neighbours)) {
            if (neighbours > 0) {
                System.out.println("  neighbours: " + neighbours + " busy process(es) started, pids " + busy.pids());
            }
            if (spiOverhead) {
                int w = warmup != null ? warmup : quick ? 20 : 50, r = reps != null ? reps : quick ? 30 : 100;
                System.out.printf(Locale.ROOT, "  SPI overhead on %s: %d warm-up rounds, %d repeats, interleaved%n",
                        chosen.get(0).version(), w, r);
                List<SpiOverhead.Result> results = SpiOverhead.run(chosen.get(0), w, r, l -> System.out.println("  " + l));
                System.out.println();
                System.out.print(TextTables.format(spiTable(results)));
                sb.append(String.join(",", SpiOverhead.Result.COLUMNS)).append('\n');
                results.forEach(x -> sb.append(x.csv()).append('\n'));
            } else {
                int n = steps != null ? steps : quick ? 1_000 : 10_000;
                System.out.printf(Locale.ROOT, "  native memory: %,d training steps each, batch %d, length %d, input %d, "
                        + "hidden %d, in a JVM with a fixed %s heap%n", n, settings.batch(), settings.seqLen(),
                        settings.input(), settings.hidden(), NativeMemory.HEAP);
                sb.append(String.join(",", NativeMemory.Trace.COLUMNS)).append('\n');
                List<NativeMemory.Trace> traces = new ArrayList<>();
                for (Engine e : chosen) {
                    for (BenchModel m : chosenModels) {
                        NativeMemory.Trace t = NativeMemory.measure(e.name(), m, settings, n,
                                l -> System.out.println("  " + l));
                        traces.add(t);
                        t.csv().forEach(line -> sb.append(line).append('\n'));
                    }
                }
                System.out.println();
                for (NativeMemory.Trace t : traces) {
                    System.out.print(TextTables.format(memoryTable(t)));
                    System.out.println(t.summary());
                    System.out.println();
                }
            }
            if (neighbours > 0) {
                neighbourLine = String.format(Locale.ROOT, "neighbours: %d busy process(es) used %.0f CPU seconds in "
                        + "%.0f s (%.2f cores); load average %.2f at the end; stopped", neighbours, busy.cpuSeconds(),
                        busy.wallSeconds(), busy.cpuSeconds() / busy.wallSeconds(), loadAverage());
            }
        }
        AtomicFiles.writeString(csv, sb.toString());
        System.out.println();
        if (!neighbourLine.isEmpty()) {
            System.out.println(neighbourLine);
        }
        System.out.printf(Locale.ROOT, "Wrote %s in %.0f s%n", csv, (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private static Table spiTable(List<SpiOverhead.Result> results) {
        Table t = Table.create("engine SPI over LibTorch called through DJL, same ops (median CPU ms per iteration, "
                + "one thread)");
        t.addColumns(StringColumn.create("workload", results.stream().map(SpiOverhead.Result::workload)),
                IntColumn.create("forward_ops", results.stream().mapToInt(SpiOverhead.Result::ops).toArray()),
                DoubleColumn.create("seqlab_cpu_ms", results.stream().mapToDouble(SpiOverhead.Result::seqlabMs)),
                DoubleColumn.create("djl_cpu_ms", results.stream().mapToDouble(SpiOverhead.Result::rawMs)),
                DoubleColumn.create("overhead_pct", results.stream().mapToDouble(SpiOverhead.Result::overheadPct)),
                DoubleColumn.create("us_per_op", results.stream().mapToDouble(SpiOverhead.Result::usPerOp)),
                DoubleColumn.create("max_grad_diff", results.stream().mapToDouble(SpiOverhead.Result::gradientDifference)));
        return t;
    }

    /** Every tenth of a memory trace's samples. */
    private static Table memoryTable(NativeMemory.Trace trace) {
        List<NativeMemory.Sample> s = trace.samples();
        int stride = Math.max(1, s.size() / 10);
        List<NativeMemory.Sample> shown = new ArrayList<>();
        for (int i = stride - 1; i < s.size(); i += stride) {
            shown.add(s.get(i));
        }
        Table t = Table.create("resident memory: " + trace.engine() + " " + trace.model());
        t.addColumns(IntColumn.create("step", shown.stream().mapToInt(NativeMemory.Sample::step).toArray()),
                DoubleColumn.create("rss_mb", shown.stream().mapToDouble(NativeMemory.Sample::rssMb)),
                DoubleColumn.create("live_heap_mb", shown.stream().mapToDouble(NativeMemory.Sample::heapMb)),
                DoubleColumn.create("jvm_non_heap_mb", shown.stream().mapToDouble(NativeMemory.Sample::nonHeapMb)));
        return t;
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void positive(String option, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(option + " values must be >= 1, got " + v);
        }
    }

    private static List<String> referenceFirst(List<String> names) {
        List<String> out = new ArrayList<>(names);
        if (out.remove("reference")) {
            out.add(0, "reference");
        }
        return out;
    }

    static String machine() {
        String cpu = "";
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    cpu = l.substring(l.indexOf(':') + 1).trim() + ", ";
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            cpu = "";
        }
        return String.format(Locale.ROOT, "%s%d cores, Java %s, max heap %d MB", cpu,
                Runtime.getRuntime().availableProcessors(), Runtime.version(), Runtime.getRuntime().maxMemory() >> 20);
    }

    private static Table table(String name, List<BenchRow> rows) {
        Table t = Table.create(name);
        t.addColumns(StringColumn.create("engine", rows.stream().map(BenchRow::engine)),
                StringColumn.create("model", rows.stream().map(BenchRow::model)),
                StringColumn.create("phase", rows.stream().map(BenchRow::phase)),
                IntColumn.create("layers", rows.stream().mapToInt(BenchRow::layers).toArray()),
                BooleanColumn.create("bidir", rows.stream().map(BenchRow::bidirectional).toList()),
                DoubleColumn.create("ms_median", rows.stream().mapToDouble(BenchRow::msMedian)),
                DoubleColumn.create("ms_min", rows.stream().mapToDouble(BenchRow::msMin)),
                DoubleColumn.create("ms_max", rows.stream().mapToDouble(BenchRow::msMax)),
                DoubleColumn.create("tokens_per_s", rows.stream().mapToDouble(r -> Math.round(r.tokensPerS()))),
                DoubleColumn.create("gflops", rows.stream().mapToDouble(BenchRow::gflops)),
                DoubleColumn.create("pct_of_peak", rows.stream().mapToDouble(BenchRow::pctOfPeak)),
                DoubleColumn.create("peak_heap_mb", rows.stream().mapToDouble(BenchRow::peakHeapMb)));
        return t;
    }

    private static Table scalingTable(List<BenchRow> rows) {
        Table t = Table.create("scaling: training step of the seed model (bilstm) and of the Transformer");
        t.addColumns(StringColumn.create("engine", rows.stream().map(BenchRow::engine)),
                StringColumn.create("model", rows.stream().map(BenchRow::model)),
                IntColumn.create("batch", rows.stream().mapToInt(BenchRow::batch).toArray()),
                IntColumn.create("seq_len", rows.stream().mapToInt(BenchRow::seqLen).toArray()),
                DoubleColumn.create("ms_median", rows.stream().mapToDouble(BenchRow::msMedian)),
                DoubleColumn.create("us_per_token", rows.stream().mapToDouble(r -> 1e3 * r.msMedian() / (r.batch() * r.seqLen()))),
                DoubleColumn.create("gflops", rows.stream().mapToDouble(BenchRow::gflops)),
                DoubleColumn.create("pct_of_peak", rows.stream().mapToDouble(BenchRow::pctOfPeak)),
                DoubleColumn.create("peak_heap_mb", rows.stream().mapToDouble(BenchRow::peakHeapMb)),
                DoubleColumn.create("kb_per_token", rows.stream().mapToDouble(r -> 1024 * r.peakHeapMb() / (r.batch() * r.seqLen()))));
        return t;
    }

    private static Table longTable(List<BenchRow> rows) {
        Table t = Table.create("long sequences: training step of a peephole LSTM, composed from ops on every engine");
        t.addColumns(StringColumn.create("engine", rows.stream().map(BenchRow::engine)),
                IntColumn.create("batch", rows.stream().mapToInt(BenchRow::batch).toArray()),
                IntColumn.create("seq_len", rows.stream().mapToInt(BenchRow::seqLen).toArray()),
                DoubleColumn.create("ms_median", rows.stream().mapToDouble(BenchRow::msMedian)),
                DoubleColumn.create("ms_per_step", rows.stream().mapToDouble(r -> r.msMedian() / r.seqLen())),
                DoubleColumn.create("gflops", rows.stream().mapToDouble(BenchRow::gflops)),
                DoubleColumn.create("pct_of_peak", rows.stream().mapToDouble(BenchRow::pctOfPeak)),
                DoubleColumn.create("peak_heap_mb", rows.stream().mapToDouble(BenchRow::peakHeapMb)),
                DoubleColumn.create("kb_per_step", rows.stream().mapToDouble(r -> 1024 * r.peakHeapMb() / r.seqLen())));
        return t;
    }

    private static Table peakTable(Map<String, Double> peak) {
        Table t = Table.create("matmul peak (median GFLOP/s of an n x n x n product)");
        t.addColumns(StringColumn.create("engine", peak.keySet()),
                DoubleColumn.create("gflops", peak.values().stream().mapToDouble(Double::doubleValue)));
        return t;
    }

    /** Each other engine's median time over the reference engine's, per model and phase. */
    static Table ratioTable(List<BenchRow> rows) {
        Map<String, BenchRow> ref = new LinkedHashMap<>();
        for (BenchRow r : rows) {
            if (r.engine().equals("reference")) {
                ref.put(r.model() + "/" + r.phase(), r);
            }
        }
        StringColumn model = StringColumn.create("model"), phase = StringColumn.create("phase"),
                engine = StringColumn.create("engine");
        DoubleColumn ratio = DoubleColumn.create("time_vs_reference");
        StringColumn verdict = StringColumn.create("reading");
        for (BenchRow r : rows) {
            BenchRow base = ref.get(r.model() + "/" + r.phase());
            if (base == null || r.engine().equals("reference")) {
                continue;
            }
            double x = r.msMedian() / base.msMedian();
            model.append(r.model());
            phase.append(r.phase());
            engine.append(r.engine());
            ratio.append(x);
            verdict.append(x >= 1 ? String.format(Locale.ROOT, "reference %.2fx faster", x)
                    : String.format(Locale.ROOT, "%s %.2fx faster", r.engine(), 1 / x));
        }
        return Table.create("time relative to the reference engine").addColumns(model, phase, engine, ratio, verdict);
    }
}
