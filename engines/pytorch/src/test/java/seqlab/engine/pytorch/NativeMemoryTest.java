package seqlab.engine.pytorch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import seqlab.engine.CellKind;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.engine.RandomSource;
import seqlab.engine.RecurrentKernels;
import seqlab.engine.RecurrentKernels.RecurrentRequest;
import seqlab.engine.RecurrentKernels.RecurrentSpec;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.engine.TensorScope;

/**
 * A training loop does not grow native memory: 2,000 steps of a small LSTM classifier, each inside a
 * {@link TensorScope}, and the resident set size afterwards stays within {@value #BOUND_MB} MB of where it stood after
 * warm-up. Each step allocates about 1.5 MB of native tensors, so a leak of even a tenth of them would pass the
 * bound three times over. The module's POM runs this class in its own JVM with a fixed, pre-touched 256 MB heap, so
 * that heap growth cannot pass for (or hide) native growth.
 */
class NativeMemoryTest {
    static final int BOUND_MB = 64;

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    @Test
    void twoThousandStepsInScopesDoNotGrowResidentMemory() throws IOException {
        Engine e = Engines.get("pytorch");
        RecurrentKernels k = e.recurrentKernels().orElseThrow();
        var rng = new RandomSource(3);
        int in = 32, hidden = 64, batch = 32, time = 12, classes = 5;
        var spec = new RecurrentSpec(CellKind.LSTM, in, hidden, 1, false, true, 0, true, false);
        List<Tensor> w = List.of(
                e.randn(Shape.of(4 * hidden, in), rng).mul(0.1).detach().requiresGrad(true),
                e.randn(Shape.of(4 * hidden, hidden), rng).mul(0.1).detach().requiresGrad(true),
                e.zeros(Shape.of(4 * hidden)).requiresGrad(true),
                e.zeros(Shape.of(4 * hidden)).requiresGrad(true));
        Tensor out = e.randn(Shape.of(hidden, classes), rng).mul(0.1).detach().requiresGrad(true);
        Tensor x = e.randn(Shape.of(time, batch, in), rng);
        long[] labels = new long[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i % classes;
        }
        Tensor target = e.ofIndices(labels, Shape.of(batch, 1));
        List<Tensor> params = new java.util.ArrayList<>(w);
        params.add(out);
        long before = 0;
        double loss = 0;
        // one intra-op thread: the point is memory, and OpenMP workers spin badly on a shared 2-core machine
        int threads = PyTorchEngine.threads();
        PyTorchEngine.setThreads(1);
        try {
        for (int step = 0; step < 2200; step++) {
            if (step == 200) {
                System.gc();
                before = rssKb();
            }

            try (TensorScope scope = e.scope()) {
                var r = k.run(RecurrentRequest.of(spec, x, w));
                Tensor logits = r.hN().squeeze(0).matmul(out).dropout(0.1, rng);
                Tensor l = logits.logSoftmax(1).gather(1, target).mean().neg();
                l.backward();
                loss = l.item();
                try (var ignored = e.noGrad()) {
                    for (Tensor p : params) {
                        p.assign(p.sub(p.grad().mul(0.05)));
                        p.zeroGrad();
                    }
                }
            }
        }
        } finally {
            PyTorchEngine.setThreads(threads);
        }
        System.gc();
        long after = rssKb();
        long grownMb = (after - before) / 1024;
        System.out.printf("native memory test: RSS %d MB after warm-up, %d MB after 2,000 more steps (loss %.4f)%n",
                before / 1024, after / 1024, loss);
        assertTrue(grownMb < BOUND_MB, "resident memory grew by " + grownMb + " MB over 2,000 scoped steps");
        assertTrue(loss < Math.log(classes), "the loop trained (loss " + loss + ")");
    }
}
