package seqlab.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import seqlab.engine.DType;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.CellKind;
import seqlab.engine.RecurrentKernels;
import seqlab.engine.RecurrentKernels.RecurrentRequest;
import seqlab.engine.RecurrentKernels.RecurrentSpec;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;

/**
 * A stacked, optionally bidirectional recurrent network over whole sequences, written once over {@link Tensor} ops;
 * {@link Rnn}, {@link Lstm} and {@link Gru} supply the cell. Semantics and parameter names are PyTorch's
 * ({@code torch.nn.RNN/LSTM/GRU}):
 * <ul>
 *   <li>parameters {@code weight_ih_l{k}[_reverse]} ({@code gates*H x in}), {@code weight_hh_l{k}[_reverse]}
 *       ({@code gates*H x H}), {@code bias_ih_...}, {@code bias_hh_...}, {@code weight_hr_...} (LSTM projection);
 *       registered in PyTorch's {@code state_dict} order, so weights move to and from PyTorch unchanged;</li>
 *   <li>layer {@code k > 0} reads layer {@code k-1}'s output (both directions concatenated, forward first), after
 *       dropout when training ({@link RecurrentConfig#dropout}); the last layer's output has no dropout;</li>
 *   <li>recurrent connections get variational dropout when {@link RecurrentConfig#recurrentDropout} is set and the
 *       layer is training: before each layer and direction runs, one mask {@code (batch, H)} is drawn from
 *       {@link #randomSource()} and multiplies {@code h_{t-1}} wherever the recurrent products read it, at every
 *       step of the sequence (Gal &amp; Ghahramani 2016, section 4); the state carried to the next step is not
 *       masked. PyTorch has no such option;</li>
 *   <li>variable lengths: {@link #forward(Tensor, int[])} takes each sequence's real length. Padded steps leave the
 *       state unchanged, produce an exactly zero output and receive no gradient; the reverse direction starts at
 *       each sequence's own last real step. These are the numbers of PyTorch's {@code pack_padded_sequence} /
 *       {@code pad_packed_sequence} path.</li>
 * </ul>
 *
 * <p>When the engine offers {@link RecurrentKernels} for exactly this configuration (the reference engine fuses
 * every one, recurrent dropout and the {@link RecurrentConfig.UpdateGate#CANDIDATE} update included; LibTorch has no
 * peephole or coupled-gate LSTM, candidate update or recurrent dropout), the whole stack runs in one fused kernel; otherwise, or after {@link #useFusedKernels(boolean) useFusedKernels(false)}, it is composed from ops
 * step by step. Both give the same numbers (tests hold them to
 * 1e-5 in float32), dropout masks included: both draw them from {@link #randomSource()} in the same order.
 */
public abstract class Recurrent extends Module {
    private final RecurrentConfig config;
    private final int inputSize;
    private boolean fusedKernels = true;

    protected Recurrent(Engine engine, int inputSize, RecurrentConfig config, RandomSource rng) {
        super(engine);
        if (inputSize < 1) {
            throw new IllegalArgumentException("input size must be >= 1, got " + inputSize);
        }
        this.config = config;
        this.inputSize = inputSize;
        createParameters(rng);
    }

    // ----- parameters -----

    private static String suffix(int layer, int direction) {
        return "_l" + layer + (direction == 1 ? "_reverse" : "");
    }

