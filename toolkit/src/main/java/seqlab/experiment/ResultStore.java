package seqlab.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import seqlab.io.AtomicFiles;

/**
 * Finished trials on disk: one JSON file per trial under {@code DIR/trials/<id>.json}, written atomically the moment
 * the trial ends, holding the result and the canonical spec its id hashes. Running the same experiment into the same
 * folder finds them and reuses those trials, so an interrupted run loses at most the trial in progress; a file is
 * reused only when its canonical spec equals the requested one, and a file that is empty, garbled or another trial's
 * is a one-line error naming it, never a silent reuse.
 */
public final class ResultStore {
    private final Path dir;

    public ResultStore(Path dir) {
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    private Path trials() {
        return dir.resolve("trials");
    }

    /** Where the result of {@code spec} is stored. */
    public Path file(TrialSpec spec) {
        return trials().resolve(spec.id() + ".json");
    }

    /**
     * The stored result of {@code spec}, if a previous run finished it (a stored failure is not reused, so it runs
     * again).
     *
     * @throws IllegalStateException when the file is empty, not JSON, {@code null}, not a trial result, or the
     *                               result of another trial (naming the first field that differs)
     */
    public Optional<TrialResult> find(TrialSpec spec) {
        Path p = file(spec);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        JsonNode root = readTree(p);
        JsonNode stored = root.get("canonical");
        if (stored == null || !stored.isObject()) {
            throw unusable(p, "has no canonical spec (an older seqlab wrote it, or it was edited)");
        }
        String diff = TrialSpec.firstDifference(stored, spec.canonical());
        if (diff != null) {
            throw new IllegalStateException("Trial file " + p + " holds another trial than the one requested ("
                    + diff + ", stored vs requested); delete it to rerun that trial");
        }
        TrialResult r = read(p, root);
        return r.ok() ? Optional.of(r.withSpec(spec)) : Optional.empty();
    }

    /** Writes a finished trial atomically (temp file, then rename). */
    public synchronized void save(TrialResult result) {
        try {
            Files.createDirectories(trials());
            writeAtomically(file(result.spec()), Json.PRETTY.writeValueAsBytes(result));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write trial result into " + trials() + ": " + e.getMessage()
                    + ". Check that the output folder is writable.", e);
        }
    }

    /** Every stored trial, in file-name order; an unreadable file is an error naming it. */
    public List<TrialResult> all() {
        if (!Files.isDirectory(trials())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(trials())) {
            List<TrialResult> out = new ArrayList<>();
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                out.add(read(p, readTree(p)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + trials() + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode readTree(Path p) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(p);
        } catch (IOException e) {
            throw unusable(p, "cannot be read (" + e.getMessage() + ")");
        }
        if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw unusable(p, "is empty");
        }
        JsonNode root;
        try {
            root = Json.PRETTY.readTree(bytes);
        } catch (IOException e) {
            throw unusable(p, "is not valid JSON (" + oneLine(e) + ")");
        }
        if (root == null || root.isNull()) {
            throw unusable(p, "holds null");
        }
        if (!root.isObject()) {
            throw unusable(p, "holds " + root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)
                    + ", not a trial result");
        }
        return root;
    }

    private static TrialResult read(Path p, JsonNode root) {
        try {
            return Json.PRETTY.treeToValue(root, TrialResult.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw unusable(p, "is not a trial result (" + oneLine(e) + ")");
        }
    }

    private static IllegalStateException unusable(Path p, String what) {
        return new IllegalStateException("Trial file " + p + " " + what + "; delete it to rerun that trial");
    }

    private static String oneLine(Exception e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    /** Writes {@code bytes} to {@code target} atomically, through {@link AtomicFiles}. */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        try {
            AtomicFiles.writeBytes(target, bytes);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
