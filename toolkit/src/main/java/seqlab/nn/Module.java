package seqlab.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import seqlab.engine.DType;
import seqlab.engine.Device;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;

/**
 * A layer or model: named parameters (leaf tensors that require gradients) and named child modules, with
 * PyTorch's naming ({@code encoder.layers.0.self_attn.in_proj_weight}) so a {@link #stateDict()} moves to and from a
 * PyTorch {@code state_dict}. Each subclass has its own {@code forward} signature.
 *
 * <p>A module is in training mode by default; {@link #eval()} turns dropout off. Dropout masks come from one
 * {@link RandomSource} shared by the whole tree ({@link #randomSource(RandomSource)}), so a seed fixes them.
 */
public abstract class Module {
    private final Engine engine;
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;
    private RandomSource random = new RandomSource(0);

    protected Module(Engine engine) {
        this.engine = engine;
    }

    public Engine engine() {
        return engine;
    }

    /** Registers a parameter under {@code name}; the tensor becomes a leaf that requires a gradient. */
    protected Tensor addParameter(String name, Tensor value) {
        if (params.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("Duplicate parameter or module name '" + name + "' in " + getClass().getSimpleName());
        }
        Tensor p = value.requiresGrad() ? value : value.detach().requiresGrad(true);
        params.put(name, p);
        return p;
    }

    /**
     * Registers a buffer: a constant tensor the module computes with (a positional-encoding table) that is not
     * trained and not saved, but moves with the module ({@link #to(Device)}). Read it back with {@link #buffer}.
     */
    protected Tensor addBuffer(String name, Tensor value) {
        if (params.containsKey(name) || children.containsKey(name) || buffers.containsKey(name)) {
            throw new IllegalArgumentException("Duplicate parameter, buffer or module name '" + name + "' in "
                    + getClass().getSimpleName());
        }
        buffers.put(name, value);
        return value;
    }

    /** This module's own buffer {@code name}, on the module's device. */
    protected Tensor buffer(String name) {
        Tensor t = buffers.get(name);
        if (t == null) {
            throw new IllegalArgumentException("No buffer '" + name + "' in " + getClass().getSimpleName());
        }
        return t;
    }

    /** Registers a child module under {@code name}. */
    protected <M extends Module> M addModule(String name, M child) {
        if (params.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("Duplicate parameter or module name '" + name + "' in " + getClass().getSimpleName());
        }
        children.put(name, child);
        Module c = child;
        c.randomSource(random);
        c.setTraining(training);
        return child;
    }

    /** This module's own parameter {@code name} (not a child's). */
    protected Tensor parameter(String name) {
        Tensor t = params.get(name);
        if (t == null) {
            throw new IllegalArgumentException("No parameter '" + name + "' in " + getClass().getSimpleName());
        }
        return t;
    }

