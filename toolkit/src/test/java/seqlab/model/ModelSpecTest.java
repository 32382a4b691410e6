package seqlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import seqlab.nn.RecurrentConfig;
import seqlab.nn.TransformerConfig;

class ModelSpecTest {
    @Test
    void parameterCountsEqualPyTorchs() {
        // torch.nn.LSTM(100, 128): 4*128*(100+128+2)
        assertEquals(117_760, Models.lstm(128).parameterCount(100));
        assertEquals(88_320, Models.gru(128).parameterCount(100));
        assertEquals(29_440, Models.rnn(128).parameterCount(100));
        // nn.LSTM(100, 128, num_layers=2, bidirectional=True): layer 0 2*117760, layer 1 2*4*128*(256+128+2)
        assertEquals(2 * 117_760 + 2 * 4 * 128 * (256 + 128 + 2), Models.lstm(128).layers(2).bidirectional().parameterCount(100));
        // nn.LSTM(10, 8, proj_size=4): 4*8*10 + 4*8*4 + 2*4*8 + 4*8
        assertEquals(4 * 8 * 10 + 4 * 8 * 4 + 2 * 4 * 8 + 4 * 8, Models.lstm(8).with("projection", 4).parameterCount(10));
        // nn.TransformerEncoderLayer(16, 2, 64): 4*16*16+4*16 + 2*16*64+64+16 + 4*16, plus Linear(10, 16)
        assertEquals(10 * 16 + 16 + 4 * 256 + 64 + 2 * 16 * 64 + 64 + 16 + 64, Models.transformer(1, 16, 2).parameterCount(10));
        assertEquals(Models.transformer(1, 16, 2).parameterCount(10) + 512 * 16,
                Models.transformer(1, 16, 2).with("positional", "learned").parameterCount(10));
        // two Conv1d(in, 6, 3) layers: 6*4*3+6 + 6*6*3+6
        assertEquals(6 * 4 * 3 + 6 + 6 * 6 * 3 + 6, Models.cnn(6).parameterCount(4));
    }

    @Test
    void gruHasAQuarterFewerParametersThanLstm() {
        long lstm = Models.lstm(128).parameterCount(100), gru = Models.gru(128).parameterCount(100);
        assertEquals(0.25, 1.0 - (double) gru / lstm, 1e-12);
    }

    @Test
    void variantsChangeTheCount() {
        assertEquals(117_760 + 3 * 128, Models.peephole(128).parameterCount(100));
        assertEquals(3 * 128 * (100 + 128 + 2), Models.cifg(128).parameterCount(100));
        assertEquals(117_760 - 8 * 128, Models.lstm(128).with("bias", false).parameterCount(100));
    }

    @Test
    void specsPrintReadablyAndAreValues() {
        assertEquals("lstm(hidden=128, layers=2, bidirectional, dropout=0.3)",
                Models.lstm(128).layers(2).bidirectional().dropout(0.3).toString());
        assertEquals("gru(hidden=8, recurrent_dropout=0.25, update_gate=candidate, pool=attention, name=g)",
                Models.gru(8).with("recurrent_dropout", 0.25).with("update_gate", "candidate").with("pool", "attention")
                        .named("g").toString());
        assertEquals("transformer(hidden=64, layers=2, heads=4)", Models.transformer(2, 64, 4).toString());
        assertEquals("bilstm", Models.lstm(64).bidirectional().name());
        assertEquals("peephole-lstm", Models.peephole(64).name());
        assertEquals("gru+additive", Models.gru(64).with("attention", "bahdanau").name());
        assertEquals(Models.gru(8), Models.gru(8));
        assertEquals(Models.gru(8).hashCode(), Models.gru(8).hashCode());
        assertNotEquals(Models.gru(8), Models.gru(8).named("x"));
        assertThrows(IllegalArgumentException.class, () -> Models.lstm(0));
        assertThrows(IllegalArgumentException.class, () -> Models.transformer(2, 130, 4));
    }

