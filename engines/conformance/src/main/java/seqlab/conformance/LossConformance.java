package seqlab.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import seqlab.engine.DType;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.train.Losses;

/** The losses against PyTorch's values and gradients, finite-difference checks, and masking semantics. */
public abstract class LossConformance {

    protected abstract Engine engine();

    private double tolerance() {
        return engine().supports(DType.FLOAT64) ? 1e-12 : 1e-5;
    }

    private Tensor floats(GoldenTensor g) {
        Engine e = engine();
        Tensor t = e.supports(DType.FLOAT64) ? e.of(g.data(), Shape.of(g.shape())) : e.of(g.floats(), Shape.of(g.shape()));
        return t.requiresGrad(true);
    }

    private void check(String name, BiFunction<Tensor, Golden, Tensor> loss) {
        Golden g = Golden.load(name);
        Tensor input = floats(g.tensor("input"));
        Tensor l = loss.apply(input, g);
        assertEquals(0, l.rank(), name + ": the loss is a scalar");
        assertEquals(g.tensor("loss").data()[0], l.item(), tolerance(), name + " loss");
        l.backward();
        assertArrayEquals(g.tensor("grad.input").data(), input.grad().toDoubleArray(), tolerance(), name + " gradient");
    }

    private Tensor target(Golden g) {
        return floats(g.tensor("target")).detach();
    }

    private Tensor classes(Golden g) {
        GoldenTensor t = g.tensor("target");
        return engine().ofIndices(t.longs(), Shape.of(t.shape()));
    }

    @TestFactory
    Stream<DynamicTest> matchPyTorch() {
        return Stream.of(
                DynamicTest.dynamicTest("loss_cross_entropy", () -> check("loss_cross_entropy",
                        (x, g) -> Losses.crossEntropy(x, classes(g)))),
                DynamicTest.dynamicTest("loss_cross_entropy_smoothing_ignore", () ->
                        check("loss_cross_entropy_smoothing_ignore", (x, g) -> Losses.crossEntropy(x, classes(g),
                                g.intConfig("ignore_index"), g.doubleConfig("label_smoothing")))),
                DynamicTest.dynamicTest("loss_sequence_cross_entropy_smoothing_pad", () ->
                        check("loss_sequence_cross_entropy_smoothing_pad", (x, g) -> {
                            long[] ids = g.tensor("target").longs();
                            float[] real = new float[ids.length];
                            for (int i = 0; i < ids.length; i++) {
                                real[i] = ids[i] == g.intConfig("ignore_index") ? 0 : 1;
                            }
                            Tensor mask = engine().of(real, Shape.of(g.tensor("target").shape()));
                            return Losses.sequenceCrossEntropy(x, classes(g), mask, g.doubleConfig("label_smoothing"));
                        })),
                DynamicTest.dynamicTest("loss_mse", () -> check("loss_mse", (x, g) -> Losses.mse(x, target(g)))),
                DynamicTest.dynamicTest("loss_l1", () -> check("loss_l1", (x, g) -> Losses.mae(x, target(g)))),
                DynamicTest.dynamicTest("loss_huber_delta1", () -> check("loss_huber_delta1",
                        (x, g) -> Losses.huber(x, target(g), g.doubleConfig("delta")))),
                DynamicTest.dynamicTest("loss_huber_delta0_5", () -> check("loss_huber_delta0_5",
                        (x, g) -> Losses.huber(x, target(g), g.doubleConfig("delta")))),
                DynamicTest.dynamicTest("loss_smooth_l1_beta0_5", () -> check("loss_smooth_l1_beta0_5",
                        (x, g) -> Losses.smoothL1(x, target(g), g.doubleConfig("beta")))),
                DynamicTest.dynamicTest("loss_gaussian_nll", () -> checkTwoInputs("loss_gaussian_nll", "var",
                        (x, v, g) -> Losses.gaussianNll(x, target(g), v, false, g.doubleConfig("eps")))),
                DynamicTest.dynamicTest("loss_gaussian_nll_full_row_var", () -> checkTwoInputs(
                        "loss_gaussian_nll_full_row_var", "var",
                        (x, v, g) -> Losses.gaussianNll(x, target(g), v, true, g.doubleConfig("eps")))),
                DynamicTest.dynamicTest("loss_gaussian_nll_softplus", () -> checkTwoInputs("loss_gaussian_nll_softplus",
                        "raw_scale", (x, raw, g) -> Losses.gaussianNllSoftplus(x, raw, target(g),
                                g.doubleConfig("min_scale")))),
                DynamicTest.dynamicTest("loss_quantile", () -> check("loss_quantile",
                        (x, g) -> Losses.quantile(x, target(g), 0.1, 0.5, 0.9))));
    }

