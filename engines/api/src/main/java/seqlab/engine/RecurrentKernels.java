package seqlab.engine;

import java.util.List;
import java.util.Objects;

/**
 * Optional engine capability: whole-sequence recurrent networks (forward and backward through time) in one fused
 * kernel. Layers ask {@link #supports} and fall back to composing {@link Tensor} ops when the answer is no; both
 * paths give the same numbers.
 *
 * <p>A call is one {@link RecurrentRequest}: the configuration ({@link RecurrentSpec}) and the tensors. Both records
 * are built from a factory and named options ({@code RecurrentSpec.of(CellKind.LSTM, 100, 128).layers(2)},
 * {@code RecurrentRequest.of(spec, x, weights).lengths(lengths)}), so a new option becomes one more field with a
 * default, and no caller or kernel signature changes: the LSTM variants (peephole, coupled gates, projection) are
 * flags of the spec, and their weights join the flat weight list ({@link RecurrentSpec#weightName}); recurrent
 * dropout masks or a device would be fields of the request. The request checks every argument against the configuration when it is made, so kernels receive
 * consistent inputs and users see the same one-line errors on every engine.
 */
public interface RecurrentKernels {

    /** Whether {@link #run} handles exactly this configuration. */
    boolean supports(RecurrentSpec spec);

    /**
     * Runs the whole stack over the sequence. The result takes part in autograd like any op: gradients flow to the
     * input, the initial states and every weight.
     *
     * @throws IllegalArgumentException when {@link #supports} says no for the request's configuration
     */
    RecurrentOutput run(RecurrentRequest request);

