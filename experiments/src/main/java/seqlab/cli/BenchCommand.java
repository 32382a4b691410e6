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
import seqlab.engine.Engine;
import seqlab.engine.Engines;
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
                + "2-layer bidirectional LSTM/GRU/RNN, a 1-layer LSTM and a 2-layer Transformer encoder on the seed "
                + "configuration (batch 32, length 50, input 100, hidden 128, dropout 0.3), engines interleaved in one "
                + "process; writes a CSV.")
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--engines", split = ",", paramLabel = "NAME[,NAME]",
            description = "Engines to compare (default: every available engine).")
    List<String> engines;

    @Option(names = "--quick", description = "Fewer repeats and no scaling run (under 3 minutes on 2 cores).")
    boolean quick;

    @Option(names = "--scaling", description = "Run the scaling run even with --quick.")
    boolean scaling;

    @Option(names = "--models", split = ",", paramLabel = "MODEL[,MODEL]",
            description = "Models: bilstm, bigru, birnn, lstm, transformer (default: all).")
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
        Path csv = out != null ? out
                : Path.of("reports", "bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss")) + ".csv");
        try {
            List<String> names = engines != null ? engines : referenceFirst(Engines.available());
            for (String n : names) {
                Engine e = Engines.get(n.trim());
                if (!chosen.contains(e)) {
                    chosen.add(e);
                }
            }
            for (String m : models != null ? models : BenchModel.ALL.stream().map(BenchModel::name).toList()) {
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

        System.out.println("seqlab bench: " + machine());
        for (Engine e : chosen) {
            System.out.println("  engine " + e.name() + " " + e.version());
        }
        System.out.printf(Locale.ROOT, "  shape: batch %d, length %d, input %d, hidden %d, dropout %.1f; %d warm-up rounds, %d repeats%n",
                settings.batch(), settings.seqLen(), settings.input(), settings.hidden(), settings.dropout(),
                settings.warmup(), settings.reps());
        long start = System.nanoTime();
        Benchmark bench = new Benchmark(chosen, line -> System.out.println("  " + line));
        Map<String, Double> peak = bench.matmulPeak(settings.matmulSize(), settings.warmup(), settings.reps());
        List<BenchRow> rows = new ArrayList<>();
        for (BenchModel m : chosenModels) {
            for (String p : phases != null ? phases : Benchmark.PHASES) {
                rows.addAll(bench.run(m, settings, p));
            }
        }
        List<BenchRow> scalingRows = new ArrayList<>();
        List<BenchRow> longRows = new ArrayList<>();
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
            for (int t : longLengths) {
                longRows.addAll(bench.run(BenchModel.PEEPHOLE, sc.withShape(settings.batch(), t), "train"));
            }
        }

        System.out.println();
        System.out.print(TextTables.format(table("bench", rows, peak)));
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
            sb.append(relabel(r, "scaling-train").csv()).append('\n');
        }
        for (BenchRow r : longRows) {
            sb.append(relabel(r, "long-train").csv()).append('\n');
        }
        AtomicFiles.writeString(csv, sb.toString());
        System.out.println();
        System.out.printf(Locale.ROOT, "Wrote %s (%d rows) in %.0f s%n", csv,
                rows.size() + scalingRows.size() + longRows.size(),
                (System.nanoTime() - start) / 1e9);
        return 0;
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

    /** Scaling and long-sequence rows go to the CSV under their own phase name, never mixing with the main table's. */
    private static BenchRow relabel(BenchRow r, String phase) {
        return new BenchRow(r.engine(), r.model(), phase, r.batch(), r.seqLen(), r.input(), r.hidden(),
                r.layers(), r.bidirectional(), r.msMedian(), r.msMin(), r.msMax(), r.tokensPerS(), r.gflops(),
                r.peakHeapMb());
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

    private static Table table(String name, List<BenchRow> rows, Map<String, Double> peak) {
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
                DoubleColumn.create("pct_of_matmul_peak", rows.stream().mapToDouble(r ->
                        100 * r.gflops() / peak.getOrDefault(r.engine(), Double.NaN))),
                DoubleColumn.create("peak_heap_mb", rows.stream().mapToDouble(BenchRow::peakHeapMb)));
        return t;
    }

    private static Table scalingTable(List<BenchRow> rows) {
        Table t = Table.create("scaling: training step of the seed model (bilstm)");
        t.addColumns(StringColumn.create("engine", rows.stream().map(BenchRow::engine)),
                IntColumn.create("batch", rows.stream().mapToInt(BenchRow::batch).toArray()),
                IntColumn.create("seq_len", rows.stream().mapToInt(BenchRow::seqLen).toArray()),
                DoubleColumn.create("ms_median", rows.stream().mapToDouble(BenchRow::msMedian)),
                DoubleColumn.create("us_per_token", rows.stream().mapToDouble(r -> 1e3 * r.msMedian() / (r.batch() * r.seqLen()))),
                DoubleColumn.create("gflops", rows.stream().mapToDouble(BenchRow::gflops)),
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
