package seqlab.engine.pytorch;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import seqlab.engine.DType;
import seqlab.engine.Device;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.engine.GradScope;
import seqlab.engine.RecurrentKernels;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.engine.TensorChecks;
import seqlab.engine.TensorScope;
import seqlab.engine.ThreadLimit;

/**
 * LibTorch through DJL. Tensors are DJL {@link PtNDArray}s; autograd is LibTorch's own (each op records itself when
 * an input requires a gradient and grad mode is on), so the fused recurrent kernels and the composed ops share one
 * graph.
 *
 * <p><b>Memory.</b> Native arrays live in DJL {@link NDManager}s. Tensors created outside any {@link #scope()} go to
 * the engine's long-lived manager (where parameters belong); inside a scope they go to the scope's manager and are
 * freed when it closes unless {@link TensorScope#keep kept}. As a backstop for code that never opens a scope (a
 * notebook cell), an unreachable tensor's native array is also freed by a {@link Cleaner}.
 *
 * <p><b>Grad mode.</b> LibTorch's grad mode is thread-local, as is {@link #noGrad()}; each thread's mode is set on
 * its first op and whenever a scope opens or closes.
 *
 * <p><b>Threads.</b> Intra-op threads default to the number of cores, or {@code -Dseqlab.threads=N};
 * {@link #setThreads(int)} changes them for the process, {@link #limitThreads(int)} caps one thread's (trials that
 * run side by side). How idle OpenMP workers wait is fixed when LibTorch loads ({@link OpenMp}).
 */
public final class PyTorchEngine implements Engine {
    public static final String NAME = "pytorch";
    static final Cleaner CLEANER = Cleaner.create();

    private final ai.djl.engine.Engine djl;
    private final NDManager root;
    private final List<Device> devices;
    private final ThreadLocal<ThreadState> state = ThreadLocal.withInitial(ThreadState::new);
    private final PtRecurrentKernels kernels = new PtRecurrentKernels(this);
    private volatile Device defaultDevice = Device.cpu();
    /** Backward passes run so far; lets a zeroed leaf tell "no backward since" from "a backward that skipped it". */
    private final java.util.concurrent.atomic.AtomicLong backwards = new java.util.concurrent.atomic.AtomicLong();

    /** Per-thread grad flag and open memory scopes. */
    static final class ThreadState {
        boolean gradEnabled = true;
        boolean synced;
        final ArrayDeque<Scope> scopes = new ArrayDeque<>();
    }

    PyTorchEngine(ai.djl.engine.Engine djl) {
        this.djl = djl;
        this.root = djl.newBaseManager(ai.djl.Device.cpu());
        List<Device> ds = new ArrayList<>();
        ds.add(Device.cpu());
        int gpus = Native.build().gpus();
        for (int i = 0; i < gpus; i++) {
            ds.add(Device.gpu(i));
        }
        this.devices = List.copyOf(ds);
        setThreads(Engines.configuredThreads());
        boolean unset = System.getenv(OpenMp.WAIT_POLICY) == null;
        OpenMp.spins(); // an OMP_WAIT_POLICY libgomp ignores is an error here, not a silent spin
        if (unset && processThreads > 1) {
            LoggerFactory.getLogger(PyTorchEngine.class).info("{}; on a busy machine that makes small ops many times "
                    + "slower: start Java with {}={} in its environment (./seqlab, the seqlab Jupyter kernel, the "
                    + "tests and Spark executors do)", OpenMp.describe(), OpenMp.WAIT_POLICY, OpenMp.DEFAULT_WAIT_POLICY);
        }
    }

    /**
     * The count {@link #setThreads} last set for the process: what a {@link #limitThreads} caps and what closing the
     * outermost one puts back. Set by the first engine (not in a static initialiser, so a bad {@code seqlab.threads}
     * fails with its own message, not an ExceptionInInitializerError).
     */
    private static volatile int processThreads;
    /** The calling thread's open {@link #limitThreads} caps, innermost first. */
    private static final ThreadLocal<ArrayDeque<Integer>> LIMITS = ThreadLocal.withInitial(ArrayDeque::new);

    /** Intra-op threads LibTorch uses for the calling thread's ops. */
    public static int threads() {
        Native.djl(); // LibTorch must be loaded before its functions are called, also before the first engine
        return JniUtils.getNumThreads();
    }

    /**
     * Sets LibTorch's intra-op threads: for the calling thread, and for every thread that runs its first LibTorch op
     * afterwards. Threads that already ran one keep their count (OpenMP keeps the team size per thread); the engine
     * sets it once, when it is created, before any trial thread runs.
     */
    public static void setThreads(int n) {
        Engines.checkThreads(n);
        Native.djl();
        processThreads = n;
        JniUtils.setNumThreads(n);
    }

