package seqlab.engine;

import java.util.ArrayList;
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
 *
 * <h2>Primitives and composites</h2>
 * The abstract methods are the primitives: what an engine implements (see the README's "Add an engine"), each
 * checking its arguments with {@link TensorChecks} so every engine rejects bad input with the same message. Every
 * other op is a composite written once here from primitives, with its gradient following from theirs; an engine may
 * override a composite with a faster kernel of the same meaning (the fused recurrent kernels are the same idea one
 * level up), and the conformance suites hold both to the same numbers.
 */
public interface Tensor {

    // ----- identity (primitives) -----

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

    // ----- elementwise arithmetic, broadcasting (primitives) -----

    Tensor add(Tensor other);

    Tensor mul(Tensor other);

    Tensor div(Tensor other);

    Tensor add(double scalar);

    Tensor mul(double scalar);

    Tensor pow(double exponent);

    Tensor exp();

    Tensor log();

    Tensor tanh();

    Tensor sigmoid();

    Tensor sqrt();

    Tensor abs();

    // ----- elementwise composites -----

    default Tensor sub(Tensor other) {
        return add(other.neg());
    }

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

    default Tensor neg() {
        return mul(-1.0);
    }

    default Tensor square() {
        return mul(this);
    }

    /** {@code max(this, 0)}; the gradient is zero where {@code this <= 0}, as PyTorch's. */
    default Tensor relu() {
        return gt(0.0).where(this, constant(0.0));
    }

    /** Elementwise maximum; the gradient flows to {@code this} where {@code this >= other}, else to {@code other}. */
    default Tensor maximum(Tensor other) {
        return ge(other).where(this, other);
    }

    /** Elementwise minimum; the gradient flows to {@code this} where {@code this <= other}, else to {@code other}. */
    default Tensor minimum(Tensor other) {
        return le(other).where(this, other);
    }

    /** Limits values to [min, max] (NaN stays NaN); the gradient is zero where a bound was applied. */
    default Tensor clamp(double min, double max) {
        TensorChecks.clampBounds(min, max);
        return lt(min).where(constant(min), gt(max).where(constant(max), this));
    }

    // ----- linear algebra (primitive) -----

    /**
     * Matrix product of the last two axes, broadcasting leading (batch) axes, as {@code torch.matmul} for rank &gt;= 2:
     * {@code (..., m, k) @ (..., k, n) -> (..., m, n)}.
     */
    Tensor matmul(Tensor other);

    // ----- shape (primitives) -----

    /** Same data, new shape; one dimension may be -1. */
    Tensor reshape(int... dims);

    Tensor permute(int... axes);

    /** Elements {@code start .. start+length-1} along {@code axis}. */
    Tensor narrow(int axis, int start, int length);

    /** Repeats size-1 axes (and adds leading axes) to reach {@code shape}. */
    Tensor broadcastTo(Shape shape);

    // ----- shape composites -----

    default Tensor transpose(int axis1, int axis2) {
        int a1 = shape().axis(axis1), a2 = shape().axis(axis2);
        int[] axes = new int[rank()];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i;
        }
        axes[a1] = a2;
        axes[a2] = a1;
        return permute(axes);
    }

    /** Removes {@code axis}, which must have size 1. */
    default Tensor squeeze(int axis) {
        return reshape(TensorChecks.squeeze(shape(), axis).dims());
    }

    /** Adds an axis of size 1 at {@code axis} (0..rank; negative counts from the end of the result). */
    default Tensor unsqueeze(int axis) {
        return reshape(shape().insert(axis, 1).dims());
    }

    /**
     * The slices along {@code axis}, each without that axis, as {@code torch.unbind}: what a loop over time steps
     * reads. Taking them at once lets an engine give the backward pass a cost linear in the number of slices.
     */
    default List<Tensor> unbind(int axis) {
        int a = shape().axis(axis);
        List<Tensor> out = new ArrayList<>(dim(a));
        for (int i = 0; i < dim(a); i++) {
            out.add(narrow(a, i, 1).squeeze(a));
        }
        return out;
    }

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

    // ----- indexing (primitives) -----

    /**
     * Picks slices along {@code axis} by a 1-D {@link DType#INT64} index tensor (as {@code torch.index_select});
     * repeated indices accumulate gradients. An embedding lookup is {@code weight.indexSelect(0, ids)}.
     */
    Tensor indexSelect(int axis, Tensor indices);

    /** {@code torch.gather}: {@code out[i][j][k] = this[i][index[i][j][k]][k]} for axis 1, index of the same rank. */
    Tensor gather(int axis, Tensor index);

    // ----- reductions (primitives) -----

    Tensor sum(int axis, boolean keepDim);

    /**
     * Index of the first maximum along an axis, as {@link DType#INT64}; NaN counts as the maximum (as PyTorch's);
     * not differentiable.
     */
    Tensor argmax(int axis);

    // ----- reduction composites -----

    /** Sum of all elements, a scalar. */
    default Tensor sum() {
        return reshape(-1).sum(0, false);
    }

    /** Mean of all elements, a scalar. */
    default Tensor mean() {
        return sum().mul(1.0 / size());
    }

    default Tensor mean(int axis, boolean keepDim) {
        return sum(axis, keepDim).mul(1.0 / dim(axis));
    }

    /** Maximum along an axis; the gradient goes to the first maximal element (NaN counts as maximal). */
    default Tensor max(int axis, boolean keepDim) {
        int a = TensorChecks.reductionAxis("max", this, axis);
        if (dim(a) == 0) {
            throw new IllegalArgumentException("max: axis " + axis + " of shape " + shape() + " is empty");
        }
        Tensor m = gather(a, argmax(a).unsqueeze(a));
        return keepDim ? m : m.squeeze(a);
    }

    /**
     * Layer normalisation over the last axis (Ba, Kiros &amp; Hinton 2016), as PyTorch's {@code layer_norm}:
     * {@code (this - mean) / sqrt(var + eps) * weight + bias}, with the biased variance of each row; {@code weight} and
     * {@code bias} have the last axis's size. Engines with a fused kernel override this; the result is the same.
     */
    default Tensor layerNorm(Tensor weight, Tensor bias, double eps) {
        TensorChecks.layerNorm(this, weight, bias, eps);
        Tensor mean = mean(-1, true);
        Tensor centered = sub(mean);
        Tensor var = centered.square().mean(-1, true);
        Tensor normed = centered.div(var.add(eps).sqrt());
        return normed.mul(weight).add(bias);
    }

    default Tensor softmax(int axis) {
        Tensor e = sub(stableShift("softmax", axis)).exp();
        return e.div(e.sum(axis, true));
    }

    /** {@code (this - m) - log(sum(exp(this - m)))}: shifting first keeps large inputs from losing their digits. */
    default Tensor logSoftmax(int axis) {
        Tensor z = sub(stableShift("logSoftmax", axis));
        return z.sub(z.exp().sum(axis, true).log());
    }

    /**
     * {@code log(sum(exp(this)))} along an axis, computed as {@code m + log(sum(exp(this - m)))} with the maximum
     * {@code m} held constant (it cancels in value and gradient); a row whose maximum is infinite shifts by 0 instead,
     * so that its result is that infinity rather than NaN.
     */
    default Tensor logSumExp(int axis, boolean keepDim) {
        Tensor m = stableShift("logSumExp", axis);
        Tensor r = sub(m).exp().sum(axis, true).log().add(m);
        return keepDim ? r : r.squeeze(axis);
    }

    /** The detached maximum along {@code axis} (kept), with infinite maxima replaced by 0. */
    private Tensor stableShift(String op, int axis) {
        TensorChecks.reductionAxis(op, this, axis);
        Tensor m = max(axis, true).detach();
        return m.abs().eq(constant(Double.POSITIVE_INFINITY)).where(constant(0.0), m);
    }

    // ----- comparison and selection (results are 0/1 in this tensor's dtype, never differentiable) -----

    /** An elementwise comparison. */
    enum Comparison {
        GT, GE, LT, LE, EQ, NE;

        /** The op's name in error messages: {@code gt}, {@code ge}, ... */
        public String op() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * {@code this OP other} elementwise, broadcasting: 1 where it holds, else 0, in this tensor's dtype. Any comparison
     * with NaN is false except {@link Comparison#NE}, as in IEEE 754.
     */
    Tensor compare(Comparison op, Tensor other);

    default Tensor gt(Tensor other) {
        return compare(Comparison.GT, other);
    }

    default Tensor ge(Tensor other) {
        return compare(Comparison.GE, other);
    }

    default Tensor lt(Tensor other) {
        return compare(Comparison.LT, other);
    }

    default Tensor le(Tensor other) {
        return compare(Comparison.LE, other);
    }

    default Tensor eq(Tensor other) {
        return compare(Comparison.EQ, other);
    }

    default Tensor ne(Tensor other) {
        return compare(Comparison.NE, other);
    }

    /** Compares with {@code scalar} in this tensor's dtype, as PyTorch compares with a Python number. */
    default Tensor gt(double scalar) {
        return gt(constant(scalar));
    }

    /** Compares with {@code scalar} in this tensor's dtype, as PyTorch compares with a Python number. */
    default Tensor lt(double scalar) {
        return lt(constant(scalar));
    }

    /** Elementwise {@code condition != 0 ? ifTrue : ifFalse}, broadcasting all three; {@code this} is the condition. */
    Tensor where(Tensor ifTrue, Tensor ifFalse);

    /** Sets elements to {@code value} where {@code mask != 0} (mask broadcasts); gradient is zero there. */
    default Tensor maskedFill(Tensor mask, double value) {
        TensorChecks.maskedFill(this, mask);
        return mask.to(device()).where(constant(value), this);
    }

    /**
     * Inverted dropout: zeroes each element with probability {@code p} and scales the rest by {@code 1/(1-p)}. The
     * mask is drawn from {@code rng}, one {@code nextDouble()} per element in row-major order (kept when
     * {@code >= p}), so it is the same on every engine for the same seed.
     */
    default Tensor dropout(double p, RandomSource rng) {
        TensorChecks.dropoutRate(p);
        TensorChecks.requireFloating("dropout", this);
        if (p == 0) {
            return this;
        }
        int n = shape().sizeAsInt();
        double scale = 1.0 / (1.0 - p);
        Tensor mask;
        if (dtype() == DType.FLOAT32) {
            float[] m = new float[n];
            for (int i = 0; i < n; i++) {
                m[i] = rng.nextDouble() >= p ? (float) scale : 0f;
            }
            mask = engine().of(m, shape());
        } else {
            double[] m = new double[n];
            for (int i = 0; i < n; i++) {
                m[i] = rng.nextDouble() >= p ? scale : 0.0;
            }
            mask = engine().of(m, shape());
        }
        return mul(mask.to(device()));
    }

    /** A rank-0 tensor of this dtype on this device: the second operand of an op with a number. */
    private Tensor constant(double value) {
        return engine().full(Shape.scalar(), value, dtype(), device());
    }

    // ----- conversion (primitives) -----

    Tensor to(DType dtype);

    /** Values in row-major order (converted to double for other dtypes). */
    double[] toDoubleArray();

    /** Values in row-major order (floating values truncated toward zero). */
    long[] toLongArray();

    // ----- conversion composites -----

    /** The same values on {@code device}; an engine with one device has nothing to move. */
    default Tensor to(Device device) {
        if (device.equals(device())) {
            return this;
        }
        throw new IllegalArgumentException(engine().deviceMissing(device));
    }

    /** Values in row-major order (converted to float for other dtypes). */
    default float[] toFloatArray() {
        double[] d = toDoubleArray();
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }

    /** The single value of a one-element tensor. */
    default double item() {
        TensorChecks.oneElement("item()", this);
        return dtype() == DType.INT64 ? toLongArray()[0] : toDoubleArray()[0];
    }

    // ----- autograd (primitives) -----

    boolean requiresGrad();

    /** Marks a leaf tensor as a parameter whose gradient is kept; returns {@code this}. */
    Tensor requiresGrad(boolean requiresGrad);

    /** The accumulated gradient of a leaf, or {@code null} before any backward pass. */
    Tensor grad();

    /** Replaces the accumulated gradient (used by clipping); {@code null} clears it. */
    void setGrad(Tensor grad);

    /** Back-propagates with an explicit output gradient of this tensor's shape and dtype. */
    void backward(Tensor gradOutput);

    /** The same values, cut from the graph. */
    Tensor detach();

    /**
     * Overwrites this leaf's values with {@code value} (same shape and dtype), keeping its identity and gradient
     * flag: how optimizers update parameters. Not recorded by autograd.
     */
    void assign(Tensor value);

    // ----- autograd composites -----

    default void zeroGrad() {
        setGrad(null);
    }

    /**
     * Back-propagates from this scalar: adds d(this)/d(leaf) to the gradient of every leaf that requires one, then
     * frees the graph behind it.
     */
    default void backward() {
        TensorChecks.scalarForBackward(this);
        backward(engine().full(shape(), 1.0, dtype(), device()));
    }

    // toString: a human-readable summary (shape, dtype, device and the first values) is expected of every engine.
}
