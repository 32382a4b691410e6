package seqlab.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Busy neighbour processes for a benchmark run ({@code ./seqlab bench --neighbours N}): each is a small JVM whose one
 * thread does arithmetic without pause, as another user's job on a shared machine would. They run until
 * {@link #close()}, which the bench calls in a {@code finally}, and never outlive the bench ({@link ChildJvms}).
 */
public final class Neighbours implements AutoCloseable {
    /** What a neighbour prints once it spins. */
    static final String READY = "spinning";
    /** The most neighbours one run may start. */
    public static final int MAX = 64;

    private final List<Process> processes;
    private final Thread hook;
    private final long startNanos = System.nanoTime();
    private boolean closed;

    private Neighbours(List<Process> processes) {
        this.processes = List.copyOf(processes);
        this.hook = ChildJvms.stopOnShutdown(this.processes);
    }

    /**
     * Starts {@code n} neighbours and returns once every one is spinning.
     *
     * @throws IllegalArgumentException if {@code n} is not in {@code [0, MAX]}
     * @throws IllegalStateException    if one cannot start; those already started are stopped
     */
    public static Neighbours start(int n) {
        if (n < 0 || n > MAX) {
            throw new IllegalArgumentException("--neighbours must be between 0 and " + MAX + ", got " + n);
        }
        List<Process> started = new ArrayList<>();
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classPath = Path.of(Neighbours.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
            for (int i = 0; i < n; i++) {
                // a small heap and the serial collector: the neighbour's load is its one spinning thread
                started.add(new ProcessBuilder(java, "-Xms8m", "-Xmx16m", "-XX:+UseSerialGC", "-cp", classPath,
                        Neighbours.class.getName()).redirectError(ProcessBuilder.Redirect.DISCARD).start());
            }
            for (Process p : started) {
                awaitReady(p);
            }
            return new Neighbours(started);
        } catch (IOException | URISyntaxException | RuntimeException e) {
            started.forEach(Process::destroyForcibly);
            throw new IllegalStateException("could not start the busy neighbour processes: " + e.getMessage(), e);
        }
    }

    private static void awaitReady(Process p) throws IOException {
        var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            String s = line.get(60, TimeUnit.SECONDS);
            if (!READY.equals(s)) {
                throw new IOException("a neighbour exited before it started spinning (exit "
                        + (p.isAlive() ? "none" : p.exitValue()) + ")");
            }
        } catch (TimeoutException e) {
            throw new IOException("a neighbour did not start spinning within 60 s");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the neighbours");
        }
    }

    /** How many neighbours run. */
    public int count() {
        return processes.size();
    }

    /** The neighbours' process ids. */
    public List<Long> pids() {
        return processes.stream().map(Process::pid).toList();
    }

    /** CPU seconds all neighbours have used so far, as the operating system counts it. */
    public double cpuSeconds() {
        double s = 0;
        for (Process p : processes) {
            s += p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e9;
        }
        return s;
    }

    /** Seconds since they started. */
    public double wallSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Stops every neighbour and waits until each has exited. */
    @Override
    public synchronized void close() {
        if (!closed) {
            ChildJvms.release(processes, hook);
            closed = true;
        }
    }

    /** Volatile so the arithmetic is not optimised away. */
    static volatile double sink;

    /** A neighbour: spins until it is stopped or its parent is gone. */
    public static void main(String[] args) {
        ChildJvms.exitWhenParentEnds(0);
        System.out.println(READY);
        System.out.flush();
        double x = 1;
        while (true) {
            for (int i = 0; i < 1_000_000; i++) {
                x = x * 1.000000001 + 1e-9;
            }
            sink = x;
        }
    }
}