    /** Every knob of the guide is reachable by name, on the typed config behind it. */
    @Test
    void everyKnobIsReachableByNameAndLandsInTheTypedConfig() {
        RecurrentSpec lstm = Models.lstm(16).with("layers", 2).with("bidirectional", true).with("dropout", 0.1)
                .with("recurrent_dropout", 0.2).with("init", "xavier-orthogonal").with("forget_bias", 1.0)
                .with("bias", true).with("peephole", true).with("cifg", true).with("projection", 8);
        assertEquals(RecurrentConfig.lstm(16).layers(2).bidirectional().dropout(0.1).recurrentDropout(0.2)
                .initialization(RecurrentConfig.Initialization.XAVIER_ORTHOGONAL).forgetBiasOne().peephole()
                .coupledInputForget().projection(8), lstm.config());
        RecurrentSpec gru = Models.gru(8).with("reset_before", "true").with("update_gate", "candidate");
        assertTrue(gru.config().isResetBeforeProduct());
        assertEquals(RecurrentConfig.UpdateGate.CANDIDATE, gru.config().updateGate());
        assertEquals(seqlab.engine.CellKind.RNN_RELU, Models.rnn(8).with("nonlinearity", "relu").config().kind());
        TransformerSpec t = Models.transformer(1, 16, 2).with("heads", 4).with("feedforward", 32).with("norm", "pre")
                .with("activation", "gelu").with("positional", "learned").with("max_positions", 64)
                .with("layer_norm_eps", 1e-6).with("dropout", 0.1);
        assertEquals(new TransformerConfig(16, 4, 32, 0.1, TransformerConfig.Activation.GELU, true, 1e-6), t.config());
        assertEquals(TransformerSpec.Positional.LEARNED, t.positional());
        assertEquals(64, t.maxPositions());
        assertEquals(5, Models.cnn(4).with("kernel", 5).config().kernel());
        ModelSpec heads = Models.gru(8).with("pool", "max").with("attention", "dot").with("input_feeding", true)
                .with("bridge", "sum").with("embedding", 12).with("tie_embeddings", true).with("share_embeddings", true)
                .with("strategy", "recursive").with("head", "last").with("level", "none").with("calendar", true);
        assertEquals(new TaskHeads(TaskHeads.Pooling.MAX, Seq2Seq.AttentionKind.DOT, true, TaskHeads.Bridge.SUM, 12,
                true, true, Forecaster.Strategy.RECURSIVE, TaskHeads.Readout.LAST, TaskHeads.Level.NONE, true,
                Forecaster.Likelihood.NONE), heads.heads());
    }

