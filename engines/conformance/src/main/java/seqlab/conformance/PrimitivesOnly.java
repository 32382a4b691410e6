package seqlab.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import seqlab.engine.DType;
import seqlab.engine.Device;
import seqlab.engine.Engine;
import seqlab.engine.GradScope;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.engine.TensorChecks;

/**
 * An engine that offers nothing but the primitives: it wraps another engine and forwards exactly the abstract methods
 * of {@link Tensor} and {@link Engine}, so every composite op runs as written once in the API, never as the wrapped
 * engine's override, and no fused kernels are offered. Running the suites on it proves the composites right (the
 * reference engine's tests do), and it is the smallest picture of what a new engine implements.
 *
 * <p>{@link #withFakeGpu} adds a second device, {@code gpu(0)}, that holds values in host memory but behaves as a GPU
 * does to the code above the engine: an op refuses tensors of two devices (as LibTorch does), and every copy between
 * host and device is counted ({@link #hostReads()}, {@link #hostWrites()}). It proves on a machine without a GPU that
 * a model's tensors follow it to its device and that a training step does not round-trip through the host.
 */
public final class PrimitivesOnly implements Engine {
    private static final Device FAKE_GPU = Device.gpu(0);

    private final Engine inner;
    private final boolean fakeGpu;
    private volatile Device defaultDevice = Device.cpu();
    private final java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();

    private PrimitivesOnly(Engine inner, boolean fakeGpu) {
        this.inner = inner;
        this.fakeGpu = fakeGpu;
    }

    /** {@code inner} restricted to its primitives. */
    public static Engine of(Engine inner) {
        return new PrimitivesOnly(inner, false);
    }

    /** {@code inner} (a CPU engine) restricted to its primitives, with a counted stand-in GPU beside the CPU. */
    public static PrimitivesOnly withFakeGpu(Engine inner) {
        return new PrimitivesOnly(inner, true);
    }

    /** Values copied from the fake GPU to the host so far ({@code toDoubleArray}, {@code item}, a move to the CPU). */
    public long hostReads() {
        return reads.get();
    }

    /** Values copied from the host to the fake GPU so far (a tensor made from Java arrays there, a move to it). */
    public long hostWrites() {
        return writes.get();
    }

    /** A new tensor: on the default device. */
    private Tensor created(Tensor t, boolean fromHost) {
        if (fromHost && defaultDevice.isGpu()) {
            writes.incrementAndGet();
        }
        return new Primitive(this, t, defaultDevice);
    }

    private Tensor unwrap(String op, Tensor t) {
        if (t == null) {
            throw new NullPointerException(op + ": the other tensor is null");
        }
        if (!(t instanceof Primitive p) || p.engine != this) {
            throw TensorChecks.foreign(op, this, t);
        }
        return p.inner;
    }

    @Override
    public String name() {
        return "primitives-only(" + inner.name() + ")";
    }

    @Override
    public String version() {
        return inner.version();
    }

    @Override
    public List<Device> devices() {
        return fakeGpu ? List.of(Device.cpu(), FAKE_GPU) : inner.devices();
    }

    @Override
    public Device defaultDevice() {
        return fakeGpu ? defaultDevice : inner.defaultDevice();
    }

    @Override
    public void setDefaultDevice(Device device) {
        if (!fakeGpu) {
            inner.setDefaultDevice(device);
        } else if (!devices().contains(device)) {
            throw new IllegalArgumentException(deviceMissing(device));
        } else {
            defaultDevice = device;
        }
    }

    @Override
    public boolean supports(DType dtype) {
        return inner.supports(dtype);
    }

    @Override
    public Tensor zeros(Shape shape, DType dtype) {
        return created(inner.zeros(shape, dtype), false);
    }

    @Override
    public Tensor full(Shape shape, double value, DType dtype) {
        return created(inner.full(shape, value, dtype), false);
    }

    @Override
    public Tensor full(Shape shape, double value, DType dtype, Device device) {
        if (!fakeGpu) {
            return Engine.super.full(shape, value, dtype, device);
        }
        if (!devices().contains(device)) {
            throw new IllegalArgumentException(deviceMissing(device));
        }
        return new Primitive(this, inner.full(shape, value, dtype), device);
    }

    @Override
    public Tensor of(float[] data, Shape shape) {
        return created(inner.of(data, shape), true);
    }

    @Override
    public Tensor of(double[] data, Shape shape) {
        return created(inner.of(data, shape), true);
    }

    @Override
    public Tensor ofIndices(long[] indices, Shape shape) {
        return created(inner.ofIndices(indices, shape), true);
    }

