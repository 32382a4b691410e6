package seqlab.engine.reference;

/**
 * A flat float32 or float64 array, so the fused recurrent kernels are written once for both precisions: element
 * access goes through {@link #get}/{@link #set} (arithmetic in double, stored in the buffer's precision), and the
 * heavy work — matrix products and the transcendental gate functions — dispatches to the typed kernels.
 */
final class Buf {
    final float[] f;
    final double[] d;
    final int length;

    private Buf(float[] f, double[] d) {
        this.f = f;
        this.d = d;
        this.length = f != null ? f.length : d.length;
    }

    static Buf of(float[] f) {
        return new Buf(f, null);
    }

    static Buf of(double[] d) {
        return new Buf(null, d);
    }

    static Buf zeros(boolean dbl, int n) {
        return dbl ? new Buf(null, new double[n]) : new Buf(new float[n], null);
    }

    /** The tensor's own array (not a copy). */
    static Buf view(RefTensor t) {
        return t.f != null ? of(t.f) : of(t.d);
    }

    boolean isDouble() {
        return d != null;
    }

    Buf zerosLike(int n) {
        return zeros(d != null, n);
    }

    double get(int i) {
        return f != null ? f[i] : d[i];
    }

    void set(int i, double v) {
        if (f != null) {
            f[i] = (float) v;
        } else {
            d[i] = v;
        }
    }

    void add(int i, double v) {
        if (f != null) {
            f[i] += (float) v;
        } else {
            d[i] += v;
        }
    }

    /** A copy of elements {@code from .. from+n-1}. */
    Buf copy(int from, int n) {
        Buf b = zerosLike(n);
        copyTo(from, b, 0, n);
        return b;
    }

    void copyTo(int from, Buf dst, int to, int n) {
        if (f != null) {
            System.arraycopy(f, from, dst.f, to, n);
        } else {
            System.arraycopy(d, from, dst.d, to, n);
        }
    }

    void zero(int from, int n) {
        if (f != null) {
            java.util.Arrays.fill(f, from, from + n, 0f);
        } else {
            java.util.Arrays.fill(d, from, from + n, 0.0);
        }
    }

    /** {@code this[to..] += src[from..]} elementwise. */
    void addFrom(Buf src, int from, int to, int n) {
        if (f != null) {
            float[] s = src.f;
            for (int i = 0; i < n; i++) {
                f[to + i] += s[from + i];
            }
        } else {
            double[] s = src.d;
            for (int i = 0; i < n; i++) {
                d[to + i] += s[from + i];
            }
        }
    }

    /** {@code c[co..] = a[ao..] (m x k) * b[bo..] (k x n)}, overwriting c. */
    static void gemm(int m, int n, int k, Buf a, int ao, Buf b, int bo, Buf c, int co) {
        gemm(m, n, k, a, ao, false, b, bo, false, c, co, false);
    }

    /**
     * {@code C (=|+=) op(A) op(B)} as {@link Gemm#sgemm(int, int, int, float[], int, boolean, float[], int, boolean,
     * float[], int, boolean)}: either operand stored transposed, and optionally added to C.
     */
    static void gemm(int m, int n, int k, Buf a, int ao, boolean transA, Buf b, int bo, boolean transB, Buf c, int co,
                     boolean accumulate) {
        if (c.f != null) {
            Gemm.sgemm(m, n, k, a.f, ao, transA, b.f, bo, transB, c.f, co, accumulate);
        } else {
            Gemm.dgemm(m, n, k, a.d, ao, transA, b.d, bo, transB, c.d, co, accumulate);
        }
    }

    /** A fixed right-hand matrix {@code op(B) (k x n)} for repeated products: packed once in float32. */
    record Rhs(Buf b, int bo, int k, int n, boolean transB, Gemm.PackedB packed) {
    }

    /** Prepares {@code b[bo..]} ({@code k x n}, or stored {@code n x k} with {@code transB}) for repeated products. */
    static Rhs rhs(int k, int n, Buf b, int bo, boolean transB) {
        return new Rhs(b, bo, k, n, transB, b.f != null ? Gemm.pack(k, n, b.f, bo, transB) : null);
    }

    /** {@code c[co..] (=|+=) a[ao..] (m x k) * rhs}. */
    static void gemm(int m, Buf a, int ao, Rhs rhs, Buf c, int co, boolean accumulate) {
        if (rhs.packed() != null) {
            Gemm.sgemm(m, a.f, ao, false, rhs.packed(), c.f, co, accumulate);
        } else {
            gemm(m, rhs.n(), rhs.k(), a, ao, false, rhs.b(), rhs.bo(), rhs.transB(), c, co, accumulate);
        }
    }

    static void gemm(int m, Buf a, int ao, Rhs rhs, Buf c, int co) {
        gemm(m, a, ao, rhs, c, co, false);
    }

