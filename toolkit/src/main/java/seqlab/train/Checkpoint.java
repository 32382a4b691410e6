package seqlab.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import seqlab.engine.Engine;
import seqlab.engine.Tensor;
import seqlab.io.AtomicFiles;
import seqlab.nn.Safetensors;

/**
 * A training checkpoint on disk: a folder {@code epoch-NNNN} holding {@code model.safetensors} (the model's state
 * dict, PyTorch's names), {@code optimizer.safetensors} (the optimizer's buffers and step counts), with restore-best
 * {@code best-model.safetensors}, and {@code trainer.json}, a {@link TrainerState}: epoch, step, learning rate,
 * schedule and early-stopping state, random-number states, history, the SHA-256 of each weight file, and provenance.
 * No Java serialization: every file is readable from Python.
 *
 * <p>Writes are atomic. The files go to a hidden staging folder first, each forced to disk; the folder is then
 * renamed to its final name. A crash before the rename leaves only the staging folder, which {@link #latest} ignores,
 * so the previous checkpoint stays the latest. Writing is split into {@link #stage} and {@link Staged#commit()} so
 * that tests can stop between the two.
 *
 * <p>Reads trust nothing. {@code trainer.json} must have every field with its type (no coercion: {@code "2"} is not
 * an integer), values in range and consistent with each other and with the folder's name, and each weight file must
 * hash to the SHA-256 recorded when it was written, so bytes corrupted on disk are caught at load, not as a
 * divergence epochs later. Every error names the checkpoint folder and the field or file.
 */
public final class Checkpoint {
    public static final String MODEL = "model.safetensors";
    public static final String OPTIMIZER = "optimizer.safetensors";
    /** The best epoch's weights, kept when restore-best is on. */
    public static final String BEST = "best-model.safetensors";
    public static final String STATE = "trainer.json";
    /** The {@code format} field of {@code trainer.json}. */
    public static final String FORMAT = "seqlab-checkpoint";
    /** Version 2 added the weight files' SHA-256 and typed, required fields. */
    public static final int VERSION = 2;

    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    private static final Pattern NAME = Pattern.compile("epoch-(\\d+)");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Checkpoint() {
    }

    /**
     * A loaded and verified checkpoint: its folder, the model and optimizer tensors, the best epoch's weights as
     * safetensors bytes (null without restore-best), and the trainer state.
     */
    public record Contents(Path path, Map<String, Tensor> model, Map<String, Tensor> optimizer, byte[] bestModel,
                           TrainerState state) {
    }

    /** The folder name of the checkpoint after {@code epochs} completed epochs. */
    public static String folderName(int epochs) {
        return String.format("epoch-%04d", epochs);
    }

    /** A checkpoint written to its staging folder but not yet visible under its final name. */
    public static final class Staged {
        private final Path staging, target;

        private Staged(Path staging, Path target) {
            this.staging = staging;
            this.target = target;
        }

        public Path stagingFolder() {
            return staging;
        }

        /** Renames the staging folder to its final name, replacing an older checkpoint of the same epoch; returns it. */
        public Path commit() {
            try {
                Path old = null;
                if (Files.exists(target)) {
                    old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
                    move(target, old);
                }
                move(staging, target);
                if (old != null) {
                    deleteTree(old);
                }
                return target;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot commit checkpoint " + target + ": " + e, e);
            }
        }
    }

