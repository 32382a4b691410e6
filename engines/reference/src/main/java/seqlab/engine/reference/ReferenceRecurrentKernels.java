package seqlab.engine.reference;

import java.util.Arrays;
import java.util.List;
import seqlab.engine.CellKind;
import seqlab.engine.DType;
import seqlab.engine.RandomSource;
import seqlab.engine.RecurrentKernels;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;

/**
 * The reference engine's fused recurrent kernels ({@link FusedRecurrence}): every {@link CellKind} — RNN tanh/relu,
 * LSTM with any of peephole connections, coupled input and forget gates and a projection, GRU with either reset
 * placement and update convention — stacked, bidirectional, with lengths, dropout between layers and recurrent
 * (variational) dropout, in float32 (Vector API products and
 * gate functions) and float64 (plain loops, for tight gradient checks).
 *
 * <p>The call is one autograd node: its result is a flat tensor holding output, {@code h_n} and {@code c_n} end to
 * end, whose backward runs back-propagation through time and returns the gradients of the input, {@code h0},
 * {@code c0} and every weight at once; the three results are slices of it, so gradients arriving through any of
 * them meet there.
 */
final class ReferenceRecurrentKernels implements RecurrentKernels {
    private final ReferenceEngine engine;

    ReferenceRecurrentKernels(ReferenceEngine engine) {
        this.engine = engine;
    }

    /** Every configuration: each cell and variant, stacked, bidirectional, with dropout. */
    @Override
    public boolean supports(RecurrentSpec spec) {
        return spec != null;
    }

    private RefTensor ref(String what, Tensor t) {
        if (!(t instanceof RefTensor r) || r.engine != engine) {
            throw new IllegalArgumentException("recurrent kernel: " + what + " is not a tensor of this reference engine");
        }
        return r;
    }

    @Override
    public RecurrentOutput run(RecurrentRequest request) {
        RecurrentSpec spec = request.spec();
        RefTensor x = ref("input", request.input());
        DType dt = x.dtype;
        int time = x.dim(0), batch = x.dim(1), hidden = spec.hiddenSize(), width = spec.stateSize();
        int dirs = spec.directions();
        int states = spec.layers() * dirs;
        boolean lstm = spec.cell() == CellKind.LSTM;
        List<Tensor> weights = request.weights();
        RefTensor[] ws = new RefTensor[weights.size()];
        Buf[] wb = new Buf[ws.length];
        for (int i = 0; i < ws.length; i++) {
            ws[i] = ref(spec.weightName(i), weights.get(i));
            wb[i] = Buf.view(ws[i]);
        }
        RefTensor h = ref("h0", request.initialHidden());
        RefTensor c = lstm ? ref("c0", request.initialCell()) : null;
        int[] lens = request.hasPadding() ? request.lengths() : null;
        RandomSource rng = request.dropoutRandom();

        FusedRecurrence fr = new FusedRecurrence(spec, time, batch, dt == DType.FLOAT64, wb, lens);
        fr.forward(Buf.view(x), Buf.view(h), lstm ? Buf.view(c) : null, spec.dropout(), spec.training(), rng);

        int nOut = time * batch * dirs * width, nState = states * batch * width, nCell = states * batch * hidden;
        int total = nOut + nState + (lstm ? nCell : 0);
        Buf packed = Buf.zeros(dt == DType.FLOAT64, total);
        fr.output().copyTo(0, packed, 0, nOut);
        fr.hN().copyTo(0, packed, nOut, nState);
        if (lstm) {
            fr.cN().copyTo(0, packed, nOut + nState, nCell);
        }
        RefTensor result = dt == DType.FLOAT64 ? RefTensor.f64(engine, Shape.of(total), packed.d)
                : RefTensor.f32(engine, Shape.of(total), packed.f);

        RefTensor[] inputs = new RefTensor[3 + ws.length];
        inputs[0] = x;
        inputs[1] = h;
        inputs[2] = c;
        System.arraycopy(ws, 0, inputs, 3, ws.length);
        boolean needsGrad = engine.isGradEnabled() && Arrays.stream(inputs).anyMatch(t -> t != null && t.requiresGrad);
        if (needsGrad) {
            result.requiresGrad = true;
            result.node = new Autograd.Node("recurrent(" + spec.cell() + ")", inputs, g -> {
                Buf gb = Buf.view(g);
                Buf dOut = gb.copy(0, nOut);
                Buf dhN = gb.copy(nOut, nState);
                Buf dcN = lstm ? gb.copy(nOut + nState, nCell) : null;
                FusedRecurrence.Grads grads = fr.backward(dOut, dhN, dcN, x.requiresGrad);
                RefTensor[] out = new RefTensor[inputs.length];
                out[0] = x.requiresGrad ? tensor(grads.input, x.shape) : null;
                out[1] = h.requiresGrad ? tensor(grads.h0, h.shape) : null;
                out[2] = lstm && inputs[2].requiresGrad ? tensor(grads.c0, inputs[2].shape) : null;
                for (int i = 0; i < ws.length; i++) {
                    out[3 + i] = ws[i].requiresGrad ? tensor(grads.weights[i], ws[i].shape) : null;
                }
                return out;
            });
        }
        Tensor output = result.narrow(0, 0, nOut).reshape(time, batch, dirs * width);
        Tensor hN = result.narrow(0, nOut, nState).reshape(states, batch, width);
        Tensor cN = lstm ? result.narrow(0, nOut + nState, nCell).reshape(states, batch, hidden) : null;
        return new RecurrentOutput(output, hN, cN);
    }

    private RefTensor tensor(Buf b, Shape s) {
        return b.isDouble() ? RefTensor.f64(engine, s, b.d) : RefTensor.f32(engine, s, b.f);
    }
}
