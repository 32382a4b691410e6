package seqlab.engine.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;

/**
 * LibTorch's autograd keeps the operands an op saved for its backward (the scalar of {@code x * 0.5}, a dropout
 * mask) after this engine has closed its own handle. Tensors created from Java memory must therefore own native
 * storage: if they only borrowed a direct buffer, the saved operand would point into freed memory once the buffer
 * is collected, and a later backward would read garbage (seen as gradients like -4e31 in the parity test).
 */
class SavedOperandLifetimeTest {
    private final Engine pt = Engines.get("pytorch");

    /** Frees collectable direct buffers and refills native memory with a marker value. */
    private static void churnNativeMemory() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            List<ByteBuffer> hold = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(64).order(ByteOrder.nativeOrder());
                while (b.remaining() >= 4) {
                    b.putFloat(-4.0e31f);
                }
                hold.add(b);
            }
        }
    }

    @Test
    void scalarOperandsSurviveUntilBackward() {
        for (int trial = 0; trial < 20; trial++) {
            Tensor x = pt.of(new float[] {1, 2, 3}, Shape.of(3)).requiresGrad(true);
            Tensor y = x.mul(0.5).div(4.0).mul(x.mul(0));
            Tensor z = x.mul(0.5).div(4.0).add(y);
            churnNativeMemory();
            z.sum().backward();
            float[] g = x.grad().toFloatArray();
            for (float v : g) {
                assertEquals(0.125f, v, 0f, "trial " + trial + ": d/dx of x*0.5/4 read freed memory");
            }
        }
    }

    @Test
    void dropoutMasksSurviveUntilBackward() {
        for (int trial = 0; trial < 20; trial++) {
            Tensor x = pt.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, Shape.of(8)).requiresGrad(true);
            Tensor y = x.dropout(0.5, new RandomSource(trial));
            float[] kept = y.toFloatArray();
            churnNativeMemory();
            y.sum().backward();
            float[] g = x.grad().toFloatArray();
            for (int i = 0; i < g.length; i++) {
                assertEquals(kept[i] == 0 ? 0f : 2f, g[i], 0f, "trial " + trial + " element " + i);
            }
        }
    }
}