    /**
     * A recurrent stack's configuration, as PyTorch's {@code nn.RNN/LSTM/GRU} arguments, plus the LSTM and GRU variants
     * PyTorch lacks.
     *
     * @param cell               the cell
     * @param inputSize          features of the first layer's input
     * @param hiddenSize         width of the cell state {@code c} and of the gates; also of {@code h} unless there is
     *                           a projection
     * @param layers             stacked layers
     * @param bidirectional      whether each layer also runs backwards in time (output: forward, then reverse)
     * @param bias               whether there are biases {@code b_ih, b_hh}
     * @param dropout            applied to each layer's output except the last, when {@code training}
     * @param training           whether dropout is active
     * @param resetBeforeProduct GRU only: the reset gate multiplies {@code h} before the hidden product (Cho et al.
     *                           2014) rather than after it (PyTorch, cuDNN)
     * @param peephole           LSTM only: the gates see the cell state through diagonal weights {@code weight_ci},
     *                           {@code weight_cf}, {@code weight_co} (Gers &amp; Schmidhuber 2000); the input and forget
     *                           gates see {@code c_{t-1}}, the output gate {@code c_t}
     * @param coupledInputForget LSTM only: {@code i = 1 - f} (CIFG; Greff et al. 2017), three gate blocks f, g, o
     * @param projectionSize     LSTM only: {@code h_t = W_hr (o_t * tanh(c_t))} of this width (PyTorch's
     *                           {@code proj_size}; Sak, Senior &amp; Beaufays 2014), 0 for none
     * @param recurrentDropout   variational dropout on the recurrent connections when {@code training} (Gal &amp;
     *                           Ghahramani 2016): before each layer runs, one mask {@code (batch, stateSize)} per
     *                           direction, forward first, is drawn from the request's random source as
     *                           {@code Tensor.dropout} draws it (one {@code nextDouble()} per element, kept when
     *                           {@code >= p}, scaled by {@code 1 / (1 - p)}) and multiplies {@code h_{t-1}} wherever
     *                           the recurrent products read it, at every step; the carried state is not masked
     * @param candidateUpdate    GRU only: {@code h_t = (1 - z) * h_{t-1} + z * n} (Chung et al. 2014) instead of
     *                           PyTorch's {@code (1 - z) * n + z * h_{t-1}}
     */
    record RecurrentSpec(CellKind cell, int inputSize, int hiddenSize, int layers, boolean bidirectional, boolean bias,
                         double dropout, boolean training, boolean resetBeforeProduct, boolean peephole,
                         boolean coupledInputForget, int projectionSize, double recurrentDropout,
                         boolean candidateUpdate) {

        public RecurrentSpec {
            Objects.requireNonNull(cell, "recurrent kernel: cell kind is null");
            if (inputSize < 1 || hiddenSize < 1 || layers < 1) {
                throw new IllegalArgumentException("recurrent kernel: input size, hidden size and layers must be >= 1, got "
                        + inputSize + ", " + hiddenSize + " and " + layers);
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("recurrent kernel: dropout must be in [0, 1), got " + dropout);
            }
            if (resetBeforeProduct && cell != CellKind.GRU) {
                throw new IllegalArgumentException("recurrent kernel: resetBeforeProduct is a GRU option; this "
                        + "configuration is " + cell);
            }
            if ((peephole || coupledInputForget || projectionSize != 0) && cell != CellKind.LSTM) {
                throw new IllegalArgumentException("recurrent kernel: peephole, coupledInputForget and projectionSize are "
                        + "LSTM options; this configuration is " + cell);
            }
            if (!(recurrentDropout >= 0 && recurrentDropout < 1)) {
                throw new IllegalArgumentException("recurrent kernel: recurrentDropout must be in [0, 1), got "
                        + recurrentDropout);
            }
            if (candidateUpdate && cell != CellKind.GRU) {
                throw new IllegalArgumentException("recurrent kernel: candidateUpdate is a GRU option; this "
                        + "configuration is " + cell);
            }
            if (projectionSize < 0 || projectionSize >= hiddenSize && projectionSize != 0) {
                throw new IllegalArgumentException("recurrent kernel: projectionSize must be in [0, hidden size "
                        + hiddenSize + "), got " + projectionSize + " (as PyTorch's proj_size)");
            }
        }

        /** A plain cell's configuration: no peephole, coupled gates, projection, recurrent dropout or candidate update. */
        public RecurrentSpec(CellKind cell, int inputSize, int hiddenSize, int layers, boolean bidirectional,
                             boolean bias, double dropout, boolean training, boolean resetBeforeProduct) {
            this(cell, inputSize, hiddenSize, layers, bidirectional, bias, dropout, training, resetBeforeProduct, false,
                    false, 0, 0.0, false);
        }

        /** One unidirectional layer with biases, no dropout, not training. */
        public static RecurrentSpec of(CellKind cell, int inputSize, int hiddenSize) {
            return new RecurrentSpec(cell, inputSize, hiddenSize, 1, false, true, 0.0, false, false);
        }

        public RecurrentSpec layers(int n) {
            return new RecurrentSpec(cell, inputSize, hiddenSize, n, bidirectional, bias, dropout, training,
                    resetBeforeProduct, peephole, coupledInputForget, projectionSize, recurrentDropout, candidateUpdate);
        }

        public RecurrentSpec bidirectional(boolean on) {
            return new RecurrentSpec(cell, inputSize, hiddenSize, layers, on, bias, dropout, training, resetBeforeProduct,
                    peephole, coupledInputForget, projectionSize, recurrentDropout, candidateUpdate);
        }

        public RecurrentSpec bias(boolean on) {
            return new RecurrentSpec(cell, inputSize, hiddenSize, layers, bidirectional, on, dropout, training,
                    resetBeforeProduct, peephole, coupledInputForget, projectionSize, recurrentDropout, candidateUpdate);
        }

        public RecurrentSpec dropout(double p) {
            return new RecurrentSpec(cell, inputSize, hiddenSize, layers, bidirectional, bias, p, training,
                    resetBeforeProduct, peephole, coupledInputForget, projectionSize, recurrentDropout, candidateUpdate);
        }

        public RecurrentSpec training(boolean on) {
            return new RecurrentSpec(cell, inputSize, hiddenSize, layers, bidirectional, bias, dropout, on,
                    resetBeforeProduct, peephole, coupledInputForget, projectionSize, recurrentDropout, candidateUpdate);
        }

        public RecurrentSpec resetBeforeProduct(boolean on) {
            return new RecurrentSpec(cell, inputSize, hiddenSize, layers, bidirectional, bias, dropout, training, on,
                    peephole, coupledInputForget, projectionSize, recurrentDropout, candidateUpdate);
        }

        public RecurrentSpec peephole(boolean on) {
            return new RecurrentSpec(cell, inputSize, hiddenSize, layers, bidirectional, bias, dropout, training,
                    resetBeforeProduct, on, coupledInputForget, projectionSize, recurrentDropout, candidateUpdate);
        }

        public RecurrentSpec coupledInputForget(boolean on) {
            return new RecurrentSpec(cell, inputSize, hiddenSize, layers, bidirectional, bias, dropout, training,
                    resetBeforeProduct, peephole, on, projectionSize, recurrentDropout, candidateUpdate);
        }

        public RecurrentSpec projectionSize(int size) {
            return new RecurrentSpec(cell, inputSize, hiddenSize, layers, bidirectional, bias, dropout, training,
                    resetBeforeProduct, peephole, coupledInputForget, size, recurrentDropout, candidateUpdate);
        }

        public RecurrentSpec recurrentDropout(double p) {
            return new RecurrentSpec(cell, inputSize, hiddenSize, layers, bidirectional, bias, dropout, training,
                    resetBeforeProduct, peephole, coupledInputForget, projectionSize, p, candidateUpdate);
        }

        public RecurrentSpec candidateUpdate(boolean on) {
            return new RecurrentSpec(cell, inputSize, hiddenSize, layers, bidirectional, bias, dropout, training,
                    resetBeforeProduct, peephole, coupledInputForget, projectionSize, recurrentDropout, on);
        }

        public int directions() {
            return bidirectional ? 2 : 1;
        }

        /** Whether dropout masks are drawn: training, a rate above zero and a layer after which to apply it. */
        public boolean dropsOut() {
            return training && dropout > 0 && layers > 1;
        }

        /** Whether recurrent dropout masks are drawn: training with a recurrent dropout rate above zero. */
        public boolean dropsRecurrent() {
            return training && recurrentDropout > 0;
        }

        /** Whether this is an LSTM variant (peephole, coupled gates or a projection) rather than a plain cell. */
        public boolean isVariant() {
            return peephole || coupledInputForget || projectionSize > 0;
        }

        /** Gate blocks in {@code w_ih} and {@code w_hh}: the cell's, one fewer for coupled input and forget gates. */
        public int gates() {
            return coupledInputForget ? 3 : cell.gates();
        }

        /** Width of {@code h}, of each direction's output and of {@code h0}/{@code h_n}: the projection size if any. */
        public int stateSize() {
            return projectionSize > 0 ? projectionSize : hiddenSize;
        }

        /** Diagonal peephole vectors per layer and direction: i, f, o (f, o with coupled gates), or none. */
        public int peepholeVectors() {
            return !peephole ? 0 : coupledInputForget ? 2 : 3;
        }

        /**
         * Tensors per layer and direction in the flat weight list: {@code w_ih, w_hh[, b_ih, b_hh][, w_hr][, w_ci],
         * w_cf, w_co]} (with coupled gates the peepholes are {@code w_cf, w_co}).
         */
        public int weightsPerDirection() {
            return (bias ? 4 : 2) + (projectionSize > 0 ? 1 : 0) + peepholeVectors();
        }

        /** The input width of layer {@code l}: the input size, then both directions' outputs. */
        public int layerInputSize(int l) {
            return l == 0 ? inputSize : directions() * stateSize();
        }

        /** What entry {@code slot} of one layer and direction's weights is, as the first part of its PyTorch name. */
        private String slotName(int slot) {
            int s = slot;
            if (s < 2) {
                return s == 0 ? "weight_ih" : "weight_hh";
            }
            s -= 2;
            if (bias) {
                if (s < 2) {
                    return s == 0 ? "bias_ih" : "bias_hh";
                }
                s -= 2;
            }
            if (projectionSize > 0) {
                if (s == 0) {
                    return "weight_hr";
                }
                s -= 1;
            }
            return "weight_c" + (coupledInputForget ? "fo" : "ifo").charAt(s);
        }

        /**
         * The shape of entry {@code i} of the flat weight list (PyTorch's {@code _flat_weights} order, with seqlab's
         * peephole vectors last).
         */
        public Shape weightShape(int i) {
            int per = weightsPerDirection(), layer = i / per / directions(), g = gates() * hiddenSize;
            return switch (slotName(i % per)) {
                case "weight_ih" -> Shape.of(g, layerInputSize(layer));
                case "weight_hh" -> Shape.of(g, stateSize());
                case "bias_ih", "bias_hh" -> Shape.of(g);
                case "weight_hr" -> Shape.of(projectionSize, hiddenSize);
                default -> Shape.of(hiddenSize);
            };
        }

        /** The name of entry {@code i} of the flat weight list, as PyTorch (and seqlab's LSTM) names the parameter. */
        public String weightName(int i) {
            int per = weightsPerDirection(), k = i / per;
            return slotName(i % per) + "_l" + k / directions() + (k % directions() == 1 ? "_reverse" : "");
        }
    }

