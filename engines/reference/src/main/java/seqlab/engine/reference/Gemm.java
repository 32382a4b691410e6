package seqlab.engine.reference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Row-major matrix products {@code C = A B} ({@code A: m x k}, {@code B: k x n}). Every element of C is the sum over
 * k in increasing order of fused multiply-adds starting from zero, in the Vector API kernel and in the scalar
 * fallback alike, so the two give identical bits and so does any split of the work across threads.
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
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(c, cOff + i * n, cOff + i * n + n, 0f);
            }
            return;
        }
        if (VECTOR) {
            VectorGemm.sgemm(m, n, k, a, aOff, b, bOff, c, cOff);
        } else {
            scalarSgemm(m, n, k, a, aOff, b, bOff, c, cOff);
        }
    }

    /**
     * A right-hand matrix {@code B (k x n)} prepared once for many products with different left-hand sides, as a
     * recurrence multiplies the same weights at every time step: packed for the Vector API kernel, or the plain array
     * for the scalar one. B must not change while this is in use.
     */
    record PackedB(int k, int n, float[] b, int bOff, float[] panels) {
    }

    static PackedB pack(int k, int n, float[] b, int bOff) {
        return new PackedB(k, n, b, bOff, VECTOR && n > 0 && k > 0 ? VectorGemm.pack(k, n, b, bOff) : null);
    }

    /** {@code c[cOff..] = a[aOff..] (m x k) * B}, overwriting c; the same bits as the unpacked product. */
    static void sgemm(int m, float[] a, int aOff, PackedB b, float[] c, int cOff) {
        if (b.panels() == null) {
            sgemm(m, b.n(), b.k(), a, aOff, b.b(), b.bOff(), c, cOff);
        } else if (m > 0) {
            VectorGemm.sgemm(m, b.n(), b.k(), a, aOff, b.panels(), c, cOff);
        }
    }

    static void scalarSgemm(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        Parallel.forRange(m, (long) m * n * k, (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int ci = cOff + i * n;
                java.util.Arrays.fill(c, ci, ci + n, 0f);
                for (int p = 0; p < k; p++) {
                    float aip = a[aOff + i * k + p];
                    int bp = bOff + p * n;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] = Math.fma(aip, b[bp + j], c[ci + j]);
                    }
                }
            }
        });
    }

    /** Double-precision product, for gradient checks; plain loops. */
    static void dgemm(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        Parallel.forRange(m, (long) m * n * k, (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int ci = cOff + i * n;
                java.util.Arrays.fill(c, ci, ci + n, 0.0);
                for (int p = 0; p < k; p++) {
                    double aip = a[aOff + i * k + p];
                    int bp = bOff + p * n;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] = Math.fma(aip, b[bp + j], c[ci + j]);
                    }
                }
            }
        });
    }
}
