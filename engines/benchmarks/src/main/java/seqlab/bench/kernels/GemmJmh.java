package seqlab.bench.kernels;

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
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.engine.reference.ReferenceEngine;

/**
 * The reference engine's matrix product, through the engine API ({@code a.matmul(b)} with autograd off, result
 * allocated as for any op), on the shapes the seed configuration's recurrence runs (B 32, T 50, I 100, H 128, LSTM
 * gates 4H = 512), written {@code m x k x n} for {@code (m x k)(k x n)}: the per-step recurrent product
 * {@code 32x128x512}, the whole-sequence input projections of layer 0 and 1 ({@code 1600x100x512},
 * {@code 1600x256x512}), the backward products for the input gradient ({@code 1600x512x100}) and the weight gradient
 * ({@code 512x1600x100}), a bidirectional layer's {@code 1600x228x512}, and the square {@code 1024x1024x1024} peak.
 * GFLOP/s = {@code 2mkn / time}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmJmh {
    @Param({"32x128x512", "1600x100x512", "1600x256x512", "1600x512x100", "512x1600x100", "1600x228x512",
            "1024x1024x1024"})
    public String shape;

    @Param({"1"})
    public int threads;

    private Engine engine;
    private Tensor a, b;

    @Setup(Level.Trial)
    public void setUp() {
        String[] p = shape.split("x");
        int m = Integer.parseInt(p[0]), k = Integer.parseInt(p[1]), n = Integer.parseInt(p[2]);
        engine = Engines.get(ReferenceEngine.NAME);
        RandomSource rng = new RandomSource(1);
        a = engine.uniform(Shape.of(m, k), -1, 1, rng);
        b = engine.uniform(Shape.of(k, n), -1, 1, rng);
        ReferenceEngine.setThreads(threads);
    }

    @Benchmark
    public Tensor matmul() {
        try (var ignored = engine.noGrad()) {
            return a.matmul(b);
        }
    }
}
