package seqlab.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import seqlab.engine.CellKind;
import seqlab.engine.DType;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.RecurrentKernels.RecurrentRequest;
import seqlab.engine.RecurrentKernels.RecurrentSpec;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.nn.Recurrent;
import seqlab.nn.RecurrentConfig;
import seqlab.nn.RecurrentResult;

/**
 * The engine's fused recurrent kernel against the composed ops, in float32 at sizes where the vector code paths and
 * their tails both run: the same outputs, final states and gradients (input, initial states, all parameters) within
 * {@code 1e-5 * max(1, |value|)}, in training mode with dropout between layers (so both paths must draw the same
 * masks from the same source) and with padded batches; every LSTM variant (peephole, coupled input and forget gates,
 * projection, and all three at once), the GRU's candidate update and recurrent (variational) dropout too. Only
 * engines with fused kernels for every standard cell extend this suite.
 */
public abstract class RecurrentFusedConformance {
    private static final double TOL = 1e-5;
    private static final int TIME = 6, BATCH = 5, INPUT = 7, HIDDEN = 20, PROJECTION = 11;

    protected abstract Engine engine();

    /**
     * Whether the engine's fused kernel covers {@code cfg}. The reference engine fuses every configuration of this
     * suite. An engine built on LibTorch cannot fuse the Cho-style GRU ({@code resetBeforeProduct()}): LibTorch's only
     * GRU applies the reset gate after the hidden product, and no flag changes that. Such an engine answers false for
     * the configurations it cannot express; the test then requires the layer to say so ({@code runsFused()} false)
     * and to run the composed ops when asked for the fused path, with the same results.
     */
    protected boolean fuses(RecurrentConfig cfg) {
        return true;
    }

    static Stream<Arguments> configurations() {
        List<RecurrentConfig> base = List.of(RecurrentConfig.rnn(HIDDEN), RecurrentConfig.rnn(HIDDEN).relu(),
                RecurrentConfig.lstm(HIDDEN), RecurrentConfig.gru(HIDDEN),
                RecurrentConfig.gru(HIDDEN).resetBeforeProduct(), RecurrentConfig.lstm(HIDDEN).peephole(),
                RecurrentConfig.lstm(HIDDEN).coupledInputForget(), RecurrentConfig.lstm(HIDDEN).projection(PROJECTION),
                RecurrentConfig.lstm(HIDDEN).peephole().coupledInputForget().projection(PROJECTION),
                RecurrentConfig.gru(HIDDEN).updateGate(RecurrentConfig.UpdateGate.CANDIDATE),
                RecurrentConfig.rnn(HIDDEN).recurrentDropout(0.3), RecurrentConfig.gru(HIDDEN).recurrentDropout(0.3),
                RecurrentConfig.gru(HIDDEN).resetBeforeProduct().updateGate(RecurrentConfig.UpdateGate.CANDIDATE)
                        .recurrentDropout(0.3),
                RecurrentConfig.lstm(HIDDEN).peephole().projection(PROJECTION).recurrentDropout(0.3));
        List<Arguments> out = new ArrayList<>();
        for (RecurrentConfig c : base) {
            out.add(Arguments.of(c, false));
            out.add(Arguments.of(c.layers(2).bidirectional().dropout(0.25).batchFirst(), true));
            out.add(Arguments.of(c.layers(3).bias(false), true));
        }
        return out.stream();
    }

    private record Run(RecurrentResult result, List<double[]> grads) {
    }

    private Run run(RecurrentConfig cfg, boolean packed, boolean fused) {
        Engine e = engine();
        Recurrent layer = cfg.build(e, INPUT, new RandomSource(8));
        layer.useFusedKernels(fused);
        layer.randomSource(new RandomSource(4));
        RandomSource rng = new RandomSource(3);
        int states = cfg.layers() * cfg.directions();
        double[] xv = RecurrentTesting.values(rng, TIME * BATCH * INPUT);
        Tensor x = (cfg.isBatchFirst() ? RecurrentTesting.tensor(e, DType.FLOAT32, xv, BATCH, TIME, INPUT)
                : RecurrentTesting.tensor(e, DType.FLOAT32, xv, TIME, BATCH, INPUT)).requiresGrad(true);
        Tensor h0 = RecurrentTesting.tensor(e, DType.FLOAT32,
                RecurrentTesting.values(rng, states * BATCH * cfg.stateSize()), states, BATCH, cfg.stateSize())
                .requiresGrad(true);
        Tensor c0 = cfg.kind() == CellKind.LSTM ? RecurrentTesting.tensor(e, DType.FLOAT32,
                RecurrentTesting.values(rng, states * BATCH * HIDDEN), states, BATCH, HIDDEN).requiresGrad(true) : null;
        int[] lengths = packed ? new int[] {4, 6, 1, 3, 6} : null;
        RecurrentResult r = layer.forward(x, lengths, h0, c0);
        RecurrentTesting.probeLoss(r).backward();
        List<Tensor> leaves = new ArrayList<>(List.of(x, h0));
        if (c0 != null) {
            leaves.add(c0);
        }
        Map<String, Tensor> params = layer.namedParameters();
        leaves.addAll(params.values());
        return new Run(r, RecurrentTesting.gradients(leaves));
    }

