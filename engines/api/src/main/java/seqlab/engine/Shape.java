package seqlab.engine;

import java.util.Arrays;

/**
 * The dimensions of a tensor, outermost first (row-major). Immutable.
 *
 * <p>Axes may be given negative, counted from the end, wherever an op takes an axis: {@code -1} is the last.
 */
public final class Shape {
    private final int[] dims;
    private final long size;

    private Shape(int[] dims) {
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("Shape dimensions must be >= 0, got " + Arrays.toString(dims));
            }
        }
        this.dims = dims;
        this.size = product(dims, 0, dims.length);
        if (size < 0) {
            throw new IllegalArgumentException("Shape " + describe(dims) + " has more elements than a long counts"
                    + " (the element count overflows); check the dimensions");
        }
    }

    /**
     * The exact product of {@code dims[from..to)}, or -1 where it overflows a long: a wrapped product would be a
     * wrong count (2^64 wraps to 0, an empty tensor). A zero anywhere makes the product 0 whatever the rest.
     */
    private static long product(int[] dims, int from, int to) {
        for (int i = from; i < to; i++) {
            if (dims[i] == 0) {
                return 0;
            }
        }
        long n = 1;
        try {
            for (int i = from; i < to; i++) {
                n = Math.multiplyExact(n, dims[i]);
            }
        } catch (ArithmeticException overflow) {
            return -1;
        }
        return n;
    }

    /** {@link #product} of a sub-range as an int, for the views engines with Java arrays take. */
    private int intProduct(int from, int to, String view) {
        long n = product(dims, from, to);
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Shape " + this + ": " + view + " " + (n < 0 ? "" : n + " ")
                    + "overflows an int; "
                    + "a tensor this large needs an engine that does not hold it in one Java array");
        }
        return (int) n;
    }

    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    /** The shape of a scalar (rank 0, one element). */
    public static Shape scalar() {
        return new Shape(new int[0]);
    }

    public int rank() {
        return dims.length;
    }

    /** Size of {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        return dims[axis(axis)];
    }

    public int[] dims() {
        return dims.clone();
    }

    /** Number of elements. */
    public long size() {
        return size;
    }

    /** Number of elements as an int, for engines that hold data in Java arrays. */
    public int sizeAsInt() {
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Tensor of shape " + this + " has " + size + " elements, more than a Java array holds");
        }
        return (int) size;
    }

    /** Resolves a possibly negative axis against this rank, with an error naming the shape when out of range. */
    public int axis(int axis) {
        int r = dims.length;
        int a = axis < 0 ? axis + r : axis;
        if (a < 0 || a >= r) {
            throw new IllegalArgumentException("Axis " + axis + " is out of range for shape " + this + " (rank " + r + ")");
        }
        return a;
    }

    /** Row-major strides in elements. */
    public int[] strides() {
        int[] s = new int[dims.length];
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = intProduct(i + 1, dims.length, "the stride of axis " + i);
        }
        if (dims.length > 0) {
            intProduct(0, dims.length, "the element count");
        }
        return s;
    }

    /** Product of dimensions before {@code axis}. */
    public int outer(int axis) {
        return intProduct(0, axis(axis), "the product of the dimensions before axis " + axis);
    }

    /** Product of dimensions after {@code axis}. */
    public int inner(int axis) {
        return intProduct(axis(axis) + 1, dims.length, "the product of the dimensions after axis " + axis);
    }

    /** This shape with {@code axis} set to {@code size}. */
    public Shape with(int axis, int size) {
        int[] d = dims.clone();
        d[axis(axis)] = size;
        return new Shape(d);
    }

    /** This shape without {@code axis}. */
    public Shape without(int axis) {
        int a = axis(axis);
        int[] d = new int[dims.length - 1];
        for (int i = 0, j = 0; i < dims.length; i++) {
            if (i != a) {
                d[j++] = dims[i];
            }
        }
        return new Shape(d);
    }

    /** This shape with a new axis of size {@code size} inserted at {@code axis} (0..rank). */
    public Shape insert(int axis, int size) {
        int a = axis < 0 ? axis + dims.length + 1 : axis;
        if (a < 0 || a > dims.length) {
            throw new IllegalArgumentException("Cannot insert axis " + axis + " into shape " + this);
        }
        int[] d = new int[dims.length + 1];
        for (int i = 0, j = 0; i < d.length; i++) {
            d[i] = i == a ? size : dims[j++];
        }
        return new Shape(d);
    }

    /**
     * The NumPy/PyTorch broadcast of two shapes: dimensions are aligned from the right and must be equal or 1.
     *
     * @throws IllegalArgumentException naming the op and both shapes when they do not broadcast
     */
    public static Shape broadcast(String op, Shape a, Shape b) {
        int r = Math.max(a.rank(), b.rank());
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.rank() ? 1 : a.dims[i - (r - a.rank())];
            int db = i < r - b.rank() ? 1 : b.dims[i - (r - b.rank())];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b
                        + " do not broadcast (dimension " + i + ": " + da + " vs " + db
                        + "); sizes must match or be 1, aligned from the last axis");
            }
            out[i] = da == 1 ? db : da;
        }
        return new Shape(out);
    }

    /** Resolves a reshape target that may hold one {@code -1}, checking that the element count is kept. */
    public Shape reshape(int... target) {
        int[] t = target.clone();
        int infer = -1;
        for (int i = 0; i < t.length; i++) {
            if (t[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape: only one dimension may be -1, got " + Arrays.toString(target));
                }
                infer = i;
            } else if (t[i] < 0) {
                throw new IllegalArgumentException("reshape: dimensions must be >= 0 or one -1, got " + Arrays.toString(target));
            }
        }
        int[] knownDims = t.clone();
        if (infer >= 0) {
            knownDims[infer] = 1;
        }
        long known = product(knownDims, 0, knownDims.length);
        if (known < 0) {
            throw new IllegalArgumentException("reshape: target " + Arrays.toString(target) + " has more elements than"
                    + " a long counts (the element count overflows); check the dimensions");
        }
        if (infer >= 0) {
            if (known == 0 || size() % known != 0) {
                throw new IllegalArgumentException("reshape: cannot reshape " + this + " (" + size() + " elements) to "
                        + Arrays.toString(target));
            }
            long inferred = size() / known;
            if (inferred > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("reshape: cannot reshape " + this + " to " + Arrays.toString(target)
                        + ": the inferred dimension " + inferred + " overflows an int");
            }
            t[infer] = (int) inferred;
        }
        Shape s = new Shape(t);
        if (s.size() != size()) {
            throw new IllegalArgumentException("reshape: cannot reshape " + this + " (" + size() + " elements) to " + s
                    + " (" + s.size() + " elements)");
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return describe(dims);
    }

    private static String describe(int[] dims) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dims[i]);
        }
        if (dims.length == 1) {
            sb.append(',');
        }
        return sb.append(')').toString();
    }
}
