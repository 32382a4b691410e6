package seqlab.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import seqlab.engine.Device;
import seqlab.engine.Engine;
import seqlab.model.Candidate;

/**
 * One trial: a candidate trained once on a task's data with one engine and seed. A trial is a pure function of this
 * value, so {@link #id()}, a hash of its {@link #canonical()} form, names its result on disk: change anything that
 * determines its numbers and the id changes, so a stored result is never reused for another trial.
 *
 * @param task          the task's kind, e.g. {@code classification}
 * @param dataset       the dataset's name (for display and for rebuilding the task by name; not part of the id)
 * @param dataHash      SHA-256 of the data the task uses ({@code Task.dataHash()}), from the rows themselves
 * @param taskOptions   every option of the task, as JSON values
 * @param model         the candidate, every setting spelled out (its display name is not part of the id)
 * @param train         the training configuration
 * @param seed          the seed of splits, initialisation, dropout and shuffling
 * @param engine        the engine's name
 * @param engineVersion the engine's version without its notes on hardware paths ({@link #engineVersion(Engine)})
 * @param device        the kind of device the trial runs on, {@code cpu} or {@code gpu} (which GPU is not part of
 *                      the identity: any of a kind gives the same numbers)
 */
public record TrialSpec(String task, String dataset, String dataHash, Map<String, Object> taskOptions,
                        Candidate model, TrainConfig train, long seed, String engine, String engineVersion,
                        String device) {

    /**
     * The version of what a result holds and how its id is made; part of every id, so results of another format are
     * never mistaken for this one's.
     */
    public static final int FORMAT = 3;

    public TrialSpec {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(dataHash, "dataHash");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(engineVersion, "engineVersion");
        Objects.requireNonNull(device, "device");
        taskOptions = Collections.unmodifiableMap(new TreeMap<>(taskOptions == null ? Map.of() : taskOptions));
    }

    /** The trial of {@code model} on {@code task} with this training, seed and engine, on its default device. */
    public static TrialSpec of(Task task, Candidate model, TrainConfig train, long seed, Engine engine) {
        return of(task, model, train, seed, engine, engine.defaultDevice());
    }

    /** The trial of {@code model} on {@code task} with this training, seed and engine, run on {@code device}. */
    public static TrialSpec of(Task task, Candidate model, TrainConfig train, long seed, Engine engine, Device device) {
        TaskSpec t = task.spec();
        return new TrialSpec(t.task(), t.dataset(), task.dataHash(), t.options(), model, train, seed, engine.name(),
                engineVersion(engine), device.kind());
    }

    /**
     * An engine's version as identity uses it: {@link Engine#version()} without parenthesised notes on the hardware
     * path ({@code "dev (Vector API)"} is {@code "dev"}), since the reference engine's vector and scalar paths give
     * identical numbers and the device is recorded on its own.
     */
    public static String engineVersion(Engine engine) {
        return engine.version().replaceAll("\\s*\\([^)]*\\)", "").strip();
    }

    /** The same trial with another training configuration (another trial: the id changes). */
    public TrialSpec withTrain(TrainConfig t) {
        return new TrialSpec(task, dataset, dataHash, taskOptions, model, t, seed, engine, engineVersion, device);
    }

    /** The same trial under another display name of its candidate (the id does not change). */
    public TrialSpec withModel(Candidate m) {
        return new TrialSpec(task, dataset, dataHash, taskOptions, m, train, seed, engine, engineVersion, device);
    }

    /**
     * Everything that determines this trial's numbers as JSON with sorted keys: the format version, the task and all
     * its options, the data's content hash, the candidate's settings, the training configuration, the seed, and the
     * engine with its version and device kind.
     */
    public JsonNode canonical() {
        try {
            return Json.CANONICAL.readTree(canonicalBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] canonicalBytes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("task", task);
        m.put("task_options", taskOptions);
        m.put("data_sha256", dataHash);
        m.put("model", model.settings());
        m.put("train", train);
        m.put("seed", seed);
        m.put("engine", engine);
        m.put("engine_version", engineVersion);
        m.put("device", device);
        try {
            // through a tree, so nested maps and records come out in one key order
            return Json.CANONICAL.writeValueAsBytes(Json.CANONICAL.readTree(Json.CANONICAL.writeValueAsBytes(m)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stable 16-hex-digit name for this trial: the start of the SHA-256 of {@link #canonical()}. */
    public String id() {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(canonicalBytes());
            return java.util.HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The first place where two canonical specs differ, as {@code path: a vs b} ({@code train.optimizer.lr: 0.001 vs
     * 0.01}), or null when they are equal.
     */
    public static String firstDifference(JsonNode a, JsonNode b) {
        return difference("", a, b);
    }

    private static String difference(String path, JsonNode a, JsonNode b) {
        if (a == null || b == null || a.isObject() != b.isObject() || !a.isObject()) {
            return Objects.equals(a, b) ? null : (path.isEmpty() ? "(the whole spec)" : path) + ": " + a + " vs " + b;
        }
        for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            String d = difference(path.isEmpty() ? k : path + "." + k, a.get(k), b.get(k));
            if (d != null) {
                return d;
            }
        }
        for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!a.has(k)) {
                return (path.isEmpty() ? k : path + "." + k) + ": missing vs " + b.get(k);
            }
        }
        return null;
    }

    /** This spec as one line of JSON, how it travels to another JVM (a Spark executor). */
    public String toJson() {
        try {
            return Json.COMPACT.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The spec {@link #toJson()} wrote; its {@link #id()} is the original's. */
    public static TrialSpec fromJson(String json) {
        try {
            return Json.COMPACT.readValue(json, TrialSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a trial description: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public String toString() {
        return task + "/" + dataset + " " + model.name() + " on " + engine + " seed " + seed;
    }
}
