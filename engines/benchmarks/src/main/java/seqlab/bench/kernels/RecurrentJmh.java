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
import seqlab.engine.RecurrentKernels.Cell;

/**
 * The fused recurrent kernel ({@link FusedRecurrence}) for one layer and direction at the seed configuration's sizes
 * (batch 32, input 100, hidden 128): {@code time = 1} is one fused step (input and recurrent products plus the gate
 * math), {@code time = 50} the whole sequence. {@code forward} is the inference pass; {@code forwardBackward} adds
 * back-propagation through time with every weight gradient and the input gradient.
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

    private Cell kind;
    private Buf[] weights;
    private Buf x, h0, c0, dOut;

    @Setup(Level.Trial)
    public void setUp() {
        kind = Cell.valueOf(cell);
        int g = (kind == Cell.LSTM ? 4 : 3) * HIDDEN;
        RandomSource rng = new RandomSource(3);
        float s = (float) (1 / Math.sqrt(HIDDEN));
        weights = new Buf[] {Buf.of(rng.uniform(g * INPUT, -s, s)), Buf.of(rng.uniform(g * HIDDEN, -s, s)),
                Buf.of(rng.uniform(g, -s, s)), Buf.of(rng.uniform(g, -s, s))};
        x = Buf.of(rng.uniform(time * BATCH * INPUT, -1, 1));
        h0 = Buf.zeros(false, BATCH * HIDDEN);
        c0 = Buf.zeros(false, BATCH * HIDDEN);
        dOut = Buf.of(rng.uniform(time * BATCH * HIDDEN, -1, 1));
        Parallel.setThreads(threads);
    }

    private FusedRecurrence forwardPass() {
        FusedRecurrence fr = new FusedRecurrence(kind, time, BATCH, INPUT, HIDDEN, 1, false, true, false, weights, null);
        fr.forward(x, h0, kind == Cell.LSTM ? c0 : null, 0, false, null);
        return fr;
    }

    @Benchmark
    public Buf forward() {
        return forwardPass().output();
    }

    @Benchmark
    public Object forwardBackward() {
        return forwardPass().backward(dOut, null, null, true);
    }
}
