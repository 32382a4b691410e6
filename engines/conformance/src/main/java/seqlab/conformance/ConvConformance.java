package seqlab.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static seqlab.conformance.GradCheck.gradCheck;
import static seqlab.conformance.LayerFixtures.assertGolden;
import static seqlab.conformance.LayerFixtures.assertParameterGradients;
import static seqlab.conformance.LayerFixtures.input;

import java.util.List;
import org.junit.jupiter.api.Test;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.nn.Conv1d;
import seqlab.nn.TemporalPooling;

/**
 * {@link Conv1d} and {@link TemporalPooling} on an engine: PyTorch fixtures for a dilated and a causal
 * {@code nn.Conv1d} (outputs and gradients), finite-difference gradient checks (dilated, causal, strided, "same",
 * both layouts), causality, padding independence and pooling over real steps.
 */
public abstract class ConvConformance {

    protected abstract Engine engine();

    private final RandomSource rng = new RandomSource(1313);

    // ----- PyTorch fixtures -----

    @Test
    void goldenDilatedConvolution() {
        Engine e = engine();
        Golden g = Golden.load("conv1d_dilated");
        var conv = LayerFixtures.load(new Conv1d(e, g.intConfig("in_channels"), g.intConfig("out_channels"),
                g.intConfig("kernel_size"), g.intConfig("dilation"), g.intConfig("padding"), new RandomSource(0)), g, "");
        golden(g, conv);
    }

    @Test
    void goldenCausalConvolution() {
        Engine e = engine();
        Golden g = Golden.load("conv1d_causal");
        var conv = LayerFixtures.load(Conv1d.causal(e, g.intConfig("in_channels"), g.intConfig("out_channels"),
                g.intConfig("kernel_size"), g.intConfig("dilation"), new RandomSource(0)), g, "");
        assertEquals(g.intConfig("left_pad"), (g.intConfig("kernel_size") - 1) * g.intConfig("dilation"));
        golden(g, conv);
    }

    private void golden(Golden g, Conv1d conv) {
        Tensor x = LayerFixtures.leaf(engine(), g.tensor("input"));
        Tensor y = conv.forward(x);
        assertGolden(g, "output", y);
        LayerFixtures.probeLoss(y, g).backward();
        assertGolden(g, "grad.input", x.grad());
        assertParameterGradients(g, conv, "");
    }

    @Test
    void parametersHavePyTorchLayout() {
        var conv = new Conv1d(engine(), 4, 5, 3, 2, 0, new RandomSource(1));
        assertEquals(List.of("weight", "bias"), List.copyOf(conv.stateDict().keySet()));
        assertEquals(Shape.of(5, 4, 3), conv.stateDict().get("weight").shape());
        assertTrue(LayerFixtures.maxAbs(conv.stateDict().get("weight")) <= 1 / Math.sqrt(12));
    }

    // ----- gradient checks -----

    @Test
    void dilatedAndCausalConvolutionsPassGradientChecks() {
        Engine e = engine();
        var dilated = new Conv1d(e, 3, 2, 3, 2, 0, new RandomSource(2));
        gradCheck(dilated, xs -> dilated.forward(xs.get(0)), input(e, rng, 2, 3, 7));
        var causal = Conv1d.causal(e, 3, 2, 2, 3, new RandomSource(3));
        gradCheck(causal, xs -> causal.forward(xs.get(0)), input(e, rng, 2, 3, 6));
        gradCheck(causal, xs -> causal.forwardChannelsLast(xs.get(0), new int[] {6, 4}), input(e, rng, 2, 6, 3));
    }

    @Test
    void stridedSamePaddedAndPointwiseConvolutionsPassGradientChecks() {
        Engine e = engine();
        var strided = new Conv1d(e, 2, 3, 3, 2, 1, 1, 2, true, new RandomSource(4));
        gradCheck(strided, xs -> strided.forwardChannelsLast(xs.get(0)), input(e, rng, 2, 7, 2));
        var same = Conv1d.same(e, 2, 2, 4, 1, new RandomSource(5));
        gradCheck(same, xs -> same.forwardChannelsLast(xs.get(0)), input(e, rng, 1, 5, 2));
        var pointwise = new Conv1d(e, 3, 2, 1, 1, 1, 0, 0, false, new RandomSource(6));
        gradCheck(pointwise, xs -> pointwise.forward(xs.get(0)), input(e, rng, 2, 3, 4));
    }

