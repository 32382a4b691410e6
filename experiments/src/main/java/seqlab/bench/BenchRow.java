package seqlab.bench;

import java.util.List;
import java.util.Locale;

/**
 * One measured configuration: a model on an engine in one phase ({@code forward} = inference, {@code train} = one
 * training step), its shape, the median, fastest and slowest time of the repeats, throughput, the share of the
 * engine's matmul peak it reached, the live heap at the step's peak (see {@link Benchmark}), and the conditions of
 * the run it came from.
 *
 * @param gflops     achieved GFLOP/s: the model's matrix-product FLOPs ({@link BenchModel#forwardFlops},
 *                   {@link BenchModel#trainFlops}) over the median time
 * @param pctOfPeak  {@code gflops} as a percentage of the engine's matmul peak measured in the same run (NaN when
 *                   none was measured)
 * @param conditions threads, neighbours and wait policy of the run
 */
public record BenchRow(String engine, String model, String phase, int batch, int seqLen, int input, int hidden,
                       int layers, boolean bidirectional, double msMedian, double msMin, double msMax,
                       double tokensPerS, double gflops, double pctOfPeak, double peakHeapMb, Conditions conditions) {

    /**
     * What a run was measured under.
     *
     * @param threads    intra-op threads per op ({@code seqlab.threads})
     * @param neighbours busy neighbour processes the bench ran beside it ({@link Neighbours})
     * @param waitPolicy LibTorch's OpenMP wait policy ({@code OMP_WAIT_POLICY}), {@code unset} when not given
     */
    public record Conditions(int threads, int neighbours, String waitPolicy) {
    }

    /** The CSV header, in column order. */
    public static final List<String> COLUMNS = List.of("engine", "model", "phase", "batch", "seq_len", "input", "hidden",
            "layers", "bidirectional", "ms_median", "ms_min", "ms_max", "tokens_per_s", "gflops", "pct_of_peak",
            "peak_heap_mb", "threads", "neighbours", "omp_wait_policy");

    /** This row with another phase name (the scaling runs file theirs apart from the main table's). */
    public BenchRow withPhase(String p) {
        return new BenchRow(engine, model, p, batch, seqLen, input, hidden, layers, bidirectional, msMedian, msMin,
                msMax, tokensPerS, gflops, pctOfPeak, peakHeapMb, conditions);
    }

    /** This row as one CSV line (no newline); numbers in a locale-independent form. */
    public String csv() {
        return String.join(",", engine, model, phase, Integer.toString(batch), Integer.toString(seqLen),
                Integer.toString(input), Integer.toString(hidden), Integer.toString(layers), Boolean.toString(bidirectional),
                num(msMedian, 3), num(msMin, 3), num(msMax, 3), num(tokensPerS, 1), num(gflops, 6), num(pctOfPeak, 2),
                num(peakHeapMb, 2), Integer.toString(conditions.threads()), Integer.toString(conditions.neighbours()),
                conditions.waitPolicy());
    }

    private static String num(double v, int digits) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
