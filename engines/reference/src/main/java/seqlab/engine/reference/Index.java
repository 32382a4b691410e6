package seqlab.engine.reference;

import seqlab.engine.Shape;

/** Index arithmetic shared by the ops: flat offsets of strided and broadcast walks in row-major order. */
final class Index {
    private Index() {
    }

    /**
     * For each position of {@code dims} in row-major order, the dot product of its index with {@code strides}. The
     * last axis runs in a tight loop and an odometer steps the others once per row: broadcasting and permuting build
     * these tables for every element of large tensors.
     */
    static int[] offsets(int[] dims, int[] strides) {
        long total = 1;
        for (int d : dims) {
            total *= d;
        }
        int n = (int) total;
        int[] res = new int[n];
        int r = dims.length;
        if (n == 0) {
            return res;
        }
        if (r == 0) {
            return res; // a scalar: one element at offset 0
        }
        int inner = dims[r - 1], step = strides[r - 1];
        int[] idx = new int[r];
        int off = 0;
        for (int e = 0; e < n; e += inner) {
            for (int j = 0; j < inner; j++) {
                res[e + j] = off + j * step;
            }
            for (int ax = r - 2; ax >= 0; ax--) {
                idx[ax]++;
                off += strides[ax];
                if (idx[ax] < dims[ax]) {
                    break;
                }
                off -= strides[ax] * dims[ax];
                idx[ax] = 0;
            }
        }
        return res;
    }

    /** For each element of {@code out}, the offset of the element of {@code in} that broadcasts to it. */
    static int[] broadcastOffsets(Shape out, Shape in) {
        int r = out.rank();
        int pad = r - in.rank();
        int[] inStrides = in.strides();
        int[] strides = new int[r];
        for (int i = 0; i < r; i++) {
            if (i >= pad && in.dim(i - pad) != 1) {
                strides[i] = inStrides[i - pad];
            }
        }
        return offsets(out.dims(), strides);
    }

    /**
     * A broadcast that needs no offset table: element {@code i} of the output reads element
     * {@code (i / block) % period} of the input. That holds when the input's axes of size other than 1 are one
     * contiguous run equal to the output's there: a bias over the last axes ({@code block} 1), a per-row statistic
     * ({@code period} the rows, {@code block} the row length), a per-channel value in between, or a single element
     * ({@code period} 1).
     */
    record Repeat(int block, int period) {
    }

    /** {@code dst[i] = src[(i / block) % period]} for the {@code n} elements of {@code dst}. */
    static void repeatCopy(Object src, Repeat rep, Object dst, int n) {
        int block = rep.period() == 1 ? Math.max(n, 1) : rep.block(), period = rep.period();
        for (int o = 0, c = 0; o < n; c++) {
            if (block == 1) {
                System.arraycopy(src, 0, dst, o, period);
                o += period;
                continue;
            }
            int from = c % period;
            if (src instanceof float[] s) {
                java.util.Arrays.fill((float[]) dst, o, o + block, s[from]);
            } else if (src instanceof double[] s) {
                java.util.Arrays.fill((double[]) dst, o, o + block, s[from]);
            } else {
                java.util.Arrays.fill((long[]) dst, o, o + block, ((long[]) src)[from]);
            }
            o += block;
        }
    }

    /** The {@link Repeat} by which {@code in} broadcasts to {@code out}, or null when it needs an offset table. */
    static Repeat repeat(Shape out, Shape in) {
        int r = out.rank(), pad = r - in.rank();
        int first = -1, last = -1;
        for (int i = pad; i < r; i++) {
            int d = in.dim(i - pad);
            if (d != 1) {
                if (d != out.dim(i)) {
                    return null;
                }
                if (first < 0) {
                    first = i;
                } else if (last != i - 1) {
                    return null;
                }
                last = i;
            }
        }
        if (first < 0) {
            return new Repeat(1, 1);
        }
        int block = 1, period = 1;
        for (int i = last + 1; i < r; i++) {
            block *= out.dim(i);
        }
        for (int i = first; i <= last; i++) {
            period *= out.dim(i);
        }
        return new Repeat(block, period);
    }

    /** {@code dst[i] = src[offsets[i]]} for arrays of the same primitive type. */
    static void gatherCopy(Object src, int[] offsets, Object dst) {
        if (src instanceof float[] s) {
            float[] d = (float[]) dst;
            for (int i = 0; i < offsets.length; i++) {
                d[i] = s[offsets[i]];
            }
        } else if (src instanceof double[] s) {
            double[] d = (double[]) dst;
            for (int i = 0; i < offsets.length; i++) {
                d[i] = s[offsets[i]];
            }
        } else {
            long[] s = (long[]) src;
            long[] d = (long[]) dst;
            for (int i = 0; i < offsets.length; i++) {
                d[i] = s[offsets[i]];
            }
        }
    }
}