    /** Direct children, in registration order. */
    public Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** Every parameter of this module and its descendants, by dotted name, in registration order. */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out);
        return out;
    }

    private void collect(String prefix, Map<String, Tensor> out) {
        for (var e : params.entrySet()) {
            out.put(prefix + e.getKey(), e.getValue());
        }
        for (var e : children.entrySet()) {
            e.getValue().collect(prefix + e.getKey() + ".", out);
        }
    }

    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Number of scalar parameters. */
    public long parameterCount() {
        long n = 0;
        for (Tensor t : namedParameters().values()) {
            n += t.size();
        }
        return n;
    }

    /** The parameters by name, as PyTorch's {@code state_dict()} (same tensors, not copies). */
    public Map<String, Tensor> stateDict() {
        return namedParameters();
    }

    /**
     * Copies values into this module's parameters. Every name must exist with the same shape, and every parameter
     * must be given; otherwise nothing is changed and the error lists each mismatch.
     */
    public void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> mine = namedParameters();
        List<String> problems = new ArrayList<>();
        for (var e : mine.entrySet()) {
            Tensor v = state.get(e.getKey());
            if (v == null) {
                problems.add("missing '" + e.getKey() + "' " + e.getValue().shape());
            } else if (!v.shape().equals(e.getValue().shape())) {
                problems.add("'" + e.getKey() + "' has shape " + v.shape() + ", expected " + e.getValue().shape());
            }
        }
        for (String k : state.keySet()) {
            if (!mine.containsKey(k)) {
                problems.add("unexpected '" + k + "' " + state.get(k).shape());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("State does not match " + getClass().getSimpleName() + ": "
                    + String.join("; ", problems));
        }
        try (var ignored = engine.noGrad()) {
            for (var e : mine.entrySet()) {
                Tensor v = state.get(e.getKey());
                Tensor target = e.getValue();
                Tensor value = v.engine() == engine ? v.to(target.dtype())
                        : engine.of(v.toFloatArray(), v.shape()).to(target.dtype());
                target.assign(value.detach());
            }
        }
    }

    /**
     * Converts every parameter of this module and its descendants to {@code dtype} (e.g. {@link DType#FLOAT64} for a
     * finite-difference gradient check), keeping names and the requires-gradient flag; gradients are dropped. Returns
     * this. The converted parameters are new tensors: layers look their parameters up by name at each call, so they
     * see them, but tensors obtained from {@link #parameters()} before the call (an optimizer's list) do not.
     */
    public Module to(DType dtype) {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException("Module.to: parameters must be floating point, got " + dtype);
        }
        replaceParameters(p -> p.dtype() == dtype ? p : p.detach().to(dtype), t -> t);
        return this;
    }

    /**
     * Moves every parameter and buffer of this module and its descendants to {@code device} (one of the engine's
     * {@code devices()}), keeping names and the requires-gradient flag; gradients are dropped. Returns this. Tensors
     * the layers create while computing (masks, initial states, dropout masks, constants) go where their input is, so
     * feed inputs on the same device (create them with the engine's default device set there, or move them).
     *
     * <p>The moved parameters are new tensors, as with {@link #to(DType)}: an optimizer created before the move
     * holds the old ones, and its next step fails with a line saying so; create the optimizer after the move.
     *
     * @throws IllegalArgumentException in one line, naming what the engine has, when it does not have {@code device}
     */
    public Module to(Device device) {
        if (!engine.devices().contains(device)) {
            throw new IllegalArgumentException("Module.to: " + engine.deviceMissing(device));
        }
        replaceParameters(p -> p.device().equals(device) ? p : p.detach().to(device), t -> t.to(device));
        return this;
    }

    /** The device of this module's parameters (the engine's default device for a module without any). */
    public Device device() {
        var it = namedParameters().values().iterator();
        return it.hasNext() ? it.next().device() : engine.defaultDevice();
    }

    /**
     * Replaces each parameter by {@code convert} of it (a new leaf with its requires-gradient flag) where that gives
     * another tensor, and each buffer by {@code moveBuffer} of it, in this module and its descendants; replaced
     * parameters are {@link Parameters#retire retired} so an optimizer still holding them says so.
     */
    private void replaceParameters(UnaryOperator<Tensor> convert, UnaryOperator<Tensor> moveBuffer) {
        try (var ignored = engine.noGrad()) {
            for (var e : params.entrySet()) {
                Tensor p = e.getValue();
                Tensor c = convert.apply(p);
                if (c != p) {
                    Tensor leaf = c.detach().requiresGrad(p.requiresGrad());
                    e.setValue(leaf);
                    Parameters.retire(p, leaf);
                }
            }
            buffers.replaceAll((k, t) -> moveBuffer.apply(t));
        }
        for (Module c : children.values()) {
            c.replaceParameters(convert, moveBuffer);
        }
    }

    /** Saves the state dict to {@code file} as safetensors (PyTorch's names), atomically; see {@link Safetensors}. */
    public void save(java.nio.file.Path file) {
        Safetensors.save(this, file);
    }

    /** Loads a safetensors file written here or by PyTorch; names and shapes must match (see {@link #loadStateDict}). */
    public void load(java.nio.file.Path file) {
        Safetensors.load(this, file);
    }

    /** Clears every parameter's gradient. */
    public void zeroGrad() {
        for (Tensor t : namedParameters().values()) {
            t.zeroGrad();
        }
    }

    public boolean isTraining() {
        return training;
    }

    /** Training mode (dropout on); returns this. */
    public Module train() {
        setTraining(true);
        return this;
    }

    /** Evaluation mode (dropout off); returns this. */
    public Module eval() {
        setTraining(false);
        return this;
    }

    private void setTraining(boolean t) {
        training = t;
        for (Module c : children.values()) {
            c.setTraining(t);
        }
    }

    /** The source of dropout masks, shared by the tree. */
    public RandomSource randomSource() {
        return random;
    }

    /** Sets the source of dropout masks for this module and all descendants. */
    public void randomSource(RandomSource source) {
        random = source;
        for (Module c : children.values()) {
            c.randomSource(source);
        }
    }

    /** Inverted dropout when training and {@code p > 0}, identity otherwise. */
    protected Tensor dropout(Tensor x, double p) {
        return training && p > 0 ? x.dropout(p, random) : x;
    }

    protected static Shape shape(int... dims) {
        return Shape.of(dims);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + parameterCount() + " parameters)";
    }
}