    /** Adds {@code bias[bo .. bo+cols-1]} to each of {@code rows} rows of width {@code ld} starting at column 0. */
    void addRowVector(int from, int rows, int cols, int ld, Buf bias, int bo) {
        for (int r = 0; r < rows; r++) {
            int o = from + r * ld;
            for (int c = 0; c < cols; c++) {
                add(o + c, bias.get(bo + c));
            }
        }
    }

    /**
     * Row by row: {@code dst[d0 + r*ld + j] = x[x0 + r*ld + j] + p[p0 + r*pw + j] (+ bias[b0 + j])} for {@code j < width}:
     * a gate pre-activation from the input projection, the hidden projection and the hidden bias. Typed loops, so the
     * JIT can vectorise them.
     */
    static void sumRows(Buf dst, int d0, int ld, Buf x, int x0, Buf p, int p0, int pw, Buf bias, int b0, int rows,
                        int width) {
        if (dst.f != null) {
            float[] df = dst.f, xf = x.f, pf = p.f, bf = bias == null ? null : bias.f;
            for (int r = 0; r < rows; r++) {
                int dr = d0 + r * ld, xr = x0 + r * ld, pr = p0 + r * pw;
                if (bf == null) {
                    for (int j = 0; j < width; j++) {
                        df[dr + j] = xf[xr + j] + pf[pr + j];
                    }
                } else {
                    for (int j = 0; j < width; j++) {
                        df[dr + j] = xf[xr + j] + (pf[pr + j] + bf[b0 + j]);
                    }
                }
            }
        } else {
            double[] dd = dst.d, xd = x.d, pd = p.d, bd = bias == null ? null : bias.d;
            for (int r = 0; r < rows; r++) {
                int dr = d0 + r * ld, xr = x0 + r * ld, pr = p0 + r * pw;
                for (int j = 0; j < width; j++) {
                    dd[dr + j] = xd[xr + j] + (pd[pr + j] + (bd == null ? 0.0 : bd[b0 + j]));
                }
            }
        }
    }

    /** Column sums of a {@code rows x cols} matrix, in row order (deterministic), accumulated in double. */
    Buf columnSums(int rows, int cols) {
        double[] acc = new double[cols];
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int c = 0; c < cols; c++) {
                acc[c] += get(o + c);
            }
        }
        Buf out = zerosLike(cols);
        for (int c = 0; c < cols; c++) {
            out.set(c, acc[c]);
        }
        return out;
    }

    /**
     * Per column {@code j < width}: the sum over rows of {@code this[r*ld + off + j] * other[r*width + j]}, in row order
     * (deterministic), accumulated in double: a diagonal weight's gradient (a peephole's) from its gate's gradients
     * and the values it multiplied.
     */
    Buf columnProductSums(int rows, int ld, int off, Buf other, int width) {
        double[] acc = new double[width];
        for (int r = 0; r < rows; r++) {
            int o = r * ld + off, p = r * width;
            if (f != null) {
                for (int c = 0; c < width; c++) {
                    acc[c] += (double) f[o + c] * other.f[p + c];
                }
            } else {
                for (int c = 0; c < width; c++) {
                    acc[c] += d[o + c] * other.d[p + c];
                }
            }
        }
        Buf out = zerosLike(width);
        for (int c = 0; c < width; c++) {
            out.set(c, acc[c]);
        }
        return out;
    }

    /** {@code this[from..] *= m[from..]} elementwise over {@code n} elements. */
    void mulFrom(Buf m, int from, int n) {
        if (f != null) {
            float[] s = m.f;
            for (int i = from; i < from + n; i++) {
                f[i] = f[i] * s[i];
            }
        } else {
            double[] s = m.d;
            for (int i = from; i < from + n; i++) {
                d[i] = d[i] * s[i];
            }
        }
    }

    /** In place: {@code x = 1 / (1 + exp(-x))} over {@code n} elements. */
    void sigmoid(int from, int n) {
        if (f != null) {
            if (Gemm.VECTOR) {
                VectorMath.sigmoid(f, from, n);
            } else {
                for (int i = from; i < from + n; i++) {
                    f[i] = GateMath.sigmoid(f[i]);
                }
            }
        } else {
            for (int i = from; i < from + n; i++) {
                d[i] = sigmoid(d[i]);
            }
        }
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
    }

    /** In place: {@code x = tanh(x)} over {@code n} elements. */
    void tanh(int from, int n) {
        if (f != null) {
            if (Gemm.VECTOR) {
                VectorMath.tanh(f, from, n);
            } else {
                for (int i = from; i < from + n; i++) {
                    f[i] = GateMath.tanh(f[i]);
                }
            }
        } else {
            for (int i = from; i < from + n; i++) {
                d[i] = Math.tanh(d[i]);
            }
        }
    }

    /** In place: {@code x = max(x, 0)}. */
    void relu(int from, int n) {
        for (int i = from; i < from + n; i++) {
            if (!(get(i) > 0)) {
                set(i, 0.0);
            }
        }
    }
}
