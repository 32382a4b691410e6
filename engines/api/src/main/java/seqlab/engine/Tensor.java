package seqlab.engine;

import java.util.List;

/**
 * An n-dimensional array on one engine and device, with reverse-mode automatic differentiation.
 *
 * <p>Semantics follow PyTorch: elementwise ops broadcast (shapes aligned from the right, sizes equal or 1), every op
 * returns a new tensor, axes may be negative. An op records itself for {@link #backward()} when any input
 * {@link #requiresGrad()} and no {@link Engine#noGrad()} scope is open. Shape and dtype errors name the op and the
 * shapes involved.
 *
 * <p>Floating tensors are {@link DType#FLOAT32} (or {@link DType#FLOAT64} where an engine supports it); index tensors
 * are {@link DType#INT64}. Mixing float32 and float64 in one op is an error, not a silent promotion.
 */
public interface Tensor {

    // ----- identity -----

    Engine engine();

    Shape shape();

    DType dtype();

    Device device();

    default int rank() {
        return shape().rank();
    }

    /** Size of an axis (negative counts from the end). */
    default int dim(int axis) {
        return shape().dim(axis);
    }

    default long size() {
        return shape().size();
    }

    // ----- elementwise arithmetic, broadcasting -----

    Tensor add(Tensor other);

    Tensor sub(Tensor other);

    Tensor mul(Tensor other);

    Tensor div(Tensor other);

    Tensor add(double scalar);

    Tensor mul(double scalar);

    default Tensor sub(double scalar) {
        return add(-scalar);
    }

    default Tensor div(double scalar) {
        return mul(1.0 / scalar);
    }

    /** {@code scalar - this}. */
    default Tensor rsub(double scalar) {
        return neg().add(scalar);
    }

    /** Elementwise maximum; the gradient flows to {@code this} where {@code this >= other}, else to {@code other}. */
    Tensor maximum(Tensor other);

    /** Elementwise minimum; the gradient flows to {@code this} where {@code this <= other}, else to {@code other}. */
    Tensor minimum(Tensor other);

    Tensor neg();

    Tensor exp();

    Tensor log();

    Tensor tanh();

    Tensor sigmoid();

    Tensor relu();

    Tensor sqrt();

    Tensor abs();

    Tensor pow(double exponent);

    default Tensor square() {
        return mul(this);
    }

    /** Limits values to [min, max]; the gradient is zero where a bound was applied. */
    Tensor clamp(double min, double max);

    // ----- linear algebra -----

    /**
     * Matrix product of the last two axes, broadcasting leading (batch) axes, as {@code torch.matmul} for rank &gt;= 2:
     * {@code (..., m, k) @ (..., k, n) -> (..., m, n)}.
     */
    Tensor matmul(Tensor other);

    // ----- shape -----

    /** Same data, new shape; one dimension may be -1. */
    Tensor reshape(int... dims);

    Tensor transpose(int axis1, int axis2);

    Tensor permute(int... axes);

    /** Elements {@code start .. start+length-1} along {@code axis}. */
    Tensor narrow(int axis, int start, int length);

    /** Repeats size-1 axes (and adds leading axes) to reach {@code shape}. */
    Tensor broadcastTo(Shape shape);

    /** Removes {@code axis}, which must have size 1. */
    Tensor squeeze(int axis);

    /** Adds an axis of size 1 at {@code axis} (0..rank; negative counts from the end of the result). */
    Tensor unsqueeze(int axis);

    /** Joins tensors of equal shape except along {@code axis}. */
    static Tensor concat(List<Tensor> tensors, int axis) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("concat: no tensors given");
        }
        return tensors.get(0).engine().concat(tensors, axis);
    }

    /** Stacks tensors of equal shape along a new axis. */
    static Tensor stack(List<Tensor> tensors, int axis) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack: no tensors given");
        }
        return tensors.get(0).engine().stack(tensors, axis);
    }

    // ----- indexing -----

    /**
     * Picks slices along {@code axis} by a 1-D {@link DType#INT64} index tensor (as {@code torch.index_select});
     * repeated indices accumulate gradients. An embedding lookup is {@code weight.indexSelect(0, ids)}.
     */
    Tensor indexSelect(int axis, Tensor indices);

    /** {@code torch.gather}: {@code out[i][j][k] = this[i][index[i][j][k]][k]} for axis 1, index of the same rank. */
    Tensor gather(int axis, Tensor index);

    // ----- reductions -----

    /** Sum of all elements, a scalar. */
    Tensor sum();

    Tensor sum(int axis, boolean keepDim);

    /** Mean of all elements, a scalar. */
    Tensor mean();

    Tensor mean(int axis, boolean keepDim);

    /** Maximum along an axis; the gradient goes to the first maximal element. */
    Tensor max(int axis, boolean keepDim);

    /** Index of the first maximum along an axis, as {@link DType#INT64}; not differentiable. */
    Tensor argmax(int axis);

    Tensor softmax(int axis);

    Tensor logSoftmax(int axis);

    Tensor logSumExp(int axis, boolean keepDim);

    // ----- comparison and selection (results are 0/1 in this tensor's dtype, never differentiable) -----

    Tensor gt(Tensor other);

    Tensor lt(Tensor other);

    Tensor ge(Tensor other);

    Tensor le(Tensor other);

    Tensor eq(Tensor other);

    Tensor gt(double scalar);

    Tensor lt(double scalar);

    /** Elementwise {@code condition != 0 ? ifTrue : ifFalse}, broadcasting all three; {@code this} is the condition. */
    Tensor where(Tensor ifTrue, Tensor ifFalse);

    /** Sets elements to {@code value} where {@code mask != 0} (mask broadcasts); gradient is zero there. */
    Tensor maskedFill(Tensor mask, double value);

    /**
     * Inverted dropout: zeroes each element with probability {@code p} and scales the rest by {@code 1/(1-p)}. The
     * mask is drawn from {@code rng}, so it is the same on every engine for the same seed.
     */
    Tensor dropout(double p, RandomSource rng);

    // ----- conversion -----

    Tensor to(DType dtype);

    Tensor to(Device device);

    /** Values in row-major order (converted to float for other dtypes). */
    float[] toFloatArray();

    double[] toDoubleArray();

    long[] toLongArray();

    /** The single value of a one-element tensor. */
    double item();

    // ----- autograd -----

    boolean requiresGrad();

    /** Marks a leaf tensor as a parameter whose gradient is kept; returns {@code this}. */
    Tensor requiresGrad(boolean requiresGrad);

    /** The accumulated gradient of a leaf, or {@code null} before any backward pass. */
    Tensor grad();

    /** Replaces the accumulated gradient (used by clipping); {@code null} clears it. */
    void setGrad(Tensor grad);

    default void zeroGrad() {
        setGrad(null);
    }

    /**
     * Back-propagates from this scalar: adds d(this)/d(leaf) to the gradient of every leaf that requires one, then
     * frees the graph behind it.
     */
    void backward();

    /** Back-propagates with an explicit output gradient of this tensor's shape. */
    void backward(Tensor gradOutput);

    /** The same values, cut from the graph. */
    Tensor detach();

    /**
     * Overwrites this leaf's values with {@code value} (same shape and dtype), keeping its identity and gradient
     * flag: how optimizers update parameters. Not recorded by autograd.
     */
    void assign(Tensor value);

    /** A human-readable summary: shape, dtype, device and the first values. */
    String toString();
}
