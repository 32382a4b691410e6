package seqlab.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.model.Candidate;
import seqlab.model.ConvSpec;
import seqlab.model.Forecaster;
import seqlab.model.ModelSpec;
import seqlab.model.Models;
import seqlab.model.RecurrentSpec;
import seqlab.model.Seq2Seq;
import seqlab.model.SequenceClassifier;
import seqlab.model.SequenceEncoder;
import seqlab.nn.RecurrentConfig;
import seqlab.nn.TransformerConfig;

/**
 * Typed model specs on an engine: every spec builds the module its settings describe, with exactly the parameter
 * count its config's formula gives, and a spec read back from its settings (as a stored trial holds it) builds the
 * same weights and outputs.
 */
public abstract class ModelSpecConformance {

    protected abstract Engine engine();

    static Stream<ModelSpec> specs() {
        return Stream.of(Models.lstm(6), Models.lstm(6).layers(2).bidirectional().dropout(0.2).recurrentDropout(0.1),
                Models.recurrent(RecurrentConfig.lstm(6).projection(3).peephole().coupledInputForget().forgetBias(1.5)),
                Models.lstm(5).with("bias", false).with("init", "xavier-orthogonal"),
                Models.gru(5).with("reset_before", true).with("update_gate", "candidate").bidirectional(),
                Models.rnn(4).with("nonlinearity", "relu").layers(3),
                Models.transformer(2, 8, 2),
                Models.transformer(TransformerConfig.of(8, 4).feedforward(12).normFirst(true)
                        .activation(TransformerConfig.Activation.GELU), 1).with("positional", "learned")
                        .with("max_positions", 20),
                Models.cnn(5).with("kernel", 2).layers(3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void theEncoderHasTheParameterCountOfItsConfig(ModelSpec spec) {
        for (int input : new int[] {3, spec.hidden()}) {
            SequenceEncoder enc = spec.encoder(engine(), input, new RandomSource(1));
            assertEquals(spec.parameterCount(input), enc.parameterCount(), spec + " on " + input + " inputs");
            assertEquals(spec.outputSize(), enc.outputSize(), spec.toString());
            Tensor x = engine().randn(Shape.of(2, 5, input), new RandomSource(2));
            Tensor out = enc.forward(x, new int[] {5, 3}).outputs();
            assertEquals(Shape.of(2, 5, spec.outputSize()), out.shape(), spec.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void taskModelsHaveTheirFormulasParameterCounts(ModelSpec spec) {
        Engine e = engine();
        for (String pool : List.of("mean", "attention")) {
            ModelSpec s = spec.with("pool", pool).with("embedding", 7);
            assertEquals(SequenceClassifier.parameterCount(s, 20, 9, 3),
                    new SequenceClassifier(e, s, 20, 9, 3, new RandomSource(3)).parameterCount(), s.toString());
        }
        for (String head : List.of("summary", "last", "flatten")) {
            ModelSpec s = spec.with("head", head).with("strategy", "recursive");
            assertEquals(Forecaster.parameterCount(s, 2, 6, 3),
                    new Forecaster(e, s, 2, 6, 3, new RandomSource(4)).parameterCount(), s.toString());
        }
        // a Seq2Seq decoder starts from the encoder's states, so it takes no CNN and no LSTM projection
        boolean projected = spec instanceof RecurrentSpec r && r.config().projectionSize() > 0;
        if (!(spec instanceof ConvSpec) && !projected) {
            ModelSpec s = spec.isRecurrent() ? spec.with("attention", "general").with("bridge", "sum") : spec;
            assertEquals(Seq2Seq.parameterCount(s, 11, 9, 6), new Seq2Seq(e, s, 11, 9, 6, new RandomSource(5))
                    .parameterCount(), s.toString());
        }
    }

    /** A stored trial keeps a spec as its settings; read back, it builds the same weights and the same outputs. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void aSpecReadBackFromItsSettingsBuildsTheSameModel(ModelSpec spec) {
        Map<String, Object> json = spec.named("mine").json();
        ModelSpec back = (ModelSpec) Candidate.fromJson(json);
        assertEquals(spec.named("mine"), back);
        assertEquals(spec.settings(), back.settings());
        Engine e = engine();
        var a = new SequenceClassifier(e, spec, 13, 4, 2, new RandomSource(6));
        var b = new SequenceClassifier(e, back, 13, 4, 2, new RandomSource(6));
        a.eval();
        b.eval();
        Tensor ids = e.ofIndices(new long[] {1, 2, 3, 4, 5, 6, 7, 8}, Shape.of(2, 4));
        try (var ignored = e.noGrad()) {
            assertArrayEquals(a.forward(ids, new int[] {4, 2}).toFloatArray(),
                    b.forward(ids, new int[] {4, 2}).toFloatArray());
        }
        assertTrue(a.stateDict().keySet().equals(b.stateDict().keySet()));
    }
}
