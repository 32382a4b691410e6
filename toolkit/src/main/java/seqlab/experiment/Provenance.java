package seqlab.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import seqlab.engine.Engine;

/** Where and with what a trial ran: recorded with every result so it can be repeated (after Tribuo's provenance). */
public final class Provenance {
    private static volatile String gitCommit;

    private Provenance() {
    }

    /** Engine, device, versions, machine, time. */
    public static Map<String, Object> collect(Engine engine) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engine", engine.name());
        m.put("engine_version", engine.version());
        m.put("device", engine.defaultDevice().toString());
        m.put("seqlab_version", version());
        m.put("git_commit", gitCommit());
        m.put("java_version", Runtime.version().toString());
        m.put("java_vendor", System.getProperty("java.vendor"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("host_cores", Runtime.getRuntime().availableProcessors());
        m.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        m.put("started_at", Instant.now().toString());
        return m;
    }

    static String version() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    /** The commit of the working tree seqlab runs from, or "unknown" outside a git checkout. */
    public static String gitCommit() {
        String c = gitCommit;
        if (c == null) {
            gitCommit = c = readGitCommit();
        }
        return c;
    }

    private static String readGitCommit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (out.matches("[0-9a-f]{40}")) {
                    Process d = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no")
                            .redirectErrorStream(true).start();
                    boolean dirty = d.waitFor(5, TimeUnit.SECONDS) && d.exitValue() == 0
                            && !new String(d.getInputStream().readAllBytes(), StandardCharsets.UTF_8).isBlank();
                    return dirty ? out + "-dirty" : out;
                }
            } else {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            // git not installed: fall through
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Path head = Path.of(".git", "HEAD");
        try {
            if (Files.isRegularFile(head)) {
                String ref = Files.readString(head).trim();
                if (ref.startsWith("ref: ")) {
                    Path r = Path.of(".git").resolve(ref.substring(5));
                    if (Files.isRegularFile(r)) {
                        return Files.readString(r).trim();
                    }
                }
                return ref;
            }
        } catch (IOException e) {
            // unreadable: unknown
        }
        return "unknown";
    }
}
