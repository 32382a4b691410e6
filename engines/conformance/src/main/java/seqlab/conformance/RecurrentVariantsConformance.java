package seqlab.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import seqlab.engine.DType;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.nn.Recurrent;
import seqlab.nn.RecurrentConfig;
import seqlab.nn.RecurrentConfig.UpdateGate;

/**
 * The recurrent options PyTorch lacks (the reference engine fuses them, LibTorch composes them): variational
 * recurrent dropout (Gal &amp; Ghahramani 2016,
 * section 4: one mask per sequence, layer and direction on {@code h_{t-1}} in the recurrent products) and the GRU
 * update convention {@code h = (1 - z) h_prev + z n} (Chung et al. 2014, eq. 5). Checked in closed form, against
 * finite differences (on whichever path the layer takes), and by the statistics of the masks.
 */
public abstract class RecurrentVariantsConformance {
    static final int TIME = 4, BATCH = 3, INPUT = 3, HIDDEN = 2;
    static final int[] LENGTHS = {3, 4, 1};

    protected abstract Engine engine();

    private static Tensor constant(Engine e, double value, int... dims) {
        Shape s = Shape.of(dims);
        float[] v = new float[s.sizeAsInt()];
        Arrays.fill(v, (float) value);
        return e.of(v, s);
    }

    private static Tensor identity(Engine e, int n) {
        float[] v = new float[n * n];
        for (int i = 0; i < n; i++) {
            v[i * n + i] = 1;
        }
        return e.of(v, Shape.of(n, n));
    }

    /**
     * {@code h_t = relu(x_t + m * h_{t-1})} with all-ones input (identity weights, no bias): a unit whose mask is 0
     * stays at 1 every step, one whose mask is {@code s = 1/(1-p)} follows {@code 1, 1 + s, 1 + s + s^2, ...}. Any
     * mask redrawn between steps breaks the pattern. On the fused kernel where the engine has one, and composed.
     */
    @Test
    void recurrentDropoutUsesOneMaskPerSequenceForEveryStep() {
        recurrentDropoutUsesOneMaskPerSequenceForEveryStep(true);
        recurrentDropoutUsesOneMaskPerSequenceForEveryStep(false);
    }