    private void createParameters(RandomSource rng) {
        Engine e = engine();
        int h = config.hiddenSize(), s = config.stateSize(), g = config.gates();
        double k = 1.0 / Math.sqrt(h);
        RecurrentConfig.Initialization init = config.initializationScheme();
        for (int l = 0; l < config.layers(); l++) {
            int in = l == 0 ? inputSize : config.outputSize();
            for (int d = 0; d < config.directions(); d++) {
                String sfx = suffix(l, d);
                Tensor wih, whh;
                switch (init) {
                    case PYTORCH -> {
                        wih = Init.uniform(e, shape(g * h, in), k, rng);
                        whh = Init.uniform(e, shape(g * h, s), k, rng);
                    }
                    case XAVIER_UNIFORM -> {
                        wih = Init.blocks(e, g, h, in, Init.BlockScheme.XAVIER_UNIFORM, rng);
                        whh = Init.blocks(e, g, h, s, Init.BlockScheme.XAVIER_UNIFORM, rng);
                    }
                    case XAVIER_NORMAL -> {
                        wih = Init.blocks(e, g, h, in, Init.BlockScheme.XAVIER_NORMAL, rng);
                        whh = Init.blocks(e, g, h, s, Init.BlockScheme.XAVIER_NORMAL, rng);
                    }
                    case XAVIER_ORTHOGONAL -> {
                        wih = Init.blocks(e, g, h, in, Init.BlockScheme.XAVIER_UNIFORM, rng);
                        whh = Init.blocks(e, g, h, s, Init.BlockScheme.ORTHOGONAL, rng);
                    }
                    default -> throw new IllegalStateException(init.toString());
                }
                add("weight_ih" + sfx, wih);
                add("weight_hh" + sfx, whh);
                if (config.hasBias()) {
                    Tensor bih = init == RecurrentConfig.Initialization.PYTORCH ? Init.uniform(e, shape(g * h), k, rng)
                            : e.zeros(shape(g * h));
                    Tensor bhh = init == RecurrentConfig.Initialization.PYTORCH ? Init.uniform(e, shape(g * h), k, rng)
                            : e.zeros(shape(g * h));
                    if (config.forgetBias() != null) {
                        // b_ih + b_hh is the effective bias: the chosen value on the forget block, split as (b, 0)
                        int f = config.isCoupledInputForget() ? 0 : 1;
                        bih = fillBlock(bih, f * h, h, config.forgetBias());
                        bhh = fillBlock(bhh, f * h, h, 0.0);
                    }
                    add("bias_ih" + sfx, bih);
                    add("bias_hh" + sfx, bhh);
                }
                if (config.projectionSize() > 0) {
                    int p = config.projectionSize();
                    add("weight_hr" + sfx, switch (init) {
                        case PYTORCH -> Init.uniform(e, shape(p, h), k, rng);
                        case XAVIER_NORMAL -> Init.xavierNormal(e, shape(p, h), 1.0, rng);
                        default -> Init.xavierUniform(e, shape(p, h), 1.0, rng);
                    });
                }
                if (config.hasPeephole()) {
                    for (String gate : peepholeGates()) {
                        add("weight_c" + gate + sfx, init == RecurrentConfig.Initialization.PYTORCH
                                ? Init.uniform(e, shape(h), k, rng) : e.zeros(shape(h)));
                    }
                }
            }
        }
    }

    /** Peephole vectors by gate letter: i, f, o (f, o with coupled gates). */
    List<String> peepholeGates() {
        return config.isCoupledInputForget() ? List.of("f", "o") : List.of("i", "f", "o");
    }

    private Tensor fillBlock(Tensor t, int start, int length, double value) {
        float[] v = t.toFloatArray();
        Arrays.fill(v, start, start + length, (float) value);
        return engine().of(v, t.shape()).to(t.device());
    }

    private void add(String name, Tensor value) {
        addParameter(name, config.dtype() == DType.FLOAT32 ? value : value.to(config.dtype()));
    }

    public RecurrentConfig config() {
        return config;
    }

    public int inputSize() {
        return inputSize;
    }

    /**
     * Whether to run the engine's fused kernel when it supports this configuration (default true). Turning it off
     * forces the composed-op path, e.g. to compare the two.
     */
    public Recurrent useFusedKernels(boolean on) {
        fusedKernels = on;
        return this;
    }

    /** Whether the next forward call will run the engine's fused kernel. */
    public boolean runsFused() {
        return fusedKernels && fusable() && engine().recurrentKernels().map(k -> k.supports(spec())).orElse(false);
    }

    /** Variational dropout masks are drawn in this forward call: training mode with a recurrent dropout rate. */
    private boolean recurrentDropoutActive() {
        return isTraining() && config.recurrentDropout() > 0;
    }

    /** Whether a fused kernel can express this configuration at all (true unless a subclass says otherwise). */
    protected boolean fusable() {
        return true;
    }

    private RecurrentSpec spec() {
        return RecurrentSpec.of(config.kind(), inputSize, config.hiddenSize()).layers(config.layers())
                .bidirectional(config.isBidirectional()).bias(config.hasBias()).dropout(config.dropoutRate())
                .training(isTraining()).resetBeforeProduct(config.isResetBeforeProduct()).peephole(config.hasPeephole())
                .coupledInputForget(config.isCoupledInputForget()).projectionSize(config.projectionSize())
                .recurrentDropout(config.recurrentDropout())
                .candidateUpdate(config.updateGate() == RecurrentConfig.UpdateGate.CANDIDATE);
    }

