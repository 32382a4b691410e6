package seqlab.bench;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.train.Optimizer;
import seqlab.train.Optimizers;

/**
 * Times {@link BenchModel}s on several engines in one process. For each model and phase every engine gets its own
 * copy of the model (same seed, so the same weights) and input; then warm-up rounds, then timed repeats, with the
 * engines interleaved round by round (and the order rotated each round) so that a slow phase of the machine, a JIT
 * recompilation or another process's burst falls on all engines alike.
 *
 * <ul>
 *   <li>{@code forward}: inference — evaluation mode, inside {@code noGrad()}.</li>
 *   <li>{@code train}: one training step — training mode (dropout on), forward, the mean of the output as loss,
 *       backward, one Adam update ({@link Optimizers#adam}, lr 1e-3) of every parameter.</li>
 * </ul>
 * Every timed call runs inside the engine's {@link Engine#scope()}, so engines with native memory free each step's
 * tensors as a training loop would.
 *
 * <p>{@code peak_heap_mb} is the Java heap that is live at the step's high-water mark, above what was live before it
 * (weights, optimizer state, input): measured in one extra, untimed run with full collections at the end of the
 * forward pass (every activation backward needs is held) and after backward (the gradients), taking the larger.
 * Engines that keep tensors in native memory show only their Java-side objects there.
 */
public final class Benchmark {
    /** The phases, in table order. */
    public static final List<String> PHASES = List.of("forward", "train");

    /**
     * What to run.
     *
     * @param batch      sequences per batch
     * @param seqLen     time steps
     * @param input      input features
     * @param hidden     hidden size (the Transformer's model width)
     * @param dropout    dropout between recurrent layers and in the Transformer
     * @param warmup     untimed rounds before the repeats
     * @param reps       timed repeats (the median is reported)
     * @param matmulSize side of the square product timed for the matmul peak
     */
    public record Settings(int batch, int seqLen, int input, int hidden, double dropout, int warmup, int reps,
                           int matmulSize) {
        /** The seed configuration: batch 32, length 50, input 100, hidden 128, dropout 0.3. */
        public static Settings seed(int warmup, int reps) {
            return new Settings(32, 50, 100, 128, 0.3, warmup, reps, 1024);
        }

        public Settings {
            if (batch < 1 || seqLen < 1 || input < 1 || hidden < 1) {
                throw new IllegalArgumentException("batch, sequence length, input and hidden size must be >= 1, got "
                        + batch + ", " + seqLen + ", " + input + ", " + hidden);
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            }
            if (warmup < 0 || reps < 1) {
                throw new IllegalArgumentException("warm-up rounds must be >= 0 and repeats >= 1, got " + warmup + " and "
                        + reps);
            }
            if (matmulSize < 1) {
                throw new IllegalArgumentException("matmul size must be >= 1, got " + matmulSize);
            }
        }

        public Settings withShape(int b, int t) {
            return new Settings(b, t, input, hidden, dropout, warmup, reps, matmulSize);
        }
    }

    private final List<Engine> engines;
    private final BenchRow.Conditions conditions;
    private final Consumer<String> progress;
    private final Map<String, Double> peak = new LinkedHashMap<>();

    /**
     * @param engines    the engines to compare, the reference for ratios first where present
     * @param conditions what the run is measured under, written with every row
     * @param progress   receives one line per finished measurement (may be {@code s -> {}})
     */
    public Benchmark(List<Engine> engines, BenchRow.Conditions conditions, Consumer<String> progress) {
        if (engines.isEmpty()) {
            throw new IllegalArgumentException("no engines to benchmark");
        }
        this.engines = List.copyOf(engines);
        this.conditions = conditions;
        this.progress = progress;
    }

    // ----- matmul peak -----

