package seqlab.experiment;

import java.util.List;
import java.util.Map;

/**
 * What one trial produced: its test metrics, training curve, cost, and the provenance needed to repeat it.
 *
 * @param status          {@code ok} or {@code failed}
 * @param error           the failure's message, else empty
 * @param parameters      trainable parameters
 * @param epochs          epochs actually trained (early stopping may cut them)
 * @param trainSeconds    wall-clock training time
 * @param tokensPerSecond training throughput (sequence steps per second)
 * @param metrics         test-split metrics by name (e.g. accuracy, macro_f1, bleu, mae)
 * @param curve           per-epoch statistics
 * @param extras          task-specific artefacts for charts (e.g. forecasts, BLEU by length, attention weights)
 * @param provenance      engine version, device, git commit, Java version, host cores, timestamps
 */
public record TrialResult(TrialSpec spec, String status, String error, long parameters, int epochs, double trainSeconds,
                          double tokensPerSecond, Map<String, Double> metrics, List<EpochStats> curve,
                          Map<String, Object> extras, Map<String, Object> provenance) {

    public boolean ok() {
        return "ok".equals(status);
    }

    public double metric(String name) {
        Double v = metrics.get(name);
        return v == null ? Double.NaN : v;
    }

    /**
     * This result as one line of JSON, how it travels back from another JVM. Metrics and curves survive exactly
     * (doubles are written with enough digits to read back the same bits).
     */
    public String toJson() {
        try {
            return ResultStore.COMPACT.writeValueAsString(this);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the result of " + spec + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static TrialResult fromJson(String json) {
        try {
            return ResultStore.COMPACT.readValue(json, TrialResult.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("Not a trial result: " + e.getOriginalMessage(), e);
        }
    }

    /** A failed trial: kept in the results with its error, so one bad configuration does not sink a sweep. */
    public static TrialResult failed(TrialSpec spec, Throwable error, Map<String, Object> provenance) {
        String msg = error.getMessage() == null ? error.toString() : error.getClass().getSimpleName() + ": " + error.getMessage();
        return new TrialResult(spec, "failed", msg, 0, 0, 0, 0, Map.of(), List.of(), Map.of(), provenance);
    }
}
