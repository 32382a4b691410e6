package seqlab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Where a command writes: {@code --out} or {@code reports/<date-time><suffix>}, checked writable before any work. */
final class OutputFolder {
    private OutputFolder() {
    }

    /** {@code reports/<date-time><suffix>}. */
    static Path timestamped(String suffix) {
        return Path.of("reports", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss")) + suffix);
    }

    /**
     * Creates {@code out} (or the timestamped default) and proves it writable, so a long run never fails at its
     * end; an unwritable folder is a usage error (exit status 2) naming the folder and the fix.
     */
    static Path prepare(CommandLine cl, Path out, String suffix) {
        if (out != null && out.toString().isBlank()) {
            throw new ParameterException(cl, "--out is empty; name an output folder (default: reports/<date-time>)");
        }
        if (out != null && Files.isRegularFile(out)) {
            throw new ParameterException(cl, "--out " + out + " is a file, not a folder; name a folder to write into");
        }
        Path dir = out != null ? out : timestamped(suffix);
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-test", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new ParameterException(cl, "Cannot write to output folder " + dir + " (" + e.getMessage()
                    + "); choose another with --out");
        }
        return dir;
    }
}
