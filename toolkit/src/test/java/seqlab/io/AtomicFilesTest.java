package seqlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import seqlab.experiment.ResultStore;

/** Results, trial files and reports get the permissions of any new file (0644 under umask 022), not 0600. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void filesGetTheUmaskPermissionsOfAnOrdinaryFileAndNoTemporaryIsLeft() throws IOException {
        Set<PosixFilePermission> usual;
        try {
            usual = Files.getPosixFilePermissions(Files.createFile(dir.resolve("probe")));
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system: its defaults apply
        }
        Path report = dir.resolve("out/index.html");
        AtomicFiles.writeString(report, "<html></html>");
        ResultStore.writeAtomically(dir.resolve("out/trials/t.json"), "{}".getBytes());
        assertEquals(usual, Files.getPosixFilePermissions(report));
        assertEquals(usual, Files.getPosixFilePermissions(dir.resolve("out/trials/t.json")));
        AtomicFiles.writeString(report, "<html>2</html>");
        assertEquals("<html>2</html>", Files.readString(report));
        try (var s = Files.list(dir.resolve("out"))) {
            assertEquals(List.of("index.html", "trials"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertThrows(IllegalArgumentException.class, () -> AtomicFiles.writeString(dir.resolve("out"), "x"));
    }

    @Test
    void anEmptyPathIsRejectedNotTakenAsTheWorkingFolder() {
        var e = assertThrows(IllegalArgumentException.class, () -> AtomicFiles.writeString(Path.of(""), "x"));
        assertEquals("Cannot write to an empty path; name a file", e.getMessage());
    }
}
