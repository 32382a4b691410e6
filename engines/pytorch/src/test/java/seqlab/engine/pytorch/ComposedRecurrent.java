package seqlab.engine.pytorch;

import java.util.ArrayList;
import java.util.List;
import seqlab.engine.CellKind;
import seqlab.engine.RecurrentKernels.RecurrentOutput;
import seqlab.engine.RecurrentKernels.RecurrentSpec;
import seqlab.engine.Tensor;

/**
 * A recurrent stack composed from SPI ops with PyTorch's equations, step by step: what the layers do on an engine
 * without fused kernels. Works on any engine; the tests run it on the reference engine.
 */
final class ComposedRecurrent {
    private ComposedRecurrent() {
    }

    private static Tensor linear(Tensor x, Tensor w, Tensor b) {
        Tensor y = x.matmul(w.transpose(0, 1));
        return b == null ? y : y.add(b);
    }

    /** One direction of one layer over (time, batch, in), composed from SPI ops, PyTorch's equations. */
    private static Tensor[] direction(CellKind cell, Tensor x, Tensor wih, Tensor whh, Tensor bih, Tensor bhh, Tensor h,
                                      Tensor c, boolean reverse) {
        int time = x.dim(0), hidden = whh.dim(1);
        Tensor[] outs = new Tensor[time];
        for (int s = 0; s < time; s++) {
            int step = reverse ? time - 1 - s : s;
            Tensor xi = linear(x.narrow(0, step, 1).squeeze(0), wih, bih);
            Tensor hh = linear(h, whh, bhh);
            switch (cell) {
                case LSTM -> {
                    Tensor gsum = xi.add(hh);
                    Tensor i = gsum.narrow(1, 0, hidden).sigmoid(), f = gsum.narrow(1, hidden, hidden).sigmoid();
                    Tensor g = gsum.narrow(1, 2 * hidden, hidden).tanh(), o = gsum.narrow(1, 3 * hidden, hidden).sigmoid();
                    c = f.mul(c).add(i.mul(g));
                    h = o.mul(c.tanh());
                }
                case GRU -> {
                    Tensor r = xi.narrow(1, 0, hidden).add(hh.narrow(1, 0, hidden)).sigmoid();
                    Tensor z = xi.narrow(1, hidden, hidden).add(hh.narrow(1, hidden, hidden)).sigmoid();
                    Tensor n = xi.narrow(1, 2 * hidden, hidden).add(r.mul(hh.narrow(1, 2 * hidden, hidden))).tanh();
                    h = z.rsub(1).mul(n).add(z.mul(h));
                }
                case RNN_TANH -> h = xi.add(hh).tanh();
                case RNN_RELU -> h = xi.add(hh).relu();
            }
            outs[step] = h;
        }
        return new Tensor[] {Tensor.stack(List.of(outs), 0), h, c};
    }

    static RecurrentOutput run(RecurrentSpec spec, Tensor x, List<Tensor> w, Tensor h0, Tensor c0) {
        int dirs = spec.directions(), per = spec.bias() ? 4 : 2;
        List<Tensor> hs = new ArrayList<>(), cs = new ArrayList<>();
        for (int l = 0; l < spec.layers(); l++) {
            List<Tensor> outs = new ArrayList<>();
            for (int d = 0; d < dirs; d++) {
                int k = (l * dirs + d) * per, s = l * dirs + d;
                Tensor[] r = direction(spec.cell(), x, w.get(k), w.get(k + 1), spec.bias() ? w.get(k + 2) : null,
                        spec.bias() ? w.get(k + 3) : null, h0.narrow(0, s, 1).squeeze(0),
                        c0 == null ? null : c0.narrow(0, s, 1).squeeze(0), d == 1);
                outs.add(r[0]);
                hs.add(r[1]);
                if (r[2] != null) {
                    cs.add(r[2]);
                }
            }
            x = Tensor.concat(outs, 2);
        }
        return new RecurrentOutput(x, Tensor.stack(hs, 0), cs.isEmpty() ? null : Tensor.stack(cs, 0));
    }

}
