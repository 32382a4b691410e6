package seqlab.engine.reference;

import java.util.Arrays;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.nn.Recurrent;
import seqlab.nn.RecurrentConfig;

/**
 * Times the seed configuration — a 2-layer bidirectional recurrent stack, input 100, hidden 128, batch-first input
 * (32, 50, 100) — on the reference engine, fused kernel against composed ops: inference forward (evaluation mode,
 * no autograd) and a training step (forward with autograd, mean loss, backward). Not a test; run with
 * {@code java --add-modules jdk.incubator.vector -cp <test classpath> seqlab.engine.reference.RecurrentBenchmark
 * [repeats]}. Prints the fastest and the median of the repeats after five warm-up rounds (on a shared machine the fastest is
 * the better estimate of the cost).
 */
public final class RecurrentBenchmark {
    private RecurrentBenchmark() {
    }

    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Engine e = new ReferenceEngine();
        System.out.printf("reference engine %s, %d threads, %s%n", e.version(), ReferenceEngine.threads(),
                System.getProperty("java.vm.version"));
        Tensor x = e.randn(Shape.of(32, 50, 100), new RandomSource(1));
        for (RecurrentConfig base : new RecurrentConfig[] {RecurrentConfig.lstm(128), RecurrentConfig.gru(128),
                RecurrentConfig.rnn(128)}) {
            RecurrentConfig cfg = base.layers(2).bidirectional().batchFirst();
            for (boolean fused : new boolean[] {true, false}) {
                Recurrent layer = cfg.build(e, 100, new RandomSource(2));
                layer.useFusedKernels(fused);
                double[] fwd = time(repeats, () -> {
                    layer.eval();
                    try (var ignored = e.noGrad()) {
                        layer.forward(x);
                    }
                });
                double[] step = time(repeats, () -> {
                    layer.train();
                    layer.zeroGrad();
                    layer.forward(x).output().mean().backward();
                });
                System.out.printf("%-55s %-8s forward %7.1f ms (median %7.1f)   training step %7.1f ms (median %7.1f)%n",
                        cfg, fused ? "fused" : "composed", fwd[0], fwd[1], step[0], step[1]);
            }
        }
    }

    /** {fastest, median} in milliseconds. */
    private static double[] time(int repeats, Runnable r) {
        for (int i = 0; i < 5; i++) {
            r.run();
        }
        double[] t = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return new double[] {t[0], t[repeats / 2]};
    }
}
