package seqlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel ends when the front end that started it dies without a shutdown request. */
class ParentWatchTest {

    @Test
    void theKernelExitsWhenItsParentProcessDies(@TempDir Path dir) throws Exception {
        Process parent = new ProcessBuilder(KernelInstall.currentJava(), "-cp", System.getProperty("java.class.path"),
                ParentWatchTest.Sleeper.class.getName()).start();
        Process kernel = null;
        try {
            int[] ports = freePorts(5);
            Path conn = dir.resolve("connection.json");
            Files.writeString(conn, String.format("{\"transport\":\"tcp\",\"ip\":\"127.0.0.1\",\"shell_port\":%d,"
                    + "\"iopub_port\":%d,\"stdin_port\":%d,\"control_port\":%d,\"hb_port\":%d,"
                    + "\"signature_scheme\":\"hmac-sha256\",\"key\":\"k\"}", ports[0], ports[1], ports[2], ports[3],
                    ports[4]), StandardCharsets.UTF_8);
            ProcessBuilder pb = new ProcessBuilder(KernelInstall.argv(KernelInstall.currentJava(),
                    System.getProperty("java.class.path")).stream()
                    .map(a -> a.equals("{connection_file}") ? conn.toString() : a).toList())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("kernel.log").toFile());
            pb.environment().put(ParentWatch.VARIABLE, Long.toString(parent.pid()));
            kernel = pb.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!listening(ports[0])) {
                assertTrue(kernel.isAlive(), "the kernel died at start:\n" + Files.readString(dir.resolve("kernel.log")));
                assertTrue(System.nanoTime() < deadline, "the kernel did not open its shell port in 120 s");
                Thread.sleep(200);
            }
            parent.destroyForcibly().waitFor();
            assertTrue(kernel.waitFor(30, TimeUnit.SECONDS), "the kernel outlived its parent by 30 s");
            assertEquals(0, kernel.exitValue());
            String log = Files.readString(dir.resolve("kernel.log"));
            assertTrue(log.contains("has exited; shutting down"), log);
        } finally {
            parent.destroyForcibly();
            if (kernel != null) {
                kernel.destroyForcibly();
            }
        }
    }

    @Test
    void aParentAlreadyGoneOrNoParentIsHandled() {
        List<String> ran = new ArrayList<>();
        assertTrue(ParentWatch.watch(null, () -> ran.add("x")).isEmpty());
        assertTrue(ParentWatch.watch("not-a-pid", () -> ran.add("x")).isEmpty());
        assertEquals(List.of(), ran);
        long alive = ProcessHandle.current().parent().orElseThrow().pid();
        assertEquals(alive, ParentWatch.watch(Long.toString(alive), () -> ran.add("x")).orElseThrow());
        assertEquals(List.of(), ran, "the test's parent process is alive");
        ParentWatch.watch(Long.toString(Long.MAX_VALUE / 2), () -> ran.add("gone"));
        assertEquals(List.of("gone"), ran, "no such process: exit at once");
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static int[] freePorts(int n) throws java.io.IOException {
        int[] p = new int[n];
        List<ServerSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                open.add(s);
                p[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : open) {
                s.close();
            }
        }
        return p;
    }

    /** A stand-in front end: a process that waits to be killed. */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(600_000);
        }
    }
}
