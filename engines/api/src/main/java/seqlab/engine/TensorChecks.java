package seqlab.engine;

import java.util.Arrays;
import java.util.List;

/**
 * Every argument check of the tensor ops, in one place: each primitive an engine implements starts with the check
 * named after it, and the composites in {@link Tensor} use the rest. So an op rejects bad input before any engine
 * computes anything, with the same message on every engine (the conformance suites compare them): the op, the
 * shapes or values involved, and the fix.
 */
public final class TensorChecks {
    private TensorChecks() {
    }

    // ----- operands -----

    /**
     * {@code other} as the engine's own tensor class, or the error for a null tensor or one of another engine (or
     * another instance of this one).
     */
    public static <T extends Tensor> T operand(String op, Tensor self, Tensor other, Class<T> type) {
        if (other == null) {
            throw new NullPointerException(op + ": the other tensor is null");
        }
        if (!type.isInstance(other) || other.engine() != self.engine()) {
            throw foreign(op, self.engine(), other);
        }
        return type.cast(other);
    }

    /** The error for a tensor of another engine (or another instance) passed to an op. */
    public static IllegalArgumentException foreign(String op, Engine mine, Tensor other) {
        return new IllegalArgumentException(op + ": tensors come from different engines (" + mine.name() + " and "
                + other.engine().name() + "); move values between engines with toFloatArray() and Engine.of()");
    }

    /** Fails unless both tensors are on one device. */
    public static void sameDevice(String op, Tensor a, Tensor b) {
        if (!a.device().equals(b.device())) {
            throw new IllegalArgumentException(op + ": tensors are on different devices (" + a.device() + " and "
                    + b.device() + "); move one with to(Device)");
        }
    }

    /** Fails unless {@code t} is floating point (an INT64 tensor holds indices). */
    public static void requireFloating(String op, Tensor t) {
        if (t.dtype() == DType.INT64) {
            throw new IllegalArgumentException(op + ": needs a floating tensor, got an INT64 (index) tensor of shape "
                    + t.shape() + "; convert with to(DType.FLOAT32)");
        }
    }

