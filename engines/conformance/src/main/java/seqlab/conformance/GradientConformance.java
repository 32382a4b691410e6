package seqlab.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;

/**
 * A finite-difference gradient check ({@link GradCheck}) for every differentiable op of the SPI, including the
 * broadcasting cases where gradients must be summed back to the input's shape. Runs in float64 where the engine
 * supports it.
 */
public abstract class GradientConformance {

    protected abstract Engine engine();

    private final RandomSource rng = new RandomSource(77);

    private Tensor in(double lo, double hi, int... dims) {
        return GradCheck.input(engine(), rng, lo, hi, dims);
    }

    private void check(Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        GradCheck.Result r = GradCheck.check(xs -> GradCheck.probe(f.apply(xs), 5), List.of(inputs));
        assertTrue(r.checked() > 0);
    }

    @Test
    void addSubMulDivWithBroadcasting() {
        check(x -> x.get(0).add(x.get(1)), in(-1, 1, 2, 3), in(-1, 1, 3));
        check(x -> x.get(0).sub(x.get(1)), in(-1, 1, 2, 1), in(-1, 1, 1, 3));
        check(x -> x.get(0).mul(x.get(1)), in(-1, 1, 4, 1, 3), in(-1, 1, 2, 1));
        check(x -> x.get(0).div(x.get(1)), in(-1, 1, 2, 3), in(0.5, 2, 2, 1));
    }

    @Test
    void scalarArithmetic() {
        check(x -> x.get(0).add(2.5).mul(-1.5).rsub(3).div(4), in(-1, 1, 3, 2));
    }

    @Test
    void maximumMinimum() {
        // values kept apart so no finite-difference step crosses a tie
        Tensor a = engine().of(new double[] {0.1, 0.9, -0.7, 0.4}, Shape.of(4));
        Tensor b = engine().of(new double[] {0.5, 0.2, -0.1, -0.6}, Shape.of(4));
        if (GradCheck.dtypeFor(engine()) == seqlab.engine.DType.FLOAT32) {
            a = a.to(seqlab.engine.DType.FLOAT32);
            b = b.to(seqlab.engine.DType.FLOAT32);
        }
        a = a.detach().requiresGrad(true);
        b = b.detach().requiresGrad(true);
        check(x -> x.get(0).maximum(x.get(1)), a, b);
        check(x -> x.get(0).minimum(x.get(1)), a, b);
    }

    @Test
    void unaryFunctions() {
        check(x -> x.get(0).neg(), in(-1, 1, 5));
        check(x -> x.get(0).exp(), in(-1, 1, 5));
        check(x -> x.get(0).log(), in(0.5, 2, 5));
        check(x -> x.get(0).tanh(), in(-2, 2, 5));
        check(x -> x.get(0).sigmoid(), in(-3, 3, 5));
        check(x -> x.get(0).sqrt(), in(0.5, 2, 5));
        check(x -> x.get(0).pow(3), in(0.5, 2, 5));
        check(x -> x.get(0).pow(-0.5), in(0.5, 2, 5));
        check(x -> x.get(0).square(), in(-2, 2, 5));
    }

    @Test
    void kinkedFunctionsAwayFromTheKink() {
        Tensor x = engine().of(new double[] {-0.8, -0.3, 0.2, 0.7, 1.6}, Shape.of(5));
        if (GradCheck.dtypeFor(engine()) == seqlab.engine.DType.FLOAT32) {
            x = x.to(seqlab.engine.DType.FLOAT32);
        }
        x = x.detach().requiresGrad(true);
        check(t -> t.get(0).relu(), x);
        check(t -> t.get(0).abs(), x);
        check(t -> t.get(0).clamp(-0.5, 1.0), x);
    }

    @Test
    void matmulShapes() {
        check(x -> x.get(0).matmul(x.get(1)), in(-1, 1, 3, 4), in(-1, 1, 4, 2));
        check(x -> x.get(0).matmul(x.get(1)), in(-1, 1, 2, 3, 4), in(-1, 1, 4, 5));
        check(x -> x.get(0).matmul(x.get(1)), in(-1, 1, 2, 3, 4), in(-1, 1, 2, 4, 2));
        check(x -> x.get(0).matmul(x.get(1)), in(-1, 1, 3, 4), in(-1, 1, 2, 4, 2));
        check(x -> x.get(0).matmul(x.get(1)), in(-1, 1, 2, 1, 3, 4), in(-1, 1, 3, 4, 2));
    }

