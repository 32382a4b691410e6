package seqlab.conformance;

import java.util.Arrays;

/**
 * One tensor of a golden fixture: its shape and its values, flat in row-major order. A scalar has shape
 * {@code []} and one value. Integer tensors (lengths, indices, targets) and 0/1 masks arrive as exact doubles.
 */
public record GoldenTensor(int[] shape, double[] data) {

    public GoldenTensor {
        shape = shape.clone();
        data = data.clone();
        long size = sizeOf(shape);
        if (size != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size
                    + " values but " + data.length + " were given");
        }
    }

    /** The number of values a shape holds: the product of its dimensions, 1 for a scalar. */
    public static long sizeOf(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        return n;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public double[] data() {
        return data.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int size() {
        return data.length;
    }

    /** The value at a multi-index, for spot checks in tests. */
    public double get(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has " + index.length
                    + " axes but the tensor has shape " + Arrays.toString(shape));
        }
        int flat = 0;
        for (int a = 0; a < shape.length; a++) {
            if (index[a] < 0 || index[a] >= shape[a]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " is outside shape "
                        + Arrays.toString(shape));
            }
            flat = flat * shape[a] + index[a];
        }
        return data[flat];
    }

    /** Entry {@code i} of the first axis (one step of a trace), with the remaining axes. */
    public GoldenTensor slice(int i) {
        if (shape.length == 0 || i < 0 || i >= shape[0]) {
            throw new IndexOutOfBoundsException("slice " + i + " is outside the first axis of shape "
                    + Arrays.toString(shape));
        }
        int per = data.length / shape[0];
        return new GoldenTensor(Arrays.copyOfRange(shape, 1, shape.length),
                Arrays.copyOfRange(data, i * per, (i + 1) * per));
    }

    /** The values narrowed to float, the engines' storage type. */
    public float[] floats() {
        float[] out = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = (float) data[i];
        }
        return out;
    }

    /** The values as integers, for lengths, token ids and class targets; fails on a non-integer value. */
    public long[] longs() {
        long[] out = new long[data.length];
        for (int i = 0; i < data.length; i++) {
            long v = (long) data[i];
            if (v != data[i]) {
                throw new IllegalStateException("value " + data[i] + " at flat position " + i
                        + " is not an integer; this tensor holds real numbers, read it with data()");
            }
            out[i] = v;
        }
        return out;
    }

    public int[] ints() {
        long[] l = longs();
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = Math.toIntExact(l[i]);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GoldenTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "GoldenTensor" + Arrays.toString(shape) + (data.length <= 8 ? Arrays.toString(data) : "");
    }
}
