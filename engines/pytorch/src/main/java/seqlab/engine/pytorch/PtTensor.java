package seqlab.engine.pytorch;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.List;
import seqlab.engine.DType;
import seqlab.engine.Device;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.engine.TensorChecks;

/**
 * A tensor of the LibTorch engine: one DJL {@link PtNDArray} it owns. Shapes and dtypes are checked here, before
 * LibTorch sees them, so errors name the op and the shapes exactly as the reference engine's do (and LibTorch's
 * silent float32/float64 promotion becomes an error). Autograd is LibTorch's; this class adds what the SPI promises
 * beyond it:
 * <ul>
 * <li>{@link #backward()} twice from one root fails even where LibTorch would allow it (graphs without saved
 * tensors), as on the reference engine;</li>
 * <li>{@link #grad()} is a copy, because LibTorch accumulates in place into the gradient buffer on the next
 * backward and a gradient read earlier must not change under its reader;</li>
 * <li>{@link #zeroGrad()} leaves no gradient at all (not a zero one) until a backward pass reaches the leaf again,
 * as on the reference engine, and it may come between a forward pass and its backward (as {@code Trainer} does):
 * LibTorch's gradient buffer is zeroed in place, so a graph built before the call still accumulates into it, and
 * {@link #grad()} answers {@code null} until a backward pass has written a non-zero value there;</li>
 * <li>{@link #detach()} copies and {@link #assign} writes in place, so a detached snapshot never changes when the
 * parameter it came from is updated.</li>
 * </ul>
 */
final class PtTensor implements Tensor {
    final PyTorchEngine engine;
    private final PtNDArray a;
    final Shape shape;
    final DType dtype;
    private final Device device;
    /** Created by the engine or by an op no input of which needed a gradient (LibTorch's is_leaf). */
    private final boolean leaf;
    /** Set once backward() ran from this tensor as its root. */
    private boolean graphFreed;
    /**
     * The engine's backward count when {@link #zeroGrad()} last zeroed LibTorch's gradient buffer in place, or -1 when
     * the buffer holds a gradient to report (or none exists).
     */
    private long zeroedAt = -1;

    /** Mirrors LibTorch's requires_grad: DJL 0.36's JNI reports it only for leaves. */
    private boolean requiresGrad;

    PtTensor(PyTorchEngine engine, PtNDArray a, boolean requiresGrad) {
        this.engine = engine;
        this.a = a;
        this.shape = seqShape(a.getShape());
        this.dtype = seqType(a.getDataType());
        ai.djl.Device d = a.getDevice();
        this.device = d.isGpu() ? Device.gpu(d.getDeviceId()) : Device.cpu();
        // an op's result is a non-leaf exactly when it requires a gradient as it is made (LibTorch's rule); DJL
        // exposes neither is_leaf nor a requires_grad that holds for non-leaves, so both are tracked here
        this.requiresGrad = requiresGrad;
        this.leaf = !requiresGrad;
        PyTorchEngine.CLEANER.register(this, new Release(a));
    }

    /** Frees the native array when its tensor becomes unreachable; must not refer to the tensor. */
    private record Release(PtNDArray array) implements Runnable {
        @Override
        public void run() {
            array.close();
        }
    }