    @Test
    void anUnknownKeyOrAWrongValueIsAOneLineErrorNamingTheValidOnes() {
        var typo = assertThrows(IllegalArgumentException.class, () -> Models.lstm(8).with("peepole", true));
        assertTrue(typo.getMessage().contains("lstm has no setting 'peepole'"), typo.getMessage());
        assertTrue(typo.getMessage().contains("peephole"), "lists the valid settings: " + typo.getMessage());
        var notGru = assertThrows(IllegalArgumentException.class, () -> Models.gru(8).with("peephole", true));
        assertTrue(notGru.getMessage().contains("gru has no setting 'peephole'"), notGru.getMessage());
        var type = assertThrows(IllegalArgumentException.class, () -> Models.lstm(8).with("hidden", "wide"));
        assertEquals("lstm: 'hidden' takes an integer, got \"wide\" (String)", type.getMessage());
        var fraction = assertThrows(IllegalArgumentException.class, () -> Models.lstm(8).with("layers", 2.5));
        assertTrue(fraction.getMessage().contains("'layers' takes an integer, got 2.5 (Double)"), fraction.getMessage());
        var bool = assertThrows(IllegalArgumentException.class, () -> Models.lstm(8).with("peephole", "yes"));
        assertTrue(bool.getMessage().contains("takes true or false"), bool.getMessage());
        var value = assertThrows(IllegalArgumentException.class, () -> Models.lstm(8).with("pool", "median"));
        assertTrue(value.getMessage().contains("one of last, mean, max, attention"), value.getMessage());
        var range = assertThrows(IllegalArgumentException.class, () -> Models.lstm(8).with("recurrent_dropout", 1.0));
        assertTrue(range.getMessage().contains("recurrent dropout must be in [0, 1)"), range.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Models.transformer(1, 8, 2).with("pool", "last"));
        assertThrows(IllegalArgumentException.class, () -> Models.transformer(1, 8, 2).with("heads", 3));
        for (var e : List.of(typo, notGru, type, fraction, bool, value, range)) {
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void settingsSpellOutEveryDefaultAndLeaveTheNameOut() {
        Map<String, Object> s = Models.gru(8).named("mine").settings();
        assertEquals("gru", s.get("family"));
        assertEquals(List.of("family", "hidden", "layers", "bidirectional", "dropout", "recurrent_dropout", "bias", "init",
                "reset_before", "update_gate", "pool", "attention", "input_feeding", "bridge", "embedding",
                "tie_embeddings", "share_embeddings", "strategy", "head", "level", "calendar", "likelihood"), List.copyOf(s.keySet()));
        assertEquals("previous", s.get("update_gate"));
        assertEquals("pytorch", s.get("init"));
        assertEquals("last", s.get("pool"));
        assertEquals(Models.gru(8).settings(), s, "the name is not a setting");
        assertEquals("mine", Models.gru(8).named("mine").json().get("name"));
        assertNull(Models.lstm(8).with("forget_bias", "none").settings().get("forget_bias"));
        assertEquals("mean", Models.transformer(1, 8, 2).settings().get("pool"));
        assertEquals("flatten", Models.cnn(4).settings().get("head"));
        assertEquals(8, Models.gru(8).setting("hidden"));
        assertThrows(IllegalArgumentException.class, () -> Models.gru(8).setting("kernel"));
    }

    @Test
    void everySpecSurvivesItsJsonForm() {
        for (Candidate c : List.of(Models.lstm(8).bidirectional().layers(2).with("forget_bias", 1.5),
                Models.gru(4).with("update_gate", "candidate").named("g"), Models.rnn(3).with("nonlinearity", "relu"),
                Models.transformer(2, 8, 2).with("positional", "learned").with("norm", "pre"),
                Models.cnn(5).with("kernel", 2).dropout(0.1), Baseline.of("naive"), new Baseline("bow", "bow-logreg"))) {
            assertEquals(c, Candidate.fromJson(c.json()), c.toString());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Candidate.fromJson(Map.of("family", "lsmt", "hidden", 4)));
        assertTrue(e.getMessage().contains("Unknown model family 'lsmt'"), e.getMessage());
    }

    @Test
    void aTransformersFeedForwardKeepsItsRatioToTheWidth() {
        TransformerSpec t = Models.transformer(1, 16, 4);
        assertEquals(64, t.config().dimFeedforward());
        assertEquals(128, t.hidden(32).config().dimFeedforward());
        assertEquals(48, t.with("feedforward", 24).hidden(32).config().dimFeedforward());
    }

    @Test
    void specsParseFromTextInEitherForm() {
        assertEquals(Models.lstm(128).layers(2).dropout(0.2), Models.parse("lstm[hidden=128,layers=2,dropout=0.2]"));
        assertEquals(Models.lstm(128).layers(2).dropout(0.2), Models.parse("lstm:hidden=128:layers=2:dropout=0.2"));
        assertEquals(Models.peephole(32).bidirectional(), Models.parse("peephole[hidden=32,bidirectional=true]"));
        assertEquals(Models.transformer(2, 64, 4), Models.parse("transformer[hidden=64,layers=2,heads=4]"));
        assertEquals(Models.gru(8).named("small"), Models.parse("gru[hidden=8,name=small]"));
        assertEquals(new SpecSyntax("lstm", Map.of()), SpecSyntax.parse("lstm"));
        for (String bad : List.of("lstm[hidden=8", "lstm[]", "lstm[hidden]", "lstm:hidden=8:hidden=9", "[hidden=8]",
                "lstm[hidden=]")) {
            var e = assertThrows(IllegalArgumentException.class, () -> SpecSyntax.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        var noWidth = assertThrows(IllegalArgumentException.class, () -> Models.parse("gru[layers=2]"));
        assertTrue(noWidth.getMessage().contains("hidden="), noWidth.getMessage());
        Map<String, Object> varied = new java.util.LinkedHashMap<>();
        varied.put("hidden", 8);
        varied.put("lr", 1e-4);
        assertEquals("gru[hidden=8,lr=0.0001]", SpecSyntax.name("gru", varied));
    }
}
