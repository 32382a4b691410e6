package seqlab.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.engine.pytorch.PyTorchEngine;

/**
 * What seqlab's engine SPI costs over calling LibTorch directly: each workload is written twice with the same
 * sequence of LibTorch calls, once against {@link Tensor} on the {@code pytorch} engine and once against DJL's
 * {@link PtNDArray} and {@link JniUtils} (what the engine calls underneath), and the two are timed interleaved in one
 * process. The difference is the SPI's own work per op: argument checks, the grad-mode sync, wrapping each result and
 * registering it with its memory scope.
 *
 * <ul>
 *   <li>{@code lstm-steps}: an LSTM composed from ops, as the toolkit runs the variants LibTorch has no kernel for
 *       (batch 32, input 100, hidden 128, 50 steps: per step two products, three additions, four slices, three
 *       sigmoids, two tanh, three products and one addition of the cell update: 17), then the sum of the last
 *       hidden state and the backward pass: small ops, where per-op costs show most;</li>
 *   <li>{@code mlp}: a two-layer perceptron (batch 32, 100 to 128, ReLU, 128 to 10), its sum and the backward
 *       pass: few ops, larger each.</li>
 * </ul>
 * Both sides free each iteration's tensors the way their library intends: seqlab in an engine scope, DJL in an
 * {@link NDScope}. Both run on one intra-op thread and are timed by the CPU time of that thread (LibTorch runs a CPU
 * backward pass on the calling thread too), so the figure is the work done, whatever else the machine runs; the
 * SPI's own work is single-threaded Java anyway.
 */
public final class SpiOverhead {
    static final int BATCH = 32, INPUT = 100, HIDDEN = 128, STEPS = 50, CLASSES = 10;
    /** MLP iterations per timed round: about as long as one round of the LSTM. */
    static final int MLP_ITERATIONS = 100;

    private SpiOverhead() {
    }

    /**
     * One workload's times: the median CPU milliseconds of one iteration.
     *
     * @param ops                LibTorch ops of one iteration's forward pass (the backward pass comes on top)
     * @param gradientDifference the largest difference between the two sides' gradients (0: the same computation)
     */
    public record Result(String workload, int ops, double seqlabMs, double rawMs, double gradientDifference) {
        /** How much longer the SPI's version takes, in percent of the direct one. */
        public double overheadPct() {
            return 100 * (seqlabMs / rawMs - 1);
        }

        /** The difference per forward op, in microseconds. */
        public double usPerOp() {
            return 1e3 * (seqlabMs - rawMs) / ops;
        }

        public static final List<String> COLUMNS = List.of("workload", "ops", "seqlab_cpu_ms", "djl_cpu_ms", "overhead_pct",
                "us_per_op", "max_gradient_difference");

        public String csv() {
            return String.format(Locale.ROOT, "%s,%d,%.4f,%.4f,%.2f,%.3f,%.3g", workload, ops, seqlabMs, rawMs,
                    overheadPct(), usPerOp(), gradientDifference);
        }
    }

    /** Times both workloads on {@code engine} (the {@code pytorch} engine), {@code warmup} rounds then {@code reps}. */
    public static List<Result> run(Engine engine, int warmup, int reps, Consumer<String> progress) {
        if (!(engine instanceof PyTorchEngine)) {
            throw new IllegalArgumentException("the SPI overhead is measured against LibTorch, on the pytorch engine; "
                    + "got " + engine.name() + " (use --engines pytorch)");
        }
        List<Result> out = new ArrayList<>();
        try (var one = engine.limitThreads(1);
             NDManager manager = ai.djl.engine.Engine.getEngine("PyTorch").newBaseManager()) {
            out.add(measure("lstm-steps", 17 * STEPS + 2, 1, new LstmSteps(engine, manager), warmup, reps, progress));
            out.add(measure("mlp", 7, MLP_ITERATIONS, new Mlp(engine, manager), warmup, reps, progress));
        }
        return out;
    }

