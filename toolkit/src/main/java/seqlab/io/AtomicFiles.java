package seqlab.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way seqlab writes a file a user keeps (results, trial files, reports, safetensors, checkpoints): the bytes
 * go to a hidden temporary file in the target's folder, are forced to disk, and the file is renamed over the target.
 * A reader (a browser refreshing a report, a second process, a resumed run) sees the old content or the new, never
 * half of it, and a crash leaves at most a hidden {@code .NAME.*.tmp} file, never a truncated target.
 *
 * <p><b>Permissions.</b> The temporary file is created as an ordinary file, so it gets the permissions the process's
 * umask gives every new file: {@code rw-r--r--} (0644) under the usual umask 022, the same as a CSV written with
 * {@link Files#writeString}. {@link Files#createTempFile} would make it 0600, which the rename would carry to the
 * result and so hide a shared run from colleagues and tools; a user who wants private results sets umask 077.
 * {@link #createFolder} does the same for the staging folders of checkpoints.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Streams a file's bytes; may throw {@link IOException}. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** Writes {@code text} as UTF-8 to {@code target}, atomically. */
    public static void writeString(Path target, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    /** Writes {@code bytes} to {@code target}, atomically. */
    public static void writeBytes(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }

    /**
     * Writes what {@code body} streams to {@code target}, atomically; creates missing parent folders.
     *
     * @throws UncheckedIOException naming the target and the likely fix; the target is then unchanged
     */
    public static void write(Path target, Body body) {
        if (target.toString().isEmpty()) { // it would resolve to the working folder
            throw new IllegalArgumentException("Cannot write to an empty path; name a file");
        }
        Path abs = target.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException("Cannot write " + target + ": it is a folder; name a file");
        }
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = create(dir, "." + abs.getFileName() + ".", ".tmp", false);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                body.write(out);
                out.flush();
                ch.force(true);
            }
            move(tmp, abs);
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e
                    + " (check that the folder is writable and has space)", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temporary file is hidden and harmless; the original error matters more
                }
            }
        }
    }

    /**
     * Creates a new, uniquely named folder {@code dir/<prefix><random>} with the umask's permissions (0755 under
     * umask 022), for content that is filled and then renamed into place.
     */
    public static Path createFolder(Path dir, String prefix) throws IOException {
        Files.createDirectories(dir);
        return create(dir, prefix, "", true);
    }

    /** Renames {@code from} to {@code to} atomically where the file system can, replacing {@code to}. */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Path create(Path dir, String prefix, String suffix, boolean folder) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path p = dir.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + suffix);
            try {
                return folder ? Files.createDirectory(p) : Files.createFile(p);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }
}
