package seqlab.engine.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.nn.Recurrent;
import seqlab.nn.RecurrentConfig;
import seqlab.nn.RecurrentResult;

/**
 * The fused recurrent kernels give bit-identical outputs and gradients (input and every parameter) for any thread
 * count, with the directions of a bidirectional layer on two threads or one, every variant included (recurrent
 * dropout's masks are drawn before the directions split). The sizes are chosen so the large
 * products (input projection, weight gradients) cross {@link Parallel#MIN_PARALLEL_WORK} and split.
 */
class RecurrentKernelDeterminismTest {

    private static float[][] run(RecurrentConfig cfg) {
        Engine e = new ReferenceEngine();
        Recurrent layer = cfg.build(e, 40, new RandomSource(3));
        layer.randomSource(new RandomSource(4));
        layer.train();
        assertTrue(layer.runsFused(), cfg + " must run the fused kernel");
        Tensor x = e.randn(Shape.of(8, 8, 40), new RandomSource(5)).requiresGrad(true);
        RecurrentResult r = layer.forward(x, new int[] {8, 3, 7, 8, 1, 5, 2, 8});
        r.output().mean().add(r.hN().sum()).backward();
        List<float[]> out = new ArrayList<>(List.of(r.output().toFloatArray(), r.hN().toFloatArray(),
                x.grad().toFloatArray()));
        for (Tensor p : layer.namedParameters().values()) {
            out.add(p.grad().toFloatArray());
        }
        return out.toArray(new float[0][]);
    }

    @Test
    void fusedKernelsAreBitIdenticalForOneAndManyThreads() {
        int before = ReferenceEngine.threads();
        try {
            for (RecurrentConfig c : new RecurrentConfig[] {RecurrentConfig.lstm(48), RecurrentConfig.gru(48),
                    RecurrentConfig.gru(48).resetBeforeProduct(), RecurrentConfig.rnn(48),
                    RecurrentConfig.lstm(48).peephole().coupledInputForget().projection(24).recurrentDropout(0.3),
                    RecurrentConfig.gru(48).resetBeforeProduct().updateGate(RecurrentConfig.UpdateGate.CANDIDATE)
                            .recurrentDropout(0.3)}) {
                RecurrentConfig cfg = c.layers(2).bidirectional().dropout(0.2);
                ReferenceEngine.setThreads(1);
                float[][] one = run(cfg);
                ReferenceEngine.setThreads(4);
                float[][] four = run(cfg);
                for (int i = 0; i < one.length; i++) {
                    assertArrayEquals(one[i], four[i], 0f, cfg + " result " + i);
                }
            }
        } finally {
            ReferenceEngine.setThreads(before);
        }
    }
}
