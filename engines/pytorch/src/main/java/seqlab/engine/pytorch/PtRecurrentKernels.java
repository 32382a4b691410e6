package seqlab.engine.pytorch;

import ai.djl.ndarray.NDList;
import ai.djl.nn.recurrent.RNN;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import seqlab.engine.CellKind;
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
 * <p>Dropout between layers while training: LibTorch would draw its own masks, so the stack then runs one fused
 * layer at a time with the masks drawn from the given {@link RandomSource} between them, exactly as the composed
 * layer draws them (one mask over each time-major layer output), so both engines drop the same units for one seed.
 *
 * <p>Not supported (the layer then composes ops): the Cho-style GRU, whose reset gate LibTorch cannot place before
 * the hidden product; the peephole and coupled-gate LSTMs, which LibTorch has no kernel for; the GRU's candidate
 * update convention; recurrent (variational) dropout while training, which LibTorch's kernels cannot apply inside
 * the recurrence; and, for now, the projected LSTM (LibTorch's {@code proj_size}, not passed through here yet).
 */
final class PtRecurrentKernels implements RecurrentKernels {
    private final PyTorchEngine engine;

    PtRecurrentKernels(PyTorchEngine engine) {
        this.engine = engine;
    }

    @Override
    public boolean supports(RecurrentSpec spec) {
        return !spec.resetBeforeProduct() && !spec.isVariant() && !spec.candidateUpdate() && !spec.dropsRecurrent();
    }

    @Override
    public RecurrentOutput run(RecurrentRequest request) {
        RecurrentSpec spec = request.spec();
        if (!supports(spec)) {
            throw new IllegalArgumentException("pytorch recurrent kernel: " + spec + " is not supported (check "
                    + "supports() first and compose the layer from tensor ops)");
        }
        if (spec.dropsOut()) {
            return layerByLayer(request);
        }
        if (request.hasPadding()) {
            return byLength(request);
        }
        return fused(spec, request.input(), request.weights(), request.initialHidden(), request.initialCell());
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
                    spec.cell() == CellKind.RNN_TANH ? RNN.Activation.TANH : RNN.Activation.RELU, 0.0, spec.training(),
                    spec.bidirectional(), false);
        };
        boolean rg = input.requiresGrad() || h0.requiresGrad() || (c0 != null && c0.requiresGrad());
        for (Tensor w : weights) {
            rg |= w.requiresGrad();
        }
        rg &= engine.isGradEnabled();
        Tensor output = engine.wrap(out.get(0), rg);
        Tensor hN = engine.wrap(out.get(1), rg);
        Tensor cN = spec.cell() == CellKind.LSTM ? engine.wrap(out.get(2), rg) : null;
        for (int i = 3; i < out.size(); i++) {
            out.get(i).close();
        }
        return new RecurrentOutput(output, hN, cN);
    }

    /** One fused layer at a time, with dropout masks from the request's source on each layer's output but the last. */
    private RecurrentOutput layerByLayer(RecurrentRequest request) {
        RecurrentSpec spec = request.spec();
        RandomSource rng = request.dropoutRandom();
        int dirs = spec.directions(), per = spec.weightsPerDirection();
        Tensor h0 = request.initialHidden(), c0 = request.initialCell();
        Tensor x = request.input();
        List<Tensor> hs = new ArrayList<>(), cs = new ArrayList<>();
        for (int l = 0; l < spec.layers(); l++) {
            RecurrentSpec one = new RecurrentSpec(spec.cell(), spec.layerInputSize(l), spec.hiddenSize(), 1,
                    spec.bidirectional(), spec.bias(), 0.0, spec.training(), false);
            List<Tensor> layerWeights = request.weights().subList(l * dirs * per, (l + 1) * dirs * per);
            RecurrentOutput r = run(RecurrentRequest.of(one, x, layerWeights).h0(h0.narrow(0, l * dirs, dirs))
                    .c0(c0 == null ? null : c0.narrow(0, l * dirs, dirs)).lengths(request.lengths()));
            hs.add(r.hN());
            if (r.cN() != null) {
                cs.add(r.cN());
            }
            x = l < spec.layers() - 1 ? r.output().dropout(spec.dropout(), rng) : r.output();
        }
        return new RecurrentOutput(x, Tensor.concat(hs, 0), cs.isEmpty() ? null : Tensor.concat(cs, 0));
    }

    /** Runs each group of equal length on its own prefix, then puts outputs and states back in batch order. */
    private RecurrentOutput byLength(RecurrentRequest request) {
        RecurrentSpec spec = request.spec();
        Tensor input = request.input(), h0 = request.initialHidden(), c0 = request.initialCell();
        List<Tensor> weights = request.weights();
        int[] lengths = request.lengths();
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
