package seqlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import seqlab.experiment.EpochStats;
import seqlab.experiment.Results;
import seqlab.experiment.TrialResult;

/** Two runs of one experiment gave the same trials: same status and error, and every metric to the last bit. */
final class SameResults {
    private SameResults() {
    }

    static void assertSame(Results expected, Results actual) {
        assertEquals(expected.trials().size(), actual.trials().size(), "trial count");
        Map<String, TrialResult> byId = actual.trials().stream()
                .collect(Collectors.toMap(t -> t.spec().id(), Function.identity()));
        for (TrialResult e : expected.trials()) {
            TrialResult a = byId.get(e.spec().id());
            String what = e.spec().toString();
            assertTrue(a != null, "missing " + what);
            assertEquals(e.status(), a.status(), what);
            assertEquals(e.error(), a.error(), what);
            assertEquals(e.parameters(), a.parameters(), what);
            assertEquals(e.epochs(), a.epochs(), what);
            assertEquals(e.metrics().keySet(), a.metrics().keySet(), what);
            for (var m : e.metrics().entrySet()) {
                // Double.equals compares bits (and NaN equals NaN): exact, not within a tolerance
                assertEquals(Double.doubleToLongBits(m.getValue()), Double.doubleToLongBits(a.metrics().get(m.getKey())),
                        what + " " + m.getKey() + ": " + m.getValue() + " vs " + a.metrics().get(m.getKey()));
            }
            assertEquals(losses(e.curve()), losses(a.curve()), what + " training curve");
        }
        assertEquals(expected.summary().selectColumns(metricColumns(expected)).printAll(),
                actual.summary().selectColumns(metricColumns(expected)).printAll(), "summary");
    }

    private static List<Long> losses(List<EpochStats> curve) {
        return curve.stream().flatMap(s -> java.util.stream.Stream.of(s.trainLoss(), s.validationLoss(), s.metric()))
                .map(Double::doubleToLongBits).toList();
    }

    private static String[] metricColumns(Results r) {
        return r.summary().columnNames().stream()
                .filter(c -> c.equals("model") || c.equals("engine") || c.equals("n") || c.equals("params")
                        || r.task().metrics().stream().anyMatch(m -> c.startsWith(m + "_")))
                .toArray(String[]::new);
    }
}