    /**
     * One call: the configuration and the tensors, checked against each other when made. Optional parts are
     * {@code null} until set: {@link #h0} and {@link #c0} mean zeros, {@link #lengths} means every sequence is full,
     * {@link #random} is needed only when {@link RecurrentSpec#dropsOut()}.
     *
     * @param spec    the configuration
     * @param input   {@code (time, batch, inputSize)}: time-first, floating
     * @param weights PyTorch's {@code _flat_weights} order: for each layer, for each direction (forward, then reverse):
     *                {@code w_ih, w_hh}, with bias {@code b_ih, b_hh}, with a projection {@code w_hr}, then with
     *                peepholes seqlab's {@code w_ci, w_cf, w_co} ({@link RecurrentSpec#weightShape})
     * @param h0      {@code (layers * directions, batch, stateSize)} ({@link RecurrentSpec#stateSize}), or {@code null}
     *                for zeros
     * @param c0      {@code (layers * directions, batch, hidden)} for an LSTM, or {@code null} for zeros; other cells
     *                have none
     * @param lengths each sequence's real length in {@code 1..time}, in any order, or {@code null} when all are full;
     *                padded steps neither change state nor produce output (their output is zero)
     * @param random  source of the dropout masks between layers, drawn in the order {@link Tensor#dropout} draws them
     */
    record RecurrentRequest(RecurrentSpec spec, Tensor input, List<Tensor> weights, Tensor h0, Tensor c0, int[] lengths,
                            RandomSource random) {

        public RecurrentRequest {
            Objects.requireNonNull(spec, "recurrent kernel: spec is null");
            Objects.requireNonNull(input, "recurrent kernel: input is null");
            Objects.requireNonNull(weights, "recurrent kernel: weights are null");
            if (input.rank() != 3 || input.dim(2) != spec.inputSize() || !input.dtype().isFloating()) {
                throw new IllegalArgumentException("recurrent kernel: input must be (time, batch, " + spec.inputSize()
                        + ") floating, got " + input.shape() + " " + input.dtype());
            }
            DType dt = input.dtype();
            int expected = spec.layers() * spec.directions() * spec.weightsPerDirection();
            if (weights.size() != expected) {
                StringBuilder names = new StringBuilder();
                for (int i = 0; i < spec.weightsPerDirection(); i++) {
                    names.append(i == 0 ? "" : ", ").append(spec.weightName(i).replace("_l0", ""));
                }
                throw new IllegalArgumentException("recurrent kernel: expected " + expected + " weight tensors (" + names
                        + " per layer and direction), got " + weights.size());
            }
            weights = List.copyOf(weights);
            for (int i = 0; i < weights.size(); i++) {
                expect(spec.weightName(i), weights.get(i), dt, spec.weightShape(i), input);
            }
            Shape states = Shape.of(spec.layers() * spec.directions(), input.dim(1), spec.hiddenSize());
            if (h0 != null) {
                expect("h0", h0, dt, Shape.of(states.dim(0), states.dim(1), spec.stateSize()), input);
            }
            if (c0 != null) {
                if (spec.cell() != CellKind.LSTM) {
                    throw new IllegalArgumentException("recurrent kernel: c0 is for LSTM only; " + spec.cell()
                            + " takes none");
                }
                expect("c0", c0, dt, states, input);
            }
            if (lengths != null) {
                int time = input.dim(0), batch = input.dim(1);
                if (lengths.length != batch) {
                    throw new IllegalArgumentException("recurrent kernel: " + lengths.length + " lengths for a batch of "
                            + batch);
                }
                for (int b = 0; b < batch; b++) {
                    if (lengths[b] < 1 || lengths[b] > time) {
                        throw new IllegalArgumentException("recurrent kernel: length " + lengths[b] + " of sequence " + b
                                + " is outside 1.." + time + " (the input has " + time + " steps)");
                    }
                }
                lengths = lengths.clone();
            }
        }

        private static void expect(String what, Tensor t, DType dtype, Shape shape, Tensor input) {
            if (t == null || !t.shape().equals(shape) || t.dtype() != dtype) {
                throw new IllegalArgumentException("recurrent kernel: " + what + " must be " + shape + " " + dtype
                        + ", got " + (t == null ? "null" : t.shape() + " " + t.dtype()));
            }
            if (t.engine() != input.engine()) {
                throw TensorChecks.foreign("recurrent kernel", input.engine(), t);
            }
        }

        /** The configuration and the tensors every call needs; zero initial states, full lengths, no random source. */
        public static RecurrentRequest of(RecurrentSpec spec, Tensor input, List<Tensor> weights) {
            return new RecurrentRequest(spec, input, weights, null, null, null, null);
        }

        public RecurrentRequest h0(Tensor state) {
            return new RecurrentRequest(spec, input, weights, state, c0, lengths, random);
        }

        public RecurrentRequest c0(Tensor state) {
            return new RecurrentRequest(spec, input, weights, h0, state, lengths, random);
        }

        public RecurrentRequest lengths(int[] realLengths) {
            return new RecurrentRequest(spec, input, weights, h0, c0, realLengths, random);
        }

        public RecurrentRequest random(RandomSource source) {
            return new RecurrentRequest(spec, input, weights, h0, c0, lengths, source);
        }

        /** A copy: the request stays as checked. */
        @Override
        public int[] lengths() {
            return lengths == null ? null : lengths.clone();
        }

        public int time() {
            return input.dim(0);
        }

        public int batch() {
            return input.dim(1);
        }

        /** The initial hidden state: {@link #h0}, or zeros of its shape on the input's device. */
        public Tensor initialHidden() {
            return h0 != null ? h0 : zeroState(spec.stateSize());
        }

        /** The initial cell state of an LSTM ({@link #c0}, or zeros); {@code null} for other cells. */
        public Tensor initialCell() {
            return spec.cell() != CellKind.LSTM ? null : c0 != null ? c0 : zeroState(spec.hiddenSize());
        }

        private Tensor zeroState(int width) {
            Shape s = Shape.of(spec.layers() * spec.directions(), batch(), width);
            return input.engine().zeros(s, input.dtype()).to(input.device());
        }

        /** Whether some sequence is shorter than the input. */
        public boolean hasPadding() {
            if (lengths != null) {
                for (int l : lengths) {
                    if (l < time()) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** The source of dropout masks; fails when the configuration draws masks and none was given. */
        public RandomSource dropoutRandom() {
            if ((spec.dropsOut() || spec.dropsRecurrent()) && random == null) {
                throw new IllegalArgumentException("recurrent kernel: " + (spec.dropsOut() ? "dropout " + spec.dropout()
                        : "recurrentDropout " + spec.recurrentDropout()) + " while training needs a RandomSource for its "
                        + "masks; pass one with random(...)");
            }
            return random;
        }

        @Override
        public String toString() {
            return "RecurrentRequest[" + spec + ", input " + input.shape() + (h0 != null ? ", h0" : "")
                    + (c0 != null ? ", c0" : "") + (lengths != null ? ", lengths " + java.util.Arrays.toString(lengths) : "")
                    + "]";
        }
    }

    /**
     * @param output {@code (time, batch, directions * stateSize)}, forward direction first
     * @param hN     final hidden state per layer and direction, {@code (layers * directions, batch, stateSize)}
     * @param cN     final cell state (LSTM), {@code (layers * directions, batch, hidden)}, else {@code null}
     */
    record RecurrentOutput(Tensor output, Tensor hN, Tensor cN) {
    }
}
