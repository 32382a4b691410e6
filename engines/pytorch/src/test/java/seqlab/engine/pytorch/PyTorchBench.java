package seqlab.engine.pytorch;

import java.util.ArrayList;
import java.util.List;
import seqlab.engine.CellKind;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.engine.RandomSource;
import seqlab.engine.RecurrentKernels.RecurrentRequest;
import seqlab.engine.RecurrentKernels.RecurrentSpec;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.engine.TensorScope;

/**
 * Timings for the engine notes (not a test): matmul GFLOP/s with {@code -Dseqlab.threads} threads on both engines,
 * and forward / forward+backward of the seed's 2-layer bidirectional LSTM (input 100, hidden 128, batch 32, length
 * 50): LibTorch's fused kernel here, the reference engine's composed ops for comparison.
 */
public final class PyTorchBench {
    private PyTorchBench() {
    }

    private static double matmulGflops(Engine e, int m, int k, int n) {
        var rng = new RandomSource(1);
        Tensor a = e.randn(Shape.of(m, k), rng), b = e.randn(Shape.of(k, n), rng);
        for (int i = 0; i < 3; i++) {
            try (TensorScope s = e.scope()) {
                a.matmul(b).toFloatArray();
            }
        }
        int reps = 0;
        long t0 = System.nanoTime(), t;
        do {
            try (TensorScope s = e.scope()) {
                a.matmul(b).sum().item();
            }
            reps++;
            t = System.nanoTime();
        } while (t - t0 < 2_000_000_000L || reps < 5);
        return 2.0 * m * k * n * reps / ((t - t0) / 1e9) / 1e9;
    }

    private static double[] lstmMillis(Engine e, boolean composed) {
        int in = 100, hidden = 128, batch = 32, time = 50, layers = 2;
        var rng = new RandomSource(5);
        var spec = new RecurrentSpec(CellKind.LSTM, in, hidden, layers, true, true, 0, true, false);
        List<Tensor> w = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            for (int d = 0; d < 2; d++) {
                w.add(e.uniform(Shape.of(4 * hidden, l == 0 ? in : 2 * hidden), -0.088, 0.088, rng).requiresGrad(true));
                w.add(e.uniform(Shape.of(4 * hidden, hidden), -0.088, 0.088, rng).requiresGrad(true));
                w.add(e.uniform(Shape.of(4 * hidden), -0.088, 0.088, rng).requiresGrad(true));
                w.add(e.uniform(Shape.of(4 * hidden), -0.088, 0.088, rng).requiresGrad(true));
            }
        }
        Tensor x = e.randn(Shape.of(time, batch, in), rng);
        Tensor h0 = e.zeros(Shape.of(layers * 2, batch, hidden)), c0 = e.zeros(Shape.of(layers * 2, batch, hidden));
        double fwd = Double.MAX_VALUE, train = Double.MAX_VALUE;
        for (int rep = 0; rep < (composed ? 4 : 12); rep++) {
            try (TensorScope s = e.scope()) {
                long t0 = System.nanoTime();
                try (var ng = e.noGrad()) {
                    run(e, composed, spec, x, w, h0, c0).sum().item();
                }
                long t1 = System.nanoTime();
                run(e, composed, spec, x, w, h0, c0).sum().backward();
                w.get(0).grad().sum().item();
                long t2 = System.nanoTime();
                for (Tensor p : w) {
                    p.zeroGrad();
                }
                if (rep > 0) {
                    fwd = Math.min(fwd, (t1 - t0) / 1e6);
                    train = Math.min(train, (t2 - t1) / 1e6);
                }
            }
        }
        return new double[] {fwd, train};
    }

    private static Tensor run(Engine e, boolean composed, RecurrentSpec spec, Tensor x, List<Tensor> w, Tensor h0,
                              Tensor c0) {
        if (!composed) {
            return e.recurrentKernels().orElseThrow().run(RecurrentRequest.of(spec, x, w).h0(h0).c0(c0)).output();
        }
        return ComposedRecurrent.run(spec, x, w, h0, c0).output();
    }

    public static void main(String[] args) {
        for (String name : List.of("pytorch", "reference")) {
            Engine e = Engines.get(name);
            System.out.printf("%s (%s), threads=%s%n", name, e.version(), System.getProperty("seqlab.threads", "all"));
            System.out.printf("  matmul 1024x1024x1024: %.1f GFLOP/s%n", matmulGflops(e, 1024, 1024, 1024));
            System.out.printf("  matmul 1600x228x512:   %.1f GFLOP/s%n", matmulGflops(e, 1600, 228, 512));
            double[] f = lstmMillis(e, name.equals("reference"));
            System.out.printf("  LSTM 2-layer bidir (100->128, batch 32, length 50), %s: forward %.1f ms, "
                    + "forward+backward %.1f ms%n", name.equals("reference") ? "composed ops" : "fused kernel", f[0], f[1]);
        }
    }
}