    /**
     * Writes the files of a checkpoint into a hidden staging folder inside {@code dir}; {@code state}'s weight
     * hashes are replaced by those of the files written.
     *
     * @param bestModel the best epoch's weights as safetensors bytes, or null
     */
    public static Staged stage(Path dir, int epochs, Map<String, Tensor> model, Map<String, Tensor> optimizer,
                               byte[] bestModel, TrainerState state) {
        Path target = dir.resolve(folderName(epochs));
        try {
            Path staging = AtomicFiles.createFolder(dir, "." + folderName(epochs) + ".staging-");
            Map<String, String> sha = new TreeMap<>();
            sha.put(MODEL, writeHashed(staging.resolve(MODEL),
                    out -> Safetensors.writeTo(out, model, Map.of("format", "pt"))));
            sha.put(OPTIMIZER, writeHashed(staging.resolve(OPTIMIZER),
                    out -> Safetensors.writeTo(out, optimizer, Map.of("format", FORMAT))));
            if (bestModel != null) {
                sha.put(BEST, writeHashed(staging.resolve(BEST), out -> out.write(bestModel)));
            }
            AtomicFiles.writeBytes(staging.resolve(STATE), JSON.writeValueAsBytes(state.withWeights(sha)));
            return new Staged(staging, target);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write checkpoint into " + dir + ": " + e
                    + " (check that the folder is writable and has space)", e);
        }
    }

    private static String writeHashed(Path file, AtomicFiles.Body body) {
        MessageDigest digest = sha256();
        AtomicFiles.write(file, out -> body.write(new DigestOutputStream(out, digest)));
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Writes a checkpoint atomically and returns its folder. */
    public static Path write(Path dir, int epochs, Map<String, Tensor> model, Map<String, Tensor> optimizer,
                             byte[] bestModel, TrainerState state) {
        return stage(dir, epochs, model, optimizer, bestModel, state).commit();
    }

    /** The committed checkpoint folders in {@code dir}, oldest first. */
    public static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))
                    .sorted(Comparator.comparingInt(Checkpoint::epochOf))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list checkpoints in " + dir + ": " + e, e);
        }
    }

    /** The newest committed checkpoint in {@code dir}. */
    public static Optional<Path> latest(Path dir) {
        List<Path> all = list(dir);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Deletes all but the newest {@code keep} committed checkpoints, and staging folders left by crashes. */
    public static void prune(Path dir, int keep) {
        List<Path> all = list(dir);
        try {
            for (int i = 0; i < all.size() - keep; i++) {
                deleteTree(all.get(i));
            }
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    String n = p.getFileName().toString();
                    if (n.startsWith(".epoch-") && (n.contains(".staging-") || n.contains(".old-"))) {
                        deleteTree(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete old checkpoints in " + dir + ": " + e, e);
        }
    }

    private static int epochOf(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /**
     * Reads and verifies a checkpoint. {@code path} is a checkpoint folder, or a folder of checkpoints (the latest
     * is read).
     *
     * @throws IllegalArgumentException naming the folder and the field or file when the path holds no checkpoint, a
     *                                  file is truncated, foreign, of another format version, fails its SHA-256,
     *                                  or trainer.json has a missing, mistyped, out-of-range or inconsistent field
     */
    public static Contents read(Path path, Engine engine) {
        Path ck = path;
        if (!Files.isRegularFile(path.resolve(STATE))) {
            Optional<Path> l = latest(path);
            if (l.isEmpty()) {
                throw new IllegalArgumentException("Cannot resume from " + path + ": it is not a seqlab checkpoint "
                        + "(no " + STATE + ") nor a folder of checkpoints (no epoch-NNNN folders). Pass the folder "
                        + "given to Trainer.checkpoints(...) or one of its epoch-NNNN folders");
            }
            ck = l.get();
        }
        TrainerState state = readState(ck);
        for (String file : state.weights().keySet()) {
            if (!Files.exists(ck.resolve(file))) {
                throw invalid(ck, file + " is missing; resume from an older epoch-NNNN folder");
            }
        }
        // a damaged file is parsed first: the reader says how it is damaged (truncated, bad header), the hash only
        // that it changed
        Map<String, Tensor> model = Safetensors.read(ck.resolve(MODEL), engine);
        Map<String, Tensor> optimizer = Safetensors.read(ck.resolve(OPTIMIZER), engine);
        byte[] best = null;
        if (state.weights().containsKey(BEST)) {
            try {
                best = Files.readAllBytes(ck.resolve(BEST));
            } catch (IOException e) {
                throw invalid(ck, "cannot read " + BEST + ": " + e);
            }
        }
        for (var e : new TreeMap<>(state.weights()).entrySet()) {
            String actual = e.getKey().equals(BEST) ? HexFormat.of().formatHex(sha256().digest(best))
                    : hash(ck.resolve(e.getKey()), ck);
            if (!actual.equals(e.getValue())) {
                throw invalid(ck, e.getKey() + " has SHA-256 " + actual + " but " + STATE + " recorded "
                        + e.getValue() + " when it was written: the file was changed or corrupted since. Resume "
                        + "from an older epoch-NNNN folder");
            }
        }
        return new Contents(ck, model, optimizer, best, state);
    }

    /** Parses and checks {@code trainer.json} of checkpoint folder {@code ck}. */
    static TrainerState readState(Path ck) {
        Path json = ck.resolve(STATE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(json);
        } catch (IOException e) {
            throw invalid(ck, "cannot read " + STATE + ": " + e);
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(bytes);
        } catch (IOException e) {
            throw invalid(ck, STATE + " is not valid JSON (" + firstLine(e) + "); the file is truncated or not a "
                    + "seqlab checkpoint — resume from an older epoch-NNNN folder");
        }
        if (tree == null || !tree.isObject() || !FORMAT.equals(tree.path("format").asText())) {
            throw invalid(ck, "it is not a seqlab checkpoint (the 'format' of " + STATE + " is not '" + FORMAT + "')");
        }
        JsonNode v = tree.get("version");
        if (v == null || !v.isInt() || v.asInt() != VERSION) {
            throw invalid(ck, STATE + " has format version " + v + "; this seqlab reads version " + VERSION);
        }
        TrainerState s;
        try {
            s = JSON.treeToValue(tree, TrainerState.class);
        } catch (JsonMappingException e) {
            throw invalid(ck, STATE + " field '" + field(e) + "' " + problem(e));
        } catch (IOException e) {
            throw invalid(ck, STATE + " cannot be read: " + firstLine(e));
        }
        check(ck, s);
        return s;
    }

    /** Ranges and consistency of the fields with each other and with the folder's name. */
    private static void check(Path ck, TrainerState s) {
        int n = s.epochsCompleted();
        Matcher m = NAME.matcher(ck.getFileName().toString());
        if (n < 1) {
            throw field(ck, "epochs_completed", n, "must be at least 1 (checkpoints are written after an epoch)");
        }
        if (m.matches() && Integer.parseInt(m.group(1)) != n) {
            throw field(ck, "epochs_completed", n, "does not match the folder name " + ck.getFileName());
        }
        if (s.globalStep() < n) {
            throw field(ck, "global_step", s.globalStep(), "is less than epochs_completed " + n
                    + " (every epoch takes at least one step)");
        }
        if (s.history().size() != n) {
            throw field(ck, "history", s.history().size() + " entries", "must have one entry per completed epoch ("
                    + n + ")");
        }
        for (int i = 0; i < n; i++) {
            if (s.history().get(i).epoch() != i) {
                throw field(ck, "history[" + i + "].epoch", s.history().get(i).epoch(), "must be " + i);
            }
        }
        TrainerState.OptimizerState o = s.optimizer();
        if (o.name().isBlank()) {
            throw field(ck, "optimizer.name", "\"\"", "must name the optimizer");
        }
        if (!(o.lr() >= 0) || Double.isInfinite(o.lr())) {
            throw field(ck, "optimizer.lr", o.lr(), "must be a finite rate >= 0");
        }
        if (!(o.baseLr() >= 0) || Double.isInfinite(o.baseLr())) {
            throw field(ck, "optimizer.base_lr", o.baseLr(), "must be a finite rate >= 0");
        }
        for (var e : Map.of("rng.shuffle", s.rng().shuffle(), "rng.dropout", s.rng().dropout()).entrySet()) {
            long[] st = e.getValue();
            if (st.length != 4 || (st[0] | st[1] | st[2] | st[3]) == 0) {
                throw field(ck, e.getKey(), java.util.Arrays.toString(st), "must be four longs, not all zero");
            }
        }
        TrainerState.EarlyStopping es = s.earlyStopping();
        if (es.bestEpoch() < -1 || es.bestEpoch() >= n) {
            throw field(ck, "early_stopping.best_epoch", es.bestEpoch(), "must be -1 or an epoch below " + n);
        }
        if (es.badEpochs() < 0 || es.badEpochs() > n) {
            throw field(ck, "early_stopping.bad_epochs", es.badEpochs(), "must be between 0 and " + n);
        }
        if (!s.weights().containsKey(MODEL) || !s.weights().containsKey(OPTIMIZER)) {
            throw field(ck, "weights", s.weights().keySet(), "must hold the SHA-256 of " + MODEL + " and " + OPTIMIZER);
        }
        for (var e : s.weights().entrySet()) {
            if (!List.of(MODEL, OPTIMIZER, BEST).contains(e.getKey())) {
                throw field(ck, "weights", e.getKey(), "names a file a checkpoint does not have");
            }
            if (!SHA256.matcher(e.getValue()).matches()) {
                throw field(ck, "weights." + e.getKey(), e.getValue(), "must be a SHA-256 in 64 lower-case hex digits");
            }
        }
    }

    private static IllegalArgumentException field(Path ck, String field, Object value, String problem) {
        return invalid(ck, STATE + " field '" + field + "' is " + value + " but " + problem);
    }

    static IllegalArgumentException invalid(Path ck, String problem) {
        return new IllegalArgumentException("Cannot resume from checkpoint " + ck + ": " + problem);
    }

    /** The JSON path of a mapping error: {@code history[2].train_loss}, or the missing property's name. */
    private static String field(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        Matcher missing = Pattern.compile("(?:Missing (?:required )?creator property|Null value for creator property) '([^']+)'")
                .matcher(String.valueOf(e.getOriginalMessage()));
        String path = b.toString();
        if (missing.find() && !(path.equals(missing.group(1)) || path.endsWith("." + missing.group(1)))) {
            b.append(b.length() == 0 ? "" : ".").append(missing.group(1));
        }
        return b.length() == 0 ? "(top level)" : b.toString();
    }

    private static String problem(JsonMappingException e) {
        String msg = String.valueOf(e.getOriginalMessage());
        if (e instanceof UnrecognizedPropertyException) {
            return "is not a field of this format version (a hand edit, or a newer seqlab?)";
        }
        if (msg.startsWith("Missing creator property") || msg.startsWith("Missing required creator property")) {
            return "is missing";
        }
        if (msg.startsWith("Null value for creator property")) {
            return "is null";
        }
        String type = e instanceof MismatchedInputException mi && mi.getTargetType() != null
                ? mi.getTargetType().getSimpleName() : null;
        String value = e instanceof InvalidFormatException f ? " " + f.getValue() : "";
        return "has the wrong type or value" + value + (type == null ? "" : " (expected " + type + ")") + ": "
                + firstLine(e);
    }

    private static String firstLine(Exception e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        m = String.valueOf(m);
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256, which every Java SE implementation must have", e);
        }
    }

    /** SHA-256 of a file, read in chunks. */
    private static String hash(Path file, Path ck) {
        MessageDigest d = sha256();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            while (ch.read(buf) >= 0) {
                buf.flip();
                d.update(buf);
                buf.clear();
            }
        } catch (IOException e) {
            throw invalid(ck, "cannot read " + file.getFileName() + ": " + e);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
