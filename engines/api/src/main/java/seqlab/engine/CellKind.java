package seqlab.engine;

/**
 * The cell of a recurrent network, one name for layers ({@code seqlab.nn.RecurrentConfig}) and fused kernels
 * ({@link RecurrentKernels}) alike. Variants of a cell are options beside it, not kinds: an LSTM's peephole, coupled
 * gates or projection, and a GRU's reset placement ({@link RecurrentKernels.RecurrentSpec#resetBeforeProduct()}).
 */
public enum CellKind {
    /** Elman network with {@code tanh}, as {@code torch.nn.RNN}. */
    RNN_TANH(1),
    /** Elman network with {@code relu} ({@code nonlinearity='relu'}). */
    RNN_RELU(1),
    /** Long short-term memory, gates in PyTorch's order i, f, g, o. */
    LSTM(4),
    /** Gated recurrent unit, gates in PyTorch's order r, z, n. */
    GRU(3);

    private final int gates;

    CellKind(int gates) {
        this.gates = gates;
    }

    /** Gate blocks in {@code weight_ih} and {@code weight_hh} of the plain cell: 1, 1, 4, 3. */
    public int gates() {
        return gates;
    }
}
