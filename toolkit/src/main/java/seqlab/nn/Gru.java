package seqlab.nn;

import seqlab.engine.CellKind;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;

/**
 * Gated recurrent unit (Cho et al. 2014), as PyTorch's {@code nn.GRU}. Gates r, z, n, in that order, in
 * {@code weight_ih_l{k}} ({@code 3H x in}) and {@code weight_hh_l{k}} ({@code 3H x H}):
 * <pre>
 *   r_t = sigmoid(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)
 *   z_t = sigmoid(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)
 *   n_t = tanh(W_in x_t + b_in + r_t * (W_hn h_{t-1} + b_hn))        PyTorch / cuDNN (default)
 *   n_t = tanh(W_in x_t + b_in + W_hn (r_t * h_{t-1}) + b_hn)        Cho et al. 2014 ({@link RecurrentConfig#resetBeforeProduct()})
 *   h_t = (1 - z_t) * n_t + z_t * h_{t-1}                              PyTorch / cuDNN / Cho et al. 2014 (default)
 *   h_t = (1 - z_t) * h_{t-1} + z_t * n_t                              Chung et al. 2014, the guide ({@link RecurrentConfig.UpdateGate#CANDIDATE})
 * </pre>
 * The two update conventions are the same family of functions with the z block's weights and biases negated
 * ({@code sigmoid(-a) = 1 - sigmoid(a)}); PyTorch's loads PyTorch's weights as they mean there. Both run in the
 * reference engine's fused kernel; LibTorch's kernel has PyTorch's only.
 * The first placement of the reset gate lets the hidden product of all three gates run as one matrix product; the
 * second is the paper's {@code h~ = tanh(W [r * h, x])}. Both have the same parameters: three gate blocks against
 * the LSTM's four, so a GRU has 25% fewer weights than an LSTM of the same size ({@link #parameterCount}).
 */
public final class Gru extends Recurrent {

    public Gru(Engine engine, int inputSize, RecurrentConfig config, RandomSource rng) {
        super(engine, inputSize, requireKind(config), rng);
    }

    /** A one-layer GRU, as {@code nn.GRU(inputSize, hiddenSize)}. */
    public Gru(Engine engine, int inputSize, int hiddenSize, RandomSource rng) {
        this(engine, inputSize, RecurrentConfig.gru(hiddenSize), rng);
    }

    private static RecurrentConfig requireKind(RecurrentConfig c) {
        if (c.kind() != CellKind.GRU) {
            throw new IllegalArgumentException("Gru needs a GRU configuration (RecurrentConfig.gru(...)), got " + c);
        }
        return c;
    }

    /** Parameters of {@code nn.GRU(inputSize, hiddenSize)}: {@code 3H*(in + H) + 6H}; 88320 for (100, 128). */
    public static long parameterCount(int inputSize, int hiddenSize) {
        return RecurrentConfig.gru(hiddenSize).parameterCount(inputSize);
    }

    @Override
    protected Tensor[] step(DirectionWeights w, Tensor xp, Tensor h, Tensor hIn, Tensor c) {
        int hs = config().hiddenSize();
        Tensor r, z, n;
        if (config().isResetBeforeProduct()) {
            Tensor rz = xp.narrow(1, 0, 2 * hs).add(plus(hIn.matmul(w.transposed("weight_hh", 0, 2 * hs)),
                    w.bias("bias_hh", 0, 2 * hs))).sigmoid();
            r = rz.narrow(1, 0, hs);
            z = rz.narrow(1, hs, hs);
            n = xp.narrow(1, 2 * hs, hs).add(plus(r.mul(hIn).matmul(w.transposed("weight_hh", 2 * hs, hs)),
                    w.bias("bias_hh", 2 * hs, hs))).tanh();
        } else {
            Tensor hp = plus(hIn.matmul(w.transposed("weight_hh")), w.bias("bias_hh", 0, 3 * hs));
            Tensor rz = xp.narrow(1, 0, 2 * hs).add(hp.narrow(1, 0, 2 * hs)).sigmoid();
            r = rz.narrow(1, 0, hs);
            z = rz.narrow(1, hs, hs);
            n = xp.narrow(1, 2 * hs, hs).add(r.mul(hp.narrow(1, 2 * hs, hs))).tanh();
        }
        Tensor hNew = config().updateGate() == RecurrentConfig.UpdateGate.PREVIOUS
                ? z.rsub(1.0).mul(n).add(z.mul(h))
                : z.rsub(1.0).mul(h).add(z.mul(n));
        return new Tensor[] {hNew, null};
    }
}