    @Test
    void shapeOps() {
        check(x -> x.get(0).reshape(3, 4), in(-1, 1, 2, 6));
        check(x -> x.get(0).transpose(0, 2), in(-1, 1, 2, 3, 4));
        check(x -> x.get(0).permute(1, 2, 0), in(-1, 1, 2, 3, 4));
        check(x -> x.get(0).narrow(1, 1, 2), in(-1, 1, 2, 4, 3));
        check(x -> x.get(0).broadcastTo(Shape.of(2, 3, 4)), in(-1, 1, 3, 1));
        check(x -> x.get(0).unsqueeze(1).squeeze(1), in(-1, 1, 3, 2));
        check(x -> Tensor.concat(List.of(x.get(0), x.get(1)), 1), in(-1, 1, 2, 3), in(-1, 1, 2, 2));
        check(x -> Tensor.stack(List.of(x.get(0), x.get(1)), 0), in(-1, 1, 2, 3), in(-1, 1, 2, 3));
    }

    @Test
    void indexing() {
        Tensor ids = engine().ofIndices(new long[] {2, 0, 2, 1}, Shape.of(4));
        check(x -> x.get(0).indexSelect(0, ids), in(-1, 1, 3, 2));
        check(x -> x.get(0).indexSelect(1, ids), in(-1, 1, 2, 3));
        Tensor g = engine().ofIndices(new long[] {1, 1, 0, 2, 0, 0}, Shape.of(3, 2));
        check(x -> x.get(0).gather(1, g), in(-1, 1, 3, 3));
    }

    @Test
    void reductions() {
        check(x -> x.get(0).sum(), in(-1, 1, 2, 3));
        check(x -> x.get(0).mean(), in(-1, 1, 2, 3));
        check(x -> x.get(0).sum(1, false), in(-1, 1, 2, 3, 2));
        check(x -> x.get(0).sum(0, true), in(-1, 1, 2, 3));
        check(x -> x.get(0).mean(-1, false), in(-1, 1, 2, 3));
        // distinct values so the maximum is unique and stable under the step
        Tensor m = engine().of(new double[] {0.1, 0.9, 0.4, -0.2, -0.8, 0.5}, Shape.of(2, 3));
        if (GradCheck.dtypeFor(engine()) == seqlab.engine.DType.FLOAT32) {
            m = m.to(seqlab.engine.DType.FLOAT32);
        }
        check(x -> x.get(0).max(1, false), m.detach().requiresGrad(true));
    }

    @Test
    void layerNorm() {
        // over the last axis of a 3-d input, with weight and bias; eps large enough to matter
        check(x -> x.get(0).layerNorm(x.get(1), x.get(2), 0.1), in(-2, 2, 2, 3, 5), in(0.5, 1.5, 5), in(-1, 1, 5));
        check(x -> x.get(0).layerNorm(x.get(1), x.get(2), 1e-5), in(-2, 2, 4, 6), in(0.5, 1.5, 6), in(-1, 1, 6));
    }

    @Test
    void softmaxFamily() {
        check(x -> x.get(0).softmax(1), in(-2, 2, 3, 4));
        check(x -> x.get(0).softmax(0), in(-2, 2, 3, 4));
        check(x -> x.get(0).logSoftmax(-1), in(-2, 2, 3, 4));
        check(x -> x.get(0).logSumExp(1, false), in(-2, 2, 3, 4));
        check(x -> x.get(0).logSumExp(0, true), in(-2, 2, 3, 4));
    }

    @Test
    void selectionAndMasking() {
        Tensor cond = engine().of(new float[] {1, 0, 1, 0, 0, 1}, Shape.of(2, 3));
        check(x -> cond.where(x.get(0), x.get(1)), in(-1, 1, 2, 3), in(-1, 1, 3));
        Tensor mask = engine().of(new float[] {0, 1, 0}, Shape.of(3));
        check(x -> x.get(0).maskedFill(mask, -5).softmax(1), in(-1, 1, 2, 3));
    }

    @Test
    void dropoutWithAFixedMask() {
        check(x -> x.get(0).dropout(0.4, new RandomSource(3)), in(-1, 1, 4, 5));
    }

    @Test
    void composedExpression() {
        // a small attention-like expression mixing ops: softmax(q k^T / sqrt d) v
        check(x -> x.get(0).matmul(x.get(1).transpose(-1, -2)).mul(0.5).softmax(-1).matmul(x.get(2)),
                in(-1, 1, 2, 3, 4), in(-1, 1, 2, 5, 4), in(-1, 1, 2, 5, 3));
    }
}