    // ----- forward -----

    /** All sequences full length, zero initial state. */
    public RecurrentResult forward(Tensor input) {
        return forward(input, null, null, null);
    }

    /**
     * Sequences of the given real lengths (each in 1..time, any order; {@code null} when all are full), zero initial
     * state.
     */
    public RecurrentResult forward(Tensor input, int[] lengths) {
        return forward(input, lengths, null, null);
    }

    /**
     * The full call.
     *
     * @param input   {@code (time, batch, inputSize)}, or {@code (batch, time, inputSize)} when batch-first
     * @param lengths each sequence's real length in 1..time, or {@code null} when all are full
     * @param h0      initial hidden state {@code (layers * directions, batch, H)} (H = projection size when there is
     *                one), or {@code null} for zeros
     * @param c0      initial cell state {@code (layers * directions, batch, hidden)} for an LSTM, or {@code null} for
     *                zeros; must be {@code null} for RNN and GRU
     */
    public RecurrentResult forward(Tensor input, int[] lengths, Tensor h0, Tensor c0) {
        String name = config.toString();
        if (input.rank() != 3) {
            throw new IllegalArgumentException(name + ": input must have rank 3 "
                    + (config.isBatchFirst() ? "(batch, time, features)" : "(time, batch, features)") + ", got "
                    + input.shape());
        }
        if (input.dim(2) != inputSize) {
            throw new IllegalArgumentException(name + ": input has " + input.dim(2) + " features (shape "
                    + input.shape() + "), the layer was built for " + inputSize);
        }
        DType dt = parameter("weight_ih_l0").dtype();
        if (input.dtype() != dt) {
            throw new IllegalArgumentException(name + ": input is " + input.dtype() + " but parameters are " + dt
                    + "; convert the input with to(DType." + dt + ") or build with config.dtype(DType."
                    + input.dtype() + ")");
        }
        Tensor x = config.isBatchFirst() ? input.transpose(0, 1) : input;
        int time = x.dim(0), batch = x.dim(1);
        int[] lens = checkLengths(lengths, time, batch);
        int states = config.layers() * config.directions();
        Shape hShape = Shape.of(states, batch, config.stateSize());
        Shape cShape = Shape.of(states, batch, config.hiddenSize());
        boolean lstm = config.kind() == CellKind.LSTM;
        if (h0 == null) {
            h0 = engine().zeros(hShape, dt, x.device());
        } else if (!h0.shape().equals(hShape) || h0.dtype() != dt) {
            throw new IllegalArgumentException(name + ": h0 must be " + hShape + " " + dt + " (layers * directions, "
                    + "batch, " + (config.projectionSize() > 0 ? "projection" : "hidden") + "), got " + h0.shape() + " "
                    + h0.dtype());
        }
        if (!lstm && c0 != null) {
            throw new IllegalArgumentException(name + ": only an LSTM has a cell state; pass c0 = null");
        }
        if (lstm) {
            if (c0 == null) {
                c0 = engine().zeros(cShape, dt, x.device());
            } else if (!c0.shape().equals(cShape) || c0.dtype() != dt) {
                throw new IllegalArgumentException(name + ": c0 must be " + cShape + " " + dt
                        + " (layers * directions, batch, hidden), got " + c0.shape() + " " + c0.dtype());
            }
        }
        RecurrentResult r;
        Optional<RecurrentKernels> kernels = engine().recurrentKernels();
        if (fusedKernels && fusable() && kernels.isPresent() && kernels.get().supports(spec())) {
            RecurrentKernels.RecurrentOutput o = kernels.get().run(RecurrentRequest.of(spec(), x, flatWeights()).h0(h0)
                    .c0(c0).lengths(lens).random(randomSource()));
            r = new RecurrentResult(o.output(), o.hN(), o.cN());
        } else {
            r = composed(x, lens, h0, c0);
        }
        Tensor out = config.isBatchFirst() ? r.output().transpose(0, 1) : r.output();
        return new RecurrentResult(out, r.hN(), r.cN());
    }

