package seqlab.nn;

import seqlab.engine.Tensor;

/**
 * What a recurrent layer returns, as PyTorch's {@code (output, h_n)} / {@code (output, (h_n, c_n))}.
 *
 * @param output every step's top-layer output, {@code (time, batch, directions * H)} or batch-first as the layer
 *               was configured; the forward direction's half comes first; exactly zero at padded steps
 * @param hN     final hidden state of every layer and direction, {@code (layers * directions, batch, H)}, ordered
 *               layer-major and direction-minor ({@code l0, l0_reverse, l1, ...}); with variable lengths, the forward
 *               direction's state at each sequence's own last real step
 * @param cN     final cell state in the same layout (LSTM only; width = hidden size even with a projection), else
 *               {@code null}
 */
public record RecurrentResult(Tensor output, Tensor hN, Tensor cN) {
}
