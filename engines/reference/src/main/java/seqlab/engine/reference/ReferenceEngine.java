package seqlab.engine.reference;

import java.util.List;
import java.util.Optional;
import seqlab.engine.DType;
import seqlab.engine.Device;
import seqlab.engine.Engine;
import seqlab.engine.GradScope;
import seqlab.engine.RecurrentKernels;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.engine.TensorChecks;
import seqlab.engine.ThreadLimit;

/**
 * The pure-Java engine: float32 and float64 tensors in Java arrays, autograd in {@link Autograd}, matrix products
 * with the Vector API ({@code --add-modules jdk.incubator.vector}) and a scalar fallback that gives the same bits.
 * Deterministic: results do not depend on the thread count ({@code -Dseqlab.threads=N}, default: all cores).
 */
public final class ReferenceEngine implements Engine {
    public static final String NAME = "reference";
    private final ThreadLocal<boolean[]> gradEnabled = ThreadLocal.withInitial(() -> new boolean[] {true});
    private final RecurrentKernels recurrentKernels = new ReferenceRecurrentKernels(this);

    /** Checks {@code seqlab.threads} at once, so a bad value stops the engine's creation with its message. */
    public ReferenceEngine() {
        Parallel.threads();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        String v = ReferenceEngine.class.getPackage().getImplementationVersion();
        return (v == null ? "dev" : v) + (Gemm.vectorized() ? " (Vector API)" : " (scalar)");
    }

    /** Whether matrix products run on the Vector API (the fast path). */
    public static boolean vectorized() {
        return Gemm.vectorized();
    }

    /** Threads the calling thread's large products use: the process-wide count, or less under a {@link #limitThreads}. */
    public static int threads() {
        return Parallel.threadsHere();
    }

    /** Sets the threads large products use, for the process; results are identical for any count. */
    public static void setThreads(int n) {
        Parallel.setThreads(n);
    }

    /** Caps the calling thread's products at {@code n} threads; results stay identical for any count. */
    @Override
    public ThreadLimit limitThreads(int n) {
        return Parallel.limit(n);
    }

    @Override
    public List<Device> devices() {
        return List.of(Device.cpu());
    }

    @Override
    public Device defaultDevice() {
        return Device.cpu();
    }

    @Override
    public boolean supports(DType dtype) {
        return true;
    }

    @Override
    public Tensor zeros(Shape shape, DType dtype) {
        return RefTensor.blank(this, shape, dtype);
    }

    @Override
    public Tensor full(Shape shape, double value, DType dtype) {
        RefTensor t = RefTensor.blank(this, shape, dtype);
        switch (dtype) {
            case FLOAT32 -> java.util.Arrays.fill(t.f, (float) value);
            case FLOAT64 -> java.util.Arrays.fill(t.d, value);
            case INT64 -> java.util.Arrays.fill(t.l, (long) value);
        }
        return t;
    }

    @Override
    public Tensor of(float[] data, Shape shape) {
        TensorChecks.dataLength(data.length, shape);
        return RefTensor.f32(this, shape, data.clone());
    }

    @Override
    public Tensor of(double[] data, Shape shape) {
        TensorChecks.dataLength(data.length, shape);
        return RefTensor.f64(this, shape, data.clone());
    }

    @Override
    public Tensor ofIndices(long[] indices, Shape shape) {
        TensorChecks.dataLength(indices.length, shape);
        return RefTensor.i64(this, shape, indices.clone());
    }

    @Override
    public Tensor concat(List<Tensor> tensors, int axis) {
        int a = TensorChecks.concat(this, tensors, axis);
        if (tensors.size() == 1) {
            return tensors.get(0);
        }
        return RefTensor.concat(this, tensors, a);
    }

    @Override
    public GradScope noGrad() {
        boolean[] flag = gradEnabled.get();
        boolean previous = flag[0];
        flag[0] = false;
        return () -> flag[0] = previous;
    }

    @Override
    public boolean isGradEnabled() {
        return gradEnabled.get()[0];
    }

    /** Fused whole-sequence RNN, LSTM and GRU forward and backward ({@link ReferenceRecurrentKernels}). */
    @Override
    public Optional<RecurrentKernels> recurrentKernels() {
        return Optional.of(recurrentKernels);
    }

    @Override
    public String toString() {
        return "Engine[" + NAME + " " + version() + "]";
    }
}
