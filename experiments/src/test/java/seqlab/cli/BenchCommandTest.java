package seqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import seqlab.bench.BenchModel;
import seqlab.bench.BenchRow;

/** {@code ./seqlab bench} on tiny shapes: the CSV's columns and rows, and argument errors. No timing is asserted. */
class BenchCommandTest {
    private static final String[] TINY = {"bench", "--engines", "reference", "--batch", "2", "--seq-len", "3", "--input",
            "5", "--hidden", "8", "--warmup", "0", "--reps", "2", "--matmul-size", "16", "--quick"};

    private static int run(List<String> args, StringBuilder out, StringBuilder err) {
        PrintStream o = System.out, e = System.err;
        var ob = new ByteArrayOutputStream();
        var eb = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(ob, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(eb, true, StandardCharsets.UTF_8));
            return Main.run(args.toArray(new String[0]));
        } finally {
            System.setOut(o);
            System.setErr(e);
            out.append(ob.toString(StandardCharsets.UTF_8));
            err.append(eb.toString(StandardCharsets.UTF_8));
        }
    }

    /** Runs a command that must succeed (its error output is the failure message) and returns its output. */
    private static String runOk(List<String> args) {
        var out = new StringBuilder();
        var err = new StringBuilder();
        assertEquals(0, run(args, out, err), err.toString());
        return out.toString();
    }

    /** Each of {@code bad} (after {@code bench --out csv}) exits with 2 and an error containing its {@code expect}. */
    private static void assertArgumentErrors(String csv, String[][] bad, String[] expect) {
        assertEquals(bad.length, expect.length);
        for (int i = 0; i < bad.length; i++) {
            List<String> a = new ArrayList<>(List.of("bench", "--out", csv));
            a.addAll(List.of(bad[i]));
            var out = new StringBuilder();
            var err = new StringBuilder();
            assertEquals(2, run(a, out, err), String.join(" ", a) + "\n" + err);
            assertTrue(err.toString().contains(expect[i]), err.toString());
        }
    }

    private static List<String> tiny(String... more) {
        List<String> a = new ArrayList<>(List.of(TINY));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void tinyRunWritesTheHeaderAndARowForEveryModelAndPhase(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("sub/bench.csv");
        var out = new StringBuilder();
        var err = new StringBuilder();
        assertEquals(0, run(tiny("--out", csv.toString()), out, err), err.toString());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("engine,model,phase,batch,seq_len,input,hidden,layers,bidirectional,ms_median,ms_min,ms_max,"
                + "tokens_per_s,gflops,pct_of_peak,peak_heap_mb,threads,neighbours,omp_wait_policy", lines.get(0));
        assertEquals(String.join(",", BenchRow.COLUMNS), lines.get(0));
        Set<String> seen = new HashSet<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split(",", -1);
            assertEquals(BenchRow.COLUMNS.size(), c.length, l);
            assertEquals("reference", c[0]);
            assertEquals("2", c[3]);
            assertEquals("3", c[4]);
            double median = Double.parseDouble(c[9]), min = Double.parseDouble(c[10]), max = Double.parseDouble(c[11]);
            assertTrue(min <= median && median <= max && min > 0, l);
            assertTrue(Double.parseDouble(c[12]) > 0 && Double.parseDouble(c[13]) >= 0, l);
            assertTrue(Double.parseDouble(c[14]) >= 0, l); // the share of the matmul peak measured in this run
            assertTrue(Double.parseDouble(c[15]) >= 0, l);
            assertEquals(Integer.toString(seqlab.engine.Engines.configuredThreads()), c[16]);
            assertEquals("0", c[17]);
            assertEquals(System.getenv("OMP_WAIT_POLICY") == null ? "unset"
                    : System.getenv("OMP_WAIT_POLICY").toUpperCase(java.util.Locale.ROOT), c[18]);
            seen.add(c[1] + "/" + c[2]);
        }
        for (BenchModel m : BenchModel.ALL) {
            assertTrue(seen.contains(m.name() + "/forward"), m.name() + " forward missing: " + seen);
            assertTrue(seen.contains(m.name() + "/train"), m.name() + " train missing: " + seen);
        }
        assertEquals(2 * BenchModel.ALL.size(), lines.size() - 1, "no scaling rows with --quick");
        String text = out.toString();
        assertTrue(text.contains("bench (16 rows)") && text.contains("matmul peak") && text.contains("pct_of_peak"), text);
    }

    @Test
    void scalingFlagAddsTrainingRowsForEachLengthAndBatch(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("s.csv");
        var out = new StringBuilder();
        var err = new StringBuilder();
        int rc = run(tiny("--models", "lstm", "--scaling", "--scaling-lengths", "2,4", "--scaling-batches", "1,3",
                "--transformer-lengths", "5", "--long-lengths", "3,6", "--out", csv.toString()), out, err);
        assertEquals(0, rc, err.toString());
        List<String> scaling = Files.readAllLines(csv).stream().filter(l -> l.contains(",scaling-train,")).toList();
        assertEquals(List.of("bilstm 2/2", "bilstm 2/4", "bilstm 1/3", "bilstm 3/3", "transformer 2/5"),
                scaling.stream().map(l -> {
                    String[] c = l.split(",");
                    return c[1] + " " + c[3] + "/" + c[4];
                }).toList());
        assertTrue(out.toString().contains("scaling"), out.toString());
        List<String> longRows = Files.readAllLines(csv).stream().filter(l -> l.contains(",long-train,")).toList();
        assertEquals(List.of("peephole/3", "peephole/6"), longRows.stream().map(l -> {
            String[] c = l.split(",");
            return c[1] + "/" + c[4];
        }).toList());
        assertTrue(out.toString().contains("long sequences"), out.toString());
    }

    @Test
    void neighboursRunBesideTheMeasurementAndAreRecorded(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("n.csv");
        String out = runOk(tiny("--models", "lstm", "--phases", "forward", "--neighbours", "1", "--out", csv.toString()));
        List<String> lines = Files.readAllLines(csv);
        assertEquals(2, lines.size());
        assertEquals("1", lines.get(1).split(",", -1)[17]);
        assertTrue(out.contains("neighbours: 1 busy process(es) used"), out);
    }

    @Test
    void spiOverheadTimesBothSidesOfTheSameComputation(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("spi.csv");
        String out = runOk(List.of("bench", "--spi-overhead", "--warmup", "1", "--reps", "2", "--out", csv.toString()));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("workload,ops,seqlab_cpu_ms,djl_cpu_ms,overhead_pct,us_per_op,max_gradient_difference",
                lines.get(0));
        assertEquals(List.of("lstm-steps", "mlp"), lines.subList(1, lines.size()).stream().map(l -> l.split(",")[0]).toList());
        for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split(",");
            assertTrue(Double.parseDouble(c[2]) > 0 && Double.parseDouble(c[3]) > 0, l);
            // the same LibTorch calls in the same order: the same gradients, to the bit
            assertEquals(0.0, Double.parseDouble(c[6]), l);
        }
        assertTrue(out.contains("engine SPI over LibTorch"), out);
    }

    @Test
    void nativeMemoryTracesTheResidentSetOfAChildJvm(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("mem.csv");
        String out = runOk(List.of("bench", "--native-memory", "--steps", "100", "--models", "lstm", "--batch", "2",
                "--seq-len", "3", "--input", "5", "--hidden", "8", "--out", csv.toString()));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("engine,model,step,rss_mb,heap_mb,jvm_non_heap_mb", lines.get(0));
        assertEquals(101, lines.size(), "a sample after each of the 100 steps");
        for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split(",");
            assertEquals("pytorch", c[0]);
            assertTrue(Double.parseDouble(c[3]) > 256, l + ": the child's pre-touched 512 MB heap is resident");
        }
        assertTrue(out.contains("pytorch lstm, 100 training steps: resident set"), out);
    }

    @Test
    void modesRefuseWhatDoesNotApplyToThem(@TempDir Path dir) {
        String csv = dir.resolve("x.csv").toString();
        String[][] bad = {
            {"--spi-overhead", "--native-memory"},
            {"--spi-overhead", "--scaling"},
            {"--spi-overhead", "--engines", "reference"},
            {"--spi-overhead", "--hidden", "64"},
            {"--native-memory", "--reps", "3"},
            {"--native-memory", "--steps", "50"},
            {"--steps", "200"},
        };
        String[] expect = {"choose one", "--scaling does not apply to --spi-overhead", "use --engines pytorch",
            "--hidden does not apply to --spi-overhead", "--warmup and --reps do not apply", "--steps must be >= 100",
            "--steps applies to --native-memory only"};
        assertArgumentErrors(csv, bad, expect);
        assertFalse(Files.exists(dir.resolve("x.csv")));
    }

    @Test
    void flopCountsFollowTheDocumentedFormula() {
        // 2-layer bidirectional LSTM, B=32 T=50 I=100 H=128: layer 0: 2*2*1600*512*228, layer 1: 2*2*1600*512*384
        double fwd = 2 * 2 * 1600.0 * 512 * 228 + 2 * 2 * 1600.0 * 512 * 384;
        assertEquals(fwd, BenchModel.BILSTM.forwardFlops(32, 50, 100, 128), 1);
        assertEquals(3 * fwd - 2 * 2 * 1600.0 * 512 * 100, BenchModel.BILSTM.trainFlops(32, 50, 100, 128), 1);
        double tf = 2 * 1600.0 * (100 * 128 + 2 * (4 * 128 * 128 + 2 * 128 * 512 + 2 * 50 * 128));
        assertEquals(tf, BenchModel.TRANSFORMER.forwardFlops(32, 50, 100, 128), 1);
        // CIFG: three gate blocks; peephole: the LSTM's four (its peepholes are elementwise)
        assertEquals(2 * 1600.0 * 3 * 128 * 228, BenchModel.CIFG.forwardFlops(32, 50, 100, 128), 1);
        assertEquals(2 * 1600.0 * 4 * 128 * 228, BenchModel.PEEPHOLE.forwardFlops(32, 50, 100, 128), 1);
        // CNN: kernel 3, 100 -> 128 then 128 -> 128 channels; training leaves out the gradient of the input
        double cnn = 2 * 1600.0 * 128 * 3 * 100 + 2 * 1600.0 * 128 * 3 * 128;
        assertEquals(cnn, BenchModel.CNN.forwardFlops(32, 50, 100, 128), 1);
        assertEquals(3 * cnn - 2 * 1600.0 * 128 * 3 * 100, BenchModel.CNN.trainFlops(32, 50, 100, 128), 1);
    }

    @Test
    void argumentErrorsExitWith2AndSayWhatIsWrong(@TempDir Path dir) {
        String csv = dir.resolve("x.csv").toString();
        String[][] bad = {
            {"--engines", "nosuch"},
            {"--models", "lstm,frobnet"},
            {"--reps", "0"},
            {"--batch", "0"},
            {"--scaling-lengths", "10,-1"},
            {"--long-lengths", "500,0"},
            {"--warmup", "many"},
            {"--transformer-lengths", "0"},
            {"--neighbours", "-1"},
            {"--neighbours", "65"},
        };
        String[] expect = {"nosuch", "frobnet", "repeats", "batch", "--scaling-lengths", "--long-lengths", "many",
            "--transformer-lengths", "--neighbours must be between 0 and 64, got -1",
            "--neighbours must be between 0 and 64, got 65"};
        assertArgumentErrors(csv, bad, expect);
        assertFalse(Files.exists(dir.resolve("x.csv")), "nothing runs on bad arguments");
    }

    @Test
    void anUnwritableOutputIsAnArgumentError(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectory(dir.resolve("taken"));
        var out = new StringBuilder();
        var err = new StringBuilder();
        assertEquals(2, run(List.of("bench", "--engines", "reference", "--out", folder.toString()), out, err));
        assertTrue(err.toString().contains("--out"), err.toString());
        Path file = Files.writeString(dir.resolve("notes"), "x");
        err.setLength(0);
        assertEquals(2, run(List.of("bench", "--engines", "reference", "--out", file.resolve("b.csv").toString()), out, err));
        assertTrue(err.toString().contains(file + " is a file, not a folder"), err.toString());
    }
}
