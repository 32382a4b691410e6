package seqlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import seqlab.model.Models;

class ResultStoreTest {
    static TrialSpec spec(long seed) {
        return new TrialSpec("classification", "sentiment", "abc", Map.of("embedding", 64), Models.lstm(32).bidirectional(),
                TrainConfig.defaults(), seed, "reference", "dev", "cpu");
    }

    static TrialResult result(TrialSpec s, double acc) {
        var extras = new ClassificationExtras(List.of("neg", "pos"), List.of(4, 9, 2), List.of(1, 0, 1), List.of(1, 1, 1),
                30, 10, 2);
        return new TrialResult(s, TrialResult.Status.OK, "", 1234, 3, 2, false, 1.5, 1000, Map.of("accuracy", acc,
                "macro_f1", 0.1 + 0.2), Map.of("accuracy", acc - 0.01), List.of(new EpochStats(1, 0.7, Double.NaN, acc, 0.5, 1.2)), extras,
                Map.of("engine", "reference"));
    }

    @Test
    void idIsStableAndDependsOnEverythingThatDeterminesTheNumbers() {
        TrialSpec s = spec(1);
        assertEquals(s.id(), spec(1).id());
        assertEquals(16, s.id().length());
        List<TrialSpec> changed = List.of(spec(2),
                new TrialSpec("forecasting", "sentiment", "abc", s.taskOptions(), s.model(), s.train(), 1, "reference", "dev", "cpu"),
                new TrialSpec(s.task(), s.dataset(), "abd", s.taskOptions(), s.model(), s.train(), 1, "reference", "dev", "cpu"),
                new TrialSpec(s.task(), s.dataset(), "abc", Map.of("embedding", 32), s.model(), s.train(), 1, "reference", "dev", "cpu"),
                s.withModel(Models.lstm(32)),
                s.withModel(Models.lstm(32).bidirectional().with("recurrent_dropout", 0.1)),
                new TrialSpec(s.task(), s.dataset(), "abc", s.taskOptions(), s.model(), s.train().lr(2e-3), 1, "reference", "dev", "cpu"),
                new TrialSpec(s.task(), s.dataset(), "abc", s.taskOptions(), s.model(), s.train().labelSmoothing(0.1), 1, "reference", "dev", "cpu"),
                new TrialSpec(s.task(), s.dataset(), "abc", s.taskOptions(), s.model(), s.train(), 1, "pytorch", "dev", "cpu"),
                new TrialSpec(s.task(), s.dataset(), "abc", s.taskOptions(), s.model(), s.train(), 1, "reference", "0.2.0", "cpu"),
                new TrialSpec(s.task(), s.dataset(), "abc", s.taskOptions(), s.model(), s.train(), 1, "reference", "dev", "gpu"));
        for (TrialSpec c : changed) {
            assertNotEquals(s.id(), c.id(), c.canonical().toString());
        }
        // what does not change the numbers does not change the id: the display names of model and dataset
        assertEquals(s.id(), s.withModel(s.model() instanceof seqlab.model.ModelSpec m ? m.named("mine") : null).id());
        assertEquals(s.id(), new TrialSpec(s.task(), "renamed", "abc", s.taskOptions(), s.model(), s.train(), 1,
                "reference", "dev", "cpu").id());
        assertEquals(TrialSpec.FORMAT, s.canonical().get("format").asInt());
    }

    @Test
    void specsAndResultsSurviveJsonExactly() {
        TrialSpec s = spec(3).withModel(Models.gru(8).with("update_gate", "candidate").named("g"));
        assertEquals(s, TrialSpec.fromJson(s.toJson()));
        assertEquals(s.id(), TrialSpec.fromJson(s.toJson()).id());
        TrialResult r = result(s, 0.1 + 0.7);
        TrialResult back = TrialResult.fromJson(r.toJson());
        assertEquals(r, back);
        assertEquals(Double.doubleToLongBits(0.1 + 0.7), Double.doubleToLongBits(back.metric("accuracy")));
    }

    @Test
    void savedResultsRoundTripAndAreFoundAgain(@TempDir Path dir) throws Exception {
        var store = new ResultStore(dir);
        TrialResult r = result(spec(7), 0.81);
        store.save(r);
        TrialResult back = new ResultStore(dir).find(spec(7)).orElseThrow();
        assertEquals(r, back);
        assertTrue(new ResultStore(dir).find(spec(8)).isEmpty());
        try (var files = Files.list(dir.resolve("trials"))) {
            assertEquals(1, files.count()); // no temp files left behind
        }
        String text = Files.readString(store.file(spec(7)));
        assertTrue(text.contains("\"canonical\"") && text.contains("\"id\" : \"" + spec(7).id() + "\""), text);
    }

    @Test
    void failedTrialsAreNotReused(@TempDir Path dir) {
        var store = new ResultStore(dir);
        store.save(TrialResult.failed(spec(3), new IllegalArgumentException("bad"), Map.of()));
        assertTrue(store.find(spec(3)).isEmpty());
        assertEquals(1, store.all().size());
        assertEquals("IllegalArgumentException: bad", store.all().get(0).error());
        assertEquals(TrialResult.Status.FAILED, store.all().get(0).status());
        assertEquals(TrialResult.Status.DIVERGED, TrialResult.failed(spec(3),
                new seqlab.train.TrainingDivergedException("loss is NaN at step 5", 5, 0.4, Double.NaN, null), Map.of()).status());
    }

    /** A file holding another trial's result (copied or edited by hand) is refused, naming the field that differs. */
    @Test
    void aStoredTrialOfAnotherSpecIsRefusedNamingTheFirstDifference(@TempDir Path dir) throws Exception {
        var store = new ResultStore(dir);
        TrialSpec asked = spec(1), other = spec(1).withModel(Models.lstm(64).bidirectional());
        store.save(result(other, 0.9));
        Files.createDirectories(store.file(asked).getParent());
        Files.copy(store.file(other), store.file(asked));
        var e = assertThrows(IllegalStateException.class, () -> store.find(asked));
        assertTrue(e.getMessage().contains(store.file(asked).toString()), e.getMessage());
        assertTrue(e.getMessage().contains("model.hidden: 64 vs 32"), e.getMessage());
        assertTrue(e.getMessage().contains("delete it to rerun"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void emptyGarbledAndNullTrialFilesAreOneLineErrorsNamingTheFile(@TempDir Path dir) throws Exception {
        var store = new ResultStore(dir);
        TrialSpec s = spec(1);
        Files.createDirectories(store.file(s).getParent());
        String valid = result(s, 0.5).toJson();
        Map<String, String> cases = Map.of("", "is empty", "  \n", "is empty", "null", "holds null",
                "{\"status\": \"ok\", ", "is not valid JSON", "[1, 2]", "holds array",
                "{\"canonical\": {}}", "holds another trial",
                valid.replace("\"parameters\":1234", "\"parameters\":\"many\""), "is not a trial result",
                valid.replace(",\"epochs\":3", ""), "is not a trial result");
        for (var c : cases.entrySet()) {
            Files.writeString(store.file(s), c.getKey());
            var e = assertThrows(IllegalStateException.class, () -> store.find(s), c.getKey());
            assertTrue(e.getMessage().startsWith("Trial file " + store.file(s)), e.getMessage());
            assertTrue(e.getMessage().contains(c.getValue()), c.getKey() + " -> " + e.getMessage());
            assertTrue(e.getMessage().endsWith("delete it to rerun that trial"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
    }
}
