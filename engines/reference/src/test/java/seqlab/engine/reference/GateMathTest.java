package seqlab.engine.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The float32 gate functions: accurate against double-precision Math, and the vector and scalar forms agree bitwise. */
class GateMathTest {

    private static float[] grid() {
        float[] x = new float[40001];
        for (int i = 0; i < x.length; i++) {
            x[i] = -20f + i * 1e-3f;
        }
        return x;
    }

    @Test
    void sigmoidAndTanhAreAccurateToAFewUlps() {
        double worstS = 0, worstT = 0;
        for (float x : grid()) {
            double s = 1 / (1 + Math.exp(-x)), t = Math.tanh(x);
            worstS = Math.max(worstS, Math.abs(GateMath.sigmoid(x) - s) / Math.ulp((float) s));
            worstT = Math.max(worstT, Math.abs(GateMath.tanh(x) - t) / Math.max(Math.ulp((float) t), Float.MIN_NORMAL));
        }
        assertTrue(worstS <= 4, "sigmoid error " + worstS + " ulp");
        assertTrue(worstT <= 4, "tanh error " + worstT + " ulp");
        assertEquals(1f, GateMath.tanh(100f));
        assertEquals(-1f, GateMath.tanh(-100f));
        assertEquals(0f, GateMath.sigmoid(-200f), 1e-37f);
        assertEquals(1f, GateMath.sigmoid(200f));
        assertEquals(1e-6f, GateMath.tanh(1e-6f), 1e-12f);
    }

    @Test
    void vectorAndScalarFormsAreBitIdentical() {
        if (!Gemm.VECTOR) {
            return; // nothing to compare: every value already comes from the scalar form
        }
        float[] x = grid();
        float[] s = x.clone(), t = x.clone();
        VectorMath.sigmoid(s, 0, s.length);
        VectorMath.tanh(t, 0, t.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToRawIntBits(GateMath.sigmoid(x[i])), Float.floatToRawIntBits(s[i]), "sigmoid " + x[i]);
            assertEquals(Float.floatToRawIntBits(GateMath.tanh(x[i])), Float.floatToRawIntBits(t[i]), "tanh " + x[i]);
        }
    }
}
