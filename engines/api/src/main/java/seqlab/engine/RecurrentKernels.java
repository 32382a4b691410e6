package seqlab.engine;

import java.util.List;

/**
 * Optional engine capability: whole-sequence recurrent networks (forward and backward through time) in one fused
 * kernel. Layers ask {@link #supports} and fall back to composing {@link Tensor} ops when the answer is no; both
 * paths give the same numbers.
 */
public interface RecurrentKernels {

    /** Whether {@link #run} handles exactly this configuration. */
    boolean supports(RecurrentSpec spec);

    /**
     * Runs the whole stack over the sequence. The result takes part in autograd like any op: gradients flow to
     * {@code input}, {@code h0}, {@code c0} and every weight.
     *
     * @param spec    the configuration
     * @param input   {@code (time, batch, inputSize)}: time-first
     * @param weights PyTorch's {@code _flat_weights} order: for each layer, for each direction (forward, then
     *                reverse): {@code w_ih, w_hh} and, with bias, {@code b_ih, b_hh}
     * @param h0      {@code (layers * directions, batch, hidden)}
     * @param c0      {@code (layers * directions, batch, hidden)} for LSTM, else {@code null}
     * @param lengths each sequence's real length, longest first or in any order, or {@code null} when all are full;
     *                padded steps neither change state nor produce output (their output is zero)
     * @param rng     source of the dropout masks between layers (used only when training with dropout &gt; 0)
     */
    RecurrentOutput run(RecurrentSpec spec, Tensor input, List<Tensor> weights, Tensor h0, Tensor c0, int[] lengths,
                        RandomSource rng);

    /** The cell of a recurrent stack. {@code GRU} is PyTorch's (reset gate applied after the hidden product). */
    enum Cell {
        RNN_TANH,
        RNN_RELU,
        LSTM,
        GRU,
        /** Cho et al. (2014): the reset gate multiplies {@code h} before the hidden product. */
        GRU_RESET_BEFORE
    }

    /**
     * A recurrent stack's configuration.
     *
     * @param dropout  applied to each layer's output except the last, when {@code training}
     */
    record RecurrentSpec(Cell cell, int inputSize, int hiddenSize, int layers, boolean bidirectional, boolean bias,
                         double dropout, boolean training) {
        public int directions() {
            return bidirectional ? 2 : 1;
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
