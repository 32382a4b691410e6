package seqlab.engine.reference;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API product: B is packed into panels of two vectors' width (contiguous, k rows), and a 4 x 2-vector
 * register block of C accumulates over k with fused multiply-adds. Loaded only when the module is present.
 */
final class VectorGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int W = 2 * L; // panel width
    private static final int MR = 4;

    private VectorGemm() {
    }

    static void sgemm(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        int panels = n / W;
        // Whole panels in parallel over (panel, row-block) tiles; each tile's arithmetic is fixed, so thread count
        // does not change results.
        if (panels > 0) {
            int rowBlocks = (m + MR - 1) / MR;
            // pack all panels once: packed[p][kk*W + j] = b[kk][p*W + j]
            float[] packed = new float[panels * k * W];
            Parallel.forRange(panels, (long) panels * k * W * 8, (p0, p1) -> {
                for (int p = p0; p < p1; p++) {
                    int base = p * k * W;
                    for (int kk = 0; kk < k; kk++) {
                        System.arraycopy(b, bOff + kk * n + p * W, packed, base + kk * W, W);
                    }
                }
            });
            int tiles = panels * rowBlocks;
            Parallel.forRange(tiles, (long) m * panels * W * k, (t0, t1) -> {
                for (int t = t0; t < t1; t++) {
                    int p = t / rowBlocks;
                    int rb = t % rowBlocks;
                    int i0 = rb * MR;
                    int rows = Math.min(MR, m - i0);
                    kernel(rows, k, a, aOff + i0 * k, packed, p * k * W, c, cOff + i0 * n + p * W, n);
                }
            });
        }
        int j0 = panels * W;
        if (j0 < n) {
            tail(m, n, k, j0, a, aOff, b, bOff, c, cOff);
        }
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

    /** Columns j0..n-1 that do not fill a panel: one vector at a time, then scalar, same k order. */
    private static void tail(int m, int n, int k, int j0, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        Parallel.forRange(m, (long) m * (n - j0) * k, (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int ai = aOff + i * k;
                int ci = cOff + i * n;
                int j = j0;
                for (; j + L <= n; j += L) {
                    FloatVector acc = FloatVector.zero(S);
                    for (int kk = 0; kk < k; kk++) {
                        acc = FloatVector.broadcast(S, a[ai + kk]).fma(FloatVector.fromArray(S, b, bOff + kk * n + j), acc);
                    }
                    acc.intoArray(c, ci + j);
                }
                for (; j < n; j++) {
                    float acc = 0f;
                    for (int kk = 0; kk < k; kk++) {
                        acc = Math.fma(a[ai + kk], b[bOff + kk * n + j], acc);
                    }
                    c[ci + j] = acc;
                }
            }
        });
    }
}
