package seqlab.engine.pytorch;

import ai.djl.ndarray.NDList;
import ai.djl.nn.recurrent.RNN;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import seqlab.engine.DType;
import seqlab.engine.RandomSource;
import seqlab.engine.RecurrentKernels;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;

/**
 * LibTorch's fused {@code torch::lstm}, {@code torch::gru}, {@code torch::rnn_tanh} and {@code torch::rnn_relu},
 * called through DJL's JNI with the weight list passed as given, in PyTorch's flat order (per layer, per direction:
 * {@code w_ih, w_hh[, b_ih, b_hh]}). DJL's {@code ai.djl.nn.recurrent} blocks are not used: in 0.36 they order
 * bidirectional parameters differently from what LibTorch expects and drop a missing cell state silently.
 *
 * <p>Variable lengths: DJL exposes no packed sequences, so the batch is split into groups of equal length and each
 * group runs on its own prefix of the sequence; since sequences never interact, this is exactly what PyTorch's
 * packed path computes (outputs zero past each length, final states at each sequence's own last step, the reverse
 * direction starting from that step). It costs one kernel call per distinct length; bucketed batches have few.
 *
 * <p>Not supported (the layer then composes ops): the Cho-style GRU, and dropout between layers while training,
 * whose masks must come from a {@link RandomSource} to match the reference engine.
 */
final class PtRecurrentKernels implements RecurrentKernels {
    private final PyTorchEngine engine;

    PtRecurrentKernels(PyTorchEngine engine) {
        this.engine = engine;
    }

    @Override
    public boolean supports(RecurrentSpec spec) {
        if (spec.cell() == Cell.GRU_RESET_BEFORE) {
            return false;
        }
        return !(spec.training() && spec.dropout() > 0);
    }

    private static int gates(Cell cell) {
        return switch (cell) {
            case LSTM -> 4;
            case GRU, GRU_RESET_BEFORE -> 3;
            case RNN_TANH, RNN_RELU -> 1;
        };
    }

    @Override
    public RecurrentOutput run(RecurrentSpec spec, Tensor input, List<Tensor> weights, Tensor h0, Tensor c0,
                               int[] lengths, RandomSource rng) {
        if (!supports(spec)) {
            throw new IllegalArgumentException("pytorch recurrent kernel: " + spec + " is not supported (check "
                    + "supports() first and compose the layer from tensor ops)");
        }
        int dirs = spec.directions(), layers = spec.layers(), hidden = spec.hiddenSize();
        if (input.rank() != 3 || input.dim(2) != spec.inputSize()) {
            throw new IllegalArgumentException("recurrent kernel: input must be (time, batch, " + spec.inputSize()
                    + "), got " + input.shape());
        }
        int time = input.dim(0), batch = input.dim(1);
        checkWeights(spec, weights, input.dtype());
        Shape stateShape = Shape.of(layers * dirs, batch, hidden);
        if (h0 == null) {
            h0 = engine.zeros(stateShape, input.dtype()).to(input.device());
        } else if (!h0.shape().equals(stateShape)) {
            throw new IllegalArgumentException("recurrent kernel: h0 must be " + stateShape + ", got " + h0.shape());
        }
        if (spec.cell() == Cell.LSTM) {
            if (c0 == null) {
                c0 = engine.zeros(stateShape, input.dtype()).to(input.device());
            } else if (!c0.shape().equals(stateShape)) {
                throw new IllegalArgumentException("recurrent kernel: c0 must be " + stateShape + ", got " + c0.shape());
            }
        } else if (c0 != null) {
            throw new IllegalArgumentException("recurrent kernel: c0 is only for LSTM, got one for " + spec.cell());
        }
        if (lengths != null) {
            if (lengths.length != batch) {
                throw new IllegalArgumentException("recurrent kernel: " + lengths.length + " lengths for a batch of "
                        + batch);
            }
            boolean full = true;
            for (int l : lengths) {
                if (l < 1 || l > time) {
                    throw new IllegalArgumentException("recurrent kernel: length " + l + " is outside 1.." + time
                            + " (the input has " + time + " steps)");
                }
                full &= l == time;
            }
            if (!full) {
                return byLength(spec, input, weights, h0, c0, lengths);
            }
        }
        return fused(spec, input, weights, h0, c0);
    }

