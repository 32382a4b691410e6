package seqlab.engine.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The matrix product's contract ({@link Gemm}): every element is the fused multiply-adds over k in increasing order
 * from zero, then added to C once when accumulating. So a transposed operand read in place, an accumulating call, the
 * Vector API kernel and the scalar one, and any thread count all give the bits of one plain loop written here. The
 * sizes leave partial panels of B, row blocks of 8, 4 and single rows, and products large enough to split across
 * threads.
 */
class GemmTest {
    private static final int[][] SHAPES = {{1, 1, 1}, {3, 5, 7}, {13, 37, 45}, {32, 128, 100}, {70, 300, 33},
            {9, 4, 129}};

    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /** {@code C (m x n) = A (m x k) B (k x n)} [+ C0], element by element, in the contract's order. */
    private static float[] expected(int m, int n, int k, float[] a, float[] b, float[] c0) {
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[i * k + p], b[p * n + j], s);
                }
                c[i * n + j] = c0 == null ? s : c0[i * n + j] + s;
            }
        }
        return c;
    }

    private static float[] transpose(float[] x, int rows, int cols) {
        float[] t = new float[x.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = x[r * cols + c];
            }
        }
        return t;
    }

    @Test
    void everyFormGivesTheBitsOfThePlainLoop() {
        int before = ReferenceEngine.threads();
        Random r = new Random(11);
        try {
            for (int[] s : SHAPES) {
                int m = s[0], k = s[1], n = s[2];
                float[] a = random(r, m * k), b = random(r, k * n), c0 = random(r, m * n);
                float[] at = transpose(a, m, k), bt = transpose(b, k, n);
                float[] plain = expected(m, n, k, a, b, null), added = expected(m, n, k, a, b, c0);
                for (int threads : new int[] {1, 3}) {
                    ReferenceEngine.setThreads(threads);
                    for (boolean ta : new boolean[] {false, true}) {
                        for (boolean tb : new boolean[] {false, true}) {
                            for (boolean acc : new boolean[] {false, true}) {
                                String what = m + "x" + k + "x" + n + " transA " + ta + " transB " + tb
                                        + " accumulate " + acc + ", " + threads + " threads";
                                float[] want = acc ? added : plain;
                                float[] c = acc ? c0.clone() : new float[m * n];
                                // an offset into larger arrays, as the recurrent kernel passes slices
                                float[] ao = offset(ta ? at : a), bo = offset(tb ? bt : b), co = offset(c);
                                Gemm.sgemm(m, n, k, ao, 3, ta, bo, 3, tb, co, 3, acc);
                                assertArrayEquals(want, slice(co, m * n), 0f, what);
                                float[] sc = acc ? c0.clone() : new float[m * n];
                                Gemm.scalarSgemm(m, n, k, ta ? at : a, 0, ta, tb ? bt : b, 0, tb, sc, 0, acc);
                                assertArrayEquals(want, sc, 0f, "scalar " + what);
                                float[] pc = acc ? c0.clone() : new float[m * n];
                                Gemm.sgemm(m, ta ? at : a, 0, ta, Gemm.pack(k, n, tb ? bt : b, 0, tb), pc, 0, acc);
                                assertArrayEquals(want, pc, 0f, "packed " + what);
                            }
                        }
                    }
                }
            }
        } finally {
            ReferenceEngine.setThreads(before);
        }
    }

    private static float[] offset(float[] x) {
        float[] o = new float[x.length + 6];
        System.arraycopy(x, 0, o, 3, x.length);
        return o;
    }

    private static float[] slice(float[] x, int n) {
        float[] o = new float[n];
        System.arraycopy(x, 3, o, 0, n);
        return o;
    }

    @Test
    void doubleProductsFollowTheSameContract() {
        Random r = new Random(5);
        int m = 7, k = 9, n = 5;
        double[] a = new double[m * k], b = new double[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextGaussian();
        }
        double[] at = new double[a.length];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                at[p * m + i] = a[i * k + p];
            }
        }
        double[] c = new double[m * n], ct = new double[m * n];
        Gemm.dgemm(m, n, k, a, 0, false, b, 0, false, c, 0, false);
        Gemm.dgemm(m, n, k, at, 0, true, b, 0, false, ct, 0, false);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[i * k + p], b[p * n + j], s);
                }
                assertEquals(s, c[i * n + j], 0.0);
                assertEquals(s, ct[i * n + j], 0.0);
            }
        }
    }
}