    /**
     * Caps the calling thread's ops at {@code n} intra-op threads. LibTorch's {@code set_num_threads} sets the OpenMP
     * team size and MKL's thread count of the calling thread only (both are per-thread), so threads that each hold a
     * cap run side by side with {@code n} threads each; it also becomes the count a thread starting its first
     * LibTorch op meanwhile takes, which is why closing the outermost cap sets the process count back (not the count
     * the thread had), leaving no thread behind with another thread's share.
     */
    @Override
    public ThreadLimit limitThreads(int n) {
        Engines.checkThreads(n);
        // LibTorch sets each thread's count lazily, from the process count, at the thread's first parallel op; asking
        // for the count runs that set-up now, so it cannot overwrite the cap later
        JniUtils.getNumThreads();
        int cap = Math.min(n, processThreads);
        ArrayDeque<Integer> open = LIMITS.get();
        open.push(cap);
        JniUtils.setNumThreads(cap);
        return new ThreadLimit() {
            private boolean closed;

            @Override
            public void close() {
                if (closed) {
                    return;
                }
                closed = true;
                open.remove((Integer) cap);
                JniUtils.setNumThreads(open.isEmpty() ? processThreads : open.peek());
            }
        };
    }

    /** Makes new tensors go to {@code device} (one of {@link #devices()}). */
    public void setDefaultDevice(Device device) {
        if (!devices.contains(device)) {
            throw noSuchDevice(device);
        }
        defaultDevice = device;
    }

    /** The error for a device this engine does not have: what it has, and for a GPU what the loaded LibTorch lacks. */
    IllegalArgumentException noSuchDevice(Device device) {
        LibTorchBuild lib = Native.build();
        return new IllegalArgumentException("Device " + device + " is not available to the pytorch engine; it sees "
                + devices + (!device.isGpu() ? "" : lib.isCuda()
                        ? " (" + lib.describe() + ": " + lib.deviceSummary() + ")"
                        : ". A GPU needs the CUDA build of LibTorch: ./seqlab doctor --cuda-build, or mvn -Pcuda"
                        + " (engines/pytorch/README.md)"));
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Version, flavor (cpu, cu124, ...) and CUDA version of the LibTorch loaded, and what this machine lets it use. */
    public static LibTorchBuild libTorch() {
        return Native.build();
    }

    @Override
    public String version() {
        return Native.build().describe();
    }

    @Override
    public List<Device> devices() {
        return devices;
    }

    @Override
    public Device defaultDevice() {
        return defaultDevice;
    }

    @Override
    public boolean supports(DType dtype) {
        return true;
    }

    // ----- creation -----

    static DataType djlType(DType t) {
        return switch (t) {
            case FLOAT32 -> DataType.FLOAT32;
            case FLOAT64 -> DataType.FLOAT64;
            case INT64 -> DataType.INT64;
        };
    }

    static ai.djl.Device djlDevice(Device d) {
        return d.isGpu() ? ai.djl.Device.gpu(d.index()) : ai.djl.Device.cpu();
    }

    static ai.djl.ndarray.types.Shape djlShape(Shape s) {
        int[] d = s.dims();
        long[] l = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            l[i] = d[i];
        }
        return new ai.djl.ndarray.types.Shape(l);
    }

    /** The manager new arrays of this thread belong to: the innermost open scope's, else the engine's. */
    NDManager manager() {
        ThreadState st = state.get();
        Scope s = st.scopes.peek();
        return s == null ? root : s.manager;
    }

    /** Called before every op: makes LibTorch's thread-local grad mode match this thread's {@link #noGrad} state. */
    ThreadState sync() {
        ThreadState st = state.get();
        if (!st.synced) {
            JniUtils.setGradMode(st.gradEnabled);
            st.synced = true;
        }
        return st;
    }

    /** Wraps an op's result: moves it to the current scope and registers it with the cleaner. */
    PtTensor wrap(ai.djl.ndarray.NDArray result, boolean requiresGrad) {
        PtNDArray a = (PtNDArray) result;
        NDManager m = manager();
        if (a.getManager() != m) {
            a.attach(m);
        }
        return new PtTensor(this, a, requiresGrad);
    }

    /** {@link #wrap(ai.djl.ndarray.NDArray, boolean)} for a result whose shape, dtype and device the op knows. */
    PtTensor wrap(ai.djl.ndarray.NDArray result, boolean requiresGrad, Shape shape, DType dtype, Device device) {
        PtNDArray a = (PtNDArray) result;
        NDManager m = manager();
        if (a.getManager() != m) {
            a.attach(m);
        }
        return new PtTensor(this, a, requiresGrad, shape, dtype, device);
    }

    /** Wraps a new leaf (creation functions). */
    PtTensor wrap(ai.djl.ndarray.NDArray result) {
        return wrap(result, false);
    }

    private PtNDArray fromBuffer(ByteBuffer buf, Shape shape, DataType type) {
        PtNDManager m = (PtNDManager) manager();
        PtNDArray a = (PtNDArray) m.create(buf, djlShape(shape), type);
        if (defaultDevice.isGpu()) {
            PtNDArray g = a.toDevice(djlDevice(defaultDevice), false);
            a.close();
            return g;
        }
        return owned(a);
    }

