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
