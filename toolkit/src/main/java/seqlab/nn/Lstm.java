package seqlab.nn;

import seqlab.engine.CellKind;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;

/**
 * Long short-term memory (Hochreiter &amp; Schmidhuber 1997, with the forget gate of Gers, Schmidhuber &amp; Cummins
 * 2000), as PyTorch's {@code nn.LSTM}. Gates i, f, g, o, in that order, in {@code weight_ih_l{k}} ({@code 4H x in})
 * and {@code weight_hh_l{k}} ({@code 4H x H}):
 * <pre>
 *   i_t = sigmoid(W_ii x_t + b_ii + W_hi h_{t-1} + b_hi  [+ p_i * c_{t-1}])
 *   f_t = sigmoid(W_if x_t + b_if + W_hf h_{t-1} + b_hf  [+ p_f * c_{t-1}])
 *   g_t = tanh   (W_ig x_t + b_ig + W_hg h_{t-1} + b_hg)
 *   c_t = f_t * c_{t-1} + i_t * g_t
 *   o_t = sigmoid(W_io x_t + b_io + W_ho h_{t-1} + b_ho  [+ p_o * c_t])
 *   h_t = o_t * tanh(c_t)                                [h_t = W_hr (o_t * tanh(c_t)) with a projection]
 * </pre>
 * Variants, each a switch on {@link RecurrentConfig}:
 * <ul>
 *   <li>{@link RecurrentConfig#peephole()}: the bracketed peephole terms (Gers &amp; Schmidhuber 2000), diagonal
 *       weights {@code weight_ci/cf/co_l{k}} of size H; the output gate sees the new cell state, as in Greff et al.
 *       (2017);</li>
 *   <li>{@link RecurrentConfig#coupledInputForget()}: {@code i_t = 1 - f_t} (CIFG; Greff et al. 2017, "LSTM: A
 *       Search Space Odyssey"), so the weights hold three blocks f, g, o;</li>
 *   <li>{@link RecurrentConfig#forgetBias(Double)}: the forget gate's bias starts at a chosen value, e.g. 1
 *       (Jozefowicz, Zaremba &amp; Sutskever 2015, {@link RecurrentConfig#forgetBiasOne()}): {@code bias_ih}'s forget
 *       block that value, {@code bias_hh}'s 0;</li>
 *   <li>{@link RecurrentConfig#projection(int)}: PyTorch's {@code proj_size} (Sak, Senior &amp; Beaufays 2014),
 *       {@code weight_hr_l{k}: (P, H)}; {@code h}, the output and {@code weight_hh}'s columns have width P.</li>
 * </ul>
 * PyTorch has none of the first three; with them off the parameters are exactly PyTorch's. Every variant runs in
 * an engine's fused kernel where the engine has one for it (the reference engine's fuses them all), else composed.
 */
public final class Lstm extends Recurrent {

    public Lstm(Engine engine, int inputSize, RecurrentConfig config, RandomSource rng) {
        super(engine, inputSize, requireKind(config), rng);
    }

    /** A one-layer LSTM, as {@code nn.LSTM(inputSize, hiddenSize)}. */
    public Lstm(Engine engine, int inputSize, int hiddenSize, RandomSource rng) {
        this(engine, inputSize, RecurrentConfig.lstm(hiddenSize), rng);
    }

    private static RecurrentConfig requireKind(RecurrentConfig c) {
        if (c.kind() != CellKind.LSTM) {
            throw new IllegalArgumentException("Lstm needs an LSTM configuration (RecurrentConfig.lstm(...)), got " + c);
        }
        return c;
    }

    /** Parameters of {@code nn.LSTM(inputSize, hiddenSize)}: {@code 4H*(in + H) + 8H}; 117760 for (100, 128). */
    public static long parameterCount(int inputSize, int hiddenSize) {
        return RecurrentConfig.lstm(hiddenSize).parameterCount(inputSize);
    }

    @Override
    protected Tensor[] step(DirectionWeights w, Tensor xp, Tensor h, Tensor hIn, Tensor c) {
        RecurrentConfig cfg = config();
        int hs = cfg.hiddenSize(), gh = cfg.gates() * hs;
        Tensor a = xp.add(plus(hIn.matmul(w.transposed("weight_hh")), w.bias("bias_hh", 0, gh)));
        boolean cifg = cfg.isCoupledInputForget(), peep = cfg.hasPeephole();
        int fi = cifg ? 0 : 1;
        Tensor fPre = a.narrow(1, fi * hs, hs);
        Tensor gPre = a.narrow(1, (fi + 1) * hs, hs);
        Tensor oPre = a.narrow(1, (fi + 2) * hs, hs);
        if (peep) {
            fPre = fPre.add(c.mul(w.get("weight_cf")));
        }
        Tensor f = fPre.sigmoid();
        Tensor i;
        if (cifg) {
            i = f.rsub(1.0);
        } else {
            Tensor iPre = a.narrow(1, 0, hs);
            i = (peep ? iPre.add(c.mul(w.get("weight_ci"))) : iPre).sigmoid();
        }
        Tensor cNew = f.mul(c).add(i.mul(gPre.tanh()));
        Tensor o = (peep ? oPre.add(cNew.mul(w.get("weight_co"))) : oPre).sigmoid();
        Tensor hNew = o.mul(cNew.tanh());
        if (cfg.projectionSize() > 0) {
            hNew = hNew.matmul(w.transposed("weight_hr"));
        }
        return new Tensor[] {hNew, cNew};
    }
}
