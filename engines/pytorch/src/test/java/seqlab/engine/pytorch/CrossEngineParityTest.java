package seqlab.engine.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import seqlab.engine.CellKind;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.engine.RandomSource;
import seqlab.engine.RecurrentKernels.RecurrentOutput;
import seqlab.engine.RecurrentKernels.RecurrentRequest;
import seqlab.engine.RecurrentKernels.RecurrentSpec;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;

/**
 * The same float32 inputs through the reference engine and this one: forward values agree within 1e-5 and gradients
 * within 1e-4, relative (|a - b| &lt;= tol * max(1, |a|)). Covers every op of the SPI and the fused recurrent kernels
 * against the same network composed from ops on the reference engine.
 */
class CrossEngineParityTest {
    private static final double FWD = 1e-5, GRAD = 1e-4;

    private final Engine ref = Engines.get("reference");
    private final Engine pt = Engines.get("pytorch");

    /** Input shapes and value ranges; each test case gets fresh leaves on both engines. */
    private record In(double lo, double hi, int... dims) {
    }

    private static In in(int... dims) {
        return new In(-1, 1, dims);
    }

    private static In pos(int... dims) {
        return new In(0.5, 2, dims);
    }

    private static List<Tensor> leaves(Engine e, List<float[]> values, List<In> ins) {
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < ins.size(); i++) {
            out.add(e.of(values.get(i), Shape.of(ins.get(i).dims())).requiresGrad(true));
        }
        return out;
    }

    private static void close(String what, float[] a, float[] b, double tol) {
        assertEquals(a.length, b.length, what + " sizes");
        for (int i = 0; i < a.length; i++) {
            assertTrue(Math.abs(a[i] - b[i]) <= tol * Math.max(1, Math.abs(a[i])),
                    what + " element " + i + ": reference " + a[i] + ", pytorch " + b[i]);
        }
    }

    /** Runs f on both engines, compares values, then gradients of a fixed random projection of the output. */
    private void parity(String name, Function<List<Tensor>, Tensor> f, In... ins) {
        var rng = new RandomSource(name.hashCode());
        List<float[]> values = new ArrayList<>();
        for (In i : ins) {
            values.add(rng.uniform((int) Shape.of(i.dims()).size(), i.lo(), i.hi()));
        }
        List<Tensor> a = leaves(ref, values, List.of(ins)), b = leaves(pt, values, List.of(ins));
        Tensor ya = f.apply(a), yb = f.apply(b);
        assertEquals(ya.shape(), yb.shape(), name + " shape");
        close(name, ya.toFloatArray(), yb.toFloatArray(), FWD);
        assertEquals(ya.requiresGrad(), yb.requiresGrad(), name + " requiresGrad");
        if (!ya.requiresGrad()) {
            return;
        }
        float[] probe = new RandomSource(7).uniform((int) ya.size(), -1, 1);
        ya.mul(ref.of(probe, ya.shape())).sum().backward();
        yb.mul(pt.of(probe, yb.shape())).sum().backward();
        for (int i = 0; i < ins.length; i++) {
            Tensor ga = a.get(i).grad(), gb = b.get(i).grad();
            assertEquals(ga == null, gb == null, name + " gradient presence of input " + i);
            if (ga != null) {
                close(name + " d/dinput" + i, ga.toFloatArray(), gb.toFloatArray(), GRAD);
            }
        }
    }

    private static Tensor x(List<Tensor> t, int i) {
        return t.get(i);
    }

    @Test
    void elementwiseAndBroadcasting() {
        parity("add", t -> x(t, 0).add(x(t, 1)), in(4, 1, 3), in(2, 3));
        parity("sub", t -> x(t, 0).sub(x(t, 1)), in(2, 3), in(3));
        parity("mul", t -> x(t, 0).mul(x(t, 1)), in(3, 1), in(1, 5));
        parity("div", t -> x(t, 0).div(x(t, 1)), in(2, 3), pos(2, 1));
        parity("scalars", t -> x(t, 0).add(0.3).mul(-1.7).rsub(2).div(3).sub(1), in(3, 4));
        parity("maximum", t -> x(t, 0).maximum(x(t, 1)), in(3, 4), in(4));
        parity("minimum", t -> x(t, 0).minimum(x(t, 1)), in(3, 4), in(3, 1));
        parity("unary", t -> x(t, 0).exp().add(x(t, 0).tanh()).add(x(t, 0).sigmoid()).add(x(t, 0).neg().relu())
                .add(x(t, 0).abs()).add(x(t, 0).clamp(-0.4, 0.6)).add(x(t, 0).square()), in(5, 6));
        parity("logsqrtpow", t -> x(t, 0).log().add(x(t, 0).sqrt()).add(x(t, 0).pow(-1.5)).add(x(t, 0).pow(3)), pos(4, 5));
    }

    @Test
    void linearAlgebraAndShapes() {
        parity("matmul", t -> x(t, 0).matmul(x(t, 1)), in(7, 33), in(33, 5));
        parity("bmm", t -> x(t, 0).matmul(x(t, 1)), in(2, 3, 6, 8), in(3, 8, 4));
        parity("bcast-mm", t -> x(t, 0).matmul(x(t, 1)), in(6, 8), in(2, 8, 4));
        parity("shapes", t -> x(t, 0).reshape(4, 6).transpose(0, 1).permute(1, 0).narrow(1, 2, 3).unsqueeze(0)
                .broadcastTo(Shape.of(2, 4, 3)).unsqueeze(-1).squeeze(-1).sum(0, false), in(2, 12));
        parity("concat", t -> Tensor.concat(List.of(x(t, 0), x(t, 1).mul(2)), 1), in(2, 3), in(2, 4));
        parity("stack", t -> Tensor.stack(List.of(x(t, 0), x(t, 1)), 2), in(2, 3), in(2, 3));
    }

    @Test
    void indexingReductionsSoftmax() {
        parity("indexSelect", t -> x(t, 0).indexSelect(0, t.get(0).engine().ofIndices(new long[] {3, 0, 3, 1}, Shape.of(4))),
                in(4, 5));
        parity("indexSelect1", t -> x(t, 0).indexSelect(1, t.get(0).engine().ofIndices(new long[] {2, 2, 0}, Shape.of(3))),
                in(2, 4, 3));
        parity("gather", t -> x(t, 0).gather(1, t.get(0).engine().ofIndices(new long[] {1, 0, 2, 2, 0, 1}, Shape.of(3, 2))),
                in(3, 3));
        parity("reductions", t -> x(t, 0).sum(1, true).add(x(t, 0).mean(0, false)).add(x(t, 0).max(1, true))
                .add(x(t, 0).mean()).add(x(t, 0).sum()), in(4, 6));
        parity("argmax", t -> x(t, 0).argmax(1), in(5, 7));
        parity("softmax", t -> x(t, 0).softmax(-1).add(x(t, 0).logSoftmax(0)).add(x(t, 0).logSumExp(1, true)), in(3, 5));
        parity("where", t -> x(t, 0).gt(x(t, 1)).where(x(t, 0), x(t, 1).mul(3)), in(3, 4), in(4));
        parity("maskedFill", t -> x(t, 0).maskedFill(x(t, 1).lt(0.0), -1e4).softmax(1), in(3, 4), in(4));
        parity("comparisons", t -> x(t, 0).ge(x(t, 1)).add(x(t, 0).le(x(t, 1))).add(x(t, 0).eq(x(t, 0)))
                .add(x(t, 0).gt(0.1)).add(x(t, 0).lt(x(t, 1))), in(3, 4), in(3, 4));
        parity("dropout", t -> x(t, 0).dropout(0.3, new RandomSource(5)), in(6, 7));
        parity("attention", t -> x(t, 0).matmul(x(t, 1).transpose(-1, -2)).mul(0.25).softmax(-1).matmul(x(t, 2)),
                in(2, 5, 8), in(2, 6, 8), in(2, 6, 8));
    }

    // ----- recurrent: fused (pytorch) against composed ops (reference) -----

    @ParameterizedTest
    @EnumSource(CellKind.class)
    void fusedKernelMatchesComposedOps(CellKind cell) {
        int in = 5, hidden = 4, layers = 2, time = 6, batch = 3;
        var spec = new RecurrentSpec(cell, in, hidden, layers, true, true, 0, true, false);
        int gates = cell.gates();
        List<In> shapes = new ArrayList<>();
        shapes.add(in(time, batch, in));
        shapes.add(in(layers * 2, batch, hidden));
        shapes.add(in(layers * 2, batch, hidden));
        for (int l = 0; l < layers; l++) {
            for (int d = 0; d < 2; d++) {
                shapes.add(in(gates * hidden, l == 0 ? in : 2 * hidden));
                shapes.add(in(gates * hidden, hidden));
                shapes.add(in(gates * hidden));
                shapes.add(in(gates * hidden));
            }
        }
        boolean lstm = cell == CellKind.LSTM;
        Function<List<Tensor>, Tensor> run = t -> {
            List<Tensor> w = t.subList(3, t.size());
            Tensor c0 = lstm ? t.get(2) : null;
            RecurrentOutput r = t.get(0).engine() == pt
                    ? pt.recurrentKernels().orElseThrow().run(RecurrentRequest.of(spec, t.get(0), w).h0(t.get(1)).c0(c0))
                    : ComposedRecurrent.run(spec, t.get(0), w, t.get(1), c0);
            Tensor flat = Tensor.concat(List.of(r.output().reshape(-1), r.hN().reshape(-1)), 0);
            return lstm ? Tensor.concat(List.of(flat, r.cN().reshape(-1)), 0) : flat.add(t.get(2).sum().mul(0));
        };
        parity("recurrent " + cell, run, shapes.toArray(In[]::new));
    }

    @Test
    void aTrainingStepAgrees() {
        // two SGD steps of a small classifier: the updated weights agree across engines
        float[][] finals = new float[2][];
        Engine[] engines = {ref, pt};
        for (int k = 0; k < 2; k++) {
            Engine e = engines[k];
            var rng = new RandomSource(99);
            Tensor w1 = e.randn(Shape.of(6, 10), rng).mul(0.4).detach().requiresGrad(true);
            Tensor w2 = e.randn(Shape.of(10, 3), rng).mul(0.4).detach().requiresGrad(true);
            Tensor xin = e.randn(Shape.of(8, 6), rng);
            Tensor target = e.ofIndices(new long[] {0, 1, 2, 0, 1, 2, 0, 1}, Shape.of(8, 1));
            for (int step = 0; step < 2; step++) {
                w1.zeroGrad();
                w2.zeroGrad();
                Tensor loss = xin.matmul(w1).tanh().dropout(0.1, rng).matmul(w2).logSoftmax(1).gather(1, target).mean().neg();
                loss.backward();
                try (var ignored = e.noGrad()) {
                    w1.assign(w1.sub(w1.grad().mul(0.5)));
                    w2.assign(w2.sub(w2.grad().mul(0.5)));
                }
            }
            float[] a = w1.toFloatArray(), b = w2.toFloatArray();
            finals[k] = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, finals[k], a.length, b.length);
        }
        close("weights after two steps", finals[0], finals[1], GRAD);
    }
}