    /**
     * Times {@code iterations} iterations of each side per round, so that a round of a small workload is long enough
     * to time and its warm-up long enough for the JIT compiler; results are per iteration.
     */
    private static Result measure(String name, int ops, int iterations, Workload w, int warmup, int reps,
                                  Consumer<String> progress) {
        double diff = w.gradientDifference();
        var threadCpu = java.lang.management.ManagementFactory.getThreadMXBean();
        Runnable seqlab = () -> {
            for (int i = 0; i < iterations; i++) {
                w.seqlab();
            }
        };
        Runnable raw = () -> {
            for (int i = 0; i < iterations; i++) {
                w.raw();
            }
        };
        double[][] t = Benchmark.interleave(List.of(seqlab, raw), warmup, reps, threadCpu::getCurrentThreadCpuTime);
        Result r = new Result(name, ops, Benchmark.median(t[0]) / iterations, Benchmark.median(t[1]) / iterations, diff);
        progress.accept(String.format(Locale.ROOT, "%-10s seqlab %.3f ms, LibTorch through DJL %.3f ms of CPU: %+.1f%% "
                + "(%.2f us per op)", name, r.seqlabMs(), r.rawMs(), r.overheadPct(), r.usPerOp()));
        return r;
    }

    /** One workload, written against both APIs. */
    private interface Workload {
        void seqlab();

        void raw();

        /** Parameters of both sides, in the same order. */
        List<Tensor> parameters();

        List<PtNDArray> rawParameters();

        /**
         * Runs both once and returns the largest difference between their parameters' gradients: both compute the
         * same thing.
         */
        default double gradientDifference() {
            seqlab();
            raw();
            double max = 0;
            for (int k = 0; k < parameters().size(); k++) {
                float[] a = parameters().get(k).grad().toFloatArray();
                float[] b;
                try (PtNDArray g = JniUtils.getGradient(rawParameters().get(k))) {
                    b = g.toFloatArray();
                }
                for (int i = 0; i < a.length; i++) {
                    max = Math.max(max, Math.abs(a[i] - b[i]));
                }
            }
            return max;
        }
    }

    /** A leaf parameter on both sides with the same values. */
    private static PtNDArray rawParameter(NDManager manager, Tensor t) {
        PtNDArray a = (PtNDArray) manager.create(t.toFloatArray(), new ai.djl.ndarray.types.Shape(
                java.util.Arrays.stream(t.shape().dims()).asLongStream().toArray()));
        a.setRequiresGradient(true);
        return a;
    }

    private static Tensor parameter(Engine e, RandomSource rng, int... dims) {
        return e.randn(Shape.of(dims), rng).mul(0.1).detach().requiresGrad(true);
    }

    /** Back-propagates from a rank-0 result, as {@link Tensor#backward()} does: a gradient of ones. */
    private static void rawBackward(NDManager manager, PtNDArray loss) {
        try (PtNDArray ones = (PtNDArray) manager.ones(loss.getShape())) {
            JniUtils.backward(loss, ones, false, false);
        }
    }

    private static final class LstmSteps implements Workload {
        private final Engine e;
        private final NDManager manager;
        private final Tensor wih, whh, bias;
        private final List<Tensor> xs = new ArrayList<>();
        private final PtNDArray rWih, rWhh, rBias;
        private final List<PtNDArray> rXs = new ArrayList<>();

        LstmSteps(Engine e, NDManager manager) {
            this.e = e;
            this.manager = manager;
            RandomSource rng = new RandomSource(11);
            wih = parameter(e, rng, INPUT, 4 * HIDDEN);
            whh = parameter(e, rng, HIDDEN, 4 * HIDDEN);
            bias = parameter(e, rng, 4 * HIDDEN);
            rWih = rawParameter(manager, wih);
            rWhh = rawParameter(manager, whh);
            rBias = rawParameter(manager, bias);
            for (int t = 0; t < STEPS; t++) {
                Tensor x = e.randn(Shape.of(BATCH, INPUT), rng);
                xs.add(x);
                rXs.add((PtNDArray) manager.create(x.toFloatArray(), new ai.djl.ndarray.types.Shape(BATCH, INPUT)));
            }
        }

        @Override
        public List<Tensor> parameters() {
            return List.of(wih, whh, bias);
        }

        @Override
        public List<PtNDArray> rawParameters() {
            return List.of(rWih, rWhh, rBias);
        }

