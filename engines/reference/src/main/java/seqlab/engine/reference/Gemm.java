package seqlab.engine.reference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Row-major matrix products {@code C = op(A) op(B)} ({@code op(A): m x k}, {@code op(B): k x n}), where either operand
 * may be stored transposed, so backward passes multiply by {@code A^T} or {@code B^T} without copying them; with
 * {@code accumulate} the product is added to C. Every element of the product is the sum over k in increasing order of
 * fused multiply-adds starting from zero, in the Vector API kernel and in the scalar fallback alike, and accumulating
 * adds that finished sum to C once. So the two kernels give identical bits, any split of the work across threads does
 * too, and a transposed operand or an accumulating call gives the bits of a transposed copy or of a separate addition.
 */
final class Gemm {
    private static final Logger LOG = LoggerFactory.getLogger(Gemm.class);
    static final boolean VECTOR = vectorAvailable();

    private Gemm() {
    }

    private static boolean vectorAvailable() {
        if (Boolean.getBoolean("seqlab.reference.scalar")) {
            LOG.info("Reference engine: Vector API disabled by -Dseqlab.reference.scalar=true; using scalar kernels");
            return false;
        }
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (!present) {
            LOG.warn("Reference engine: module jdk.incubator.vector is not present, so matrix products use scalar Java "
                    + "(same results, slower). Start the JVM with --add-modules jdk.incubator.vector for the fast path.");
        }
        return present;
    }

    /** Whether the Vector API kernels are in use. */
    static boolean vectorized() {
        return VECTOR;
    }

    /** {@code c[cOff..] = a[aOff..] (m x k) * b[bOff..] (k x n)}, overwriting c. */
    static void sgemm(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        sgemm(m, n, k, a, aOff, false, b, bOff, false, c, cOff, false);
    }

    /**
     * {@code C = op(A) op(B)}, or {@code C += op(A) op(B)} with {@code accumulate}. {@code op(A)} is {@code m x k}: A
     * stored as {@code m x k}, or with {@code transA} as {@code k x m}; {@code op(B)} is {@code k x n}: B stored as
     * {@code k x n}, or with {@code transB} as {@code n x k}. C is {@code m x n}, contiguous.
     */
    static void sgemm(int m, int n, int k, float[] a, int aOff, boolean transA, float[] b, int bOff, boolean transB,
                      float[] c, int cOff, boolean accumulate) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                java.util.Arrays.fill(c, cOff, cOff + m * n, 0f);
            }
            return;
        }
        if (VECTOR) {
            VectorGemm.sgemm(m, n, k, a, aOff, transA, VectorGemm.pack(k, n, b, bOff, transB), c, cOff, accumulate);
        } else {
            scalarSgemm(m, n, k, a, aOff, transA, b, bOff, transB, c, cOff, accumulate);
        }
    }

    /**
     * A right-hand matrix {@code op(B) (k x n)} prepared once for many products with different left-hand sides, as a
     * recurrence multiplies the same weights at every time step: packed for the Vector API kernel, or the plain array
     * for the scalar one. B must not change while this is in use.
     */
    record PackedB(int k, int n, float[] b, int bOff, boolean transB, float[] panels) {
    }

    static PackedB pack(int k, int n, float[] b, int bOff, boolean transB) {
        return new PackedB(k, n, b, bOff, transB,
                VECTOR && n > 0 && k > 0 ? VectorGemm.pack(k, n, b, bOff, transB) : null);
    }

    /** {@code c[cOff..] (=|+=) op(A) (m x k) * B}; the same bits as the unpacked product. */
    static void sgemm(int m, float[] a, int aOff, boolean transA, PackedB b, float[] c, int cOff, boolean accumulate) {
        if (b.panels() == null) {
            sgemm(m, b.n(), b.k(), a, aOff, transA, b.b(), b.bOff(), b.transB(), c, cOff, accumulate);
        } else if (m > 0) {
            VectorGemm.sgemm(m, b.n(), b.k(), a, aOff, transA, b.panels(), c, cOff, accumulate);
        }
    }

    static void scalarSgemm(int m, int n, int k, float[] a, int aOff, boolean transA, float[] b, int bOff,
                                    boolean transB, float[] c, int cOff, boolean accumulate) {
        int ars = transA ? 1 : k, acs = transA ? m : 1, brs = transB ? 1 : n, bcs = transB ? k : 1;
        Parallel.forRange(m, (long) m * n * k, (r0, r1) -> {
            float[] row = new float[n];
            for (int i = r0; i < r1; i++) {
                java.util.Arrays.fill(row, 0f);
                for (int p = 0; p < k; p++) {
                    float aip = a[aOff + i * ars + p * acs];
                    int bp = bOff + p * brs;
                    for (int j = 0; j < n; j++) {
                        row[j] = Math.fma(aip, b[bp + j * bcs], row[j]);
                    }
                }
                int ci = cOff + i * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] = accumulate ? c[ci + j] + row[j] : row[j];
                }
            }
        });
    }

    /** Double-precision {@code C (=|+=) op(A) op(B)} (as {@link #sgemm}), for gradient checks; plain loops. */
    static void dgemm(int m, int n, int k, double[] a, int aOff, boolean transA, double[] b, int bOff, boolean transB,
                      double[] c, int cOff, boolean accumulate) {
        int ars = transA ? 1 : k, acs = transA ? m : 1, brs = transB ? 1 : n, bcs = transB ? k : 1;
        Parallel.forRange(m, (long) m * n * k, (r0, r1) -> {
            double[] row = new double[n];
            for (int i = r0; i < r1; i++) {
                java.util.Arrays.fill(row, 0.0);
                for (int p = 0; p < k; p++) {
                    double aip = a[aOff + i * ars + p * acs];
                    int bp = bOff + p * brs;
                    for (int j = 0; j < n; j++) {
                        row[j] = Math.fma(aip, b[bp + j * bcs], row[j]);
                    }
                }
                int ci = cOff + i * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] = accumulate ? c[ci + j] + row[j] : row[j];
                }
            }
        });
    }

    static void dgemm(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        dgemm(m, n, k, a, aOff, false, b, bOff, false, c, cOff, false);
    }
}
