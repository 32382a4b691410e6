package seqlab.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import seqlab.engine.CellKind;
import seqlab.engine.DType;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.nn.Gru;
import seqlab.nn.Lstm;
import seqlab.nn.Recurrent;
import seqlab.nn.RecurrentConfig;
import seqlab.nn.RecurrentResult;
import seqlab.nn.Rnn;

/**
 * The recurrent layers' contract beyond PyTorch's fixtures: the seed configuration's shapes and gradients,
 * parameter counts and names, the variants PyTorch lacks against a scalar implementation of the published equations,
 * one LSTM step worked by hand, padding semantics, dropout placement, initialisers and input errors.
 */
public abstract class RecurrentLayerConformance {

    protected abstract Engine engine();

    // ----- the seed configuration -----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lstm", "gru", "rnn"})
    void seedConfigurationTwoLayerBidirectionalGivesShapesAndAllSixteenGradients(String kind) {
        Engine e = engine();
        RecurrentConfig base = switch (kind) {
            case "lstm" -> RecurrentConfig.lstm(128);
            case "gru" -> RecurrentConfig.gru(128);
            default -> RecurrentConfig.rnn(128);
        };
        Recurrent layer = base.layers(2).bidirectional().batchFirst().build(e, 100, new RandomSource(1));
        Tensor x = e.randn(Shape.of(32, 50, 100), new RandomSource(2));
        RecurrentResult r = layer.forward(x);
        assertEquals(Shape.of(32, 50, 256), r.output().shape());
        assertEquals(Shape.of(4, 32, 128), r.hN().shape());
        if (kind.equals("lstm")) {
            assertEquals(Shape.of(4, 32, 128), r.cN().shape());
        } else {
            assertNull(r.cN());
        }
        r.output().mean().backward();
        Map<String, Tensor> params = layer.namedParameters();
        assertEquals(16, params.size());
        for (var p : params.entrySet()) {
            Tensor g = p.getValue().grad();
            assertNotNull(g, "no gradient for " + p.getKey());
            assertEquals(p.getValue().shape(), g.shape(), p.getKey());
            boolean nonZero = false;
            for (float v : g.toFloatArray()) {
                assertTrue(Float.isFinite(v), p.getKey() + " has a non-finite gradient");
                nonZero |= v != 0;
            }
            assertTrue(nonZero, p.getKey() + " has an all-zero gradient");
        }
    }

    // ----- parameter counts and names -----

    @Test
    void parameterCountsMatchPyTorch() {
        // torch: sum(p.numel() for p in nn.LSTM(100, 128).parameters()) == 117760, nn.GRU: 88320, nn.RNN: 29440
        assertEquals(117760, Lstm.parameterCount(100, 128));
        assertEquals(88320, Gru.parameterCount(100, 128));
        assertEquals(29440, Rnn.parameterCount(100, 128));
        // the GRU has exactly 25% fewer weights than the LSTM of the same size
        assertEquals(0.75, (double) Gru.parameterCount(100, 128) / Lstm.parameterCount(100, 128), 0);
        // nn.LSTM(100, 128, num_layers=2, bidirectional=True): 2*117760 + 2*(4*128*(256+128) + 1024) = 630784
        assertEquals(630784, RecurrentConfig.lstm(128).layers(2).bidirectional().parameterCount(100));
        // nn.LSTM(4, 3, proj_size=2): 12*4 + 12*2 + 24 + 2*3 = 102
        assertEquals(102, RecurrentConfig.lstm(3).projection(2).parameterCount(4));
    }

    @Test
    void builtLayersHaveTheComputedParameterCount() {
        Engine e = engine();
        List<RecurrentConfig> configs = List.of(RecurrentConfig.lstm(6).layers(2).bidirectional(),
                RecurrentConfig.lstm(6).peephole().coupledInputForget().projection(4).layers(3),
                RecurrentConfig.lstm(6).peephole().bidirectional().bias(false), RecurrentConfig.gru(5).layers(2),
                RecurrentConfig.gru(5).resetBeforeProduct().bidirectional(), RecurrentConfig.rnn(4).relu().layers(3));
        for (RecurrentConfig c : configs) {
            Recurrent layer = c.build(e, 7, new RandomSource(1));
            assertEquals(c.parameterCount(7), layer.parameterCount(), c.toString());
        }
    }

