package seqlab.engine.pytorch;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import seqlab.engine.DType;
import seqlab.engine.Device;
import seqlab.engine.Engine;
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
        this(engine, a, requiresGrad, seqShape(a.getShape()), seqType(a.getDataType()), seqDevice(a.getDevice()));
    }

    /**
     * A tensor whose shape, dtype and device the caller knows (an op's checks computed them), which saves the three
     * native queries (and DJL's shape object) of the other constructor: measured, about half of what the SPI added to
     * a small op ({@code ./seqlab bench --spi-overhead}).
     */
    PtTensor(PyTorchEngine engine, PtNDArray a, boolean requiresGrad, Shape shape, DType dtype, Device device) {
        this.engine = engine;
        this.a = a;
        this.shape = shape;
        this.dtype = dtype;
        this.device = device;
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

    static Device seqDevice(ai.djl.Device d) {
        return d.isGpu() ? Device.gpu(d.getDeviceId()) : Device.cpu();
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

    /** Wraps an op's result of shape {@code s} with this tensor's dtype and device (checked by the op). */
    private PtTensor wrap(NDArray r, Shape s) {
        return engine.wrap(r, requiresGrad && engine.isGradEnabled(), s, dtype, device);
    }

    /** Wraps a binary op's result of shape {@code s}; both operands have this tensor's dtype and device (checked). */
    private PtTensor wrap(NDArray r, PtTensor b, Shape s) {
        return engine.wrap(r, (requiresGrad || b.requiresGrad) && engine.isGradEnabled(), s, dtype, device);
    }

    /** Wraps a result that is never differentiable (comparisons, indices, copies cut from the graph). */
    private PtTensor constant(NDArray r) {
        return engine.wrap(r, false);
    }

    // ----- checks (messages as the reference engine's) -----

    private PtTensor other(String op, Tensor t) {
        return TensorChecks.operand(op, this, t, PtTensor.class);
    }

    private PtTensor binaryArgs(String op, Tensor t) {
        PtTensor b = other(op, t);
        TensorChecks.broadcast(op, this, b);
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
        PtTensor b = other("add", other);
        Shape s = TensorChecks.broadcast("add", this, b);
        engine.sync();
        return wrap(array().add(b.array()), b, s);
    }

    /** LibTorch's own kernel: one op instead of the composite's two. */
    @Override
    public Tensor sub(Tensor other) {
        PtTensor b = other("sub", other);
        Shape s = TensorChecks.broadcast("sub", this, b);
        engine.sync();
        return wrap(array().sub(b.array()), b, s);
    }

    @Override
    public Tensor mul(Tensor other) {
        PtTensor b = other("mul", other);
        Shape s = TensorChecks.broadcast("mul", this, b);
        engine.sync();
        return wrap(array().mul(b.array()), b, s);
    }

    @Override
    public Tensor div(Tensor other) {
        PtTensor b = other("div", other);
        Shape s = TensorChecks.broadcast("div", this, b);
        engine.sync();
        return wrap(array().div(b.array()), b, s);
    }

    @Override
    public Tensor add(double scalar) {
        TensorChecks.requireFloating("add", this);
        engine.sync();
        // the scalar is made in this tensor's dtype: a float64 scalar would promote a rank-0 float32 tensor
        try (PtNDArray s = scalarLike(scalar)) {
            return wrap(JniUtils.add(array(), s), shape);
        }
    }

    @Override
    public Tensor mul(double scalar) {
        TensorChecks.requireFloating("mul", this);
        engine.sync();
        try (PtNDArray s = scalarLike(scalar)) {
            return wrap(JniUtils.mul(array(), s), shape);
        }
    }

    private Tensor unary(String op, java.util.function.UnaryOperator<PtNDArray> f) {
        TensorChecks.requireFloating(op, this);
        engine.sync();
        return wrap(f.apply(array()), shape);
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

    /** LibTorch's own kernel: one op instead of the composite's comparison and select. */
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

    /** LibTorch's own kernel: one op instead of the composite's two comparisons and selects. */
    @Override
    public Tensor clamp(double min, double max) {
        TensorChecks.clampBounds(min, max);
        return unary("clamp", x -> x.clip(min, max));
    }

    // ----- matmul -----

    @Override
    public Tensor matmul(Tensor other) {
        PtTensor b = other("matmul", other);
        Shape s = TensorChecks.matmul(this, b);
        engine.sync();
        return wrap(JniUtils.matmul(array(), b.array()), b, s);
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
    public Tensor permute(int... axes) {
        int[] ax = TensorChecks.permute(shape, axes);
        if (ax == null) {
            return this;
        }
        engine.sync();
        return wrap(JniUtils.permute(array(), Arrays.stream(ax).asLongStream().toArray()));
    }

    @Override
    public Tensor narrow(int axis, int start, int length) {
        int ax = TensorChecks.narrow(shape, axis, start, length);
        if (start == 0 && length == shape.dim(ax)) {
            return this;
        }
        engine.sync();
        return wrap(JniUtils.slice(array(), ax, start, start + length, 1), shape.with(ax, length));
    }

    /**
     * One native split: LibTorch's backward of it concatenates the slices' gradients once, where a narrow per slice
     * would allocate a zero gradient the size of the whole tensor for each.
     */
    @Override
    public List<Tensor> unbind(int axis) {
        int ax = shape.axis(axis);
        int n = shape.dim(ax);
        if (n <= 1) {
            return n == 0 ? List.of() : List.of(squeeze(ax));
        }
        int[] piece = shape.without(ax).dims();
        engine.sync();
        List<Tensor> out = new ArrayList<>(n);
        for (NDArray part : JniUtils.split(array(), 1, ax)) {
            out.add(wrap(part).reshape(piece));
        }
        return out;
    }

    @Override
    public Tensor broadcastTo(Shape target) {
        TensorChecks.broadcastTo(shape, target);
        if (target.equals(shape)) {
            return this;
        }
        engine.sync();
        return wrap(JniUtils.broadcast(array(), PyTorchEngine.djlShape(target)));
    }

    /** Joins tensors that {@link TensorChecks#concat} accepted along the (non-negative) axis {@code ax}. */
    static Tensor concat(PyTorchEngine engine, List<Tensor> tensors, int ax) {
        PtNDArray[] arrays = new PtNDArray[tensors.size()];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = ((PtTensor) tensors.get(i)).array();
        }
        engine.sync();
        boolean rg = false;
        for (Tensor t : tensors) {
            rg |= t.requiresGrad();
        }
        return engine.wrap(JniUtils.cat(arrays, ax), rg && engine.isGradEnabled());
    }

    // ----- indexing -----

    @Override
    public Tensor indexSelect(int axis, Tensor indices) {
        int ax = TensorChecks.indexSelect(this, axis, indices);
        PtTensor ix = other("indexSelect", indices);
        int n = ix.shape.dim(0);
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
            throw outOfRange("indexSelect", ix, ax, ex);
        }
    }

    @Override
    public Tensor gather(int axis, Tensor index) {
        int ax = TensorChecks.gather(this, axis, index);
        PtTensor ix = other("gather", index);
        engine.sync();
        try {
            return wrap(JniUtils.gather(array(), ix.array(), ax));
        } catch (EngineException ex) {
            throw outOfRange("gather", ix, ax, ex);
        }
    }

    /** Names the first bad index when LibTorch rejected an index op. */
    private RuntimeException outOfRange(String op, PtTensor ix, int axis, EngineException cause) {
        int size = shape.dim(axis);
        for (long v : ix.toLongArray()) {
            if (v < 0 || v >= size) {
                RuntimeException e = TensorChecks.indexOutOfRange(op, v, axis, shape);
                e.initCause(cause);
                return e;
            }
        }
        return cause;
    }

    // ----- reductions -----

    @Override
    public Tensor sum(int axis, boolean keepDim) {
        int ax = TensorChecks.reductionAxis("sum", this, axis);
        engine.sync();
        return wrap(array().sum(new int[] {ax}, keepDim), keepDim ? shape.with(ax, 1) : shape.without(ax));
    }

    /** LibTorch's own kernel: one op instead of the composite's argmax and gather. */
    @Override
    public Tensor max(int axis, boolean keepDim) {
        int ax = TensorChecks.reductionAxis("max", this, axis);
        if (shape.dim(ax) == 0) {
            throw new IllegalArgumentException("max: axis " + axis + " of shape " + shape + " is empty");
        }
        engine.sync();
        return wrap(JniUtils.max(array(), ax, keepDim));
    }

    @Override
    public Tensor argmax(int axis) {
        int ax = TensorChecks.reductionAxis("argmax", this, axis);
        engine.sync();
        return constant(JniUtils.argMax(array(), ax, false));
    }

    /** LibTorch's fused kernel, where the composite takes five ops. */
    @Override
    public Tensor softmax(int axis) {
        int ax = TensorChecks.reductionAxis("softmax", this, axis);
        engine.sync();
        return wrap(array().softmax(ax));
    }

    /** LibTorch's fused kernel, where the composite takes seven ops. */
    @Override
    public Tensor logSoftmax(int axis) {
        int ax = TensorChecks.reductionAxis("logSoftmax", this, axis);
        engine.sync();
        return wrap(array().logSoftmax(ax));
    }

    // ----- comparison and selection -----

    @Override
    public Tensor compare(Comparison op, Tensor other) {
        PtTensor b = binaryArgs(op.op(), other);
        try (NDArray r = switch (op) {
            case GT -> array().gt(b.array());
            case GE -> array().gte(b.array());
            case LT -> array().lt(b.array());
            case LE -> array().lte(b.array());
            case EQ -> array().eq(b.array());
            case NE -> array().neq(b.array());
        }) {
            return constant(r.toType(PyTorchEngine.djlType(dtype), true));
        }
    }

    @Override
    public Tensor where(Tensor ifTrue, Tensor ifFalse) {
        PtTensor x = other("where", ifTrue), y = other("where", ifFalse);
        TensorChecks.where(this, x, y);
        engine.sync();
        try (NDArray c = array().neq(0)) {
            return engine.wrap(JniUtils.where((PtNDArray) c, x.array(), y.array()),
                    (x.requiresGrad || y.requiresGrad) && engine.isGradEnabled());
        }
    }

    /** A rank-0 array of this tensor's dtype and device; the caller closes it. */
    private PtNDArray scalarLike(double value) {
        PtNDArray x = array();
        NDArray s = dtype == DType.FLOAT64 ? x.getManager().create(value) : x.getManager().create((float) value);
        if (!s.getDevice().equals(x.getDevice())) {
            NDArray moved = s.toDevice(x.getDevice(), true);
            s.close();
            return (PtNDArray) moved;
        }
        return PyTorchEngine.owned((PtNDArray) s);
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

    /** One float copy, where the composite converts through doubles. */
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
        TensorChecks.markable(this, isLeaf(), flag);
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
        TensorChecks.gradientFits(this, r);
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
    public void backward(Tensor gradOutput) {
        PtTensor g = other("backward", gradOutput);
        TensorChecks.outputGradient(this, g);
        PtNDArray gradOut = g.array();
        PtNDArray x = array();
        if (!requiresGrad) {
            throw TensorChecks.nothingToDifferentiate();
        }
        if (graphFreed) {
            throw TensorChecks.graphFreed(null);
        }
        engine.sync();
        engine.countBackward();
        try {
            JniUtils.backward(x, gradOut, false, false);
        } catch (EngineException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("second time") || m.contains("already been freed")) {
                throw TensorChecks.graphFreed(e);
            }
            throw e;
        }
        if (!leaf) {
            graphFreed = true;
        }
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
        TensorChecks.assignable(this, isLeaf(), v);
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