        @Override
        public void seqlab() {
            try (var s = e.scope()) {
                wih.zeroGrad();
                whh.zeroGrad();
                bias.zeroGrad();
                Tensor h = e.zeros(Shape.of(BATCH, HIDDEN)), c = e.zeros(Shape.of(BATCH, HIDDEN));
                for (Tensor x : xs) {
                    Tensor a = x.matmul(wih).add(h.matmul(whh)).add(bias);
                    Tensor i = a.narrow(1, 0, HIDDEN).sigmoid();
                    Tensor f = a.narrow(1, HIDDEN, HIDDEN).sigmoid();
                    Tensor g = a.narrow(1, 2 * HIDDEN, HIDDEN).tanh();
                    Tensor o = a.narrow(1, 3 * HIDDEN, HIDDEN).sigmoid();
                    c = f.mul(c).add(i.mul(g));
                    h = o.mul(c.tanh());
                }
                h.sum(1, false).sum(0, false).backward();
            }
        }

        @Override
        public void raw() {
            try (NDScope scope = new NDScope()) {
                JniUtils.setGradMode(true); // as DJL's GradientCollector does for each batch
                JniUtils.zeroGrad(rWih);
                JniUtils.zeroGrad(rWhh);
                JniUtils.zeroGrad(rBias);
                PtNDArray h = (PtNDArray) manager.zeros(new ai.djl.ndarray.types.Shape(BATCH, HIDDEN));
                PtNDArray c = (PtNDArray) manager.zeros(new ai.djl.ndarray.types.Shape(BATCH, HIDDEN));
                for (PtNDArray x : rXs) {
                    PtNDArray a = JniUtils.matmul(x, rWih).add(JniUtils.matmul(h, rWhh)).add(rBias);
                    PtNDArray i = JniUtils.sigmoid(JniUtils.slice(a, 1, 0, HIDDEN, 1));
                    PtNDArray f = JniUtils.sigmoid(JniUtils.slice(a, 1, HIDDEN, 2 * HIDDEN, 1));
                    PtNDArray g = JniUtils.slice(a, 1, 2 * HIDDEN, 3 * HIDDEN, 1).tanh();
                    PtNDArray o = JniUtils.sigmoid(JniUtils.slice(a, 1, 3 * HIDDEN, 4 * HIDDEN, 1));
                    c = f.mul(c).add(i.mul(g));
                    h = o.mul(c.tanh());
                }
                rawBackward(manager, h.sum(new int[] {1}, false).sum(new int[] {0}, false));
                scope.suppressNotUsedWarning();
            }
        }
    }

    private static final class Mlp implements Workload {
        private final Engine e;
        private final NDManager manager;
        private final Tensor w1, b1, w2, b2, x;
        private final PtNDArray rW1, rB1, rW2, rB2, rX;

        Mlp(Engine e, NDManager manager) {
            this.e = e;
            this.manager = manager;
            RandomSource rng = new RandomSource(12);
            w1 = parameter(e, rng, INPUT, HIDDEN);
            b1 = parameter(e, rng, HIDDEN);
            w2 = parameter(e, rng, HIDDEN, CLASSES);
            b2 = parameter(e, rng, CLASSES);
            x = e.randn(Shape.of(BATCH, INPUT), rng);
            rW1 = rawParameter(manager, w1);
            rB1 = rawParameter(manager, b1);
            rW2 = rawParameter(manager, w2);
            rB2 = rawParameter(manager, b2);
            rX = (PtNDArray) manager.create(x.toFloatArray(), new ai.djl.ndarray.types.Shape(BATCH, INPUT));
        }

        @Override
        public List<Tensor> parameters() {
            return List.of(w1, b1, w2, b2);
        }

        @Override
        public List<PtNDArray> rawParameters() {
            return List.of(rW1, rB1, rW2, rB2);
        }

        @Override
        public void seqlab() {
            try (var s = e.scope()) {
                for (Tensor p : List.of(w1, b1, w2, b2)) {
                    p.zeroGrad();
                }
                x.matmul(w1).add(b1).relu().matmul(w2).add(b2).sum(1, false).sum(0, false).backward();
            }
        }

        @Override
        public void raw() {
            try (NDScope scope = new NDScope()) {
                JniUtils.setGradMode(true);
                for (PtNDArray p : List.of(rW1, rB1, rW2, rB2)) {
                    JniUtils.zeroGrad(p);
                }
                PtNDArray y = JniUtils.matmul(JniUtils.relu(JniUtils.matmul(rX, rW1).add(rB1)), rW2).add(rB2);
                rawBackward(manager, y.sum(new int[] {1}, false).sum(new int[] {0}, false));
                scope.suppressNotUsedWarning();
            }
        }
    }
}