    @Test
    void parameterNamesAndShapesAreTorchStateDictKeys() {
        for (String caseName : List.of("lstm_bidir_2layer", "lstm_proj", "gru_bidir_2layer", "rnn_relu_bidir_2layer")) {
            Golden g = Golden.load(caseName);
            Recurrent layer = RecurrentGoldenConformance.configOf(g, DType.FLOAT32)
                    .build(engine(), g.intConfig("input_size"), new RandomSource(1));
            List<String> expected = new ArrayList<>();
            for (String n : g.names()) {
                if (n.startsWith("weight_") || n.startsWith("bias_")) {
                    expected.add(n);
                }
            }
            assertEquals(expected, new ArrayList<>(layer.namedParameters().keySet()), caseName);
            for (String n : expected) {
                assertArrayEquals(g.tensor(n).shape(), layer.namedParameters().get(n).shape().dims(), caseName + " " + n);
            }
        }
    }

    // ----- independent implementation of the equations -----

    private void matchesScalarEquations(RecurrentConfig cfg, int[] lengths, boolean givenState) {
        Engine e = engine();
        DType dt = GradCheck.dtypeFor(e);
        double tol = dt == DType.FLOAT64 ? 1e-12 : 1e-5;
        int time = 4, batch = 3, in = 3;
        Recurrent layer = cfg.dtype(dt).initialization(RecurrentConfig.Initialization.PYTORCH)
                .build(e, in, new RandomSource(31));
        RandomSource rng = new RandomSource(32);
        double[] x = RecurrentTesting.values(rng, time * batch * in);
        int states = cfg.layers() * cfg.directions();
        double[] h0 = givenState ? RecurrentTesting.values(rng, states * batch * cfg.stateSize()) : null;
        double[] c0 = givenState && cfg.kind() == CellKind.LSTM
                ? RecurrentTesting.values(rng, states * batch * cfg.hiddenSize()) : null;
        ScalarRecurrent.Result expected = ScalarRecurrent.run(cfg, in, RecurrentTesting.parameterValues(layer), x, time,
                batch, lengths, h0, c0);
        RecurrentResult r = layer.forward(RecurrentTesting.tensor(e, dt, x, time, batch, in), lengths,
                h0 == null ? null : RecurrentTesting.tensor(e, dt, h0, states, batch, cfg.stateSize()),
                c0 == null ? null : RecurrentTesting.tensor(e, dt, c0, states, batch, cfg.hiddenSize()));
        RecurrentTesting.assertClose(cfg + " output", expected.output(), r.output(), tol);
        RecurrentTesting.assertClose(cfg + " h_n", expected.hN(), r.hN(), tol);
        if (expected.cN() != null) {
            RecurrentTesting.assertClose(cfg + " c_n", expected.cN(), r.cN(), tol);
        }
    }

    @Test
    void peepholeLstmFollowsGersAndSchmidhuber() {
        matchesScalarEquations(RecurrentConfig.lstm(3).peephole(), null, true);
        matchesScalarEquations(RecurrentConfig.lstm(3).peephole().layers(2).bidirectional(), new int[] {4, 2, 1}, true);
    }

    @Test
    void coupledInputForgetLstmFollowsGreffEtAl() {
        matchesScalarEquations(RecurrentConfig.lstm(3).coupledInputForget(), new int[] {3, 4, 1}, true);
        matchesScalarEquations(RecurrentConfig.lstm(3).coupledInputForget().peephole().projection(2).bidirectional(),
                new int[] {2, 4, 3}, true);
    }

    @Test
    void resetBeforeProductGruFollowsChoEtAl() {
        matchesScalarEquations(RecurrentConfig.gru(3).resetBeforeProduct(), null, true);
        matchesScalarEquations(RecurrentConfig.gru(3).resetBeforeProduct().layers(2).bidirectional(),
                new int[] {1, 4, 2}, false);
    }

    @Test
    void standardCellsFollowTheirEquationsOnBothPaths() {
        for (RecurrentConfig c : List.of(RecurrentConfig.lstm(3).layers(2).bidirectional(),
                RecurrentConfig.gru(3).layers(2).bidirectional(), RecurrentConfig.rnn(3).relu().bidirectional())) {
            matchesScalarEquations(c, new int[] {4, 1, 3}, true);
        }
    }

