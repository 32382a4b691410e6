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
 * {@code RecurrentRequest.of(spec, x, weights).lengths(lengths)}), so a new option (recurrent dropout masks, peephole
 * weights, a projection, a device) becomes one more field with a default, and no caller or kernel signature
 * changes. The request checks every argument against the configuration when it is made, so kernels receive
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
     * A recurrent stack's configuration, as PyTorch's {@code nn.RNN/LSTM/GRU} arguments.
     *
     * @param cell               the cell
     * @param inputSize          features of the first layer's input
     * @param hiddenSize         width of {@code h} (and {@code c})
     * @param layers             stacked layers
     * @param bidirectional      whether each layer also runs backwards in time (output: forward, then reverse)
     * @param bias               whether there are biases {@code b_ih, b_hh}
     * @param dropout            applied to each layer's output except the last, when {@code training}
     * @param training           whether dropout is active
     * @param resetBeforeProduct GRU only: the reset gate multiplies {@code h} before the hidden product (Cho et al.
     *                           2014) rather than after it (PyTorch, cuDNN)
     */
    record RecurrentSpec(CellKind cell, int inputSize, int hiddenSize, int layers, boolean bidirectional, boolean bias,
                         double dropout, boolean training, boolean resetBeforeProduct) {

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
        }

        /** One unidirectional layer with biases, no dropout, not training. */
        public static RecurrentSpec of(CellKind cell, int inputSize, int hiddenSize) {
            return new RecurrentSpec(cell, inputSize, hiddenSize, 1, false, true, 0.0, false, false);
        }

        public RecurrentSpec layers(int n) {
            return new RecurrentSpec(cell, inputSize, hiddenSize, n, bidirectional, bias, dropout, training,
                    resetBeforeProduct);
        }

        public RecurrentSpec bidirectional(boolean on) {
            return new RecurrentSpec(cell, inputSize, hiddenSize, layers, on, bias, dropout, training, resetBeforeProduct);
        }

        public RecurrentSpec bias(boolean on) {
            return new RecurrentSpec(cell, inputSize, hiddenSize, layers, bidirectional, on, dropout, training,
                    resetBeforeProduct);
        }

        public RecurrentSpec dropout(double p) {
            return new RecurrentSpec(cell, inputSize, hiddenSize, layers, bidirectional, bias, p, training,
                    resetBeforeProduct);
        }

        public RecurrentSpec training(boolean on) {
            return new RecurrentSpec(cell, inputSize, hiddenSize, layers, bidirectional, bias, dropout, on,
                    resetBeforeProduct);
        }

        public RecurrentSpec resetBeforeProduct(boolean on) {
            return new RecurrentSpec(cell, inputSize, hiddenSize, layers, bidirectional, bias, dropout, training, on);
        }

        public int directions() {
            return bidirectional ? 2 : 1;
        }

        /** Whether dropout masks are drawn: training, a rate above zero and a layer after which to apply it. */
        public boolean dropsOut() {
            return training && dropout > 0 && layers > 1;
        }

        /** Tensors per layer and direction in the flat weight list: {@code w_ih, w_hh[, b_ih, b_hh]}. */
        public int weightsPerDirection() {
            return bias ? 4 : 2;
        }

        /** The input width of layer {@code l}: the input size, then both directions' outputs. */
        public int layerInputSize(int l) {
            return l == 0 ? inputSize : directions() * hiddenSize;
        }

        /** The shape of entry {@code i} of the flat weight list (PyTorch's {@code _flat_weights} order). */
        public Shape weightShape(int i) {
            int per = weightsPerDirection(), layer = i / per / directions(), g = cell.gates() * hiddenSize;
            return switch (i % per) {
                case 0 -> Shape.of(g, layerInputSize(layer));
                case 1 -> Shape.of(g, hiddenSize);
                default -> Shape.of(g);
            };
        }

        /** The name of entry {@code i} of the flat weight list, as PyTorch names the parameter. */
        public String weightName(int i) {
            int per = weightsPerDirection(), k = i / per;
            String base = switch (i % per) {
                case 0 -> "weight_ih";
                case 1 -> "weight_hh";
                case 2 -> "bias_ih";
                default -> "bias_hh";
            };
            return base + "_l" + k / directions() + (k % directions() == 1 ? "_reverse" : "");
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
     *                {@code w_ih, w_hh} and, with bias, {@code b_ih, b_hh} ({@link RecurrentSpec#weightShape})
     * @param h0      {@code (layers * directions, batch, hidden)}, or {@code null} for zeros
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
                throw new IllegalArgumentException("recurrent kernel: expected " + expected + " weight tensors (w_ih, w_hh"
                        + (spec.bias() ? ", b_ih, b_hh" : "") + " per layer and direction), got " + weights.size());
            }
            weights = List.copyOf(weights);
            for (int i = 0; i < weights.size(); i++) {
                expect(spec.weightName(i), weights.get(i), dt, spec.weightShape(i), input);
            }
            Shape states = Shape.of(spec.layers() * spec.directions(), input.dim(1), spec.hiddenSize());
            if (h0 != null) {
                expect("h0", h0, dt, states, input);
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
            return h0 != null ? h0 : zeroState();
        }

        /** The initial cell state of an LSTM ({@link #c0}, or zeros); {@code null} for other cells. */
        public Tensor initialCell() {
            return spec.cell() != CellKind.LSTM ? null : c0 != null ? c0 : zeroState();
        }

        private Tensor zeroState() {
            Shape s = Shape.of(spec.layers() * spec.directions(), batch(), spec.hiddenSize());
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
            if (spec.dropsOut() && random == null) {
                throw new IllegalArgumentException("recurrent kernel: dropout " + spec.dropout() + " while training "
                        + "needs a RandomSource for its masks; pass one with random(...)");
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
     * @param output {@code (time, batch, directions * hidden)}, forward direction first
     * @param hN     final hidden state per layer and direction, {@code (layers * directions, batch, hidden)}
     * @param cN     final cell state (LSTM), else {@code null}
     */
    record RecurrentOutput(Tensor output, Tensor hN, Tensor cN) {
    }
}
