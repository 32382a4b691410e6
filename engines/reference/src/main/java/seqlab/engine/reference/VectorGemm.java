package seqlab.engine.reference;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API product: B is packed into panels of two vectors' width (contiguous, k rows, the last one
 * zero-padded), and a 4 x 2-vector register block of C accumulates over k with fused multiply-adds. Loaded only
 * when the module is present.
 */
final class VectorGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int W = 2 * L; // panel width
    private static final int MR = 4;

    private VectorGemm() {
    }

    static void sgemm(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        sgemm(m, n, k, a, aOff, pack(k, n, b, bOff), c, cOff);
    }

    /**
     * B packed into panels of width {@link #W}: {@code packed[p*k*W + kk*W + j] = b[kk][p*W + j]}, the last panel
     * padded with zeros when {@code n} is not a multiple of W. A product whose B stays fixed over many calls (the
     * recurrent weights, once per time step) packs it once.
     */
    static float[] pack(int k, int n, float[] b, int bOff) {
        int panels = (n + W - 1) / W;
        float[] packed = new float[panels * k * W];
        Parallel.forRange(panels, (long) panels * k * W * 8, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int base = p * k * W, width = Math.min(W, n - p * W);
                for (int kk = 0; kk < k; kk++) {
                    System.arraycopy(b, bOff + kk * n + p * W, packed, base + kk * W, width);
                }
            }
        });
        return packed;
    }

    /**
     * {@code C = A B} with B given {@link #pack packed}. The product runs over (panel, row-block) tiles in parallel;
     * each tile's arithmetic is fixed, so the thread count does not change results. A tile of the last, partial panel
     * is computed at full width into a scratch block and its real columns copied out: the padding adds nothing, and
     * every element is still the same fused multiply-adds in the same k order.
     */
    static void sgemm(int m, int n, int k, float[] a, int aOff, float[] packed, float[] c, int cOff) {
        int panels = (n + W - 1) / W;
        int rowBlocks = (m + MR - 1) / MR;
        int tiles = panels * rowBlocks;
        Parallel.forRange(tiles, (long) m * panels * W * k, (t0, t1) -> {
            float[] scratch = null;
            for (int t = t0; t < t1; t++) {
                int p = t / rowBlocks;
                int rb = t % rowBlocks;
                int i0 = rb * MR;
                int rows = Math.min(MR, m - i0);
                int width = Math.min(W, n - p * W);
                if (width == W) {
                    kernel(rows, k, a, aOff + i0 * k, packed, p * k * W, c, cOff + i0 * n + p * W, n);
                } else {
                    if (scratch == null) {
                        scratch = new float[MR * W];
                    }
                    kernel(rows, k, a, aOff + i0 * k, packed, p * k * W, scratch, 0, W);
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(scratch, r * W, c, cOff + (i0 + r) * n + p * W, width);
                    }
                }
            }
        });
    }

    private static void kernel(int rows, int k, float[] a, int aOff, float[] bp, int bpOff, float[] c, int cOff, int ldc) {
        if (rows == MR) {
            FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
            FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
            FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
            FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
            int a0 = aOff, a1 = aOff + k, a2 = aOff + 2 * k, a3 = aOff + 3 * k;
            for (int kk = 0; kk < k; kk++) {
                int o = bpOff + kk * W;
                FloatVector b0 = FloatVector.fromArray(S, bp, o);
                FloatVector b1 = FloatVector.fromArray(S, bp, o + L);
                FloatVector x = FloatVector.broadcast(S, a[a0 + kk]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = FloatVector.broadcast(S, a[a1 + kk]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = FloatVector.broadcast(S, a[a2 + kk]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = FloatVector.broadcast(S, a[a3 + kk]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
            }
            c00.intoArray(c, cOff);
            c01.intoArray(c, cOff + L);
            c10.intoArray(c, cOff + ldc);
            c11.intoArray(c, cOff + ldc + L);
            c20.intoArray(c, cOff + 2 * ldc);
            c21.intoArray(c, cOff + 2 * ldc + L);
            c30.intoArray(c, cOff + 3 * ldc);
            c31.intoArray(c, cOff + 3 * ldc + L);
        } else {
            for (int r = 0; r < rows; r++) {
                FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S);
                int ar = aOff + r * k;
                for (int kk = 0; kk < k; kk++) {
                    int o = bpOff + kk * W;
                    FloatVector x = FloatVector.broadcast(S, a[ar + kk]);
                    c0 = x.fma(FloatVector.fromArray(S, bp, o), c0);
                    c1 = x.fma(FloatVector.fromArray(S, bp, o + L), c1);
                }
                c0.intoArray(c, cOff + r * ldc);
                c1.intoArray(c, cOff + r * ldc + L);
            }
        }
    }
}
