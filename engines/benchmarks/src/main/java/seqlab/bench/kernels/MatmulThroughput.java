package seqlab.engine.reference;

import seqlab.engine.RandomSource;

/**
 * Measures the reference engine's matrix product in GFLOP/s (2mnk / time) on square and recurrence-shaped
 * products, for each thread count given. Run with and without {@code -Dseqlab.reference.scalar=true} to compare
 * the Vector API kernel with the scalar fallback:
 * <pre>java --add-modules jdk.incubator.vector -cp ... seqlab.engine.reference.GemmBenchmark [threads...]</pre>
 */
public final class GemmBenchmark {
    private GemmBenchmark() {
    }

    /** Median GFLOP/s of {@code reps} products of an m x k by a k x n matrix. */
    public static double gflops(int m, int k, int n, int reps) {
        var rng = new RandomSource(1);
        float[] a = rng.uniform(m * k, -1, 1), b = rng.uniform(k * n, -1, 1), c = new float[m * n];
        long budget = System.nanoTime() + 1_500_000_000L; // warm-up: at least 1.5 s or 5 runs
        for (int i = 0; i < 5 || System.nanoTime() < budget; i++) {
            Gemm.sgemm(m, n, k, a, 0, b, 0, c, 0);
        }
        double[] t = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            Gemm.sgemm(m, n, k, a, 0, b, 0, c, 0);
            t[r] = (System.nanoTime() - t0) / 1e9;
        }
        java.util.Arrays.sort(t);
        return 2.0 * m * n * k / t[reps / 2] / 1e9;
    }

    public static void main(String[] args) {
        int[] threads = args.length == 0 ? new int[] {1, Runtime.getRuntime().availableProcessors()}
                : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.printf("kernel: %s%n", Gemm.vectorized() ? "Vector API" : "scalar");
        System.out.printf("%-8s %-18s %s%n", "threads", "shape (m x k x n)", "GFLOP/s (median)");
        for (int th : threads) {
            Parallel.setThreads(th);
            System.out.printf("%-8d %-18s %.1f%n", th, "1024x1024x1024", gflops(1024, 1024, 1024, 9));
            System.out.printf("%-8d %-18s %.1f%n", th, "1600x228x512", gflops(1600, 228, 512, 21));
        }
    }
}