    /**
     * Each sequence's length from a {@code (batch, time)} mask that is 1 at real steps and 0 at padding, with the real
     * steps first (what padded batches carry); for {@link #forward(Tensor, int[])}.
     */
    public static int[] lengthsOf(Tensor mask) {
        if (mask.rank() != 2) {
            throw new IllegalArgumentException("mask must be (batch, time), got shape " + mask.shape());
        }
        int batch = mask.dim(0), time = mask.dim(1);
        double[] m = mask.toDoubleArray();
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            int len = 0;
            while (len < time && m[b * time + len] != 0) {
                len++;
            }
            for (int t = len; t < time; t++) {
                if (m[b * time + t] != 0) {
                    throw new IllegalArgumentException("mask row " + b + " has a real step at " + t + " after padding at "
                            + len + "; recurrent layers need each sequence's real steps first (left-aligned padding)");
                }
            }
            lengths[b] = len;
        }
        return lengths;
    }

    private int[] checkLengths(int[] lengths, int time, int batch) {
        if (lengths == null) {
            return null;
        }
        if (lengths.length != batch) {
            throw new IllegalArgumentException(config + ": " + lengths.length + " lengths given for a batch of "
                    + batch);
        }
        boolean full = true;
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 1 || lengths[b] > time) {
                throw new IllegalArgumentException(config + ": length " + lengths[b] + " of sequence " + b
                        + " is outside 1.." + time + " (the input has " + time + " steps); drop empty sequences");
            }
            full &= lengths[b] == time;
        }
        return full ? null : lengths.clone();
    }

    /**
     * PyTorch's {@code _flat_weights} order: per layer, per direction: w_ih, w_hh[, b_ih, b_hh][, w_hr], then the
     * peephole vectors ({@link RecurrentSpec#weightName}).
     */
    private List<Tensor> flatWeights() {
        List<Tensor> w = new ArrayList<>();
        for (int l = 0; l < config.layers(); l++) {
            for (int d = 0; d < config.directions(); d++) {
                String sfx = suffix(l, d);
                w.add(parameter("weight_ih" + sfx));
                w.add(parameter("weight_hh" + sfx));
                if (config.hasBias()) {
                    w.add(parameter("bias_ih" + sfx));
                    w.add(parameter("bias_hh" + sfx));
                }
                if (config.projectionSize() > 0) {
                    w.add(parameter("weight_hr" + sfx));
                }
                for (String gate : config.hasPeephole() ? peepholeGates() : List.<String>of()) {
                    w.add(parameter("weight_c" + gate + sfx));
                }
            }
        }
        return w;
    }

    // ----- the composed path -----

    /**
     * One layer and direction's weights for the duration of a forward call; transposed and sliced views are made
     * once per call, not once per step.
     */
    protected final class DirectionWeights {
        private final String suffix;
        private final Map<String, Tensor> cache = new HashMap<>();

        DirectionWeights(int layer, int direction) {
            this.suffix = suffix(layer, direction);
        }

        /** The parameter {@code base + suffix}, e.g. {@code get("bias_hh")}. */
        public Tensor get(String base) {
            return parameter(base + suffix);
        }

        /** Rows {@code start .. start+rows-1} of the parameter, transposed: ready for {@code x.matmul(...)}. */
        public Tensor transposed(String base, int start, int rows) {
            return cache.computeIfAbsent(base + "/" + start + "/" + rows, k -> {
                Tensor w = get(base);
                Tensor part = start == 0 && rows == w.dim(0) ? w : w.narrow(0, start, rows);
                return part.transpose(0, 1);
            });
        }

        public Tensor transposed(String base) {
            return transposed(base, 0, get(base).dim(0));
        }

        /** Elements {@code start .. start+length-1} of a bias, or null without biases. */
        public Tensor bias(String base, int start, int length) {
            if (!config.hasBias()) {
                return null;
            }
            return cache.computeIfAbsent(base + "#" + start + "/" + length, k -> {
                Tensor b = get(base);
                return start == 0 && length == b.dim(0) ? b : b.narrow(0, start, length);
            });
        }
    }

    /** {@code x + b}, or {@code x} when {@code b} is null (no biases). */
    protected static Tensor plus(Tensor x, Tensor b) {
        return b == null ? x : x.add(b);
    }

    /**
     * One step of the cell for a whole batch.
     *
     * @param w   this layer and direction's weights
     * @param xp  the input projection {@code x_t W_ih^T + b_ih}, {@code (batch, gates * hidden)}
     * @param h   the previous hidden state {@code (batch, H)}, as the state carried forward
     * @param hIn the previous hidden state as the recurrent products read it: {@code h} itself, or {@code h} times
     *            this sequence's variational dropout mask ({@link RecurrentConfig#recurrentDropout()})
     * @param c   the previous cell state (LSTM), else null
     * @return the new {@code {h, c}} ({@code c} null except for an LSTM)
     */
    protected abstract Tensor[] step(DirectionWeights w, Tensor xp, Tensor h, Tensor hIn, Tensor c);

    private RecurrentResult composed(Tensor x, int[] lengths, Tensor h0, Tensor c0) {
        int time = x.dim(0), batch = x.dim(1);
        int dirs = config.directions();
        Tensor[] masks = null;
        Tensor zero = engine().zeros(Shape.of(1), x.dtype(), x.device());
        if (lengths != null) {
            // one copy to the input's device for the whole batch, then a view per step
            float[] m = new float[time * batch];
            for (int t = 0; t < time; t++) {
                for (int b = 0; b < batch; b++) {
                    m[t * batch + b] = t < lengths[b] ? 1f : 0f;
                }
            }
            Tensor all = engine().of(m, Shape.of(time, batch, 1)).to(x.device()).to(x.dtype());
            masks = new Tensor[time];
            for (int t = 0; t < time; t++) {
                masks[t] = all.narrow(0, t, 1).squeeze(0);
            }
        }
        List<Tensor> hN = new ArrayList<>(), cN = new ArrayList<>();
        Tensor layerInput = x;
        for (int l = 0; l < config.layers(); l++) {
            List<Tensor> outs = new ArrayList<>(dirs);
            for (int d = 0; d < dirs; d++) {
                DirectionWeights w = new DirectionWeights(l, d);
                Tensor xp = plus(layerInput.matmul(w.transposed("weight_ih")), w.bias("bias_ih", 0,
                        config.gates() * config.hiddenSize()));
                int k = l * dirs + d;
                Tensor h = h0.narrow(0, k, 1).squeeze(0);
                Tensor c = c0 == null ? null : c0.narrow(0, k, 1).squeeze(0);
                // one mask per sequence, layer and direction, reused at every step (Gal & Ghahramani 2016)
                Tensor mask = recurrentDropoutActive() ? recurrentMask(batch, x.dtype(), x.device()) : null;
                // all steps at once: an engine can then back-propagate into xp in time linear in the length
                List<Tensor> steps = xp.unbind(0);
                Tensor[] ys = new Tensor[time];
                for (int s = 0; s < time; s++) {
                    int t = d == 0 ? s : time - 1 - s;
                    Tensor[] hc = step(w, steps.get(t), h, mask == null ? h : h.mul(mask), c);
                    if (masks == null) {
                        h = hc[0];
                        c = hc[1];
                        ys[t] = h;
                    } else {
                        // padded rows keep their state and output exactly zero
                        Tensor m = masks[t];
                        ys[t] = m.where(hc[0], zero);
                        h = m.where(hc[0], h);
                        c = c == null ? null : m.where(hc[1], c);
                    }
                }
                outs.add(Tensor.stack(Arrays.asList(ys), 0));
                hN.add(h);
                if (c != null) {
                    cN.add(c);
                }
            }
            Tensor out = dirs == 1 ? outs.get(0) : Tensor.concat(outs, 2);
            layerInput = l < config.layers() - 1 ? dropout(out, config.dropoutRate()) : out;
        }
        return new RecurrentResult(layerInput, Tensor.stack(hN, 0), cN.isEmpty() ? null : Tensor.stack(cN, 0));
    }

    /**
     * A variational dropout mask {@code (batch, H)}: each element 0 with probability p, else {@code 1 / (1 - p)},
     * drawn from {@link #randomSource()} (inverted dropout of a tensor of ones).
     */
    private Tensor recurrentMask(int batch, DType dt, seqlab.engine.Device device) {
        return engine().full(Shape.of(batch, config.stateSize()), 1.0, dt, device)
                .dropout(config.recurrentDropout(), randomSource());
    }

    @Override
    public String toString() {
        return config + " on " + inputSize + " inputs (" + parameterCount() + " parameters)";
    }
}
