package seqlab.bench.kernels;

import java.util.Arrays;
import java.util.Locale;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.engine.reference.ReferenceEngine;

/**
 * The reference engine's matrix product in GFLOP/s ({@code 2mnk / time}, median) on a square and a recurrence-shaped
 * product, for each thread count given (default: 1 and every core). Run with and without
 * {@code -Dseqlab.reference.scalar=true} to compare the Vector API kernel with the scalar fallback:
 * <pre>java --add-modules jdk.incubator.vector -cp ... seqlab.bench.kernels.MatmulThroughput [threads...]</pre>
 * The products go through the engine API ({@code a.matmul(b)}, autograd off), as every layer calls them.
 */
public final class MatmulThroughput {
    private MatmulThroughput() {
    }

    /** Median GFLOP/s of {@code reps} products of an m x k by a k x n matrix, after at least 1.5 s of warm-up. */
    public static double gflops(Engine engine, int m, int k, int n, int reps) {
        var rng = new RandomSource(1);
        Tensor a = engine.uniform(Shape.of(m, k), -1, 1, rng), b = engine.uniform(Shape.of(k, n), -1, 1, rng);
        try (var ignored = engine.noGrad()) {
            long budget = System.nanoTime() + 1_500_000_000L;
            for (int i = 0; i < 5 || System.nanoTime() < budget; i++) {
                a.matmul(b);
            }
            double[] t = new double[reps];
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                a.matmul(b);
                t[r] = (System.nanoTime() - t0) / 1e9;
            }
            Arrays.sort(t);
            return 2.0 * m * n * k / t[reps / 2] / 1e9;
        }
    }

    public static void main(String[] args) {
        int[] threads;
        try {
            threads = args.length == 0 ? new int[] {1, Runtime.getRuntime().availableProcessors()}
                    : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            System.err.println("MatmulThroughput: thread counts must be whole numbers, got " + String.join(" ", args));
            System.exit(2);
            return;
        }
        Engine engine = Engines.get(ReferenceEngine.NAME);
        System.out.printf("kernel: %s%n", ReferenceEngine.vectorized() ? "Vector API" : "scalar");
        System.out.printf("%-8s %-18s %s%n", "threads", "shape (m x k x n)", "GFLOP/s (median)");
        for (int th : threads) {
            ReferenceEngine.setThreads(th);
            System.out.printf(Locale.ROOT, "%-8d %-18s %.1f%n", th, "1024x1024x1024", gflops(engine, 1024, 1024, 1024, 9));
            System.out.printf(Locale.ROOT, "%-8d %-18s %.1f%n", th, "1600x228x512", gflops(engine, 1600, 228, 512, 21));
        }
    }
}
