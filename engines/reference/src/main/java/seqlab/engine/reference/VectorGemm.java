package seqlab.engine.reference;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API product: B is packed into panels of two vectors' width (contiguous, k rows, the last one
 * zero-padded), and an 8 x 2-vector register block of C (16 accumulators) runs over k with fused multiply-adds.
 * A is read in place, or, when stored transposed, one row block at a time from a small copy, so neither operand is
 * ever transposed whole. Loaded only when the module is present.
 *
 * <p>Why 8 x 2: each step of k loads two vectors of B and broadcasts eight elements of A for sixteen fused
 * multiply-adds. The former 4 x 2 block issued six loads per eight multiply-adds and had only eight independent
 * accumulators, barely enough to hide the multiply-add latency on two execution ports; sixteen hide it with room,
 * and 19 live vectors still fit the 32 registers of AVX-512 (16 of AVX2 spill a little, still ahead of 4 x 2 there).
 * Rows left over below 8 run in blocks of 4 and then one by one, with the same arithmetic per element.
 */
final class VectorGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int W = 2 * L; // panel width
    private static final int MR = 8;

    private VectorGemm() {
    }

    /**
     * B packed into panels of width {@link #W}: {@code packed[p*k*W + kk*W + j] = B[kk][p*W + j]}, the last panel
     * padded with zeros when {@code n} is not a multiple of W. B is {@code k x n} stored row-major at {@code bOff}, or
     * with {@code transB} its transpose is ({@code n x k} stored: {@code B[kk][j] = b[bOff + j*k + kk]}). A product
     * whose B stays fixed over many calls (the recurrent weights, once per time step) packs it once.
     */
    static float[] pack(int k, int n, float[] b, int bOff, boolean transB) {
        int panels = (n + W - 1) / W;
        float[] packed = new float[panels * k * W];
        Parallel.forRange(panels, (long) panels * k * W * 8, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int base = p * k * W, width = Math.min(W, n - p * W);
                if (!transB) {
                    for (int kk = 0; kk < k; kk++) {
                        System.arraycopy(b, bOff + kk * n + p * W, packed, base + kk * W, width);
                    }
                } else {
                    for (int j = 0; j < width; j++) {
                        int src = bOff + (p * W + j) * k;
                        for (int kk = 0; kk < k; kk++) {
                            packed[base + kk * W + j] = b[src + kk];
                        }
                    }
                }
            }
        });
        return packed;
    }

    /**
     * {@code C = A B} ({@code C += A B} with {@code accumulate}) with B given {@link #pack packed}; A is {@code m x k}
     * at {@code aOff}, element {@code (i, kk)} at {@code aOff + i*k + kk}, or with {@code transA} at
     * {@code aOff + kk*m + i} (A stored transposed). The product runs over (panel, row-block) tiles in parallel; each
     * tile's arithmetic is fixed, so the thread count does not change results. A tile of the last, partial panel is
     * computed at full width into a scratch block and its real columns copied (or added) out: the padding adds
     * nothing, and every element is still the same fused multiply-adds in the same k order. Accumulating adds the
     * finished sum to C once, so it gives the bits of the product followed by an addition.
     */
    static void sgemm(int m, int n, int k, float[] a, int aOff, boolean transA, float[] packed, float[] c, int cOff,
                      boolean accumulate) {
        int panels = (n + W - 1) / W;
        int rowBlocks = (m + MR - 1) / MR;
        int tiles = panels * rowBlocks;
        // A stored transposed is first copied into row blocks of MR rows (MR values per k, contiguous), so the kernel
        // reads it as one stream instead of one cache line per k and row block
        float[] ap = transA ? packA(m, k, a, aOff) : null;
        // the tiles go panel by panel (a panel of B stays in cache for every row block), unless B is the larger
        // operand: then row block by row block, so the row block stays and B streams once per row block
        boolean panelMajor = (long) panels * W <= m;
        try {
            Parallel.forRange(tiles, (long) m * panels * W * k, (t0, t1) -> {
                float[] scratch = null;
                for (int t = t0; t < t1; t++) {
                    int p = panelMajor ? t / rowBlocks : t % panels;
                    int i0 = (panelMajor ? t % rowBlocks : t / panels) * MR;
                    int rows = Math.min(MR, m - i0);
                    int width = Math.min(W, n - p * W);
                    int bp = p * k * W;
                    float[] aa = transA ? ap : a;
                    int ao = transA ? i0 * k : aOff + i0 * k, rs = transA ? 1 : k, cs = transA ? MR : 1;
                    if (width == W) {
                        block(rows, k, aa, ao, rs, cs, packed, bp, c, cOff + i0 * n + p * W, n, accumulate);
                    } else {
                        if (scratch == null) {
                            scratch = new float[MR * W];
                        }
                        block(rows, k, aa, ao, rs, cs, packed, bp, scratch, 0, W, false);
                        for (int r = 0; r < rows; r++) {
                            int co = cOff + (i0 + r) * n + p * W;
                            if (accumulate) {
                                for (int j = 0; j < width; j++) {
                                    c[co + j] += scratch[r * W + j];
                                }
                            } else {
                                System.arraycopy(scratch, r * W, c, co, width);
                            }
                        }
                    }
                }
            });
        } finally {
            if (ap != null) {
                Scratch.give(ap);
            }
        }
    }

    /** Rows of k to copy at a time: their cache lines are read once and used by every row block. */
    private static final int KB = 128;

    /**
     * A ({@code m x k}, stored transposed as {@code k x m} at {@code aOff}) as row blocks: element {@code (i0 + r, kk)}
     * of row block {@code i0 / MR} at {@code i0 * k + kk * MR + r}. A {@link Scratch} array; the caller gives it back.
     */
    private static float[] packA(int m, int k, float[] a, int aOff) {
        int rowBlocks = (m + MR - 1) / MR;
        float[] ap = Scratch.take(rowBlocks * MR * k);
        Parallel.forRange(rowBlocks, (long) m * k * 8, (b0, b1) -> {
            for (int kb = 0; kb < k; kb += KB) {
                int ke = Math.min(k, kb + KB);
                for (int rb = b0; rb < b1; rb++) {
                    int i0 = rb * MR, rows = Math.min(MR, m - i0), dst = i0 * k;
                    if (rows == MR) {
                        for (int kk = kb; kk < ke; kk++) {
                            int src = aOff + kk * m + i0, d = dst + kk * MR;
                            ap[d] = a[src];
                            ap[d + 1] = a[src + 1];
                            ap[d + 2] = a[src + 2];
                            ap[d + 3] = a[src + 3];
                            ap[d + 4] = a[src + 4];
                            ap[d + 5] = a[src + 5];
                            ap[d + 6] = a[src + 6];
                            ap[d + 7] = a[src + 7];
                        }
                    } else {
                        for (int kk = kb; kk < ke; kk++) {
                            for (int r = 0; r < rows; r++) {
                                ap[dst + kk * MR + r] = a[aOff + kk * m + i0 + r];
                            }
                        }
                    }
                }
            }
        });
        return ap;
    }

    /** Up to {@link #MR} rows of one panel: the 8-row kernel, else blocks of 4, then single rows. */
    private static void block(int rows, int k, float[] a, int aOff, int rs, int cs, float[] bp, int bpOff, float[] c,
                              int cOff, int ldc, boolean acc) {
        int r = 0;
        if (rows == MR) {
            kernel8(k, a, aOff, rs, cs, bp, bpOff, c, cOff, ldc, acc);
            return;
        }
        for (; r + 4 <= rows; r += 4) {
            kernel4(k, a, aOff + r * rs, rs, cs, bp, bpOff, c, cOff + r * ldc, ldc, acc);
        }
        for (; r < rows; r++) {
            kernel1(k, a, aOff + r * rs, cs, bp, bpOff, c, cOff + r * ldc, acc);
        }
    }

    private static void store(FloatVector v, float[] c, int o, boolean acc) {
        (acc ? FloatVector.fromArray(S, c, o).add(v) : v).intoArray(c, o);
    }

    private static void kernel8(int k, float[] a, int aOff, int rs, int cs, float[] bp, int bpOff, float[] c, int cOff,
                                int ldc, boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        int ai = aOff, o = bpOff;
        for (int kk = 0; kk < k; kk++, ai += cs, o += W) {
            FloatVector b0 = FloatVector.fromArray(S, bp, o);
            FloatVector b1 = FloatVector.fromArray(S, bp, o + L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ai + rs]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ai + 2 * rs]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ai + 3 * rs]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ai + 4 * rs]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ai + 5 * rs]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ai + 6 * rs]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ai + 7 * rs]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        store(c00, c, cOff, acc);
        store(c01, c, cOff + L, acc);
        store(c10, c, cOff + ldc, acc);
        store(c11, c, cOff + ldc + L, acc);
        store(c20, c, cOff + 2 * ldc, acc);
        store(c21, c, cOff + 2 * ldc + L, acc);
        store(c30, c, cOff + 3 * ldc, acc);
        store(c31, c, cOff + 3 * ldc + L, acc);
        store(c40, c, cOff + 4 * ldc, acc);
        store(c41, c, cOff + 4 * ldc + L, acc);
        store(c50, c, cOff + 5 * ldc, acc);
        store(c51, c, cOff + 5 * ldc + L, acc);
        store(c60, c, cOff + 6 * ldc, acc);
        store(c61, c, cOff + 6 * ldc + L, acc);
        store(c70, c, cOff + 7 * ldc, acc);
        store(c71, c, cOff + 7 * ldc + L, acc);
    }

    private static void kernel4(int k, float[] a, int aOff, int rs, int cs, float[] bp, int bpOff, float[] c, int cOff,
                                int ldc, boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        int ai = aOff, o = bpOff;
        for (int kk = 0; kk < k; kk++, ai += cs, o += W) {
            FloatVector b0 = FloatVector.fromArray(S, bp, o);
            FloatVector b1 = FloatVector.fromArray(S, bp, o + L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ai + rs]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ai + 2 * rs]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ai + 3 * rs]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        store(c00, c, cOff, acc);
        store(c01, c, cOff + L, acc);
        store(c10, c, cOff + ldc, acc);
        store(c11, c, cOff + ldc + L, acc);
        store(c20, c, cOff + 2 * ldc, acc);
        store(c21, c, cOff + 2 * ldc + L, acc);
        store(c30, c, cOff + 3 * ldc, acc);
        store(c31, c, cOff + 3 * ldc + L, acc);
    }

    private static void kernel1(int k, float[] a, int aOff, int cs, float[] bp, int bpOff, float[] c, int cOff,
                                boolean acc) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S);
        int ai = aOff, o = bpOff;
        for (int kk = 0; kk < k; kk++, ai += cs, o += W) {
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c0 = x.fma(FloatVector.fromArray(S, bp, o), c0);
            c1 = x.fma(FloatVector.fromArray(S, bp, o + L), c1);
        }
        store(c0, c, cOff, acc);
        store(c1, c, cOff + L, acc);
    }
}
