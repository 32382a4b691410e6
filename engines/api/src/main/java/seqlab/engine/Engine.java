package seqlab.engine;

import java.util.List;
import java.util.Optional;

/**
 * A tensor backend. Layers are written once against this interface and run on any engine; see {@link Engines} for
 * how one is found and chosen.
 *
 * <p>Tensors are created on {@link #defaultDevice()} unless moved with {@link Tensor#to(Device)}. Random tensors are
 * drawn in Java from a {@link RandomSource}, so every engine produces the same values for the same seed.
 */
public interface Engine extends AutoCloseable {

    /** The name it is registered under, e.g. {@code reference} or {@code pytorch}. */
    String name();

    /** Version of the engine and the library behind it. */
    String version();

    /** The devices this engine can place tensors on; the CPU is always first. */
    List<Device> devices();

    /** Where new tensors are created. */
    Device defaultDevice();

    /** Whether this engine computes in {@link DType#FLOAT64}. */
    boolean supports(DType dtype);

    // ----- creation -----

    Tensor zeros(Shape shape, DType dtype);

    default Tensor zeros(Shape shape) {
        return zeros(shape, DType.FLOAT32);
    }

    Tensor full(Shape shape, double value, DType dtype);

    default Tensor full(Shape shape, double value) {
        return full(shape, value, DType.FLOAT32);
    }

    default Tensor ones(Shape shape) {
        return full(shape, 1.0, DType.FLOAT32);
    }

    /** A one-element tensor of rank 0. */
    default Tensor scalar(double value) {
        return full(Shape.scalar(), value, DType.FLOAT32);
    }

    /** A float32 tensor from row-major data; the array is copied. */
    Tensor of(float[] data, Shape shape);

    /** A float64 tensor from row-major data; the array is copied. */
    Tensor of(double[] data, Shape shape);

    /** An int64 (index) tensor from row-major data; the array is copied. */
    Tensor ofIndices(long[] indices, Shape shape);

    default Tensor of(float... data) {
        return of(data, Shape.of(data.length));
    }

    /** {@code 0, 1, ..., n-1} as float32. */
    default Tensor arange(int n) {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = i;
        }
        return of(d, Shape.of(n));
    }

    /** Standard normal values drawn from {@code rng}. */
    default Tensor randn(Shape shape, RandomSource rng) {
        return of(rng.normal(shape.sizeAsInt(), 0.0, 1.0), shape);
    }

    /** Values uniform in [lo, hi) drawn from {@code rng}. */
    default Tensor uniform(Shape shape, double lo, double hi, RandomSource rng) {
        return of(rng.uniform(shape.sizeAsInt(), lo, hi), shape);
    }

    Tensor concat(List<Tensor> tensors, int axis);

    /** Stacks tensors of equal shape along a new axis: each gets the axis, then they are concatenated. */
    default Tensor stack(List<Tensor> tensors, int axis) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack: no tensors given");
        }
        Shape first = tensors.get(0).shape();
        List<Tensor> expanded = new java.util.ArrayList<>(tensors.size());
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (!t.shape().equals(first)) {
                throw new IllegalArgumentException("stack: tensor " + i + " has shape " + t.shape() + ", tensor 0 has "
                        + first + "; stacked tensors must have equal shapes");
            }
            expanded.add(t.unsqueeze(axis));
        }
        return concat(expanded, axis);
    }

    // ----- autograd and memory scopes -----

    /**
     * Opens a scope in which ops are not recorded for autograd (inference, optimizer updates). Close it to restore
     * the previous mode; scopes nest. Thread-local.
     */
    GradScope noGrad();

    /** Whether ops on the current thread are recorded. */
    boolean isGradEnabled();

    /**
     * Opens a memory scope: tensors created on this thread while it is open may be released when it closes, except
     * those passed to {@link TensorScope#keep}. Engines with garbage-collected memory (the reference engine) need
     * nothing and return a scope that does nothing; engines with native memory free it here. Parameters must be
     * created outside any scope.
     */
    default TensorScope scope() {
        return TensorScope.NONE;
    }

    // ----- threads -----

    /**
     * Caps the intra-op threads of the ops the calling thread runs at {@code n} (and at the engine's process-wide
     * count, {@link Engines#configuredThreads()} unless changed) until the returned limit is closed on this thread;
     * other threads keep theirs. Trials that run side by side use it to share the cores, {@code cores / trials}
     * threads each, instead of each starting a full set of threads that then wait for a core. An engine without
     * intra-op threads returns {@link ThreadLimit#NONE}.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    default ThreadLimit limitThreads(int n) {
        Engines.checkThreads(n);
        return ThreadLimit.NONE;
    }

    // ----- optional capabilities -----

    /** Fused whole-sequence recurrent kernels, when this engine has them. */
    default Optional<RecurrentKernels> recurrentKernels() {
        return Optional.empty();
    }

    /** Releases native resources; the engine may not be used afterwards. */
    @Override
    default void close() {
    }
}