    /**
     * A copy in LibTorch's own memory of an array DJL made over a Java buffer ({@code from_blob}). The buffer is freed
     * when the array's Java object is collected, but LibTorch may still hold the tensor, for instance saved by an
     * op for its backward pass; reading it there would read freed memory (seen as wrong or garbage gradients).
     */
    static PtNDArray owned(PtNDArray overJavaBuffer) {
        PtNDArray copy = JniUtils.clone(overJavaBuffer);
        overJavaBuffer.close();
        return copy;
    }

    @Override
    public Tensor zeros(Shape shape, DType dtype) {
        return full(shape, 0.0, dtype);
    }

    @Override
    public Tensor full(Shape shape, double value, DType dtype) {
        if (dtype == DType.FLOAT64) {
            double[] d = new double[shape.sizeAsInt()];
            java.util.Arrays.fill(d, value);
            return of(d, shape);
        }
        sync();
        var a = manager().full(djlShape(shape), (float) value, djlType(dtype));
        if (defaultDevice.isGpu()) {
            var g = a.toDevice(djlDevice(defaultDevice), false);
            a.close();
            a = g;
        }
        return wrap(a);
    }

    @Override
    public Tensor of(float[] data, Shape shape) {
        TensorChecks.dataLength(data.length, shape);
        sync();
        ByteBuffer b = ByteBuffer.allocateDirect(data.length * 4).order(ByteOrder.nativeOrder());
        b.asFloatBuffer().put(data);
        return wrap(fromBuffer(b, shape, DataType.FLOAT32));
    }

    @Override
    public Tensor of(double[] data, Shape shape) {
        TensorChecks.dataLength(data.length, shape);
        sync();
        ByteBuffer b = ByteBuffer.allocateDirect(data.length * 8).order(ByteOrder.nativeOrder());
        b.asDoubleBuffer().put(data);
        return wrap(fromBuffer(b, shape, DataType.FLOAT64));
    }

    @Override
    public Tensor ofIndices(long[] indices, Shape shape) {
        TensorChecks.dataLength(indices.length, shape);
        sync();
        ByteBuffer b = ByteBuffer.allocateDirect(indices.length * 8).order(ByteOrder.nativeOrder());
        b.asLongBuffer().put(indices);
        return wrap(fromBuffer(b, shape, DataType.INT64));
    }

    @Override
    public Tensor concat(List<Tensor> tensors, int axis) {
        int ax = TensorChecks.concat(this, tensors, axis);
        if (tensors.size() == 1) {
            return tensors.get(0);
        }
        return PtTensor.concat(this, tensors, ax);
    }

    // ----- autograd and scopes -----

    @Override
    public GradScope noGrad() {
        ThreadState st = sync();
        boolean previous = st.gradEnabled;
        st.gradEnabled = false;
        JniUtils.setGradMode(false);
        return () -> {
            st.gradEnabled = previous;
            JniUtils.setGradMode(previous);
        };
    }

    /** Runs with grad mode forced on for this thread (backward on a leaf, setGrad). */
    GradScope enableGrad() {
        ThreadState st = sync();
        boolean previous = st.gradEnabled;
        st.gradEnabled = true;
        JniUtils.setGradMode(true);
        return () -> {
            st.gradEnabled = previous;
            JniUtils.setGradMode(previous);
        };
    }

    void countBackward() {
        backwards.incrementAndGet();
    }

    long backwards() {
        return backwards.get();
    }

    @Override
    public boolean isGradEnabled() {
        return state.get().gradEnabled;
    }

    /** A memory scope: one DJL sub-manager per scope, nested per thread. */
    final class Scope implements TensorScope {
        final NDManager manager;
        private final ThreadState owner;
        private boolean closed;

        Scope(NDManager parent, ThreadState owner) {
            this.manager = parent.newSubManager();
            this.owner = owner;
        }

        @Override
        public <T extends Tensor> T keep(T tensor) {
            if (closed) {
                throw new IllegalStateException("keep(): this scope is already closed");
            }
            if (tensor instanceof PtTensor p && p.array().getManager() == manager) {
                NDManager outer = parentOf(this);
                p.array().attach(outer);
            }
            return tensor;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            owner.scopes.remove(this);
            manager.close();
        }
    }

    private NDManager parentOf(Scope s) {
        boolean found = false;
        for (Scope x : state.get().scopes) { // innermost first
            if (found) {
                return x.manager;
            }
            if (x == s) {
                found = true;
            }
        }
        return root;
    }

    @Override
    public TensorScope scope() {
        ThreadState st = state.get();
        Scope s = new Scope(manager(), st);
        st.scopes.push(s);
        return s;
    }

    // ----- capabilities -----

    @Override
    public Optional<RecurrentKernels> recurrentKernels() {
        return Optional.of(kernels);
    }

    /** The DJL engine behind this one, for code that needs DJL directly. */
    public ai.djl.engine.Engine djlEngine() {
        return djl;
    }

    @Override
    public void close() {
        root.close();
    }

    @Override
    public String toString() {
        return "Engine[" + NAME + " " + version() + "]";
    }
}
