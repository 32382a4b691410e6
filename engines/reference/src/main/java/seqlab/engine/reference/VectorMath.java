package seqlab.engine.reference;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The gate functions of {@link GateMath} on float32 vectors, the same operations in the same order, so vector lanes,
 * the scalar tail and the scalar fallback agree bit for bit. Loaded only when the Vector API module is present.
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorMath() {
    }

    /**
     * {@code e^x - 1} when {@code minusOne}, else {@code e^x}: the operations of {@link GateMath#expm1} and
     * {@link GateMath#exp}, lane by lane.
     */
    private static FloatVector exp(FloatVector x, boolean minusOne) {
        FloatVector y = x.max(GateMath.LO).min(GateMath.HI);
        IntVector n = ((IntVector) y.fma(GateMath.LOG2E, 128.5f).convert(VectorOperators.F2I, 0)).sub(128);
        FloatVector fn = (FloatVector) n.convert(VectorOperators.I2F, 0);
        FloatVector r = fn.neg().fma(FloatVector.broadcast(S, GateMath.LN2_HI), y);
        r = fn.neg().fma(FloatVector.broadcast(S, GateMath.LN2_LO), r);
        FloatVector p = FloatVector.broadcast(S, GateMath.C7).fma(r, FloatVector.broadcast(S, GateMath.C6));
        p = p.fma(r, FloatVector.broadcast(S, GateMath.C5));
        p = p.fma(r, FloatVector.broadcast(S, GateMath.C4));
        p = p.fma(r, FloatVector.broadcast(S, GateMath.C3));
        p = p.fma(r, FloatVector.broadcast(S, GateMath.C2));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        FloatVector q = p.mul(r);
        FloatVector s = n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return s.fma(q, minusOne ? s.sub(1f) : s);
    }

    static void sigmoid(float[] a, int from, int n) {
        int i = from, end = from + n;
        for (; i + L <= end; i += L) {
            FloatVector e = exp(FloatVector.fromArray(S, a, i).neg(), false);
            FloatVector.broadcast(S, 1f).div(e.add(1f)).intoArray(a, i);
        }
        for (; i < end; i++) {
            a[i] = GateMath.sigmoid(a[i]);
        }
    }

    static void tanh(float[] a, int from, int n) {
        int i = from, end = from + n;
        for (; i + L <= end; i += L) {
            FloatVector x = FloatVector.fromArray(S, a, i);
            FloatVector e = exp(x.add(x), true);
            e.div(e.add(2f)).intoArray(a, i);
        }
        for (; i < end; i++) {
            a[i] = GateMath.tanh(a[i]);
        }
    }
}
