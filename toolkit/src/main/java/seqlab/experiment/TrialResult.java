package seqlab.experiment;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import seqlab.train.TrainingDivergedException;

/**
 * What one trial produced: its test metrics, training curve, cost, per-task outputs, and the provenance needed to
 * repeat it. Stored as JSON (doubles with enough digits to read back the same bits), with the trial's id and
 * canonical spec beside it so a file can be checked against the trial it is reused for.
 *
 * @param status          how it ended
 * @param error           the failure's message, else empty
 * @param parameters      trainable parameters
 * @param epochs          epochs trained (early stopping or a step budget may cut them)
 * @param bestEpoch       the 1-based epoch whose weights were kept (restored by early stopping), 0 without training
 * @param budgetExhausted whether the step budget ended training
 * @param trainSeconds    wall-clock training time, validation excluded (cost, never a budget)
 * @param tokensPerSecond training throughput (sequence steps per second)
 * @param metrics         test-split metrics by name (e.g. accuracy, macro_f1, bleu, mase)
 * @param validation      validation-split metrics by name: the main metric of the kept weights (the best epoch's), or
 *                        of a baseline's output on the validation split; what ranking and learning-rate tuning read, so
 *                        that neither looks at the test split. Empty when the task has no validation split
 * @param curve           per-epoch statistics (with several backtest origins trained, the last origin's)
 * @param extras          the task's per-example outputs and report material, or null for a task without them
 * @param provenance      engine version, device, git commit, Java version, host cores, timestamps
 */
public record TrialResult(TrialSpec spec, Status status, String error, long parameters, int epochs, int bestEpoch,
                          boolean budgetExhausted, double trainSeconds, double tokensPerSecond,
                          Map<String, Double> metrics, Map<String, Double> validation, List<EpochStats> curve,
                          Extras extras,
                          Map<String, Object> provenance) {

    /** How a trial ended. */
    public enum Status {
        /** Trained and measured. */
        @JsonProperty("ok") OK,
        /** Training produced a non-finite loss or gradient and was stopped. */
        @JsonProperty("diverged") DIVERGED,
        /** It threw: a bad configuration, out of memory, ... */
        @JsonProperty("failed") FAILED
    }

    public TrialResult {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(status, "status");
        error = error == null ? "" : error;
        metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        validation = validation == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(validation));
        curve = List.copyOf(curve);
        provenance = provenance == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(provenance));
    }

    @JsonIgnore
    public boolean ok() {
        return status == Status.OK;
    }

    public double metric(String name) {
        Double v = metrics.get(name);
        return v == null ? Double.NaN : v;
    }

    /** The validation value of metric {@code name}, NaN when the trial has none. */
    public double validationMetric(String name) {
        Double v = validation.get(name);
        return v == null ? Double.NaN : v;
    }

    /** The trial's id, stored with it. */
    @JsonProperty(value = "id", access = JsonProperty.Access.READ_ONLY)
    public String id() {
        return spec.id();
    }

    /** The canonical spec its id hashes, stored with it so a reuse can be checked field by field. */
    @JsonProperty(value = "canonical", access = JsonProperty.Access.READ_ONLY)
    public JsonNode canonical() {
        return spec.canonical();
    }

    /** The classification outputs; fails naming the trial when it is not a classification trial. */
    public ClassificationExtras classification() {
        return extras(ClassificationExtras.class);
    }

    /** The translation outputs; fails naming the trial when it is not a translation trial. */
    public TranslationExtras translation() {
        return extras(TranslationExtras.class);
    }

    /** The forecasting outputs; fails naming the trial when it is not a forecasting trial. */
    public ForecastExtras forecast() {
        return extras(ForecastExtras.class);
    }

    private <E extends Extras> E extras(Class<E> type) {
        if (!type.isInstance(extras)) {
            throw new IllegalStateException("trial " + spec + " (" + status.name().toLowerCase(java.util.Locale.ROOT)
                    + ") has " + (extras == null ? "no extras" : extras.getClass().getSimpleName()) + ", not "
                    + type.getSimpleName());
        }
        return type.cast(extras);
    }

    /** The same result for {@code other}, a spec with the same id (another display name, say). */
    public TrialResult withSpec(TrialSpec other) {
        if (!other.id().equals(spec.id())) {
            throw new IllegalArgumentException("the result of " + spec + " cannot stand for " + other
                    + ": they are different trials");
        }
        return new TrialResult(other, status, error, parameters, epochs, bestEpoch, budgetExhausted, trainSeconds,
                tokensPerSecond, metrics, validation, curve, extras, provenance);
    }

    /** The same result with other provenance (where a remote runner ran it). */
    public TrialResult withProvenance(Map<String, Object> p) {
        return new TrialResult(spec, status, error, parameters, epochs, bestEpoch, budgetExhausted, trainSeconds,
                tokensPerSecond, metrics, validation, curve, extras, p);
    }

    /**
     * This result as one line of JSON, how it travels back from another JVM. Metrics and curves survive exactly
     * (doubles are written with enough digits to read back the same bits).
     */
    public String toJson() {
        try {
            return Json.COMPACT.writeValueAsString(this);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the result of " + spec + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static TrialResult fromJson(String json) {
        try {
            return Json.COMPACT.readValue(json, TrialResult.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("Not a trial result: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A trial that did not finish: kept in the results with its error, so one bad configuration does not sink a
     * sweep. A {@link TrainingDivergedException} is {@link Status#DIVERGED}, anything else {@link Status#FAILED}.
     */
    public static TrialResult failed(TrialSpec spec, Throwable error, Map<String, Object> provenance) {
        String msg = error.getMessage() == null ? error.toString() : error.getClass().getSimpleName() + ": " + error.getMessage();
        Status s = error instanceof TrainingDivergedException ? Status.DIVERGED : Status.FAILED;
        return new TrialResult(spec, s, msg, 0, 0, 0, false, 0, 0, Map.of(), Map.of(), List.of(), null, provenance);
    }
}