    /** Fails unless both are floating point of the same dtype: float32 and float64 never mix silently. */
    public static void sameFloatingDtype(String op, Tensor a, Tensor b) {
        requireFloating(op, a);
        requireFloating(op, b);
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": dtypes differ (" + a.dtype() + " " + a.shape() + " and " + b.dtype()
                    + " " + b.shape() + "); convert one with to(DType)");
        }
    }

    /** Fails unless {@code length} values fill {@code shape}. */
    public static void dataLength(int length, Shape shape) {
        if (length != shape.size()) {
            throw new IllegalArgumentException("Data has " + length + " values but shape " + shape + " needs "
                    + shape.size());
        }
    }

    // ----- elementwise -----

    /**
     * A broadcasting binary op (arithmetic or comparison): same floating dtype, same device, shapes that broadcast.
     *
     * @return the result's shape
     */
    public static Shape broadcast(String op, Tensor a, Tensor b) {
        sameFloatingDtype(op, a, b);
        sameDevice(op, a, b);
        return a.shape().equals(b.shape()) ? a.shape() : Shape.broadcast(op, a.shape(), b.shape());
    }

    /**
     * {@link Tensor#where}: the branches share a floating dtype, all three share a device and broadcast together (the
     * condition may have any dtype).
     *
     * @return the result's shape
     */
    public static Shape where(Tensor condition, Tensor ifTrue, Tensor ifFalse) {
        sameFloatingDtype("where", ifTrue, ifFalse);
        sameDevice("where", condition, ifTrue);
        sameDevice("where", condition, ifFalse);
        return Shape.broadcast("where", Shape.broadcast("where", condition.shape(), ifTrue.shape()), ifFalse.shape());
    }

    /** {@link Tensor#maskedFill}: a floating tensor and a mask that broadcasts to its shape. */
    public static void maskedFill(Tensor t, Tensor mask) {
        requireFloating("maskedFill", t);
        Shape s = Shape.broadcast("maskedFill", t.shape(), mask.shape());
        if (!s.equals(t.shape())) {
            throw new IllegalArgumentException("maskedFill: mask of shape " + mask.shape() + " does not broadcast to "
                    + t.shape());
        }
    }

    public static void clampBounds(double min, double max) {
        if (min > max) {
            throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
        }
    }

    /**
     * {@link Tensor#layerNorm}: a floating tensor of rank &gt;= 1, weight and bias of its last axis's size and dtype, a
     * positive epsilon.
     */
    public static void layerNorm(Tensor x, Tensor weight, Tensor bias, double eps) {
        requireFloating("layerNorm", x);
        if (x.rank() < 1) {
            throw new IllegalArgumentException("layerNorm: needs a tensor of rank >= 1, got a scalar");
        }
        Shape row = Shape.of(x.dim(-1));
        for (Tensor t : new Tensor[] {weight, bias}) {
            if (t == null || !t.shape().equals(row) || t.dtype() != x.dtype()) {
                throw new IllegalArgumentException("layerNorm: weight and bias must be " + row + " " + x.dtype()
                        + " (the last axis of the input " + x.shape() + "), got "
                        + (t == null ? "null" : t.shape() + " " + t.dtype()));
            }
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("layerNorm: eps must be positive, got " + eps);
        }
    }

    public static void dropoutRate(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout: probability must be in [0, 1), got " + p);
        }
    }

    // ----- linear algebra -----

    /**
     * {@link Tensor#matmul}: same floating dtype and device, rank &gt;= 2, matching inner dimensions, batch axes that
     * broadcast.
     *
     * @return the result's shape
     */
    public static Shape matmul(Tensor a, Tensor b) {
        sameFloatingDtype("matmul", a, b);
        sameDevice("matmul", a, b);
        if (a.rank() < 2 || b.rank() < 2) {
            throw new IllegalArgumentException("matmul: needs tensors of rank >= 2, got " + a.shape() + " and " + b.shape()
                    + "; add an axis with unsqueeze() for a vector");
        }
        if (a.dim(-1) != b.dim(-2)) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + a.shape() + " @ " + b.shape() + " ("
                    + a.dim(-1) + " vs " + b.dim(-2) + "); the last axis of the left must equal the second-to-last of the "
                    + "right");
        }
        if (a.rank() == 2 && b.rank() == 2) {
            return Shape.of(a.dim(0), b.dim(1)); // the common case, without the batch axes' broadcast
        }
        int[] ad = a.shape().dims(), bd = b.shape().dims();
        int[] batch = Shape.broadcast("matmul", Shape.of(Arrays.copyOf(ad, ad.length - 2)),
                Shape.of(Arrays.copyOf(bd, bd.length - 2))).dims();
        int[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = a.dim(-2);
        out[batch.length + 1] = b.dim(-1);
        return Shape.of(out);
    }

    // ----- shape -----

    /**
     * {@link Tensor#permute}: each axis named once.
     *
     * @return the axes made non-negative, or {@code null} when the order is the identity (nothing to do)
     */
    public static int[] permute(Shape shape, int[] axes) {
        if (axes.length != shape.rank()) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(axes) + " does not name each of the "
                    + shape.rank() + " axes of " + shape + " once");
        }
        int[] ax = new int[axes.length];
        boolean[] seen = new boolean[axes.length];
        boolean identity = true;
        for (int i = 0; i < axes.length; i++) {
            ax[i] = shape.axis(axes[i]);
            if (seen[ax[i]]) {
                throw new IllegalArgumentException("permute: axis " + axes[i] + " appears twice in " + Arrays.toString(axes));
            }
            seen[ax[i]] = true;
            identity &= ax[i] == i;
        }
        return identity ? null : ax;
    }

    /**
     * {@link Tensor#narrow}: the elements lie inside the axis.
     *
     * @return the axis made non-negative
     */
    public static int narrow(Shape shape, int axis, int start, int length) {
        int a = shape.axis(axis);
        int size = shape.dim(a);
        if (start < 0 || length < 0 || start + length > size) {
            throw new IllegalArgumentException("narrow: elements " + start + ".." + (start + length - 1) + " of axis "
                    + axis + " are out of range for shape " + shape + " (size " + size + ")");
        }
        return a;
    }

    /** {@link Tensor#broadcastTo}: {@code shape} broadcasts to {@code target} without changing it. */
    public static void broadcastTo(Shape shape, Shape target) {
        Shape s = Shape.broadcast("broadcastTo", shape, target);
        if (!s.equals(target)) {
            throw new IllegalArgumentException("broadcastTo: " + shape + " cannot be broadcast to " + target);
        }
    }

    /**
     * {@link Tensor#squeeze}: the axis has size 1.
     *
     * @return the shape without it
     */
    public static Shape squeeze(Shape shape, int axis) {
        int a = shape.axis(axis);
        if (shape.dim(a) != 1) {
            throw new IllegalArgumentException("squeeze: axis " + axis + " of shape " + shape + " has size "
                    + shape.dim(a) + ", not 1");
        }
        return shape.without(a);
    }

    /**
     * {@link Engine#concat}: at least one tensor, all of {@code engine}, of the first one's dtype, rank and device, and
     * equal in shape outside {@code axis}.
     *
     * @return the axis made non-negative
     */
    public static int concat(Engine engine, List<Tensor> tensors, int axis) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("concat: no tensors given");
        }
        Tensor first = tensors.get(0);
        int a = first.shape().axis(axis);
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (t == null) {
                throw new NullPointerException("concat: tensor " + i + " is null");
            }
            if (t.engine() != engine) {
                throw foreign("concat", engine, t);
            }
            if (t.dtype() != first.dtype() || t.rank() != first.rank()
                    || !t.shape().with(a, 1).equals(first.shape().with(a, 1))) {
                throw new IllegalArgumentException("concat: tensor " + i + " has shape " + t.shape() + " (" + t.dtype()
                        + "), which does not match " + first.shape() + " (" + first.dtype() + ") outside axis " + axis);
            }
            sameDevice("concat", first, t);
        }
        return a;
    }

    // ----- indexing -----

    private static void indexTensor(String op, Tensor t, Tensor indices) {
        if (indices.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + ": indices must be an INT64 tensor (Engine.ofIndices), got "
                    + indices.dtype());
        }
        if (indices.engine() != t.engine()) {
            throw foreign(op, t.engine(), indices);
        }
        sameDevice(op, t, indices);
    }

    /**
     * {@link Tensor#indexSelect}: a 1-D INT64 index tensor of the same engine and device. The values are the engine's
     * to check (they may live on a device), with {@link #indexOutOfRange}.
     *
     * @return the axis made non-negative
     */
    public static int indexSelect(Tensor t, int axis, Tensor indices) {
        int a = t.shape().axis(axis);
        if (indices.rank() != 1) {
            throw new IllegalArgumentException("indexSelect: indices must be 1-D, got shape " + indices.shape()
                    + "; flatten them with reshape(-1) and reshape the result");
        }
        indexTensor("indexSelect", t, indices);
        return a;
    }

    /**
     * {@link Tensor#gather}: an INT64 index of the same rank, no larger than the input outside {@code axis}.
     *
     * @return the axis made non-negative
     */
    public static int gather(Tensor t, int axis, Tensor index) {
        int a = t.shape().axis(axis);
        if (index.rank() != t.rank()) {
            throw new IllegalArgumentException("gather: index rank " + index.rank() + " differs from input rank "
                    + t.rank() + " (input " + t.shape() + ", index " + index.shape() + ")");
        }
        for (int i = 0; i < t.rank(); i++) {
            if (i != a && index.dim(i) > t.dim(i)) {
                throw new IllegalArgumentException("gather: index shape " + index.shape() + " exceeds input shape "
                        + t.shape() + " on axis " + i);
            }
        }
        indexTensor("gather", t, index);
        return a;
    }

    /** The error for an index value outside {@code 0..size-1} of {@code axis}. */
    public static IllegalArgumentException indexOutOfRange(String op, long value, int axis, Shape shape) {
        int size = shape.dim(axis);
        return new IllegalArgumentException(op + ": index " + value + " is out of range for axis " + axis + " of shape "
                + shape + " (valid: 0.." + (size - 1) + ")");
    }

    // ----- reductions -----

    /**
     * A reduction or normalisation along an axis ({@code sum}, {@code argmax}, {@code softmax}, ...): a floating
     * tensor and an axis it has.
     *
     * @return the axis made non-negative
     */
    public static int reductionAxis(String op, Tensor t, int axis) {
        requireFloating(op, t);
        return t.shape().axis(axis);
    }

    // ----- values and autograd -----

    /** Fails unless {@code t} has exactly one element. */
    public static void oneElement(String op, Tensor t) {
        if (t.size() != 1) {
            throw new IllegalArgumentException(op + ": needs a tensor with one element, got shape " + t.shape());
        }
    }

    /** {@link Tensor#backward()}: the root is a scalar. */
    public static void scalarForBackward(Tensor t) {
        if (t.size() != 1) {
            throw new IllegalArgumentException("backward(): needs a scalar (one element), got shape " + t.shape()
                    + "; reduce it (e.g. sum() or mean()) or pass the output gradient with backward(grad)");
        }
    }

    /** {@link Tensor#backward(Tensor)}: the output gradient has the tensor's shape, dtype and device. */
    public static void outputGradient(Tensor t, Tensor grad) {
        if (!grad.shape().equals(t.shape())) {
            throw new IllegalArgumentException("backward(grad): gradient shape " + grad.shape() + " differs from tensor "
                    + "shape " + t.shape());
        }
        if (grad.dtype() != t.dtype()) {
            throw new IllegalArgumentException("backward(grad): gradient dtype " + grad.dtype() + " differs from tensor "
                    + "dtype " + t.dtype());
        }
        sameDevice("backward", t, grad);
    }

    /** The error for a backward pass from a tensor that depends on nothing that requires a gradient. */
    public static IllegalStateException nothingToDifferentiate() {
        return new IllegalStateException("backward(): this tensor does not depend on any tensor that requires a "
                + "gradient. Mark parameters with requiresGrad(true) before computing, and do not compute the loss "
                + "inside a noGrad() scope.");
    }

    /** The error for a second backward pass through a graph the first one freed. */
    public static IllegalStateException graphFreed(Throwable cause) {
        return new IllegalStateException("backward(): the graph behind this tensor was already freed by an earlier "
                + "backward(); recompute the forward pass before calling backward() again.", cause);
    }

    /** {@link Tensor#requiresGrad(boolean)}: only a leaf, and never an index tensor. */
    public static void markable(Tensor t, boolean isLeaf, boolean flag) {
        if (!isLeaf) {
            throw new IllegalStateException("requiresGrad(): only leaf tensors (created by the engine, not by an op) can "
                    + "be marked; use detach() to make a leaf from a computed tensor");
        }
        if (flag && t.dtype() == DType.INT64) {
            throw new IllegalArgumentException("requiresGrad(): INT64 tensors hold indices and cannot have gradients");
        }
    }

    /** {@link Tensor#setGrad}: the gradient matches the tensor's shape, dtype and device. */
    public static void gradientFits(Tensor t, Tensor grad) {
        if (!grad.shape().equals(t.shape()) || grad.dtype() != t.dtype()) {
            throw new IllegalArgumentException("setGrad: gradient of shape " + grad.shape() + " (" + grad.dtype()
                    + ") does not match tensor " + t.shape() + " (" + t.dtype() + ")");
        }
        sameDevice("setGrad", t, grad);
    }

    /** {@link Tensor#assign}: a leaf, and a value of its shape and dtype. */
    public static void assignable(Tensor t, boolean isLeaf, Tensor value) {
        if (!value.shape().equals(t.shape()) || value.dtype() != t.dtype()) {
            throw new IllegalArgumentException("assign: value of shape " + value.shape() + " (" + value.dtype()
                    + ") does not match " + t.shape() + " (" + t.dtype() + ")");
        }
        if (!isLeaf) {
            throw new IllegalStateException("assign: only leaf tensors (parameters) can be overwritten");
        }
    }
}
