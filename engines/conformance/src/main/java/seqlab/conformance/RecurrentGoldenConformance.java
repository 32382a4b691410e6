package seqlab.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import seqlab.engine.DType;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;
import seqlab.nn.Recurrent;
import seqlab.nn.RecurrentConfig;
import seqlab.nn.RecurrentResult;

/**
 * The recurrent layers against PyTorch 1.13 on every recurrent golden fixture (plain, bidirectional, stacked, given
 * state, projection, packed variable lengths): outputs, final states and the gradients of a probe loss with respect
 * to the input, the initial states and every parameter, through both the engine's fused kernel and the composed ops.
 * In float64 (where the engine has it) values must agree to 1e-9 relative; in float32 to 1e-5.
 */
public abstract class RecurrentGoldenConformance {

    protected abstract Engine engine();

    /** Every recurrent case in the golden index. */
    static final List<String> CASES = List.of("rnn_tanh", "rnn_relu_bidir_2layer", "lstm_basic", "lstm_bidir_2layer",
            "lstm_proj", "lstm_given_state_bidir_2layer", "gru_basic", "gru_bidir_2layer", "packed_lstm_bidir_2layer",
            "packed_gru_bidir", "packed_rnn_tanh");

    static Stream<Arguments> casesAndPaths() {
        return CASES.stream().flatMap(c -> Stream.of(Arguments.of(c, true), Arguments.of(c, false)));
    }

    @Test
    void everyRecurrentFixtureIsCovered() {
        for (String c : Golden.index()) {
            if (c.startsWith("rnn_") || c.startsWith("lstm_") || c.startsWith("gru_") || c.startsWith("packed_")) {
                assertTrue(CASES.contains(c), "golden case " + c + " is not checked by " + getClass().getSimpleName());
            }
        }
    }

    static RecurrentConfig configOf(Golden g, DType dt) {
        String module = g.stringConfig("module");
        int hidden = g.intConfig("hidden_size");
        RecurrentConfig c = switch (module) {
            case "nn.RNN" -> "relu".equals(g.stringConfig("nonlinearity")) ? RecurrentConfig.rnn(hidden).relu()
                    : RecurrentConfig.rnn(hidden);
            case "nn.LSTM" -> RecurrentConfig.lstm(hidden);
            case "nn.GRU" -> RecurrentConfig.gru(hidden);
            default -> throw new IllegalArgumentException("not a recurrent fixture: " + module);
        };
        c = c.layers(g.intConfig("num_layers")).bidirectional(g.booleanConfig("bidirectional"))
                .batchFirst(g.booleanConfig("batch_first")).bias(g.booleanConfig("bias")).dtype(dt);
        if (g.config().containsKey("proj_size") && g.intConfig("proj_size") > 0) {
            c = c.projection(g.intConfig("proj_size"));
        }
        return c;
    }

    @ParameterizedTest(name = "{0}, fused kernels {1}")
    @MethodSource("casesAndPaths")
    void matchesPyTorch(String caseName, boolean fused) {
        Engine e = engine();
        DType dt = GradCheck.dtypeFor(e);
        double tol = dt == DType.FLOAT64 ? 1e-9 : 1e-5;
        Golden g = Golden.load(caseName);
        RecurrentConfig cfg = configOf(g, dt);
        Recurrent layer = cfg.build(e, g.intConfig("input_size"), new RandomSource(1));
        layer.useFusedKernels(fused);
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (String name : layer.namedParameters().keySet()) {
            assertTrue(g.has(name), caseName + " has no parameter " + name);
            state.put(name, RecurrentTesting.tensor(e, dt, g.tensor(name)));
        }
        layer.loadStateDict(state);
        Tensor x = RecurrentTesting.tensor(e, dt, g.tensor("input")).requiresGrad(true);
        Tensor h0 = g.has("h0") ? RecurrentTesting.tensor(e, dt, g.tensor("h0")).requiresGrad(true) : null;
        Tensor c0 = g.has("c0") ? RecurrentTesting.tensor(e, dt, g.tensor("c0")).requiresGrad(true) : null;
        int[] lengths = g.has("lengths") ? g.tensor("lengths").ints() : null;

        RecurrentResult r = layer.forward(x, lengths, h0, c0);
        RecurrentTesting.assertClose(caseName + " output", g.tensor("output").data(), r.output(), tol);
        RecurrentTesting.assertClose(caseName + " h_n", g.tensor("h_n").data(), r.hN(), tol);
        if (g.has("c_n")) {
            assertNotNull(r.cN(), caseName + ": c_n missing");
            RecurrentTesting.assertClose(caseName + " c_n", g.tensor("c_n").data(), r.cN(), tol);
        }
        Tensor loss = r.output().mul(RecurrentTesting.tensor(e, dt, g.tensor("grad_probe"))).sum()
                .add(r.hN().mul(RecurrentTesting.tensor(e, dt, g.tensor("grad_probe_h"))).sum());
        if (g.has("grad_probe_c")) {
            loss = loss.add(r.cN().mul(RecurrentTesting.tensor(e, dt, g.tensor("grad_probe_c"))).sum());
        }
        assertEquals(g.tensor("loss").data()[0], loss.item(), tol * Math.max(1, Math.abs(loss.item())), caseName + " loss");
        loss.backward();
        List<String> checked = new ArrayList<>();
        RecurrentTesting.assertClose(caseName + " grad.input", g.tensor("grad.input").data(), x.grad(), tol);
        checked.add("input");
        if (h0 != null) {
            RecurrentTesting.assertClose(caseName + " grad.h0", g.tensor("grad.h0").data(), h0.grad(), tol);
            checked.add("h0");
        }
        if (c0 != null) {
            RecurrentTesting.assertClose(caseName + " grad.c0", g.tensor("grad.c0").data(), c0.grad(), tol);
            checked.add("c0");
        }
        for (var p : layer.namedParameters().entrySet()) {
            assertNotNull(p.getValue().grad(), caseName + ": no gradient for " + p.getKey());
            RecurrentTesting.assertClose(caseName + " grad." + p.getKey(), g.tensor("grad." + p.getKey()).data(),
                    p.getValue().grad(), tol);
            checked.add(p.getKey());
        }
        for (String name : g.names()) {
            if (name.startsWith("grad.")) {
                assertTrue(checked.contains(name.substring(5)), caseName + ": " + name + " was not compared");
            }
        }
    }
}
