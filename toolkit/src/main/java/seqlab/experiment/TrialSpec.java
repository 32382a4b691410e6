package seqlab.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import seqlab.model.ModelSpec;

/**
 * One trial: a model trained once on a task's dataset with one engine and seed. A trial is a pure function of this
 * value, so {@link #id()} (a hash of it) names its result on disk and lets an interrupted run skip what is done.
 */
public record TrialSpec(String task, String dataset, String datasetChecksum, ModelSpec model, String engine, long seed,
                        TrainConfig train) {

    private static final ObjectMapper CANONICAL = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** The configuration as plain values, in a fixed order (what the id hashes and the provenance records). */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", task);
        m.put("dataset", dataset);
        m.put("dataset_sha256", datasetChecksum);
        m.put("model", model.name());
        m.put("model_spec", model.toString());
        m.put("family", model.family());
        m.put("hidden", model.hidden());
        m.put("layers", model.layers());
        m.put("bidirectional", model.isBidirectional());
        m.put("dropout", model.dropout());
        m.put("options", model.options());
        m.put("engine", engine);
        m.put("seed", seed);
        m.put("train", Map.of("epochs", train.epochs(), "batch_size", train.batchSize(), "optimizer", train.optimizer(),
                "learning_rate", train.learningRate(), "weight_decay", train.weightDecay(), "clip_norm", train.clipNorm(),
                "patience", train.patience(), "max_seconds", train.maxSeconds(), "max_steps", train.maxSteps()));
        return m;
    }

    /** A stable 16-hex-digit name for this trial's configuration. */
    public String id() {
        try {
            byte[] json = CANONICAL.writeValueAsBytes(describe());
            byte[] h = MessageDigest.getInstance("SHA-256").digest(json);
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This spec as one line of JSON, how it travels to another JVM (a Spark executor). */
    public String toJson() {
        try {
            return ResultStore.COMPACT.writeValueAsString(this);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The spec {@link #toJson()} wrote; its {@link #id()} is the original's. */
    public static TrialSpec fromJson(String json) {
        try {
            return ResultStore.COMPACT.readValue(json, TrialSpec.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("Not a trial description: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public String toString() {
        return task + "/" + dataset + " " + model.name() + " on " + engine + " seed " + seed;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
