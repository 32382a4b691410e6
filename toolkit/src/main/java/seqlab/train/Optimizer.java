package seqlab.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import seqlab.engine.Engine;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;

/**
 * Updates parameters from their gradients. Parameters are held by name (a module's
 * {@link seqlab.nn.Module#namedParameters()}), so the optimizer's state is saved and restored by name.
 *
 * <p>Update rules follow PyTorch's documented algorithms step for step, including the order of floating-point
 * operations where it is cheap to keep. As in PyTorch, a parameter whose gradient is {@code null} is skipped and
 * its step count does not advance.
 *
 * <p>State buffers (momentum, moment estimates) are allocated when the optimizer is created and updated with
 * {@link Tensor#assign}, so they stay valid when an engine frees the tensors of a {@link Engine#scope()} after each
 * step. Create the optimizer outside any scope.
 */
public abstract class Optimizer {
    private final Map<String, Tensor> params;
    private final Map<String, Map<String, Tensor>> buffers = new LinkedHashMap<>();
    private final Map<String, long[]> steps = new LinkedHashMap<>();
    private final Engine engine;
    private double lr;

    protected Optimizer(Map<String, Tensor> params, double lr) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameters to optimize; "
                    + "pass model.namedParameters() of a model that has parameters");
        }
        checkRate(lr);
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        this.engine = params.values().iterator().next().engine();
        this.lr = lr;
        for (String name : params.keySet()) {
            steps.put(name, new long[1]);
            buffers.put(name, new LinkedHashMap<>());
        }
    }

    private static void checkRate(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + lr);
        }
    }

    /** A short name, e.g. {@code adam}. */
    public abstract String name();

    /** The hyperparameters, for provenance and checkpoints. */
    public abstract Map<String, Object> hyperparameters();

    /** Applies the update rule to one parameter; called inside a no-grad scope. */
    protected abstract void update(String name, Tensor param, Tensor grad, long step);

    /** The current learning rate. */
    public double lr() {
        return lr;
    }

    /** Sets the learning rate (schedules call this). */
    public void lr(double rate) {
        checkRate(rate);
        this.lr = rate;
    }

    public Map<String, Tensor> parameters() {
        return params;
    }

    /**
     * One update of every parameter that has a gradient.
     *
     * @throws IllegalStateException when the model was moved or converted ({@code Module.to}) after this optimizer
     *                               was made: its parameters are no longer the model's
     */
    public void step() {
        for (var e : params.entrySet()) {
            String now = seqlab.nn.Parameters.replacedBy(e.getValue());
            if (now != null) {
                throw new IllegalStateException(name() + ": parameter '" + e.getKey() + "' was replaced when its module"
                        + " was moved or converted (Module.to, now " + now + ") after this optimizer was created; "
                        + "create the optimizer after Module.to");
            }
        }
        try (var ignored = engine.noGrad()) {
            for (var e : params.entrySet()) {
                Tensor g = e.getValue().grad();
                if (g == null) {
                    continue;
                }
                long[] s = steps.get(e.getKey());
                s[0]++;
                update(e.getKey(), e.getValue(), g, s[0]);
            }
        }
    }

    /** Clears every parameter's gradient. */
    public void zeroGrad() {
        for (Tensor p : params.values()) {
            p.zeroGrad();
        }
    }

    /** Declares a state buffer of {@code param}'s shape and dtype, filled with zeros. */
    protected final void buffer(String param, String buffer) {
        Tensor p = params.get(param);
        buffers.get(param).put(buffer, engine.zeros(p.shape(), p.dtype(), p.device()));
    }

    /** Declares {@code buffer} for every parameter. */
    protected final void bufferForAll(String buffer) {
        for (String p : params.keySet()) {
            buffer(p, buffer);
        }
    }

    /** The state buffer {@code buffer} of {@code param}. */
    protected final Tensor state(String param, String buffer) {
        Tensor t = buffers.get(param).get(buffer);
        if (t == null) {
            throw new IllegalStateException(name() + " has no buffer '" + buffer + "' for '" + param + "'");
        }
        return t;
    }

    /** How many updates {@code param} has had. */
    public long steps(String param) {
        return steps.get(param)[0];
    }

    /**
     * The state as tensors: {@code <param>.<buffer>} for each buffer and {@code <param>.step} (int64, rank 0) for
     * each step count. Copies, safe to keep.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (var ignored = engine.noGrad()) {
            for (var e : buffers.entrySet()) {
                for (var b : e.getValue().entrySet()) {
                    // A computed copy: detach() may share storage that the next step overwrites in place.
                    out.put(e.getKey() + "." + b.getKey(), b.getValue().mul(1.0));
                }
                out.put(e.getKey() + ".step", engine.ofIndices(new long[] {steps.get(e.getKey())[0]}, Shape.scalar()));
            }
        }
        return out;
    }

    /**
     * Restores a {@link #stateDict()}. Every entry must be present with its shape; otherwise nothing changes and
     * the error lists each mismatch (usually a checkpoint of another optimizer or model).
     */
    public void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> mine = stateDict();
        List<String> problems = new ArrayList<>();
        for (var e : mine.entrySet()) {
            Tensor v = state.get(e.getKey());
            if (v == null) {
                problems.add("missing '" + e.getKey() + "'");
            } else if (!v.shape().equals(e.getValue().shape())) {
                problems.add("'" + e.getKey() + "' has shape " + v.shape() + ", expected " + e.getValue().shape());
            }
        }
        for (String k : state.keySet()) {
            if (!mine.containsKey(k)) {
                problems.add("unexpected '" + k + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Optimizer state does not match this " + name() + " optimizer: "
                    + String.join("; ", problems) + ". Was it saved by another optimizer or for another model?");
        }
        try (var ignored = engine.noGrad()) {
            for (var e : buffers.entrySet()) {
                for (var b : e.getValue().entrySet()) {
                    Tensor v = state.get(e.getKey() + "." + b.getKey());
                    Tensor target = b.getValue();
                    Tensor value = v.engine() == engine ? v : copyTo(v, target);
                    target.assign(value.to(target.dtype()).detach());
                }
                steps.get(e.getKey())[0] = state.get(e.getKey() + ".step").toLongArray()[0];
            }
        }
    }

    private Tensor copyTo(Tensor v, Tensor like) {
        return switch (like.dtype()) {
            case FLOAT64 -> engine.of(v.toDoubleArray(), v.shape()).to(like.device());
            default -> engine.of(v.toFloatArray(), v.shape()).to(like.device());
        };
    }

    @Override
    public String toString() {
        return name() + hyperparameters();
    }
}
