package seqlab.bench.kernels;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import seqlab.bench.BenchModel;
import seqlab.bench.Benchmark;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.engine.RandomSource;
import seqlab.engine.reference.ReferenceEngine;

/**
 * The CPU time of the bench's model steps ({@link BenchModel}, the seed shape: batch 32, length 50, input 100,
 * hidden 128, dropout 0.3) on the reference engine, measured as the CPU time of the calling thread
 * ({@link ThreadMXBean#getCurrentThreadCpuTime()}) — the figure to compare builds with on a shared machine, where wall
 * time is noise. Run it with {@code -Dseqlab.threads=1} so every product runs on the calling thread; with more threads
 * the workers' time is not counted.
 *
 * <pre>java --add-modules jdk.incubator.vector -Dseqlab.threads=1 -cp ... seqlab.bench.kernels.ModelCpuTime
 *     [--reps N] [--warmup N] [model[:phase] ...]</pre>
 *
 * For each model and phase ({@code forward}: evaluation mode without autograd; {@code train}: forward, mean loss,
 * backward, one Adam step — the bench's phases) it prints the minimum and the median CPU milliseconds of the repeats,
 * the same of their wall time (the figure for several threads, on a quiet machine), and a fingerprint of the numbers: a hash of the forward output, or of the loss and every parameter's gradient after
 * one training step from fresh weights. Two builds whose fingerprints agree computed the same bits.
 */
public final class ModelCpuTime {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private ModelCpuTime() {
    }

    public static void main(String[] args) {
        int reps = 15, warmup = 20;
        List<String> which = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> {
                    if (args[i].startsWith("-")) {
                        System.err.println("ModelCpuTime: unknown option " + args[i] + "; use --reps N, --warmup N");
                        System.exit(2);
                    }
                    which.add(args[i]);
                }
            }
        }
        if (which.isEmpty()) {
            for (BenchModel m : BenchModel.ALL) {
                which.add(m.name() + ":forward");
                which.add(m.name() + ":train");
            }
        }
        Engine engine = Engines.get(ReferenceEngine.NAME);
        System.out.printf("reference %s, %d threads, %s%n", engine.version(), ReferenceEngine.threads(),
                System.getProperty("java.vm.version"));
        System.out.printf("%-12s %-8s %10s %10s %11s %10s  %s%n", "model", "phase", "cpu min ms", "median ms",
                "wall min ms", "median ms", "fingerprint");
        for (String w : which) {
            String[] parts = w.split(":");
            BenchModel model = BenchModel.byName(parts[0]);
            List<String> phases = parts.length > 1 ? List.of(parts[1]) : List.of("forward", "train");
            for (String phase : phases) {
                boolean train = switch (phase) {
                    case "forward" -> false;
                    case "train" -> true;
                    default -> throw new IllegalArgumentException("unknown phase '" + phase + "'; use forward or train");
                };
                String fingerprint = step(engine, model, train).fingerprint();
                Benchmark.Step step = step(engine, model, train);
                for (int i = 0; i < warmup; i++) {
                    step.run();
                }
                double[] t = new double[reps], wall = new double[reps];
                for (int r = 0; r < reps; r++) {
                    long w0 = System.nanoTime(), t0 = CPU.getCurrentThreadCpuTime();
                    step.run();
                    t[r] = (CPU.getCurrentThreadCpuTime() - t0) / 1e6;
                    wall[r] = (System.nanoTime() - w0) / 1e6;
                }
                Arrays.sort(t);
                Arrays.sort(wall);
                System.out.printf(Locale.ROOT, "%-12s %-8s %10.2f %10.2f %11.2f %10.2f  %s%n", model.name(), phase, t[0],
                        t[reps / 2], wall[0], wall[reps / 2], fingerprint);
            }
        }
    }

    /** The bench's step of {@code model} at the seed shape, its dropout seeded so the fingerprint is reproducible. */
    private static Benchmark.Step step(Engine engine, BenchModel model, boolean train) {
        Benchmark.Step step = new Benchmark.Step(engine, model, Benchmark.Settings.seed(0, 1), train);
        step.model().module().randomSource(new RandomSource(9));
        return step;
    }
}
