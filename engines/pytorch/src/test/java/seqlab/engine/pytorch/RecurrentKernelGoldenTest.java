package seqlab.engine.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import seqlab.conformance.Golden;
import seqlab.conformance.GoldenTensor;
import seqlab.engine.CellKind;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.engine.RecurrentKernels;
import seqlab.engine.RecurrentKernels.RecurrentOutput;
import seqlab.engine.RecurrentKernels.RecurrentRequest;
import seqlab.engine.RecurrentKernels.RecurrentSpec;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;

/**
 * The fused kernels against PyTorch's own numbers (float64 fixtures from {@code engines/conformance}): outputs,
 * final states and every gradient, including bidirectional stacks, given initial states and packed batches.
 */
class RecurrentKernelGoldenTest {
    /** LibTorch 2.7.1 against the 1.13 that wrote the fixtures, both in float64: only summation order differs. */
    private static final double TOL = 1e-10;

    private final Engine e = Engines.get("pytorch");
    private final RecurrentKernels k = e.recurrentKernels().orElseThrow();

    private Tensor t(GoldenTensor g) {
        return e.of(g.data(), Shape.of(g.shape()));
    }

    private static void close(String what, GoldenTensor expected, Tensor actual) {
        assertEquals(Shape.of(expected.shape()), actual.shape(), what + " shape");
        double[] x = expected.data(), y = actual.toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], y[i], TOL * Math.max(1, Math.abs(x[i])), what + " element " + i);
        }
    }

    private static CellKind cell(Golden g) {
        return switch (g.stringConfig("module")) {
            case "nn.LSTM" -> CellKind.LSTM;
            case "nn.GRU" -> CellKind.GRU;
            default -> "relu".equals(g.config().get("nonlinearity")) ? CellKind.RNN_RELU : CellKind.RNN_TANH;
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm_basic", "lstm_bidir_2layer", "lstm_given_state_bidir_2layer", "gru_basic",
            "gru_bidir_2layer", "rnn_tanh", "rnn_relu_bidir_2layer", "packed_lstm_bidir_2layer", "packed_gru_bidir",
            "packed_rnn_tanh"})
    void matchesPyTorch(String name) {
        Golden g = Golden.load(name);
        CellKind cell = cell(g);
        boolean bidir = g.booleanConfig("bidirectional"), batchFirst = g.booleanConfig("batch_first");
        int layers = g.intConfig("num_layers");
        var spec = new RecurrentSpec(cell, g.intConfig("input_size"), g.intConfig("hidden_size"), layers, bidir,
                g.booleanConfig("bias"), 0.0, true, false);
        assertTrue(k.supports(spec));
        List<Tensor> weights = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            for (String dir : bidir ? List.of("", "_reverse") : List.of("")) {
                for (String p : List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh")) {
                    String n = p + "_l" + l + dir;
                    names.add(n);
                    weights.add(t(g.tensor(n)).requiresGrad(true));
                }
            }
        }
        Tensor input = t(g.tensor("input")).requiresGrad(true);
        Tensor x = batchFirst ? input.transpose(0, 1) : input;
        Tensor h0 = g.has("h0") ? t(g.tensor("h0")).requiresGrad(true) : null;
        Tensor c0 = g.has("c0") ? t(g.tensor("c0")).requiresGrad(true) : null;
        int[] lengths = g.has("lengths") ? g.tensor("lengths").ints() : null;

        RecurrentOutput r = k.run(RecurrentRequest.of(spec, x, weights).h0(h0).c0(c0).lengths(lengths));
        Tensor out = batchFirst ? r.output().transpose(0, 1) : r.output();
        close(name + " output", g.tensor("output"), out);
        close(name + " h_n", g.tensor("h_n"), r.hN());
        Tensor loss = out.mul(t(g.tensor("grad_probe"))).sum().add(r.hN().mul(t(g.tensor("grad_probe_h"))).sum());
        if (cell == CellKind.LSTM) {
            close(name + " c_n", g.tensor("c_n"), r.cN());
            loss = loss.add(r.cN().mul(t(g.tensor("grad_probe_c"))).sum());
        }
        assertEquals(g.tensor("loss").data()[0], loss.item(), 1e-9);
        loss.backward();
        close(name + " grad.input", g.tensor("grad.input"), input.grad());
        if (h0 != null) {
            close(name + " grad.h0", g.tensor("grad.h0"), h0.grad());
            close(name + " grad.c0", g.tensor("grad.c0"), c0.grad());
        }
        for (int i = 0; i < weights.size(); i++) {
            close(name + " grad." + names.get(i), g.tensor("grad." + names.get(i)), weights.get(i).grad());
        }
    }

    @Test
    void declinesWhatItCannotDoExactly() {
        assertFalse(k.supports(RecurrentSpec.of(CellKind.GRU, 4, 3).resetBeforeProduct(true)));
        // dropout while training runs one fused layer at a time with masks from the RandomSource
        var dropout = new RecurrentSpec(CellKind.LSTM, 4, 3, 2, false, true, 0.3, true, false);
        assertTrue(k.supports(dropout));
        assertTrue(k.supports(new RecurrentSpec(CellKind.LSTM, 4, 3, 2, false, true, 0.3, false, false)));
        var noRng = assertThrows(IllegalArgumentException.class, () -> k.run(RecurrentRequest.of(dropout,
                e.zeros(Shape.of(5, 2, 4)), List.of(e.zeros(Shape.of(12, 4)), e.zeros(Shape.of(12, 3)), e.zeros(Shape.of(12)),
                        e.zeros(Shape.of(12)), e.zeros(Shape.of(12, 3)), e.zeros(Shape.of(12, 3)), e.zeros(Shape.of(12)),
                        e.zeros(Shape.of(12))))));
        assertTrue(noRng.getMessage().contains("RandomSource"), noRng.getMessage());
        var spec = new RecurrentSpec(CellKind.LSTM, 4, 3, 1, false, true, 0, true, false);
        var err = assertThrows(IllegalArgumentException.class,
                () -> k.run(RecurrentRequest.of(spec, e.zeros(Shape.of(5, 2, 4)), List.of(e.zeros(Shape.of(12, 4))))));
        assertTrue(err.getMessage().contains("expected 4 weight tensors"), err.getMessage());
    }

    @Test
    void noGradScopeGivesResultsWithoutGraph() {
        var spec = new RecurrentSpec(CellKind.GRU, 2, 3, 1, false, false, 0, false, false);
        Tensor w1 = e.ones(Shape.of(9, 2)).requiresGrad(true), w2 = e.ones(Shape.of(9, 3)).requiresGrad(true);
        RecurrentOutput r;
        try (var ignored = e.noGrad()) {
            r = k.run(RecurrentRequest.of(spec, e.ones(Shape.of(4, 1, 2)), List.of(w1, w2)));
        }
        assertNotNull(r.output());
        assertFalse(r.output().requiresGrad());
        assertTrue(k.run(RecurrentRequest.of(spec, e.ones(Shape.of(4, 1, 2)), List.of(w1, w2))).output().requiresGrad());
    }
}
