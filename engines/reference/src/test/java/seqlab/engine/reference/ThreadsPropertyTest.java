package seqlab.engine.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import seqlab.engine.Engines;

/**
 * A bad {@code -Dseqlab.threads} through the API (not the CLI): creating the engine fails with the property's own
 * message, every time. Runs in a fresh JVM, because the thread count is read once per JVM.
 */
class ThreadsPropertyTest {

    /** Creates the engine twice and prints what each attempt threw. */
    public static final class Probe {
        public static void main(String[] args) {
            for (int i = 0; i < 2; i++) {
                try {
                    Engines.get("reference");
                    System.out.println("created");
                } catch (Throwable t) {
                    System.out.println(t.getClass().getName() + ": " + t.getMessage());
                }
            }
        }
    }

    @Test
    void aBadThreadCountStopsEngineCreationWithItsMessageEveryTime() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Dseqlab.threads=0", "-cp", System.getProperty("java.class.path"),
                Probe.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        String expected = "java.lang.IllegalArgumentException: seqlab.threads must be a positive integer, got '0'";
        assertEquals(2, out.lines().filter(l -> l.startsWith(expected)).count(), out);
    }
}