    @Override
    public Tensor concat(List<Tensor> tensors, int axis) {
        TensorChecks.concat(this, tensors, axis);
        List<Tensor> in = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) {
            in.add(unwrap("concat", t));
        }
        return new Primitive(this, inner.concat(in, axis), tensors.get(0).device());
    }

    @Override
    public GradScope noGrad() {
        return inner.noGrad();
    }

    @Override
    public boolean isGradEnabled() {
        return inner.isGradEnabled();
    }

    @Override
    public String toString() {
        return "Engine[" + name() + "]";
    }

    /** A tensor of the wrapped engine, seen through the primitives only, on a device of its own. */
    private static final class Primitive implements Tensor {
        private final PrimitivesOnly engine;
        private final Tensor inner;
        private final Device device;

        Primitive(PrimitivesOnly engine, Tensor inner, Device device) {
            this.engine = engine;
            this.inner = inner;
            this.device = device;
        }

        /** An op's result: on its operands' device. */
        private Tensor wrap(Tensor t) {
            return t == null ? null : new Primitive(engine, t, device);
        }

        /** The other operand of an op, which must be on this tensor's device (as LibTorch requires). */
        private Tensor in(String op, Tensor t) {
            Tensor u = engine.unwrap(op, t);
            TensorChecks.sameDevice(op, this, t);
            return u;
        }

        private void read() {
            if (device.isGpu()) {
                engine.reads.incrementAndGet();
            }
        }

        @Override
        public Engine engine() {
            return engine;
        }

        @Override
        public Shape shape() {
            return inner.shape();
        }

        @Override
        public DType dtype() {
            return inner.dtype();
        }

        @Override
        public Device device() {
            return engine.fakeGpu ? device : inner.device();
        }

        @Override
        public Tensor to(Device target) {
            if (!engine.fakeGpu) {
                return Tensor.super.to(target);
            }
            if (!engine.devices().contains(target)) {
                throw new IllegalArgumentException(engine.deviceMissing(target));
            }
            if (target.equals(device)) {
                return this;
            }
            (target.isGpu() ? engine.writes : engine.reads).incrementAndGet();
            // differentiable, as LibTorch's to(): the same values and graph node, seen on the other device
            return new Primitive(engine, inner, target);
        }

        @Override
        public Tensor add(Tensor other) {
            return wrap(inner.add(in("add", other)));
        }

        @Override
        public Tensor mul(Tensor other) {
            return wrap(inner.mul(in("mul", other)));
        }

        @Override
        public Tensor div(Tensor other) {
            return wrap(inner.div(in("div", other)));
        }

        @Override
        public Tensor add(double scalar) {
            return wrap(inner.add(scalar));
        }

        @Override
        public Tensor mul(double scalar) {
            return wrap(inner.mul(scalar));
        }

        @Override
        public Tensor pow(double exponent) {
            return wrap(inner.pow(exponent));
        }

        @Override
        public Tensor exp() {
            return wrap(inner.exp());
        }

        @Override
        public Tensor log() {
            return wrap(inner.log());
        }

        @Override
        public Tensor tanh() {
            return wrap(inner.tanh());
        }

        @Override
        public Tensor sigmoid() {
            return wrap(inner.sigmoid());
        }

        @Override
        public Tensor sqrt() {
            return wrap(inner.sqrt());
        }

        @Override
        public Tensor abs() {
            return wrap(inner.abs());
        }

        @Override
        public Tensor matmul(Tensor other) {
            return wrap(inner.matmul(in("matmul", other)));
        }

        @Override
        public Tensor reshape(int... dims) {
            return wrap(inner.reshape(dims));
        }

        @Override
        public Tensor permute(int... axes) {
            return wrap(inner.permute(axes));
        }

        @Override
        public Tensor narrow(int axis, int start, int length) {
            return wrap(inner.narrow(axis, start, length));
        }

        @Override
        public Tensor broadcastTo(Shape shape) {
            return wrap(inner.broadcastTo(shape));
        }

        @Override
        public Tensor indexSelect(int axis, Tensor indices) {
            return wrap(inner.indexSelect(axis, in("indexSelect", indices)));
        }

        @Override
        public Tensor gather(int axis, Tensor index) {
            return wrap(inner.gather(axis, in("gather", index)));
        }

        @Override
        public Tensor sum(int axis, boolean keepDim) {
            return wrap(inner.sum(axis, keepDim));
        }

        @Override
        public Tensor argmax(int axis) {
            return wrap(inner.argmax(axis));
        }

        @Override
        public Tensor compare(Comparison op, Tensor other) {
            return wrap(inner.compare(op, in(op.op(), other)));
        }

        @Override
        public Tensor where(Tensor ifTrue, Tensor ifFalse) {
            return wrap(inner.where(in("where", ifTrue), in("where", ifFalse)));
        }

        @Override
        public Tensor to(DType dtype) {
            return wrap(inner.to(dtype));
        }

        @Override
        public double[] toDoubleArray() {
            read();
            return inner.toDoubleArray();
        }

        @Override
        public long[] toLongArray() {
            read();
            return inner.toLongArray();
        }

        @Override
        public boolean requiresGrad() {
            return inner.requiresGrad();
        }

        @Override
        public Tensor requiresGrad(boolean requiresGrad) {
            inner.requiresGrad(requiresGrad);
            return this;
        }

        @Override
        public Tensor grad() {
            return wrap(inner.grad());
        }

        @Override
        public void setGrad(Tensor grad) {
            inner.setGrad(grad == null ? null : in("setGrad", grad));
        }

        @Override
        public void backward(Tensor gradOutput) {
            inner.backward(in("backward", gradOutput));
        }

        @Override
        public Tensor detach() {
            return wrap(inner.detach());
        }

        @Override
        public void assign(Tensor value) {
            Tensor v = engine.unwrap("assign", value);
            if (!value.device().equals(device)) {
                (device.isGpu() ? engine.writes : engine.reads).incrementAndGet();
            }
            inner.assign(v);
        }

        @Override
        public String toString() {
            return inner.toString() + " (primitives only)";
        }
    }

    /** The names of the abstract methods of {@link Tensor}: the primitives an engine implements. */
    static List<String> tensorPrimitives() {
        return Arrays.stream(Tensor.class.getMethods())
                .filter(m -> java.lang.reflect.Modifier.isAbstract(m.getModifiers()))
                .map(m -> m.getName() + Arrays.toString(Arrays.stream(m.getParameterTypes())
                        .map(Class::getSimpleName).toArray()))
                .sorted().toList();
    }
}
