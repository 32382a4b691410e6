package seqlab.experiment;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
 * the trial ends. Running the same experiment into the same folder finds them and skips those trials, so an
 * interrupted run loses at most the trial in progress.
 */
public final class ResultStore {
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** As {@link #JSON}, on one line: for results and specs that cross between JVMs. */
    static final ObjectMapper COMPACT = JSON.copy().disable(SerializationFeature.INDENT_OUTPUT);

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

    /** The stored result of {@code spec}, if a previous run finished it successfully. */
    public Optional<TrialResult> find(TrialSpec spec) {
        Path p = trials().resolve(spec.id() + ".json");
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        TrialResult r = read(p);
        return r.ok() ? Optional.of(r) : Optional.empty();
    }

    /** Writes a finished trial atomically (temp file, then rename). */
    public synchronized void save(TrialResult result) {
        try {
            Files.createDirectories(trials());
            writeAtomically(trials().resolve(result.spec().id() + ".json"), JSON.writeValueAsBytes(result));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write trial result into " + trials() + ": " + e.getMessage()
                    + ". Check that the output folder is writable.", e);
        }
    }

    /** Every stored trial, in file-name order. */
    public List<TrialResult> all() {
        if (!Files.isDirectory(trials())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(trials())) {
            List<TrialResult> out = new ArrayList<>();
            for (Path p : s.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                out.add(read(p));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TrialResult read(Path p) {
        try {
            return JSON.readValue(p.toFile(), TrialResult.class);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read trial result " + p + ": " + e.getMessage()
                    + ". Delete the file to rerun that trial.", e);
        }
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