    static Shape seqShape(ai.djl.ndarray.types.Shape s) {
        long[] l = s.getShape();
        int[] d = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            d[i] = Math.toIntExact(l[i]);
        }
        return Shape.of(d);
    }

    static DType seqType(DataType t) {
        return switch (t) {
            case FLOAT32 -> DType.FLOAT32;
            case FLOAT64 -> DType.FLOAT64;
            case INT64 -> DType.INT64;
            default -> throw new IllegalStateException("pytorch engine: unexpected native dtype " + t);
        };
    }

    /** The native array; fails with a clear message once its scope has freed it. */
    PtNDArray array() {
        if (a.isReleased()) {
            throw new IllegalStateException("This tensor " + shape + " was freed when the TensorScope it was created in "
                    + "closed. Keep it past the scope with scope.keep(tensor), or create it outside the scope.");
        }
        return a;
    }

    /** Wraps an op's result; it requires a gradient when grad mode is on and this tensor does. */
    private PtTensor wrap(NDArray r) {
        return engine.wrap(r, requiresGrad && engine.isGradEnabled());
    }

    /** Wraps the result of a binary op. */
    private PtTensor wrap(NDArray r, PtTensor b) {
        return engine.wrap(r, (requiresGrad || b.requiresGrad) && engine.isGradEnabled());
    }

    /** Wraps a result that is never differentiable (comparisons, indices, copies cut from the graph). */
    private PtTensor constant(NDArray r) {
        return engine.wrap(r, false);
    }

    // ----- checks (messages as the reference engine's) -----

    private PtTensor other(String op, Tensor t) {
        if (t == null) {
            throw new NullPointerException(op + ": the other tensor is null");
        }
        if (!(t instanceof PtTensor r) || r.engine != engine) {
            throw TensorChecks.foreign(op, engine, t);
        }
        return r;
    }

    private void sameDevice(String op, PtTensor o) {
        if (!device.equals(o.device)) {
            throw new IllegalArgumentException(op + ": tensors are on different devices (" + device() + " and "
                    + o.device() + "); move one with to(Device)");
        }
    }

    private PtTensor binaryArgs(String op, Tensor t) {
        PtTensor b = other(op, t);
        TensorChecks.sameFloatingDtype(op, this, b);
        sameDevice(op, b);
        if (!shape.equals(b.shape)) {
            Shape.broadcast(op, shape, b.shape);
        }
        engine.sync();
        return b;
    }

    // ----- identity -----

    @Override
    public Engine engine() {
        return engine;
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public Device device() {
        return device;
    }

    // ----- elementwise -----

    @Override
    public Tensor add(Tensor other) {
        PtTensor b = binaryArgs("add", other);
        return wrap(array().add(b.array()), b);
    }

    @Override
    public Tensor sub(Tensor other) {
        PtTensor b = binaryArgs("sub", other);
        return wrap(array().sub(b.array()), b);
    }

    @Override
    public Tensor mul(Tensor other) {
        PtTensor b = binaryArgs("mul", other);
        return wrap(array().mul(b.array()), b);
    }

    @Override
    public Tensor div(Tensor other) {
        PtTensor b = binaryArgs("div", other);
        return wrap(array().div(b.array()), b);
    }

    @Override
    public Tensor add(double scalar) {
        TensorChecks.requireFloating("add", this);
        engine.sync();
        // the scalar is made in this tensor's dtype: a float64 scalar would promote a rank-0 float32 tensor
        try (PtNDArray s = scalarLike(scalar)) {
            return wrap(JniUtils.add(array(), s));
        }
    }

    @Override
    public Tensor mul(double scalar) {
        TensorChecks.requireFloating("mul", this);
        engine.sync();
        try (PtNDArray s = scalarLike(scalar)) {
            return wrap(JniUtils.mul(array(), s));
        }
    }

    @Override
    public Tensor maximum(Tensor other) {
        return pick("maximum", other, true);
    }

    @Override
    public Tensor minimum(Tensor other) {
        return pick("minimum", other, false);
    }

    /**
     * Elementwise max/min as a where over a comparison, so that at ties the whole gradient goes to {@code this} as on
     * the reference engine (LibTorch's own maximum splits it in half).
     */
    private Tensor pick(String op, Tensor other, boolean max) {
        PtTensor b = binaryArgs(op, other);
        try (NDArray mask = max ? array().gte(b.array()) : array().lte(b.array())) {
            return wrap(JniUtils.where((PtNDArray) mask, array(), b.array()), b);
        }
    }

    private Tensor unary(String op, java.util.function.UnaryOperator<PtNDArray> f) {
        TensorChecks.requireFloating(op, this);
        engine.sync();
        return wrap(f.apply(array()));
    }

    @Override
    public Tensor neg() {
        return unary("neg", PtNDArray::neg);
    }

    @Override
    public Tensor exp() {
        return unary("exp", PtNDArray::exp);
    }

    @Override
    public Tensor log() {
        return unary("log", PtNDArray::log);
    }

    @Override
    public Tensor tanh() {
        return unary("tanh", PtNDArray::tanh);
    }

    @Override
    public Tensor sigmoid() {
        return unary("sigmoid", x -> JniUtils.sigmoid(x));
    }

    @Override
    public Tensor relu() {
        return unary("relu", x -> JniUtils.relu(x));
    }

    @Override
    public Tensor sqrt() {
        return unary("sqrt", x -> (PtNDArray) x.sqrt());
    }

    @Override
    public Tensor abs() {
        return unary("abs", PtNDArray::abs);
    }

    @Override
    public Tensor pow(double exponent) {
        TensorChecks.requireFloating("pow", this);
        engine.sync();
        try (PtNDArray s = scalarLike(exponent)) {
            return wrap(JniUtils.pow(array(), s));
        }
    }

    @Override
    public Tensor square() {
        return unary("square", PtNDArray::square);
    }

    @Override
    public Tensor clamp(double min, double max) {
        if (min > max) {
            throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
        }
        return unary("clamp", x -> x.clip(min, max));
    }

    // ----- matmul -----

    @Override
    public Tensor matmul(Tensor other) {
        PtTensor b = other("matmul", other);
        TensorChecks.sameFloatingDtype("matmul", this, b);
        sameDevice("matmul", b);
        if (rank() < 2 || b.rank() < 2) {
            throw new IllegalArgumentException("matmul: needs tensors of rank >= 2, got " + shape + " and " + b.shape
                    + "; add an axis with unsqueeze() for a vector");
        }
        if (dim(-1) != b.dim(-2)) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + shape + " @ " + b.shape + " ("
                    + dim(-1) + " vs " + b.dim(-2) + "); the last axis of the left must equal the second-to-last of the right");
        }
        int[] ad = shape.dims(), bd = b.shape.dims();
        Shape.broadcast("matmul", Shape.of(Arrays.copyOf(ad, ad.length - 2)), Shape.of(Arrays.copyOf(bd, bd.length - 2)));
        engine.sync();
        return wrap(JniUtils.matmul(array(), b.array()), b);
    }

    // ----- shape -----

    @Override
    public Tensor reshape(int... dims) {
        Shape s = shape.reshape(dims);
        if (s.equals(shape)) {
            return this;
        }
        engine.sync();
        return wrap(array().reshape(PyTorchEngine.djlShape(s)));
    }

    @Override
    public Tensor transpose(int axis1, int axis2) {
        int a1 = shape.axis(axis1), a2 = shape.axis(axis2);
        if (a1 == a2) {
            return this;
        }
        engine.sync();
        return wrap(JniUtils.transpose(array(), a1, a2));
    }

    @Override
    public Tensor permute(int... axes) {
        if (axes.length != rank()) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(axes) + " does not name each of the " + rank()
                    + " axes of " + shape + " once");
        }
        long[] ax = new long[axes.length];
        boolean[] seen = new boolean[axes.length];
        boolean identity = true;
        for (int i = 0; i < axes.length; i++) {
            int x = shape.axis(axes[i]);
            if (seen[x]) {
                throw new IllegalArgumentException("permute: axis " + axes[i] + " appears twice in " + Arrays.toString(axes));
            }
            seen[x] = true;
            ax[i] = x;
            identity &= x == i;
        }
        if (identity) {
            return this;
        }
        engine.sync();
        return wrap(JniUtils.permute(array(), ax));
    }

    @Override
    public Tensor narrow(int axis, int start, int length) {
        int ax = shape.axis(axis);
        int size = shape.dim(ax);
        if (start < 0 || length < 0 || start + length > size) {
            throw new IllegalArgumentException("narrow: elements " + start + ".." + (start + length - 1) + " of axis " + axis
                    + " are out of range for shape " + shape + " (size " + size + ")");
        }
        if (start == 0 && length == size) {
            return this;
        }
        engine.sync();
        return wrap(JniUtils.slice(array(), ax, start, start + length, 1));
    }

    @Override
    public Tensor broadcastTo(Shape target) {
        Shape s = Shape.broadcast("broadcastTo", shape, target);
        if (!s.equals(target)) {
            throw new IllegalArgumentException("broadcastTo: " + shape + " cannot be broadcast to " + target);
        }
        if (target.equals(shape)) {
            return this;
        }
        engine.sync();
        return wrap(JniUtils.broadcast(array(), PyTorchEngine.djlShape(target)));
    }

    @Override
    public Tensor squeeze(int axis) {
        int ax = shape.axis(axis);
        if (shape.dim(ax) != 1) {
            throw new IllegalArgumentException("squeeze: axis " + axis + " of shape " + shape + " has size " + shape.dim(ax)
                    + ", not 1");
        }
        return reshape(shape.without(ax).dims());
    }

    @Override
    public Tensor unsqueeze(int axis) {
        return reshape(shape.insert(axis, 1).dims());
    }

    static Tensor concat(PyTorchEngine engine, List<Tensor> tensors, int axis) {
        PtTensor first = (PtTensor) tensors.get(0);
        int ax = first.shape.axis(axis);
        PtNDArray[] arrays = new PtNDArray[tensors.size()];
        for (int i = 0; i < arrays.length; i++) {
            PtTensor t = first.other("concat", tensors.get(i));
            if (t.dtype != first.dtype || t.rank() != first.rank()
                    || !t.shape.with(ax, 1).equals(first.shape.with(ax, 1))) {
                throw new IllegalArgumentException("concat: tensor " + i + " has shape " + t.shape + " (" + t.dtype
                        + "), which does not match " + first.shape + " (" + first.dtype + ") outside axis " + axis);
            }
            first.sameDevice("concat", t);
            arrays[i] = t.array();
        }
        engine.sync();
        boolean rg = false;
        for (Tensor t : tensors) {
            rg |= t.requiresGrad();
        }
        return engine.wrap(JniUtils.cat(arrays, ax), rg && engine.isGradEnabled());
    }

    // ----- indexing -----

    private PtTensor indexTensor(String op, Tensor indices) {
        PtTensor ix = other(op, indices);
        if (ix.dtype != DType.INT64) {
            throw new IllegalArgumentException(op + ": indices must be an INT64 tensor (Engine.ofIndices), got " + ix.dtype);
        }
        sameDevice(op, ix);
        return ix;
    }

    @Override
    public Tensor indexSelect(int axis, Tensor indices) {
        int ax = shape.axis(axis);
        if (indices.rank() != 1) {
            throw new IllegalArgumentException("indexSelect: indices must be 1-D, got shape " + indices.shape()
                    + "; flatten them with reshape(-1) and reshape the result");
        }
        PtTensor ix = indexTensor("indexSelect", indices);
        int size = shape.dim(ax), n = ix.shape.dim(0);
        // index_select as a gather over an index broadcast along the other axes: gather's backward scatter-adds,
        // so repeated indices accumulate
        int[] view = new int[rank()];
        Arrays.fill(view, 1);
        view[ax] = n;
        Shape out = shape.with(ax, n);
        engine.sync();
        try (NDArray v = ix.array().reshape(PyTorchEngine.djlShape(Shape.of(view)));
             NDArray e = JniUtils.broadcast((PtNDArray) v, PyTorchEngine.djlShape(out))) {
            return wrap(JniUtils.gather(array(), (PtNDArray) e, ax));
        } catch (EngineException ex) {
            throw outOfRange("indexSelect", ix, axis, size, ex);
        }
    }

    @Override
    public Tensor gather(int axis, Tensor index) {
        int ax = shape.axis(axis);
        if (index.rank() != rank()) {
            throw new IllegalArgumentException("gather: index rank " + index.rank() + " differs from input rank " + rank()
                    + " (input " + shape + ", index " + index.shape() + ")");
        }
        for (int i = 0; i < rank(); i++) {
            if (i != ax && index.dim(i) > dim(i)) {
                throw new IllegalArgumentException("gather: index shape " + index.shape() + " exceeds input shape " + shape
                        + " on axis " + i);
            }
        }
        PtTensor ix = indexTensor("gather", index);
        engine.sync();
        try {
            return wrap(JniUtils.gather(array(), ix.array(), ax));
        } catch (EngineException ex) {
            throw outOfRange("gather", ix, axis, dim(ax), ex);
        }
    }

    /** Names the first bad index when LibTorch rejected an index op. */
    private RuntimeException outOfRange(String op, PtTensor ix, int axis, int size, EngineException cause) {
        for (long v : ix.toLongArray()) {
            if (v < 0 || v >= size) {
                return new IllegalArgumentException(op + ": index " + v + " is out of range for axis " + axis
                        + " of shape " + shape + " (valid: 0.." + (size - 1) + ")", cause);
            }
        }
        return cause;
    }

    // ----- reductions -----

    @Override
    public Tensor sum() {
        TensorChecks.requireFloating("sum", this);
        engine.sync();
        return wrap(array().sum());
    }

    @Override
    public Tensor sum(int axis, boolean keepDim) {
        TensorChecks.requireFloating("sum", this);
        int ax = shape.axis(axis);
        engine.sync();
        return wrap(array().sum(new int[] {ax}, keepDim));
    }

    @Override
    public Tensor mean() {
        TensorChecks.requireFloating("mean", this);
        engine.sync();
        return wrap(array().mean());
    }

    @Override
    public Tensor mean(int axis, boolean keepDim) {
        TensorChecks.requireFloating("mean", this);
        int ax = shape.axis(axis);
        engine.sync();
        return wrap(array().mean(new int[] {ax}, keepDim));
    }

    @Override
    public Tensor max(int axis, boolean keepDim) {
        TensorChecks.requireFloating("max", this);
        int ax = shape.axis(axis);
        if (shape.dim(ax) == 0) {
            throw new IllegalArgumentException("max: axis " + axis + " of shape " + shape + " is empty");
        }
        engine.sync();
        return wrap(JniUtils.max(array(), ax, keepDim));
    }

    @Override
    public Tensor argmax(int axis) {
        TensorChecks.requireFloating("argmax", this);
        int ax = shape.axis(axis);
        engine.sync();
        return constant(JniUtils.argMax(array(), ax, false));
    }

    @Override
    public Tensor softmax(int axis) {
        TensorChecks.requireFloating("softmax", this);
        int ax = shape.axis(axis);
        engine.sync();
        return wrap(array().softmax(ax));
    }

    @Override
    public Tensor logSoftmax(int axis) {
        TensorChecks.requireFloating("logSoftmax", this);
        int ax = shape.axis(axis);
        engine.sync();
        return wrap(array().logSoftmax(ax));
    }

    @Override
    public Tensor logSumExp(int axis, boolean keepDim) {
        TensorChecks.requireFloating("logSumExp", this);
        int ax = shape.axis(axis);
        engine.sync();
        // log(sum(exp(x - m))) + m with the shift m detached (it cancels in value and gradient); an infinite maximum
        // (a row all -inf, or a +inf) is replaced by 0 so that x - m stays defined and the row's result is m itself
        PtNDArray x = array();
        try (PtNDArray mRaw = JniUtils.max(x, ax, true);
             PtNDArray m0 = JniUtils.detachGradient(mRaw);
             NDArray finite = m0.isInfinite();
             NDArray zero = m0.zerosLike();
             PtNDArray m = JniUtils.where((PtNDArray) finite, (PtNDArray) zero, m0);
             PtNDArray shifted = x.sub(m);
             PtNDArray e = shifted.exp();
             PtNDArray s = e.sum(new int[] {ax}, true);
             PtNDArray l = s.log()) {
            PtNDArray r = l.add(m);
            if (!keepDim) {
                PtNDArray sq = r.squeeze(ax);
                r.close();
                r = sq;
            }
            return wrap(r);
        }
    }

    // ----- comparison and selection -----

    private Tensor compare(String op, Tensor other) {
        PtTensor b = binaryArgs(op, other);
        try (NDArray r = switch (op) {
            case "gt" -> array().gt(b.array());
            case "lt" -> array().lt(b.array());
            case "ge" -> array().gte(b.array());
            case "le" -> array().lte(b.array());
            default -> array().eq(b.array());
        }) {
            return constant(r.toType(PyTorchEngine.djlType(dtype), true));
        }
    }

    @Override
    public Tensor gt(Tensor other) {
        return compare("gt", other);
    }

    @Override
    public Tensor lt(Tensor other) {
        return compare("lt", other);
    }

    @Override
    public Tensor ge(Tensor other) {
        return compare("ge", other);
    }

    @Override
    public Tensor le(Tensor other) {
        return compare("le", other);
    }

    @Override
    public Tensor eq(Tensor other) {
        return compare("eq", other);
    }

    @Override
    public Tensor gt(double scalar) {
        TensorChecks.requireFloating("gt", this);
        engine.sync();
        try (NDArray r = array().gt(scalar)) {
            return constant(r.toType(PyTorchEngine.djlType(dtype), true));
        }
    }

    @Override
    public Tensor lt(double scalar) {
        TensorChecks.requireFloating("lt", this);
        engine.sync();
        try (NDArray r = array().lt(scalar)) {
            return constant(r.toType(PyTorchEngine.djlType(dtype), true));
        }
    }

    @Override
    public Tensor where(Tensor ifTrue, Tensor ifFalse) {
        PtTensor x = other("where", ifTrue), y = other("where", ifFalse);
        TensorChecks.sameFloatingDtype("where", x, y);
        sameDevice("where", x);
        sameDevice("where", y);
        Shape.broadcast("where", Shape.broadcast("where", shape, x.shape), y.shape);
        engine.sync();
        try (NDArray c = array().neq(0)) {
            return engine.wrap(JniUtils.where((PtNDArray) c, x.array(), y.array()),
                    (x.requiresGrad || y.requiresGrad) && engine.isGradEnabled());
        }
    }

    @Override
    public Tensor maskedFill(Tensor mask, double value) {
        PtTensor m = other("maskedFill", mask);
        TensorChecks.requireFloating("maskedFill", this);
        sameDevice("maskedFill", m);
        Shape s = Shape.broadcast("maskedFill", shape, m.shape);
        if (!s.equals(shape)) {
            throw new IllegalArgumentException("maskedFill: mask of shape " + m.shape + " does not broadcast to " + shape);
        }
        engine.sync();
        PtNDArray x = array();
        try (NDArray c = m.array().neq(0); PtNDArray v = scalarLike(value)) {
            return wrap(JniUtils.where((PtNDArray) c, v, x));
        }
    }

    /** A rank-0 array of this tensor's dtype and device; the caller closes it. */
    private PtNDArray scalarLike(double value) {
        PtNDArray x = array();
        NDArray s = PyTorchEngine.ownedCopy((PtNDArray) (dtype == DType.FLOAT64 ? x.getManager().create(value)
                : x.getManager().create((float) value)));
        if (!s.getDevice().equals(x.getDevice())) {
            NDArray moved = s.toDevice(x.getDevice(), true);
            s.close();
            s = moved;
        }
        return (PtNDArray) s;
    }

    @Override
    public Tensor dropout(double p, RandomSource rng) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout: probability must be in [0, 1), got " + p);
        }
        TensorChecks.requireFloating("dropout", this);
        if (p == 0) {
            return this;
        }
        // the mask is drawn in Java, element by element in row-major order, exactly as the reference engine draws it
        int n = shape.sizeAsInt();
        double scale = 1.0 / (1.0 - p);
        Tensor mask;
        if (dtype == DType.FLOAT32) {
            float[] m = new float[n];
            for (int i = 0; i < n; i++) {
                m[i] = rng.nextDouble() >= p ? (float) scale : 0f;
            }
            mask = engine.of(m, shape);
        } else {
            double[] m = new double[n];
            for (int i = 0; i < n; i++) {
                m[i] = rng.nextDouble() >= p ? scale : 0.0;
            }
            mask = engine.of(m, shape);
        }
        PtTensor mt = (PtTensor) mask.to(device());
        engine.sync();
        return wrap(array().mul(mt.array()));
    }

    // ----- conversion -----

    @Override
    public Tensor to(DType target) {
        if (target == dtype) {
            return this;
        }
        engine.sync();
        NDArray r = array().toType(PyTorchEngine.djlType(target), true);
        return target == DType.INT64 || dtype == DType.INT64 ? constant(r) : wrap(r);
    }

    @Override
    public Tensor to(Device device) {
        if (!engine.devices().contains(device)) {
            throw engine.noSuchDevice(device);
        }
        if (device.equals(device())) {
            return this;
        }
        engine.sync();
        return wrap(array().toDevice(PyTorchEngine.djlDevice(device), true));
    }

    /** A contiguous CPU array of {@code type} holding these values; the caller closes it if it is not {@link #a}. */
    private PtNDArray hostContiguous(DataType type) {
        PtNDArray x = array();
        PtNDArray cur = x;
        if (!cur.getDevice().equals(ai.djl.Device.cpu())) {
            cur = cur.toDevice(ai.djl.Device.cpu(), true);
        }
        if (cur.getDataType() != type) {
            PtNDArray t = cur.toType(type, true);
            if (cur != x) {
                cur.close();
            }
            cur = t;
        }
        // reshape to 1-D copies a non-contiguous view (transpose, expand) into row-major order
        PtNDArray flat = cur.reshape(new ai.djl.ndarray.types.Shape(shape.size()));
        if (cur != x) {
            cur.close();
        }
        return flat;
    }

    @Override
    public float[] toFloatArray() {
        try (var ignored = engine.noGrad(); PtNDArray h = hostContiguous(DataType.FLOAT32)) {
            return h.toFloatArray();
        }
    }

    @Override
    public double[] toDoubleArray() {
        try (var ignored = engine.noGrad(); PtNDArray h = hostContiguous(DataType.FLOAT64)) {
            return h.toDoubleArray();
        }
    }

    @Override
    public long[] toLongArray() {
        try (var ignored = engine.noGrad(); PtNDArray h = hostContiguous(DataType.INT64)) {
            return h.toLongArray();
        }
    }

    @Override
    public double item() {
        if (shape.size() != 1) {
            throw new IllegalArgumentException("item(): needs a tensor with one element, got shape " + shape);
        }
        return switch (dtype) {
            case FLOAT32 -> toFloatArray()[0];
            case FLOAT64 -> toDoubleArray()[0];
            case INT64 -> toLongArray()[0];
        };
    }

    // ----- autograd -----

    @Override
    public boolean requiresGrad() {
        return requiresGrad;
    }

    private boolean isLeaf() {
        return leaf && !graphFreed;
    }

    @Override
    public Tensor requiresGrad(boolean flag) {
        if (!isLeaf()) {
            throw new IllegalStateException("requiresGrad(): only leaf tensors (created by the engine, not by an op) can be "
                    + "marked; use detach() to make a leaf from a computed tensor");
        }
        if (flag && dtype == DType.INT64) {
            throw new IllegalArgumentException("requiresGrad(): INT64 tensors hold indices and cannot have gradients");
        }
        array().setRequiresGradient(flag);
        requiresGrad = flag;
        return this;
    }

    @Override
    public Tensor grad() {
        PtNDArray x = array();
        if (!requiresGrad) {
            return null;
        }
        PtNDArray g = JniUtils.getGradient(x);
        if (g == null) {
            return null;
        }
        try (var ignored = engine.noGrad()) {
            if (zeroedAt >= 0) {
                // zeroed by zeroGrad(): no backward since, or none that reached this leaf (its buffer is still all
                // zeros), means no gradient, as on the reference engine. A backward that reached it with an exactly
                // zero gradient reads as none too: LibTorch records no trace of which leaves a backward visited.
                boolean untouched = engine.backwards() == zeroedAt;
                if (!untouched) {
                    // DJL builds countNonzero from intermediate arrays on the operand's manager; a manager of its
                    // own frees them (the parameter's manager would keep them for the engine's lifetime)
                    try (ai.djl.ndarray.NDManager tmp = g.getManager().newSubManager();
                         PtNDArray probe = JniUtils.clone(g)) {
                        probe.attach(tmp);
                        untouched = probe.countNonzero().getLong() == 0;
                    }
                }
                if (untouched) {
                    g.close();
                    return null;
                }
                zeroedAt = -1;
            }
            PtNDArray copy = JniUtils.clone(g);
            g.close();
            return constant(copy);
        }
    }

    /**
     * Clears LibTorch's gradient buffer in place rather than dropping it, because a graph built before this call holds
     * this very tensor and its backward must still land where {@link #grad()} looks (a fresh alias would miss it).
     */
    private void clearNativeGrad() {
        PtNDArray x = array();
        PtNDArray g = JniUtils.getGradient(x);
        if (g == null) {
            zeroedAt = -1;
            return;
        }
        g.close();
        JniUtils.zeroGrad(x);
        zeroedAt = engine.backwards();
    }

    @Override
    public void setGrad(Tensor g) {
        PtNDArray x = array();
        if (!requiresGrad) {
            if (g == null) {
                return;
            }
            throw new IllegalStateException("setGrad: this tensor does not require a gradient; call requiresGrad(true) "
                    + "on it first");
        }
        if (!isLeaf()) {
            if (g == null) {
                return;
            }
            throw new IllegalStateException("setGrad: only leaf tensors (parameters) hold gradients");
        }
        if (g == null) {
            try (var ignored = engine.noGrad()) {
                clearNativeGrad();
            }
            return;
        }
        PtTensor r = other("setGrad", g);
        if (!r.shape.equals(shape) || r.dtype != dtype) {
            throw new IllegalArgumentException("setGrad: gradient of shape " + r.shape + " (" + r.dtype
                    + ") does not match tensor " + shape + " (" + dtype + ")");
        }
        sameDevice("setGrad", r);
        try (var ignored = engine.noGrad()) {
            clearNativeGrad();
            // back-propagating g from the leaf itself adds exactly g to the zeroed (or absent) buffer
            try (PtNDArray copy = JniUtils.clone(r.array())) {
                JniUtils.backward(x, copy, false, false);
            }
            zeroedAt = -1;
        }
    }

    @Override
    public void backward() {
        if (shape.size() != 1) {
            throw new IllegalArgumentException("backward(): needs a scalar (one element), got shape " + shape
                    + "; reduce it (e.g. sum() or mean()) or pass the output gradient with backward(grad)");
        }
        PtNDArray x = array();
        try (NDArray ones = x.onesLike()) {
            runBackward((PtNDArray) ones);
        }
    }

    @Override
    public void backward(Tensor gradOutput) {
        PtTensor g = other("backward", gradOutput);
        if (!g.shape.equals(shape)) {
            throw new IllegalArgumentException("backward(grad): gradient shape " + g.shape + " differs from tensor shape "
                    + shape);
        }
        if (g.dtype != dtype) {
            throw new IllegalArgumentException("backward(grad): gradient dtype " + g.dtype + " differs from tensor dtype "
                    + dtype);
        }
        sameDevice("backward", g);
        runBackward(g.array());
    }

    private void runBackward(PtNDArray gradOut) {
        PtNDArray x = array();
        if (!requiresGrad) {
            throw new IllegalStateException("backward(): this tensor does not depend on any tensor that requires a "
                    + "gradient. Mark parameters with requiresGrad(true) before computing, and do not compute the loss "
                    + "inside a noGrad() scope.");
        }
        if (graphFreed) {
            throw freedGraph(null);
        }
        engine.sync();
        engine.countBackward();
        try {
            JniUtils.backward(x, gradOut, false, false);
        } catch (EngineException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("second time") || m.contains("already been freed")) {
                throw freedGraph(e);
            }
            throw e;
        }
        if (!leaf) {
            graphFreed = true;
        }
    }

    private static IllegalStateException freedGraph(Throwable cause) {
        return new IllegalStateException("backward(): the graph behind this tensor was already freed by an earlier "
                + "backward(); recompute the forward pass before calling backward() again.", cause);
    }

    @Override
    public Tensor detach() {
        engine.sync();
        try (var ignored = engine.noGrad(); PtNDArray view = JniUtils.detachGradient(array())) {
            return constant(JniUtils.clone(view));
        }
    }

    @Override
    public void assign(Tensor value) {
        PtTensor v = other("assign", value);
        if (!v.shape.equals(shape) || v.dtype != dtype) {
            throw new IllegalArgumentException("assign: value of shape " + v.shape + " (" + v.dtype
                    + ") does not match " + shape + " (" + dtype + ")");
        }
        if (!isLeaf()) {
            throw new IllegalStateException("assign: only leaf tensors (parameters) can be overwritten");
        }
        try (var ignored = engine.noGrad()) {
            // an in-place copy through 1-D views of both: keeps the native tensor, so its gradient and flag stay
            long n = shape.size();
            if (n == 0) {
                return;
            }
            var flatShape = new ai.djl.ndarray.types.Shape(n);
            try (PtNDArray dst = array().reshape(flatShape); PtNDArray src = v.array().reshape(flatShape)) {
                if (src.getDevice().equals(dst.getDevice())) {
                    JniUtils.indexSet(dst, src, new long[] {0}, new long[] {n}, new long[] {1});
                } else {
                    try (PtNDArray moved = src.toDevice(dst.getDevice(), true)) {
                        JniUtils.indexSet(dst, moved, new long[] {0}, new long[] {n}, new long[] {1});
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(shape).append(' ').append(dtype.name().toLowerCase())
                .append(' ').append(device()).append(" [");
        if (a.isReleased()) {
            return sb.append("freed]").toString();
        }
        int n = (int) Math.min(shape.size(), 8);
        double[] v = n == 0 ? new double[0] : toDoubleArray();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            if (dtype == DType.INT64) {
                sb.append((long) v[i]);
            } else if (dtype == DType.FLOAT32) {
                sb.append((float) v[i]);
            } else {
                sb.append(v[i]);
            }
        }
        if (shape.size() > n) {
            sb.append(", ...");
        }
        sb.append(']');
        if (requiresGrad()) {
            sb.append(isLeaf() ? " requires_grad" : " grad_fn");
        }
        return sb.toString();
    }
}