    @ParameterizedTest(name = "{0}, packed {1}")
    @MethodSource("configurations")
    void fusedKernelMatchesComposedOps(RecurrentConfig cfg, boolean packed) {
        Recurrent probe = cfg.build(engine(), INPUT, new RandomSource(8));
        if (!fuses(cfg)) {
            assertFalse(probe.runsFused(), engine().name() + " declares no fused kernel for " + cfg
                    + " but the layer would run one");
        } else {
            assertTrue(probe.runsFused(), engine().name() + " has no fused kernel for " + cfg + "; an engine extends "
                    + "this suite only when its RecurrentKernels support every standard cell (see fuses())");
        }
        Run fused = run(cfg, packed, true);
        Run composed = run(cfg, packed, false);
        RecurrentTesting.assertClose(cfg + " output", composed.result().output().toDoubleArray(),
                fused.result().output(), TOL);
        RecurrentTesting.assertClose(cfg + " h_n", composed.result().hN().toDoubleArray(), fused.result().hN(), TOL);
        if (composed.result().cN() != null) {
            RecurrentTesting.assertClose(cfg + " c_n", composed.result().cN().toDoubleArray(), fused.result().cN(), TOL);
        }
        assertTrue(fused.grads().size() == composed.grads().size());
        for (int i = 0; i < fused.grads().size(); i++) {
            assertNotNull(composed.grads().get(i), cfg + ": composed path gave no gradient for leaf " + i);
            assertNotNull(fused.grads().get(i), cfg + ": fused path gave no gradient for leaf " + i);
            RecurrentTesting.assertClose(cfg + " gradient of leaf " + i, composed.grads().get(i),
                    fused.grads().get(i), TOL);
        }
    }

    /** One malformed request per rule: each fails when made, on every engine, with the error naming the problem. */
    @org.junit.jupiter.api.Test
    void requestsCheckTheirArgumentsWhenMade() {
        Engine e = engine();
        RecurrentSpec spec = RecurrentSpec.of(CellKind.GRU, 4, 3).layers(2).dropout(0.5).training(true);
        Tensor x = e.zeros(Shape.of(5, 2, 4));
        List<Tensor> w = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            w.add(e.zeros(spec.weightShape(i)));
        }
        assertEquals(Shape.of(9, 3), spec.weightShape(4), "layer 1 reads the 3 hidden units of layer 0");
        assertEquals("weight_hh_l1", spec.weightName(5));
        RecurrentRequest ok = RecurrentRequest.of(spec, x, w).lengths(new int[] {5, 2}).random(new RandomSource(1));
        assertTrue(ok.hasPadding());
        assertEquals(Shape.of(2, 2, 3), ok.initialHidden().shape());
        assertNull(ok.initialCell(), "a GRU has no cell state");
        assertError("expected 8 weight tensors", () -> RecurrentRequest.of(spec, x, w.subList(0, 7)));
        List<Tensor> wrong = new ArrayList<>(w);
        wrong.set(4, e.zeros(Shape.of(9, 4)));
        assertError("weight_ih_l1 must be (9, 3)", () -> RecurrentRequest.of(spec, x, wrong));
        assertError("input must be (time, batch, 4)", () -> RecurrentRequest.of(spec, e.zeros(Shape.of(5, 4)), w));
        assertError("h0 must be (2, 2, 3)", () -> RecurrentRequest.of(spec, x, w).h0(e.zeros(Shape.of(1, 2, 3))));
        assertError("c0 is for LSTM only", () -> RecurrentRequest.of(spec, x, w).c0(e.zeros(Shape.of(2, 2, 3))));
        assertError("length 6 of sequence 1 is outside 1..5",
                () -> RecurrentRequest.of(spec, x, w).lengths(new int[] {5, 6}));
        assertError("1 lengths for a batch of 2", () -> RecurrentRequest.of(spec, x, w).lengths(new int[] {5}));
        assertError("needs a RandomSource", () -> RecurrentRequest.of(spec, x, w).dropoutRandom());
        assertError("resetBeforeProduct is a GRU option",
                () -> RecurrentSpec.of(CellKind.LSTM, 4, 3).resetBeforeProduct(true));
        assertError("dropout must be in [0, 1)", () -> spec.dropout(1.0));
        assertError("recurrentDropout 0.5 while training needs a RandomSource",
                () -> RecurrentRequest.of(spec.dropout(0).recurrentDropout(0.5), x, w).dropoutRandom());
        assertError("recurrentDropout must be in [0, 1)", () -> spec.recurrentDropout(-0.1));
        assertError("candidateUpdate is a GRU option", () -> RecurrentSpec.of(CellKind.LSTM, 4, 3).candidateUpdate(true));
        int[] lengths = {5, 2};
        RecurrentRequest kept = RecurrentRequest.of(spec, x, w).lengths(lengths);
        lengths[1] = 9;
        assertEquals(2, kept.lengths()[1], "the request keeps the lengths it checked");
    }

    private static void assertError(String expected, org.junit.jupiter.api.function.Executable call) {
        var err = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, call);
        assertTrue(err.getMessage().contains(expected), "expected '" + expected + "' in: " + err.getMessage());
    }
}