    @Test
    void oneLstmStepWorkedByHand() {
        // one unit, one input, x = 1, h0 = 0, c0 = 0.5; W_ih = [i .5, f -.5, g 1, o 2]; W_hh and biases 0:
        // i = s(.5) = .6224593, f = s(-.5) = .3775407, g = tanh(1) = .7615942, o = s(2) = .8807971
        // c = f * .5 + i * g = .6628317, h = o * tanh(c) = .5110779
        Engine e = engine();
        Lstm lstm = new Lstm(e, 1, 1, new RandomSource(1));
        lstm.loadStateDict(Map.of("weight_ih_l0", e.of(new float[] {.5f, -.5f, 1f, 2f}, Shape.of(4, 1)),
                "weight_hh_l0", e.zeros(Shape.of(4, 1)), "bias_ih_l0", e.zeros(Shape.of(4)),
                "bias_hh_l0", e.zeros(Shape.of(4))));
        RecurrentResult r = lstm.forward(e.of(new float[] {1f}, Shape.of(1, 1, 1)), null,
                e.zeros(Shape.of(1, 1, 1)), e.full(Shape.of(1, 1, 1), 0.5));
        assertEquals(0.6628317, r.cN().item(), 1e-6);
        assertEquals(0.5110779, r.hN().item(), 1e-6);
        assertEquals(0.5110779, r.output().item(), 1e-6);
    }

    // ----- padding, dropout, initialisation -----

