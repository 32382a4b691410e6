package seqlab.engine.reference;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import seqlab.engine.RandomSource;

/**
 * The reference engine's matrix product on the shapes the seed configuration's recurrence runs (B 32, T 50, I 100,
 * H 128, LSTM gates 4H = 512), written {@code m x k x n} for {@code (m x k)(k x n)}: the per-step recurrent product
 * {@code 32x128x512}, the whole-sequence input projections of layer 0 and 1 ({@code 1600x100x512},
 * {@code 1600x256x512}), the backward products for the input gradient ({@code 1600x512x100}) and the weight gradient
 * ({@code 512x1600x100}), and the square {@code 1024x1024x1024} peak. GFLOP/s = {@code 2mkn / time}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmJmh {
    @Param({"32x128x512", "1600x100x512", "1600x256x512", "1600x512x100", "512x1600x100", "1024x1024x1024"})
    public String shape;

    @Param({"1"})
    public int threads;

    private int m, k, n;
    private float[] a, b, c;

    @Setup(Level.Trial)
    public void setUp() {
        String[] p = shape.split("x");
        m = Integer.parseInt(p[0]);
        k = Integer.parseInt(p[1]);
        n = Integer.parseInt(p[2]);
        RandomSource rng = new RandomSource(1);
        a = rng.uniform(m * k, -1, 1);
        b = rng.uniform(k * n, -1, 1);
        c = new float[m * n];
        Parallel.setThreads(threads);
    }

    @Benchmark
    public float[] sgemm() {
        Gemm.sgemm(m, n, k, a, 0, b, 0, c, 0);
        return c;
    }
}
