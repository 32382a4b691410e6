package seqlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
        return new TrialSpec("classification", "sentiment", "abc", Models.lstm(32).bidirectional(), "reference", seed,
                TrainConfig.defaults());
    }

    static TrialResult result(TrialSpec s, double acc) {
        return new TrialResult(s, "ok", "", 1234, 3, 1.5, 1000, Map.of("accuracy", acc),
                List.of(new EpochStats(1, 0.7, 0.6, acc, 0.5, 1.2)), Map.of("note", "x"), Map.of("engine", "reference"));
    }

    @Test
    void idIsStableAndDependsOnEverything() {
        assertEquals(spec(1).id(), spec(1).id());
        assertNotEquals(spec(1).id(), spec(2).id());
        TrialSpec other = new TrialSpec("classification", "sentiment", "abc", Models.lstm(32), "reference", 1,
                TrainConfig.defaults());
        assertNotEquals(spec(1).id(), other.id());
        assertEquals(16, spec(1).id().length());
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
    }

    @Test
    void failedTrialsAreNotReused(@TempDir Path dir) {
        var store = new ResultStore(dir);
        store.save(TrialResult.failed(spec(3), new IllegalArgumentException("bad"), Map.of()));
        assertTrue(store.find(spec(3)).isEmpty());
        assertEquals(1, store.all().size());
        assertEquals("IllegalArgumentException: bad", store.all().get(0).error());
    }
}
