package seqlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bench's busy neighbours start, spin, and never outlive the run. */
class NeighboursTest {

    @Test
    void startSpinningAndAreGoneAfterClose() {
        List<Long> pids;
        try (Neighbours n = Neighbours.start(2)) {
            assertEquals(2, n.count());
            pids = n.pids();
            assertEquals(2, new HashSet<>(pids).size());
            for (long pid : pids) {
                assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "neighbour " + pid);
            }
            assertTrue(n.cpuSeconds() > 0 && n.wallSeconds() > 0);
        }
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "neighbour " + pid + " stopped");
        }
        try (Neighbours none = Neighbours.start(0)) {
            assertEquals(0, none.count());
        }
        assertThrows(IllegalArgumentException.class, () -> Neighbours.start(-1));
        assertThrows(IllegalArgumentException.class, () -> Neighbours.start(Neighbours.MAX + 1));
    }

    @Test
    void aNeighbourEndsByItselfWhenItsParentIsGone() throws Exception {
        // the end of its standard input is what a neighbour sees when the bench dies, even by SIGKILL
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx16m", "-cp", System.getProperty("java.class.path"),
                Neighbours.class.getName()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertEquals(Neighbours.READY, out.readLine());
            assertTrue(p.isAlive());
            p.getOutputStream().close();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the neighbour exits once its input closes");
            assertEquals(0, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }
}