    private void checkWeights(RecurrentSpec spec, List<Tensor> weights, DType dtype) {
        int dirs = spec.directions(), g = gates(spec.cell()) * spec.hiddenSize();
        int per = spec.bias() ? 4 : 2;
        if (weights.size() != spec.layers() * dirs * per) {
            throw new IllegalArgumentException("recurrent kernel: expected " + spec.layers() * dirs * per
                    + " weights (per layer and direction: w_ih, w_hh" + (spec.bias() ? ", b_ih, b_hh" : "") + "), got "
                    + weights.size());
        }
        int k = 0;
        for (int l = 0; l < spec.layers(); l++) {
            int in = l == 0 ? spec.inputSize() : dirs * spec.hiddenSize();
            for (int d = 0; d < dirs; d++) {
                Shape[] expected = spec.bias()
                        ? new Shape[] {Shape.of(g, in), Shape.of(g, spec.hiddenSize()), Shape.of(g), Shape.of(g)}
                        : new Shape[] {Shape.of(g, in), Shape.of(g, spec.hiddenSize())};
                for (Shape e : expected) {
                    Tensor w = weights.get(k);
                    if (!w.shape().equals(e) || w.dtype() != dtype) {
                        throw new IllegalArgumentException("recurrent kernel: weight " + k + " (layer " + l
                                + (d == 1 ? " reverse" : "") + ") must be " + e + " " + dtype + ", got " + w.shape()
                                + " " + w.dtype());
                    }
                    k++;
                }
            }
        }
    }

    private static PtNDArray nd(Tensor t) {
        return ((PtTensor) t).array();
    }

    private RecurrentOutput fused(RecurrentSpec spec, Tensor input, List<Tensor> weights, Tensor h0, Tensor c0) {
        NDList params = new NDList(weights.size());
        for (Tensor w : weights) {
            params.add(nd(w));
        }
        engine.sync();
        PtNDArray x = nd(input);
        NDList out = switch (spec.cell()) {
            case LSTM -> JniUtils.lstm(x, new NDList(nd(h0), nd(c0)), params, spec.bias(), spec.layers(), 0.0,
                    spec.training(), spec.bidirectional(), false);
            case GRU -> JniUtils.gru(x, nd(h0), params, spec.bias(), spec.layers(), 0.0, spec.training(),
                    spec.bidirectional(), false);
            case RNN_TANH, RNN_RELU -> JniUtils.rnn(x, nd(h0), params, spec.bias(), spec.layers(),
                    spec.cell() == Cell.RNN_TANH ? RNN.Activation.TANH : RNN.Activation.RELU, 0.0, spec.training(),
                    spec.bidirectional(), false);
            case GRU_RESET_BEFORE -> throw new IllegalStateException("unreachable");
        };
        boolean rg = input.requiresGrad() || h0.requiresGrad() || (c0 != null && c0.requiresGrad());
        for (Tensor w : weights) {
            rg |= w.requiresGrad();
        }
        rg &= engine.isGradEnabled();
        Tensor output = engine.wrap(out.get(0), rg);
        Tensor hN = engine.wrap(out.get(1), rg);
        Tensor cN = spec.cell() == Cell.LSTM ? engine.wrap(out.get(2), rg) : null;
        for (int i = 3; i < out.size(); i++) {
            out.get(i).close();
        }
        return new RecurrentOutput(output, hN, cN);
    }

    /** Runs each group of equal length on its own prefix, then puts outputs and states back in batch order. */
    private RecurrentOutput byLength(RecurrentSpec spec, Tensor input, List<Tensor> weights, Tensor h0, Tensor c0,
                                     int[] lengths) {
        int time = input.dim(0), batch = input.dim(1);
        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        for (int b = 0; b < batch; b++) {
            groups.computeIfAbsent(lengths[b], k -> new ArrayList<>()).add(b);
        }
        List<Tensor> outs = new ArrayList<>(), hs = new ArrayList<>(), cs = new ArrayList<>();
        long[] order = new long[batch];
        int pos = 0;
        for (var e : groups.entrySet()) {
            int len = e.getKey();
            List<Integer> members = e.getValue();
            long[] ix = new long[members.size()];
            for (int i = 0; i < ix.length; i++) {
                ix[i] = members.get(i);
                order[pos++] = ix[i];
            }
            Tensor idx = engine.ofIndices(ix, Shape.of(ix.length)).to(input.device());
            Tensor xg = input.narrow(0, 0, len).indexSelect(1, idx);
            RecurrentOutput r = fused(spec, xg, weights, h0.indexSelect(1, idx), c0 == null ? null : c0.indexSelect(1, idx));
            Tensor o = r.output();
            if (len < time) {
                Tensor pad = engine.zeros(Shape.of(time - len, ix.length, o.dim(2)), o.dtype()).to(o.device());
                o = Tensor.concat(List.of(o, pad), 0);
            }
            outs.add(o);
            hs.add(r.hN());
            if (r.cN() != null) {
                cs.add(r.cN());
            }
        }
        long[] inverse = new long[batch];
        for (int i = 0; i < batch; i++) {
            inverse[(int) order[i]] = i;
        }
        Tensor inv = engine.ofIndices(inverse, Shape.of(batch)).to(input.device());
        Tensor output = Tensor.concat(outs, 1).indexSelect(1, inv);
        Tensor hN = Tensor.concat(hs, 1).indexSelect(1, inv);
        Tensor cN = cs.isEmpty() ? null : Tensor.concat(cs, 1).indexSelect(1, inv);
        return new RecurrentOutput(output, hN, cN);
    }
}
