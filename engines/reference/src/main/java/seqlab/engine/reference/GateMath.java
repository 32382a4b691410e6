package seqlab.engine.reference;

/**
 * Float32 {@code exp}-based gate functions built only from IEEE operations that give the same bits everywhere
 * (add, multiply, divide, fused multiply-add, conversions). {@link VectorMath} runs the identical sequence of
 * operations lane by lane, so a value does not depend on whether it fell in a vector or in the scalar tail, on the
 * JIT tier that ran it (the Vector API's own {@code EXP}/{@code TANH} differ between the interpreter and compiled
 * code), or on whether the Vector API is present at all.
 *
 * <p>{@code e^y - 1} for {@code y} clamped to [-87, 88]: {@code y = n ln2 + r} with {@code n = round(y / ln2)} and
 * {@code |r| <= ln2/2} (ln2 split in a short high part and a low part so {@code r} is exact to float precision),
 * then {@code e^r - 1} by its Taylor series to {@code r^7/7!} (the first omitted term is below
 * {@code 0.347^8/8! = 6e-9}, under float's 6e-8 rounding), then {@code e^y - 1 = 2^n (e^r - 1) + (2^n - 1)}, which
 * keeps full relative accuracy near zero (so {@code tanh} does too). Measured error against double-precision
 * {@code Math}: a few units in the last place.
 */
final class GateMath {
    static final float LOG2E = 1.44269504088896341f;
    static final float LN2_HI = 0.693145751953125f;
    static final float LN2_LO = 1.42860682e-6f;
    static final float LO = -87f, HI = 88f;
    static final float C2 = 1f / 2, C3 = 1f / 6, C4 = 1f / 24, C5 = 1f / 120, C6 = 1f / 720, C7 = 1f / 5040;

    private GateMath() {
    }

    /** {@code e^r - 1} for {@code |r| <= ln2/2}. */
    private static float poly(float r) {
        float p = Math.fma(C7, r, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, 1f);
        return p * r; // e^r - 1
    }

    private static int exponent(float y) {
        return (int) Math.fma(y, LOG2E, 128.5f) - 128; // round(y / ln2); the offset keeps truncation a floor
    }

    private static float reduce(float y, int n) {
        float fn = n;
        float r = Math.fma(-fn, LN2_HI, y);
        return Math.fma(-fn, LN2_LO, r);
    }

    private static float clamp(float y) {
        return Math.min(Math.max(y, LO), HI);
    }

    static float exp(float x) {
        float y = clamp(x);
        int n = exponent(y);
        float q = poly(reduce(y, n));
        float s = Float.intBitsToFloat((n + 127) << 23);
        return Math.fma(s, q, s);
    }

    static float expm1(float x) {
        float y = clamp(x);
        int n = exponent(y);
        float q = poly(reduce(y, n));
        float s = Float.intBitsToFloat((n + 127) << 23);
        return Math.fma(s, q, s - 1f);
    }

    /** In place: {@code x = e^x} over {@code n} elements, on the Vector API where present (the same values). */
    static void exp(float[] a, int from, int n) {
        if (Gemm.VECTOR) {
            VectorMath.exp(a, from, n);
        } else {
            for (int i = from; i < from + n; i++) {
                a[i] = exp(a[i]);
            }
        }
    }

    static float sigmoid(float x) {
        return 1f / (exp(-x) + 1f);
    }

    static float tanh(float x) {
        float e = expm1(x + x);
        return e / (e + 2f);
    }
}