    private void recurrentDropoutUsesOneMaskPerSequenceForEveryStep(boolean fused) {
        Engine e = engine();
        int h = 400, batch = 20, time = 5;
        double p = 0.5, s = 1 / (1 - p);
        RecurrentConfig cfg = RecurrentConfig.rnn(h).relu().bias(false).bidirectional().recurrentDropout(p);
        Recurrent layer = cfg.build(e, h, new RandomSource(1));
        for (String w : List.of("weight_ih_l0", "weight_hh_l0", "weight_ih_l0_reverse", "weight_hh_l0_reverse")) {
            layer.namedParameters().get(w).assign(identity(e, h));
        }
        layer.randomSource(new RandomSource(7));
        layer.useFusedKernels(fused);
        float[] out = layer.forward(constant(e, 1, time, batch, h)).output().toFloatArray(); // (time, batch, 2h)
        int masked = 0, differentAcrossDirections = 0;
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < h; j++) {
                boolean[] keep = new boolean[2];
                for (int d = 0; d < 2; d++) {
                    // the reverse direction starts at the last step
                    int first = d == 0 ? 0 : time - 1;
                    float second = out[((d == 0 ? 1 : time - 2) * batch + b) * 2 * h + d * h + j];
                    keep[d] = second != 1f;
                    double expected = 1;
                    for (int k = 0; k < time; k++) {
                        int t = d == 0 ? k : time - 1 - k;
                        float got = out[(t * batch + b) * 2 * h + d * h + j];
                        assertEquals(expected, got, 1e-4 * expected, (layer.runsFused() ? "fused" : "composed")
                                + ": unit " + j + " row " + b + " direction " + d
                                + " step " + k + " (first output " + out[(first * batch + b) * 2 * h + d * h + j] + ")");
                        expected = keep[d] ? 1 + s * expected : 1;
                    }
                    masked += keep[d] ? 0 : 1;
                }
                differentAcrossDirections += keep[0] != keep[1] ? 1 : 0;
            }
        }
        int n = 2 * batch * h;
        // the dropped fraction is p within 4.5 standard deviations of a binomial proportion
        assertEquals(p, (double) masked / n, 4.5 * Math.sqrt(p * (1 - p) / n), "fraction of units dropped");
        assertTrue(differentAcrossDirections > batch * h / 4, "each direction draws its own mask");
    }

    /** The masks' statistics: each element 0 with probability p, else exactly {@code 1/(1-p)}; rows differ. */
    @Test
    void recurrentDropoutMasksHaveTheRateAndScaleOfInvertedDropout() {
        Engine e = engine();
        int h = 300, batch = 16;
        double p = 0.3;
        RecurrentConfig cfg = RecurrentConfig.rnn(h).relu().bias(false).recurrentDropout(p);
        Recurrent layer = cfg.build(e, h, new RandomSource(2));
        layer.namedParameters().get("weight_ih_l0").assign(constant(e, 0, h, h));
        layer.namedParameters().get("weight_hh_l0").assign(identity(e, h));
        layer.randomSource(new RandomSource(3));
        Tensor h0 = constant(e, 1, 1, batch, h);
        // one step from h0 = 1 with zero input: the output is the mask itself
        float[] m = layer.forward(constant(e, 0, 1, batch, h), null, h0, null).output().toFloatArray();
        int zeros = 0;
        for (float v : m) {
            if (v == 0f) {
                zeros++;
            } else {
                assertEquals((float) (1 / (1 - p)), v, 1e-6, "kept elements are scaled by 1/(1-p)");
            }
        }
        assertEquals(p, (double) zeros / m.length, 4.5 * Math.sqrt(p * (1 - p) / m.length));
        assertFalse(Arrays.equals(Arrays.copyOfRange(m, 0, h), Arrays.copyOfRange(m, h, 2 * h)),
                "each sequence of the batch has its own mask");
    }

    /** In eval mode (and at rate 0) the option changes nothing: the same numbers, on the fused path where there is one. */
    @Test
    void recurrentDropoutIsOffInEvalMode() {
        Engine e = engine();
        for (RecurrentConfig base : List.of(RecurrentConfig.lstm(HIDDEN).layers(2).bidirectional(),
                RecurrentConfig.gru(HIDDEN), RecurrentConfig.rnn(HIDDEN))) {
            Recurrent with = base.recurrentDropout(0.4).build(e, INPUT, new RandomSource(4));
            Recurrent without = base.build(e, INPUT, new RandomSource(4));
            with.eval();
            without.eval();
            assertEquals(without.runsFused(), with.runsFused(), base.toString());
            Tensor x = e.randn(Shape.of(TIME, BATCH, INPUT), new RandomSource(5));
            try (var ignored = e.noGrad()) {
                assertArrayEquals(without.forward(x, LENGTHS).output().toFloatArray(),
                        with.forward(x, LENGTHS).output().toFloatArray(), base.toString());
            }
            with.train();
            with.randomSource(new RandomSource(6));
            assertFalse(Arrays.equals(without.forward(x, LENGTHS).output().toFloatArray(),
                    with.forward(x, LENGTHS).output().toFloatArray()), base + ": the masks change training outputs");
        }
    }

    /** Finite differences through a masked forward pass: each evaluation redraws the same masks from a fixed seed. */
    @Test
    void recurrentDropoutGradientsMatchFiniteDifferences() {
        Engine e = engine();
        DType dt = GradCheck.dtypeFor(e);
        for (RecurrentConfig cfg : List.of(RecurrentConfig.lstm(HIDDEN).peephole().recurrentDropout(0.3),
                RecurrentConfig.gru(HIDDEN).bidirectional().layers(2).recurrentDropout(0.3),
                RecurrentConfig.gru(HIDDEN).resetBeforeProduct().updateGate(UpdateGate.CANDIDATE).recurrentDropout(0.5),
                RecurrentConfig.rnn(HIDDEN).recurrentDropout(0.3))) {
            checkGradients(e, cfg.dtype(dt));
        }
    }

    private static void checkGradients(Engine e, RecurrentConfig cfg) {
        Recurrent layer = cfg.build(e, INPUT, new RandomSource(21));
        Tensor x = GradCheck.input(e, new RandomSource(5), -1, 1, TIME, BATCH, INPUT);
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(x);
        inputs.addAll(layer.parameters());
        GradCheck.Result r = GradCheck.check(xs -> {
            layer.randomSource(new RandomSource(99));
            return GradCheck.probe(layer.forward(xs.get(0), LENGTHS).output(), 8);
        }, inputs);
        assertTrue(r.checked() > layer.parameterCount(), cfg.toString());
    }

    /**
     * One GRU step with {@code update_gate = candidate} from a given state, by hand in double precision:
     * {@code r = s(x W_ir + b_ir + h W_hr + b_hr)}, {@code z = s(...)}, {@code n = tanh(x W_in + b_in + r (h W_hn + b_hn))},
     * {@code h' = (1 - z) h + z n}. On the fused kernel where the engine has one, and composed.
     */
    @Test
    void gruCandidateUpdateMatchesItsEquationsInClosedForm() {
        gruCandidateUpdateMatchesItsEquationsInClosedForm(true);
        gruCandidateUpdateMatchesItsEquationsInClosedForm(false);
    }

    private void gruCandidateUpdateMatchesItsEquationsInClosedForm(boolean fused) {
        Engine e = engine();
        Recurrent gru = RecurrentConfig.gru(HIDDEN).updateGate(UpdateGate.CANDIDATE).build(e, INPUT, new RandomSource(8));
        gru.useFusedKernels(fused);
        Tensor x = e.randn(Shape.of(1, BATCH, INPUT), new RandomSource(9));
        Tensor h0 = e.randn(Shape.of(1, BATCH, HIDDEN), new RandomSource(10));
        float[] got = gru.forward(x, null, h0, null).output().toFloatArray();
        double[] wih = gru.namedParameters().get("weight_ih_l0").toDoubleArray();
        double[] whh = gru.namedParameters().get("weight_hh_l0").toDoubleArray();
        double[] bih = gru.namedParameters().get("bias_ih_l0").toDoubleArray();
        double[] bhh = gru.namedParameters().get("bias_hh_l0").toDoubleArray();
        double[] xv = x.toDoubleArray(), hv = h0.toDoubleArray();
        for (int b = 0; b < BATCH; b++) {
            for (int j = 0; j < HIDDEN; j++) {
                double[] gi = new double[3], gh = new double[3];
                for (int g = 0; g < 3; g++) {
                    int row = g * HIDDEN + j;
                    gi[g] = bih[row];
                    gh[g] = bhh[row];
                    for (int k = 0; k < INPUT; k++) {
                        gi[g] += wih[row * INPUT + k] * xv[b * INPUT + k];
                    }
                    for (int k = 0; k < HIDDEN; k++) {
                        gh[g] += whh[row * HIDDEN + k] * hv[b * HIDDEN + k];
                    }
                }
                double r = 1 / (1 + Math.exp(-(gi[0] + gh[0]))), z = 1 / (1 + Math.exp(-(gi[1] + gh[1])));
                double n = Math.tanh(gi[2] + r * gh[2]);
                double expected = (1 - z) * hv[b * HIDDEN + j] + z * n;
                assertEquals(expected, got[b * HIDDEN + j], 1e-5, (gru.runsFused() ? "fused" : "composed") + ": row " + b
                        + " unit " + j);
            }
        }
    }

    /**
     * The two update conventions are one family of functions: negating the z block of every weight and bias turns a
     * PyTorch-convention GRU into a candidate-convention one with the same outputs ({@code s(-a) = 1 - s(a)}).
     */
    @Test
    void gruCandidateUpdateIsPyTorchsWithTheUpdateGateNegated() {
        Engine e = engine();
        RecurrentConfig base = RecurrentConfig.gru(HIDDEN).layers(2).bidirectional();
        Recurrent pytorch = base.build(e, INPUT, new RandomSource(11));
        Recurrent candidate = base.updateGate(UpdateGate.CANDIDATE).build(e, INPUT, new RandomSource(11));
        pytorch.eval();
        candidate.eval();
        for (var p : pytorch.namedParameters().entrySet()) {
            float[] v = p.getValue().toFloatArray();
            int cols = p.getValue().rank() == 2 ? p.getValue().dim(1) : 1;
            for (int i = HIDDEN * cols; i < 2 * HIDDEN * cols; i++) {
                v[i] = -v[i];
            }
            candidate.namedParameters().get(p.getKey()).assign(e.of(v, p.getValue().shape()));
        }
        Tensor x = e.randn(Shape.of(TIME, BATCH, INPUT), new RandomSource(12));
        try (var ignored = e.noGrad()) {
            assertArrayEquals(pytorch.forward(x, LENGTHS).output().toFloatArray(),
                    candidate.forward(x, LENGTHS).output().toFloatArray(), 1e-5f);
        }
    }

    @Test
    void gruCandidateUpdateGradientsMatchFiniteDifferences() {
        Engine e = engine();
        checkGradients(e, RecurrentConfig.gru(HIDDEN).bidirectional().updateGate(UpdateGate.CANDIDATE)
                .dtype(GradCheck.dtypeFor(e)));
    }
}