    @Test
    void poolingPassesGradientChecks() {
        Engine e = engine();
        int[] lengths = {3, 1};
        gradCheck(null, xs -> TemporalPooling.mean(xs.get(0), lengths), input(e, rng, 2, 4, 3));
        // distinct values so no finite-difference step changes the arg-max
        double[] v = new double[2 * 4 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((i * 7) % v.length) * 0.1;
        }
        Tensor x = LayerFixtures.tensor(e, new GoldenTensor(new int[] {2, 4, 3}, v)).detach().requiresGrad(true);
        gradCheck(null, xs -> TemporalPooling.max(xs.get(0), lengths), x);
    }

    // ----- closed-form properties -----

    @Test
    void shapesFollowPyTorchsFormula() {
        Engine e = engine();
        var conv = new Conv1d(e, 2, 3, 3, 2, 2, 1, 0, true, new RandomSource(7));   // stride 2, dilation 2, pad 1/0
        assertEquals(Shape.of(1, 3, 4), conv.forward(e.zeros(Shape.of(1, 2, 10))).shape()); // (10 + 1 - 4 - 1)/2 + 1
        assertEquals(4, conv.outputLength(10));
        assertArrayEquals(new int[] {4, 1, 0}, conv.outputLengths(new int[] {10, 4, 2}));
        assertEquals(Shape.of(1, 9, 3), Conv1d.same(e, 2, 3, 4, 2, new RandomSource(1))
                .forwardChannelsLast(e.zeros(Shape.of(1, 9, 2))).shape());
        var err = assertThrows(IllegalArgumentException.class,
                () -> new Conv1d(e, 2, 3, 3, 4, 0, new RandomSource(1)).forward(e.zeros(Shape.of(1, 2, 8))));
        assertTrue(err.getMessage().contains("shorter than the kernel"), err.getMessage());
        err = assertThrows(IllegalArgumentException.class, () -> conv.forward(e.zeros(Shape.of(1, 10, 2))));
        assertTrue(err.getMessage().contains("forwardChannelsLast"), err.getMessage());
    }

    @Test
    void causalOutputsDoNotSeeTheFuture() {
        Engine e = engine();
        var conv = Conv1d.causal(e, 2, 3, 3, 2, new RandomSource(8));
        conv.to(LayerFixtures.dtype(e));
        Tensor x = input(e, rng, 1, 9, 2).detach();
        Tensor changed = Tensor.concat(List.of(x.narrow(1, 0, 5), input(e, rng, 1, 4, 2).detach()), 1);
        Tensor a = conv.forwardChannelsLast(x), b = conv.forwardChannelsLast(changed);
        assertEquals(Shape.of(1, 9, 3), a.shape());
        assertArrayEquals(a.narrow(1, 0, 5).toDoubleArray(), b.narrow(1, 0, 5).toDoubleArray(), 0.0);
        // and step 5 does see step 5
        assertTrue(LayerFixtures.maxAbs(a.narrow(1, 5, 1).sub(b.narrow(1, 5, 1))) > 0);
    }

    @Test
    void withLengthsRealOutputsEqualTheUnpaddedSequence() {
        Engine e = engine();
        var conv = Conv1d.same(e, 2, 3, 3, 1, new RandomSource(9));
        conv.to(LayerFixtures.dtype(e));
        Tensor x = input(e, rng, 2, 6, 2).detach();
        Tensor padded = conv.forwardChannelsLast(x, new int[] {6, 4}).narrow(0, 1, 1).narrow(1, 0, 4);
        Tensor alone = conv.forwardChannelsLast(x.narrow(0, 1, 1).narrow(1, 0, 4));
        assertArrayEquals(alone.toDoubleArray(), padded.toDoubleArray(), 1e-12);
    }

    @Test
    void poolingCountsOnlyRealSteps() {
        Engine e = engine();
        Tensor x = e.of(new float[] {1, 10, 3, -50, 2, 20, 100, 100}, Shape.of(2, 4, 1));
        assertArrayEquals(new float[] {10, 20}, TemporalPooling.max(x, new int[] {3, 2}).toFloatArray(), 0f);
        assertArrayEquals(new float[] {14f / 3, 11}, TemporalPooling.mean(x, new int[] {3, 2}).toFloatArray(), 1e-6f);
        var err = assertThrows(IllegalArgumentException.class, () -> TemporalPooling.max(x, new int[] {3, 0}));
        assertTrue(err.getMessage().contains("length 0"), err.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TemporalPooling.mean(x, new int[] {3}));
    }
}
