package seqlab.nn;

import seqlab.engine.CellKind;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;

/**
 * The Elman network (Elman 1990), as PyTorch's {@code nn.RNN}:
 * <pre>
 *   h_t = act(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh),   act = tanh (default) or relu
 * </pre>
 * with {@code weight_ih_l{k}: (H, in)} and {@code weight_hh_l{k}: (H, H)}. Stacking, directions, dropout, lengths and
 * initial states are described in {@link Recurrent}.
 */
public final class Rnn extends Recurrent {

    public Rnn(Engine engine, int inputSize, RecurrentConfig config, RandomSource rng) {
        super(engine, inputSize, requireKind(config), rng);
    }

    /** A one-layer tanh RNN, as {@code nn.RNN(inputSize, hiddenSize)}. */
    public Rnn(Engine engine, int inputSize, int hiddenSize, RandomSource rng) {
        this(engine, inputSize, RecurrentConfig.rnn(hiddenSize), rng);
    }

    private static RecurrentConfig requireKind(RecurrentConfig c) {
        if (c.kind() != CellKind.RNN_TANH && c.kind() != CellKind.RNN_RELU) {
            throw new IllegalArgumentException("Rnn needs an RNN configuration (RecurrentConfig.rnn(...)), got " + c);
        }
        return c;
    }

    /** Parameters of {@code nn.RNN(inputSize, hiddenSize)}: {@code H*(in + H) + 2H}. */
    public static long parameterCount(int inputSize, int hiddenSize) {
        return RecurrentConfig.rnn(hiddenSize).parameterCount(inputSize);
    }

    @Override
    protected Tensor[] step(DirectionWeights w, Tensor xp, Tensor h, Tensor hIn, Tensor c) {
        Tensor a = xp.add(plus(hIn.matmul(w.transposed("weight_hh")), w.bias("bias_hh", 0, config().hiddenSize())));
        return new Tensor[] {config().kind() == CellKind.RNN_RELU ? a.relu() : a.tanh(), null};
    }
}
