package seqlab.engine.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.nn.Recurrent;
import seqlab.nn.RecurrentConfig;

/**
 * A narrow's backward adds its gradient into a region of one buffer per input instead of allocating a zero gradient
 * the size of the whole input, so a layer that reads a sequence step by step (the composed path, which every engine
 * runs where it has no fused kernel for the configuration) back-propagates in memory and time linear in the length. Proved by the tensor storage the backward pass
 * allocates, which the engine counts ({@link RefTensor#ALLOCATED}); timings are {@code ./seqlab bench}'s job.
 */
class NarrowBackwardCostTest {
    private final Engine e = Engines.get("reference");

    @Test
    void composedLstmBackwardAllocatesInProportionToLength() {
        long a500 = backwardAllocation(500), a1000 = backwardAllocation(1000), a2000 = backwardAllocation(2000);
        double r1 = (double) a1000 / a500, r2 = (double) a2000 / a1000;
        // linear: twice the length, twice the storage (less a constant for the weights); quadratic would give 4
        assertTrue(r1 > 1.8 && r1 < 2.05 && r2 > 1.8 && r2 < 2.05,
                "backward allocations for T = 500, 1000, 2000: " + a500 + ", " + a1000 + ", " + a2000 + " elements");
    }

    private long backwardAllocation(int time) {
        Recurrent lstm = RecurrentConfig.lstm(4).peephole().build(e, 3, new RandomSource(1)).useFusedKernels(false);
        assertFalse(lstm.runsFused(), "the composed path runs");
        Tensor x = e.randn(Shape.of(time, 2, 3), new RandomSource(2)).requiresGrad(true);
        Tensor loss = lstm.forward(x).output().sum();
        long before = RefTensor.ALLOCATED.sum();
        loss.backward();
        return RefTensor.ALLOCATED.sum() - before;
    }

    @Test
    void slicesOfOneInputShareOneGradientBuffer() {
        int rows = 1000, cols = 8;
        Tensor x = e.randn(Shape.of(rows, cols), new RandomSource(3)).requiresGrad(true);
        List<Tensor> slices = x.unbind(0);
        Tensor loss = slices.get(0).sum();
        for (int i = 1; i < rows; i++) {
            loss = loss.add(slices.get(i).mul(i + 1).sum());
        }
        long before = RefTensor.ALLOCATED.sum();
        loss.backward();
        long allocated = RefTensor.ALLOCATED.sum() - before;
        // the buffer (rows * cols) and each slice's own gradient; one zero copy per slice would be rows * rows * cols
        assertTrue(allocated < 10L * rows * cols, allocated + " elements allocated");
        float[] expected = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            java.util.Arrays.fill(expected, i * cols, (i + 1) * cols, i + 1);
        }
        assertArrayEquals(expected, x.grad().toFloatArray(), 0f);
    }
}
