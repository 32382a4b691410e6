package seqlab.bench.kernels;

import java.util.List;
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
import seqlab.engine.CellKind;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.engine.RandomSource;
import seqlab.engine.RecurrentKernels;
import seqlab.engine.RecurrentKernels.RecurrentRequest;
import seqlab.engine.RecurrentKernels.RecurrentSpec;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.engine.reference.ReferenceEngine;

/**
 * The reference engine's fused recurrent kernel, through the engine API ({@link RecurrentKernels#run}), for one
 * layer and direction at the seed configuration's sizes (batch 32, input 100, hidden 128): {@code time = 1} is one
 * fused step (input and recurrent products plus the gate math), {@code time = 50} the whole sequence.
 * {@code forward} is the inference pass; {@code forwardBackward} adds back-propagation through time with every weight
 * gradient and the input gradient.
 *
 * <p>Matrix-product FLOPs per call: forward {@code 2*B*T*G*H*(I+H)} (G = 4 for LSTM, 3 for GRU), forward plus
 * backward three times that; divide by the time for GFLOP/s and compare with {@link GemmJmh}'s square product.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class RecurrentJmh {
    @Param({"LSTM", "GRU"})
    public String cell;

    @Param({"1", "50"})
    public int time;

    @Param({"1"})
    public int threads;

    private static final int BATCH = 32, INPUT = 100, HIDDEN = 128;

    private Engine engine;
    private RecurrentKernels kernels;
    private RecurrentRequest request;
    private List<Tensor> leaves;
    private Tensor dOut;

    @Setup(Level.Trial)
    public void setUp() {
        engine = Engines.get(ReferenceEngine.NAME);
        kernels = engine.recurrentKernels().orElseThrow();
        RecurrentSpec spec = RecurrentSpec.of(CellKind.valueOf(cell), INPUT, HIDDEN).training(true);
        RandomSource rng = new RandomSource(3);
        double s = 1 / Math.sqrt(HIDDEN);
        Tensor x = engine.uniform(Shape.of(time, BATCH, INPUT), -1, 1, rng).requiresGrad(true);
        List<Tensor> weights = List.of(spec.weightShape(0), spec.weightShape(1), spec.weightShape(2),
                spec.weightShape(3)).stream().map(sh -> engine.uniform(sh, -s, s, rng).requiresGrad(true)).toList();
        request = RecurrentRequest.of(spec, x, weights);
        leaves = new java.util.ArrayList<>(weights);
        leaves.add(x);
        dOut = engine.uniform(Shape.of(time, BATCH, HIDDEN), -1, 1, rng);
        ReferenceEngine.setThreads(threads);
    }

    @Benchmark
    public Tensor forward() {
        try (var ignored = engine.noGrad()) {
            return kernels.run(request).output();
        }
    }

    @Benchmark
    public Tensor forwardBackward() {
        kernels.run(request).output().backward(dOut);
        Tensor g = leaves.get(0).grad();
        for (Tensor t : leaves) {
            t.zeroGrad();
        }
        return g;
    }
}