    /** A loss of {@code input} and a second differentiable tensor, both checked against PyTorch's gradients. */
    private void checkTwoInputs(String name, String second, TriFunction loss) {
        Golden g = Golden.load(name);
        Tensor input = floats(g.tensor("input"));
        Tensor other = floats(g.tensor(second));
        Tensor l = loss.apply(input, other, g);
        assertEquals(0, l.rank(), name + ": the loss is a scalar");
        assertEquals(g.tensor("loss").data()[0], l.item(), tolerance(), name + " loss");
        l.backward();
        assertArrayEquals(g.tensor("grad.input").data(), input.grad().toDoubleArray(), tolerance(), name + " gradient");
        assertArrayEquals(g.tensor("grad." + second).data(), other.grad().toDoubleArray(), tolerance(),
                name + " gradient of " + second);
    }

    @FunctionalInterface
    private interface TriFunction {
        Tensor apply(Tensor input, Tensor other, Golden g);
    }

    @Test
    void probabilisticLossesPassFiniteDifferenceChecks() {
        RandomSource rng = new RandomSource(41);
        Engine e = engine();
        Tensor mean = GradCheck.input(e, rng, -1, 1, 3, 4);
        Tensor var = GradCheck.input(e, rng, 0.2, 2, 3, 4);
        Tensor raw = GradCheck.input(e, rng, -3, 3, 3, 4);
        Tensor target = GradCheck.input(e, rng, -1, 1, 3, 4).detach();
        GradCheck.check(x -> Losses.gaussianNll(x.get(0), target, x.get(1), true, 1e-6), List.of(mean, var));
        GradCheck.check(x -> Losses.gaussianNllSoftplus(x.get(0), x.get(1), target, 1e-3), List.of(mean, raw));
        // Quantile forecasts a fixed distance from the targets keep every error away from the kink at 0.
        double[] offsets = new double[3 * 4 * 3];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = (i % 2 == 0 ? 1 : -1) * (0.2 + 0.1 * (i % 7));
        }
        Tensor base = target.unsqueeze(2).broadcastTo(Shape.of(3, 4, 3));
        Tensor preds = base.add(e.supports(DType.FLOAT64) ? e.of(offsets, Shape.of(3, 4, 3))
                : e.of(GradCheck.toFloat(offsets), Shape.of(3, 4, 3))).detach().requiresGrad(true);
        GradCheck.check(x -> Losses.quantile(x.get(0), target, 0.05, 0.5, 0.95), List.of(preds));
    }

    /** The training loss and the evaluation metric are the same number, so a model is trained on what it is scored on. */
    @Test
    void quantileLossEqualsThePinballMetric() {
        Golden g = Golden.load("loss_quantile");
        Tensor preds = floats(g.tensor("input")).detach();
        Tensor target = target(g);
        double[] p = preds.toDoubleArray();
        double[] y = target.toDoubleArray();
        double[] levels = {0.1, 0.5, 0.9};
        double[][] quantiles = new double[3][y.length];
        for (int t = 0; t < y.length; t++) {
            for (int k = 0; k < 3; k++) {
                quantiles[k][t] = p[t * 3 + k];
            }
        }
        assertEquals(seqlab.metric.ProbabilisticMetrics.pinball(y, levels, quantiles),
                Losses.quantile(preds, target, levels).item(), tolerance());
    }

    @Test
    void softplusMatchesItsDefinitionAndTheThreshold() {
        Engine e = engine();
        double[] x = {-30, -2, 0, 1.5, 19.5, 20.5, 40};
        Tensor t = e.supports(DType.FLOAT64) ? e.of(x, Shape.of(x.length)) : e.of(GradCheck.toFloat(x), Shape.of(x.length));
        double[] y = seqlab.nn.Activations.softplus(t).toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            double expected = x[i] > 20 ? x[i] : Math.log1p(Math.exp(x[i]));
            assertEquals(expected, y[i], engine().supports(DType.FLOAT64) ? 1e-12 : 1e-5 * Math.max(1, x[i]), "x=" + x[i]);
        }
    }

    @Test
    void gradientsPassFiniteDifferenceChecks() {
        RandomSource rng = new RandomSource(31);
        Engine e = engine();
        Tensor logits = GradCheck.input(e, rng, -2, 2, 5, 4);
        Tensor ids = e.ofIndices(new long[] {0, 3, Losses.IGNORE_INDEX, 1, 2}, Shape.of(5));
        GradCheck.check(x -> Losses.crossEntropy(x.get(0), ids, Losses.IGNORE_INDEX, 0.2), List.of(logits));
        // Targets a fixed distance from the inputs keep every |difference| away from the kinks at 0 and delta.
        Tensor input = GradCheck.input(e, rng, -1, 1, 3, 4);
        double[] offsets = {0.3, -0.7, 1.6, -2.5, 0.2, 0.9, -1.4, 3.0, -0.35, 0.6, -0.8, 2.2};
        Tensor target = input.detach().sub(input.dtype() == DType.FLOAT64 ? e.of(offsets, Shape.of(3, 4))
                : e.of(GradCheck.toFloat(offsets), Shape.of(3, 4)));
        GradCheck.check(x -> Losses.mse(x.get(0), target), List.of(input));
        GradCheck.check(x -> Losses.mae(x.get(0), target), List.of(input));
        GradCheck.check(x -> Losses.huber(x.get(0), target, 1.0), List.of(input));
        GradCheck.check(x -> Losses.smoothL1(x.get(0), target, 0.5), List.of(input));
    }

    @Test
    void sequenceCrossEntropyAveragesOverRealTokensOnly() {
        Engine e = engine();
        RandomSource rng = new RandomSource(5);
        Tensor logits = GradCheck.input(e, rng, -2, 2, 2, 3, 4);
        Tensor targets = e.ofIndices(new long[] {1, 2, 3, 0, 1, 1}, Shape.of(2, 3));
        Tensor mask = e.of(new float[] {1, 1, 0, 1, 0, 0}, Shape.of(2, 3));
        Tensor seq = Losses.sequenceCrossEntropy(logits, targets, mask, 0.0);
        // The same three real tokens as rows of a plain cross-entropy.
        Tensor rows = Tensor.concat(List.of(logits.narrow(0, 0, 1).narrow(1, 0, 2).reshape(2, 4),
                logits.narrow(0, 1, 1).narrow(1, 0, 1).reshape(1, 4)), 0);
        Tensor plain = Losses.crossEntropy(rows, e.ofIndices(new long[] {1, 2, 0}, Shape.of(3)));
        assertEquals(plain.item(), seq.item(), tolerance());
        seq.backward();
        double[] g = logits.grad().toDoubleArray();
        for (int i = 8; i < 12; i++) {
            assertEquals(0.0, g[i], 0.0, "padding gets no gradient");
        }
        for (int i = 16; i < 24; i++) {
            assertEquals(0.0, g[i], 0.0, "padding gets no gradient");
        }
    }

    @Test
    void badInputsAreNamed() {
        Engine e = engine();
        Tensor logits = e.zeros(Shape.of(2, 3));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(logits, e.ofIndices(new long[] {0, 3}, Shape.of(2))));
        assertTrue(ex.getMessage().contains("target 3 at row 1"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(logits,
                e.ofIndices(new long[] {-100, -100}, Shape.of(2))));
        assertTrue(ex.getMessage().contains("ignore index"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class, () -> Losses.mse(e.zeros(Shape.of(3, 1)), e.zeros(Shape.of(3))));
        assertTrue(ex.getMessage().contains("(3, 1)"), ex.getMessage());
        Tensor x = e.zeros(Shape.of(2, 3));
        ex = assertThrows(IllegalArgumentException.class, () -> Losses.gaussianNll(x, x, e.zeros(Shape.of(2, 2)), false, 1e-6));
        assertTrue(ex.getMessage().contains("last dimension of 1"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class, () -> Losses.gaussianNll(x, x,
                e.of(new float[] {1, 1, -1, 1, 1, 1}, Shape.of(2, 3)), false, 1e-6));
        assertTrue(ex.getMessage().contains("variance element 2 is -1.0"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class, () -> Losses.quantile(e.zeros(Shape.of(2, 3, 2)), x, 0.1, 0.5, 0.9));
        assertTrue(ex.getMessage().contains("last dimension of 3"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class, () -> Losses.quantile(e.zeros(Shape.of(2, 3, 2)), x, 0.9, 0.1));
        assertTrue(ex.getMessage().contains("increase"), ex.getMessage());
    }
}
