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

    /** {@code 2^23}: adding and subtracting it rounds a float in [0, 2^22) to the nearest integer. */
    private static final float ROUND = 8388608f;

    /**
     * {@code e^x - 1} when {@code minusOne}, else {@code e^x}: the operations of {@link GateMath#expm1} and
     * {@link GateMath#exp}, lane by lane.
     *
     * <p>The scalar form truncates {@code t = y log2(e) + 128.5} (always in [2, 256)) to an int. Here that floor is
     * taken without float-to-int conversion, which JDK 17's C2 does not compile to vector instructions (it falls back
     * to a per-lane Java loop, measured at a quarter of the seed configuration's training step): {@code t + 2^23 - 2^23}
     * rounds to the nearest integer exactly, one less where that rounded up gives the floor, and the same sum's bits
     * hold the integer in their low mantissa bits, from which {@code 2^n} is built. Same values as the scalar form.
     */
    private static FloatVector exp(FloatVector x, boolean minusOne) {
        FloatVector y = x.max(GateMath.LO).min(GateMath.HI);
        FloatVector t = y.fma(GateMath.LOG2E, 128.5f);
        FloatVector r = t.add(ROUND).sub(ROUND);
        r = r.blend(r.sub(1f), r.compare(VectorOperators.GT, t)); // floor(t), an integer in [2, 255]
        FloatVector fn = r.sub(128f); // n
        FloatVector rr = fn.neg().fma(FloatVector.broadcast(S, GateMath.LN2_HI), y);
        rr = fn.neg().fma(FloatVector.broadcast(S, GateMath.LN2_LO), rr);
        FloatVector p = FloatVector.broadcast(S, GateMath.C7).fma(rr, FloatVector.broadcast(S, GateMath.C6));
        p = p.fma(rr, FloatVector.broadcast(S, GateMath.C5));
        p = p.fma(rr, FloatVector.broadcast(S, GateMath.C4));
        p = p.fma(rr, FloatVector.broadcast(S, GateMath.C3));
        p = p.fma(rr, FloatVector.broadcast(S, GateMath.C2));
        p = p.fma(rr, FloatVector.broadcast(S, 1f));
        FloatVector q = p.mul(rr);
        // bits of floor(t) + 2^23 are 0x4B000000 + floor(t); the exponent field of 2^n is n + 127 = floor(t) - 1
        IntVector bits = (IntVector) r.add(ROUND).reinterpretAsInts();
        FloatVector s = bits.sub(0x4B000000 + 1).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return s.fma(q, minusOne ? s.sub(1f) : s);
    }

    static void exp(float[] a, int from, int n) {
        int i = from, end = from + n;
        for (; i + L <= end; i += L) {
            exp(FloatVector.fromArray(S, a, i), false).intoArray(a, i);
        }
        for (; i < end; i++) {
            a[i] = GateMath.exp(a[i]);
        }
    }

    /** {@code z[i] = x[i] > 0 ? x[i] : 0} for {@code i} in {@code [from, to)}, without a branch per element. */
    static void relu(float[] x, float[] z, int from, int to) {
        int i = from;
        FloatVector zero = FloatVector.zero(S);
        for (; i + L <= to; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(z, i);
        }
        for (; i < to; i++) {
            z[i] = x[i] > 0 ? x[i] : 0f;
        }
    }

    /** {@code z[i] = g[i] * (x[i] > 0 ? 1 : 0)}: relu's gradient, the product by the 0/1 mask. */
    static void reluGradient(float[] x, float[] g, float[] z, int from, int to) {
        int i = from;
        FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f);
        for (; i + L <= to; i += L) {
            FloatVector m = zero.blend(one, FloatVector.fromArray(S, x, i).compare(VectorOperators.GT, 0f));
            FloatVector.fromArray(S, g, i).mul(m).intoArray(z, i);
        }
        for (; i < to; i++) {
            z[i] = g[i] * (x[i] > 0 ? 1f : 0f);
        }
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
