package seqlab.bench;

import java.util.List;
import java.util.Locale;

/**
 * One measured configuration: a model on an engine in one phase ({@code forward} = inference, {@code train} = one
 * training step), its shape, the median, fastest and slowest time of the repeats, throughput and the live heap at
 * the step's peak (see {@link Benchmark}).
 *
 * @param gflops achieved GFLOP/s: the model's matrix-product FLOPs ({@link BenchModel#flops}) over the median time
 */
public record BenchRow(String engine, String model, String phase, int batch, int seqLen, int input, int hidden,
                       int layers, boolean bidirectional, double msMedian, double msMin, double msMax,
                       double tokensPerS, double gflops, double peakHeapMb) {

    /** The CSV header, in column order. */
    public static final List<String> COLUMNS = List.of("engine", "model", "phase", "batch", "seq_len", "input", "hidden",
            "layers", "bidirectional", "ms_median", "ms_min", "ms_max", "tokens_per_s", "gflops", "peak_heap_mb");

    /** This row as one CSV line (no newline); numbers in a locale-independent form. */
    public String csv() {
        return String.join(",", engine, model, phase, Integer.toString(batch), Integer.toString(seqLen),
                Integer.toString(input), Integer.toString(hidden), Integer.toString(layers), Boolean.toString(bidirectional),
                num(msMedian, 3), num(msMin, 3), num(msMax, 3), num(tokensPerS, 1), num(gflops, 6), num(peakHeapMb, 2));
    }

    private static String num(double v, int digits) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
