package seqlab.engine.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.nn.TransformerConfig;
import seqlab.nn.TransformerEncoder;

/**
 * A Transformer encoder's training step gives bit-identical outputs and gradients (input and every parameter) for
 * any thread count: its matrix products, elementwise ops, permutes, softmax and layer norm split their work across
 * threads. The sizes make every one of them large enough to split ({@link Parallel#MIN_PARALLEL_WORK}); padded
 * sequences exercise the masked softmax.
 */
class TransformerDeterminismTest {

    private static List<float[]> run() {
        Engine e = new ReferenceEngine();
        TransformerConfig cfg = TransformerConfig.of(64, 4).feedforward(256).dropout(0.1);
        TransformerEncoder enc = new TransformerEncoder(e, cfg, 2, true, new RandomSource(3));
        enc.randomSource(new RandomSource(4));
        enc.train();
        Tensor x = e.randn(Shape.of(8, 64, 64), new RandomSource(5)).requiresGrad(true);
        Tensor y = enc.forward(x, new int[] {64, 10, 33, 64, 1, 50, 64, 7});
        y.square().mean().add(y.mean()).backward();
        List<float[]> out = new ArrayList<>(List.of(y.toFloatArray(), x.grad().toFloatArray()));
        for (Tensor p : enc.namedParameters().values()) {
            out.add(p.grad().toFloatArray());
        }
        return out;
    }

    @Test
    void trainingStepIsBitIdenticalForOneAndManyThreads() {
        int before = ReferenceEngine.threads();
        try {
            ReferenceEngine.setThreads(1);
            List<float[]> one = run();
            ReferenceEngine.setThreads(4);
            List<float[]> four = run();
            for (int i = 0; i < one.size(); i++) {
                assertArrayEquals(one.get(i), four.get(i), 0f, "result " + i);
            }
        } finally {
            ReferenceEngine.setThreads(before);
        }
    }
}
