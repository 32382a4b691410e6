package seqlab.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import seqlab.nn.Safetensors;

/**
 * A training checkpoint on disk: a folder {@code epoch-NNNN} holding {@code model.safetensors} (the model's state
 * dict, PyTorch's names), {@code optimizer.safetensors} (the optimizer's buffers and step counts) and
 * {@code trainer.json} (epoch, step, learning rate, schedule and early-stopping state, random-number states, history,
 * configuration and provenance). No Java serialization: every file is readable from Python.
 *
 * <p>Writes are atomic. The three files go to a hidden staging folder first, each forced to disk; the folder is then
 * renamed to its final name. A crash before the rename leaves only the staging folder, which {@link #latest} ignores,
 * so the previous checkpoint stays the latest. Writing is split into {@link #stage} and {@link Staged#commit()} so
 * that tests can stop between the two.
 */
public final class Checkpoint {
    public static final String MODEL = "model.safetensors";
    public static final String OPTIMIZER = "optimizer.safetensors";
    public static final String STATE = "trainer.json";
    /** The {@code format} field of {@code trainer.json}. */
    public static final String FORMAT = "seqlab-checkpoint";
    public static final int VERSION = 1;

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern NAME = Pattern.compile("epoch-(\\d+)");

    private Checkpoint() {
    }

    /** A loaded checkpoint: its folder, the model and optimizer tensors, and the trainer state. */
    public record Contents(Path path, Map<String, Tensor> model, Map<String, Tensor> optimizer, JsonNode state) {
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

    /** Writes the three files of a checkpoint into a hidden staging folder inside {@code dir}. */
    public static Staged stage(Path dir, int epochs, Map<String, Tensor> model, Map<String, Tensor> optimizer,
                               ObjectNode state) {
        Path target = dir.resolve(folderName(epochs));
        try {
            Files.createDirectories(dir);
            Path staging = Files.createTempDirectory(dir, "." + folderName(epochs) + ".staging-");
            Safetensors.readableByAll(staging, "rwxr-xr-x");
            Safetensors.write(staging.resolve(MODEL), model, Map.of("format", "pt"));
            Safetensors.write(staging.resolve(OPTIMIZER), optimizer, Map.of("format", FORMAT));
            byte[] json = JSON.writeValueAsBytes(state);
            Safetensors.writeAtomically(staging.resolve(STATE), out -> out.write(json));
            return new Staged(staging, target);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write checkpoint into " + dir + ": " + e
                    + " (check that the folder is writable and has space)", e);
        }
    }

    /** Writes a checkpoint atomically and returns its folder. */
    public static Path write(Path dir, int epochs, Map<String, Tensor> model, Map<String, Tensor> optimizer,
                             ObjectNode state) {
        return stage(dir, epochs, model, optimizer, state).commit();
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
     * Reads a checkpoint. {@code path} is a checkpoint folder, or a folder of checkpoints (the latest is read).
     *
     * @throws IllegalArgumentException naming the file and the problem when the path holds no checkpoint or a file
     *                                  is truncated, foreign or of another format version
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
        Path json = ck.resolve(STATE);
        JsonNode state;
        try {
            state = JSON.readTree(Files.readAllBytes(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read checkpoint state " + json + ": " + e.getMessage()
                    + ". The file is truncated or not a seqlab checkpoint; resume from an older epoch-NNNN folder", e);
        }
        if (state == null || !state.isObject() || !FORMAT.equals(state.path("format").asText())) {
            throw new IllegalArgumentException("Cannot read checkpoint state " + json + ": it is not a seqlab "
                    + "checkpoint (its 'format' is not '" + FORMAT + "')");
        }
        int version = state.path("version").asInt(-1);
        if (version != VERSION) {
            throw new IllegalArgumentException("Cannot read checkpoint " + json + ": format version " + version
                    + ", this seqlab reads version " + VERSION);
        }
        Map<String, Tensor> model = Safetensors.read(ck.resolve(MODEL), engine);
        Map<String, Tensor> optimizer = Safetensors.read(ck.resolve(OPTIMIZER), engine);
        return new Contents(ck, model, optimizer, state);
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