    @Test
    void paddedStepsAreZeroAndFinalStatesEqualEachSequenceRunAlone() {
        Engine e = engine();
        for (boolean fused : new boolean[] {true, false}) {
            Recurrent layer = RecurrentConfig.lstm(4).bidirectional().build(e, 3, new RandomSource(5));
            layer.useFusedKernels(fused);
            RandomSource rng = new RandomSource(6);
            int time = 5, batch = 2;
            int[] lengths = {2, 5};
            double[] x = RecurrentTesting.values(rng, time * batch * 3);
            RecurrentResult all = layer.forward(RecurrentTesting.tensor(e, DType.FLOAT32, x, time, batch, 3), lengths);
            float[] out = all.output().toFloatArray();
            for (int t = 2; t < time; t++) {
                for (int j = 0; j < 8; j++) {
                    assertEquals(0f, out[(t * batch) * 8 + j], "padded output at t=" + t);
                }
            }
            // sequence 0 alone, truncated to its 2 real steps
            double[] x0 = new double[2 * 3];
            for (int t = 0; t < 2; t++) {
                System.arraycopy(x, (t * batch) * 3, x0, t * 3, 3);
            }
            RecurrentResult alone = layer.forward(RecurrentTesting.tensor(e, DType.FLOAT32, x0, 2, 1, 3));
            float[] hAll = all.hN().toFloatArray(), hAlone = alone.hN().toFloatArray();
            for (int d = 0; d < 2; d++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(hAlone[d * 4 + j], hAll[(d * batch) * 4 + j], 1e-6, "h_n direction " + d);
                }
            }
        }
    }

    @Test
    void lengthsFromAPaddingMask() {
        Engine e = engine();
        Tensor mask = e.of(new float[] {1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0}, Shape.of(3, 4));
        assertArrayEquals(new int[] {2, 4, 1}, Recurrent.lengthsOf(mask));
        Tensor holes = e.of(new float[] {1, 0, 1, 0}, Shape.of(1, 4));
        String m = assertThrows(IllegalArgumentException.class, () -> Recurrent.lengthsOf(holes)).getMessage();
        assertTrue(m.contains("real steps first"), m);
    }

    @Test
    void dropoutOnlyBetweenLayersAndOnlyWhenTraining() {
        Engine e = engine();
        Tensor x = e.randn(Shape.of(4, 2, 3), new RandomSource(1));
        // one layer: dropout has nowhere to go, training equals evaluation
        Recurrent one = RecurrentConfig.gru(5).dropout(0.5).build(e, 3, new RandomSource(2));
        float[] train = one.forward(x).output().toFloatArray();
        one.eval();
        assertArrayEquals(train, one.forward(x).output().toFloatArray(), 0f);
        // two layers: training differs from evaluation, and evaluation is repeatable
        Recurrent two = RecurrentConfig.gru(5).layers(2).dropout(0.5).build(e, 3, new RandomSource(2));
        float[] t2 = two.forward(x).output().toFloatArray();
        two.eval();
        float[] e1 = two.forward(x).output().toFloatArray();
        assertArrayEquals(e1, two.forward(x).output().toFloatArray(), 0f);
        assertFalse(java.util.Arrays.equals(t2, e1));
    }

    @Test
    void initialisers() {
        Engine e = engine();
        int h = 8;
        Recurrent pt = RecurrentConfig.lstm(h).build(e, 5, new RandomSource(1));
        double bound = 1 / Math.sqrt(h);
        for (var p : pt.namedParameters().entrySet()) {
            for (float v : p.getValue().toFloatArray()) {
                assertTrue(Math.abs(v) <= bound, p.getKey() + " outside U(-1/sqrt(H), 1/sqrt(H))");
            }
        }
        Recurrent orth = RecurrentConfig.lstm(h).forgetBiasOne()
                .initialization(RecurrentConfig.Initialization.XAVIER_ORTHOGONAL).build(e, 5, new RandomSource(1));
        float[] whh = orth.namedParameters().get("weight_hh_l0").toFloatArray();
        for (int gate = 0; gate < 4; gate++) {
            for (int a = 0; a < h; a++) {
                for (int b = 0; b < h; b++) {
                    double dot = 0;
                    for (int k = 0; k < h; k++) {
                        dot += whh[(gate * h + a) * h + k] * whh[(gate * h + b) * h + k];
                    }
                    assertEquals(a == b ? 1 : 0, dot, 1e-5, "gate block " + gate + " of weight_hh is not orthogonal");
                }
            }
        }
        float[] bih = orth.namedParameters().get("bias_ih_l0").toFloatArray();
        float[] bhh = orth.namedParameters().get("bias_hh_l0").toFloatArray();
        for (int i = 0; i < 4 * h; i++) {
            assertEquals(i >= h && i < 2 * h ? 1f : 0f, bih[i] + bhh[i], "effective bias " + i);
        }
        float[] wih = orth.namedParameters().get("weight_ih_l0").toFloatArray();
        double a = Math.sqrt(6.0 / (5 + h));
        for (float v : wih) {
            assertTrue(Math.abs(v) <= a, "weight_ih outside the Xavier bound");
        }
    }

    // ----- errors users can cause -----

    @Test
    void inputErrorsNameTheProblem() {
        Engine e = engine();
        Recurrent lstm = RecurrentConfig.lstm(4).build(e, 3, new RandomSource(1));
        Tensor x = e.zeros(Shape.of(5, 2, 3));
        String m = assertThrows(IllegalArgumentException.class, () -> lstm.forward(e.zeros(Shape.of(5, 2, 7))))
                .getMessage();
        assertTrue(m.contains("7 features") && m.contains("built for 3"), m);
        m = assertThrows(IllegalArgumentException.class, () -> lstm.forward(x, new int[] {5, 6})).getMessage();
        assertTrue(m.contains("length 6"), m);
        m = assertThrows(IllegalArgumentException.class, () -> lstm.forward(x, new int[] {5})).getMessage();
        assertTrue(m.contains("1 lengths") && m.contains("batch of 2"), m);
        m = assertThrows(IllegalArgumentException.class, () -> lstm.forward(x, null, e.zeros(Shape.of(2, 2, 4)), null))
                .getMessage();
        assertTrue(m.contains("h0 must be"), m);
        Recurrent gru = RecurrentConfig.gru(4).build(e, 3, new RandomSource(1));
        m = assertThrows(IllegalArgumentException.class, () -> gru.forward(x, null, null, e.zeros(Shape.of(1, 2, 4))))
                .getMessage();
        assertTrue(m.contains("cell state"), m);
        m = assertThrows(IllegalArgumentException.class, () -> RecurrentConfig.gru(4).peephole()).getMessage();
        assertTrue(m.contains("LSTM options"), m);
        m = assertThrows(IllegalArgumentException.class, () -> lstm.forward(e.zeros(Shape.of(5, 3)))).getMessage();
        assertTrue(m.contains("rank 3"), m);
    }
}