    /**
     * GFLOP/s of each engine's {@code n x n} by {@code n x n} product (median of the repeats), by engine name. Rows
     * measured afterwards give their share of it ({@link BenchRow#pctOfPeak()}).
     */
    public Map<String, Double> matmulPeak(int n, int warmup, int reps) {
        List<Runnable> work = new ArrayList<>();
        for (Engine e : engines) {
            RandomSource rng = new RandomSource(7);
            Tensor a = e.randn(Shape.of(n, n), rng), b = e.randn(Shape.of(n, n), rng);
            work.add(() -> {
                try (var ng = e.noGrad(); var s = e.scope()) {
                    a.matmul(b);
                }
            });
        }
        double[][] t = interleave(work, warmup, reps);
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < engines.size(); i++) {
            double gf = 2.0 * n * n * n / (median(t[i]) / 1e3) / 1e9;
            out.put(engines.get(i).name(), gf);
            peak.put(engines.get(i).name(), gf);
            progress.accept(String.format(Locale.ROOT, "matmul %dx%dx%d on %s: %.1f GFLOP/s", n, n, n,
                    engines.get(i).name(), gf));
        }
        return out;
    }

    // ----- models -----

    /** Both phases of {@code model} at the settings' shape, one row per engine and phase. */
    public List<BenchRow> run(BenchModel model, Settings s) {
        List<BenchRow> rows = new ArrayList<>();
        rows.addAll(run(model, s, "forward"));
        rows.addAll(run(model, s, "train"));
        return rows;
    }

    /** One phase ({@code forward} or {@code train}) of {@code model} on every engine, interleaved. */
    public List<BenchRow> run(BenchModel model, Settings s, String phase) {
        boolean train = switch (phase) {
            case "forward" -> false;
            case "train" -> true;
            default -> throw new IllegalArgumentException("unknown phase '" + phase + "'; use forward or train");
        };
        List<Step> steps = new ArrayList<>();
        for (Engine e : engines) {
            steps.add(new Step(e, model, s, train));
        }
        double[][] t = interleave(steps.stream().map(st -> (Runnable) st::run).toList(), s.warmup(), s.reps());
        double flops = train ? model.trainFlops(s.batch(), s.seqLen(), s.input(), s.hidden())
                : model.forwardFlops(s.batch(), s.seqLen(), s.input(), s.hidden());
        List<BenchRow> rows = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            double heap = steps.get(i).liveHeapMb();
            double med = median(t[i]), min = Arrays.stream(t[i]).min().orElseThrow(), max = Arrays.stream(t[i]).max().orElseThrow();
            double gflops = flops / (med / 1e3) / 1e9;
            BenchRow r = new BenchRow(engines.get(i).name(), model.name(), phase, s.batch(), s.seqLen(), s.input(),
                    s.hidden(), model.layers(), model.bidirectional(), med, min, max,
                    (double) s.batch() * s.seqLen() / (med / 1e3), gflops,
                    100 * gflops / peak.getOrDefault(engines.get(i).name(), Double.NaN), heap, conditions);
            rows.add(r);
            progress.accept(String.format(Locale.ROOT, "%-11s %-7s batch %3d length %3d on %-9s median %9.2f ms (min %.2f, max %.2f), %.1f GFLOP/s (%.0f%% of peak), heap %.1f MB",
                    model.name(), phase, s.batch(), s.seqLen(), r.engine(), med, min, max, r.gflops(), r.pctOfPeak(), heap));
        }
        return rows;
    }

    /** One model on one engine, ready to run a phase repeatedly (also timed by the kernel benchmarks' ModelCpuTime). */
    public static final class Step {
        private final Engine engine;
        private final BenchModel.Instance model;
        private final Tensor x;
        private final boolean train;
        private final Optimizer optimizer;

        public Step(Engine engine, BenchModel model, Settings s, boolean train) {
            this.engine = engine;
            this.model = model.build(engine, s.input(), s.hidden(), s.dropout(), 42);
            this.x = engine.randn(Shape.of(s.batch(), s.seqLen(), s.input()), new RandomSource(1));
            this.train = train;
            this.optimizer = train ? Optimizers.adam(1e-3).create(this.model.module().namedParameters()) : null;
            if (train) {
                this.model.module().train();
            } else {
                this.model.module().eval();
            }
        }

        /** The built model (its module, e.g. to seed its dropout). */
        public BenchModel.Instance model() {
            return model;
        }

        /** The phase once: forward in evaluation mode without autograd, or a training step (forward, mean, backward, Adam). */
        public void run() {
            if (train) {
                try (var s = engine.scope()) {
                    optimizer.zeroGrad();
                    model.forward(x).mean().backward();
                    optimizer.step();
                }
            } else {
                try (var ng = engine.noGrad(); var s = engine.scope()) {
                    model.forward(x);
                }
            }
        }

        /**
         * A hash of this step's numbers from its current weights: of the forward output, or of the loss and every
         * parameter's gradient after one backward pass (no optimizer step). Two builds whose fingerprints agree
         * computed the same bits.
         */
        public String fingerprint() {
            long h = 1;
            if (train) {
                optimizer.zeroGrad();
                try (var s = engine.scope()) {
                    Tensor loss = model.forward(x).mean();
                    loss.backward();
                    h = hash(h, loss.toFloatArray());
                    for (Tensor p : model.module().namedParameters().values()) {
                        h = hash(h, p.grad().toFloatArray());
                    }
                }
            } else {
                try (var ng = engine.noGrad(); var s = engine.scope()) {
                    h = hash(h, model.forward(x).toFloatArray());
                }
            }
            return String.format("%016x", h);
        }

        private static long hash(long h, float[] v) {
            for (float f : v) {
                h = h * 0x100000001b3L ^ Float.floatToRawIntBits(f);
            }
            return h;
        }

        /** The untimed memory run described in the class comment. */
        double liveHeapMb() {
            if (train) {
                optimizer.zeroGrad();
            }
            long base = liveHeap();
            long peak;
            if (train) {
                try (var s = engine.scope()) {
                    Tensor loss = model.forward(x).mean();
                    peak = liveHeap() - base;
                    loss.backward();
                    peak = Math.max(peak, liveHeap() - base);
                    optimizer.step();
                }
            } else {
                try (var ng = engine.noGrad(); var s = engine.scope()) {
                    Tensor y = model.forward(x);
                    peak = liveHeap() - base;
                    Reference.reachabilityFence(y); // the output is part of what inference holds

                }
            }
            return Math.max(0, peak) / (1024.0 * 1024.0);
        }
    }

    private static long liveHeap() {
        var mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        System.gc();
        return mem.getHeapMemoryUsage().getUsed();
    }

    /** Runs each task {@code warmup + reps} times, round-robin with a rotating start; milliseconds per task and rep. */
    static double[][] interleave(List<Runnable> tasks, int warmup, int reps) {
        return interleave(tasks, warmup, reps, System::nanoTime);
    }

    /** {@link #interleave(List, int, int)} timed by {@code clock} (nanoseconds), e.g. the thread's CPU time. */
    static double[][] interleave(List<Runnable> tasks, int warmup, int reps, java.util.function.LongSupplier clock) {
        int n = tasks.size();
        double[][] t = new double[n][reps];
        for (int r = 0; r < warmup + reps; r++) {
            for (int j = 0; j < n; j++) {
                int i = (j + r) % n;
                long t0 = clock.getAsLong();
                tasks.get(i).run();
                long dt = clock.getAsLong() - t0;
                if (r >= warmup) {
                    t[i][r - warmup] = dt / 1e6;
                }
            }
        }
        return t;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
