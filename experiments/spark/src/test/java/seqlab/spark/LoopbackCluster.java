package seqlab.spark;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Spark standalone cluster on 127.0.0.1: one master and {@code n} workers, each its own JVM started from
 * spark-core's main classes on this JVM's class path (no Spark installation needed), each worker with one core.
 * Workers start executors as further JVMs; {@link #killWorker} kills a worker with its executors, as when a machine
 * dies. {@link #close()} (and a shutdown hook, should the test JVM be killed) ends every process it started.
 */
final class LoopbackCluster implements AutoCloseable {
    /** Spark's JVM options (surefire passes the POM's list), for the master, the workers and their executors. */
    static final List<String> SPARK_JVM_ARGS = Arrays.stream(System.getProperty("seqlab.spark.jvm.args",
            "-XX:+IgnoreUnrecognizedVMOptions").trim().split("\\s+")).toList();

    private final Path dir;
    private final int port;
    private final int uiPort;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();
    private final java.util.Set<Integer> killed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Thread hook;

    private LoopbackCluster(Path dir, int workerCount, Duration timeout) throws IOException, InterruptedException {
        this.dir = dir;
        this.port = freePort();
        this.uiPort = freePort();
        this.hook = new Thread(this::destroyAll, "loopback-cluster-teardown");
        Runtime.getRuntime().addShutdownHook(hook);
        // the workers launch executors with SPARK_HOME/jars/* on the class path; an empty folder is enough here,
        // because executors get the whole class path through spark.executor.extraClassPath
        Files.createDirectories(dir.resolve("home/jars"));
        this.master = start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", String.valueOf(port), "--webui-port", String.valueOf(uiPort)));
        try {
            for (int i = 0; i < workerCount; i++) {
                Path work = Files.createDirectories(dir.resolve("work-" + i));
                workers.add(start("worker-" + i, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                        "--cores", "1", "--memory", "700m", "--webui-port", "0", "--work-dir", work.toString(), url())));
            }
            awaitMaster(System.nanoTime() + timeout.toNanos());
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Starts a master and {@code workers} workers and waits (at most {@code timeout}) for the master to listen. The
     * workers register while the caller starts its Spark context; wait for the executors there.
     */
    static LoopbackCluster start(Path dir, int workers, Duration timeout) throws IOException, InterruptedException {
        return new LoopbackCluster(dir, workers, timeout);
    }

    /** The class path every process of the cluster (and every executor) runs with: the test's own. */
    static String classPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // absolute: executors start in the worker's work folder
        return Arrays.stream(cp.split(java.io.File.pathSeparator)).filter(e -> !e.isBlank())
                .map(e -> Path.of(e).toAbsolutePath().toString()).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    String url() {
        return "spark://127.0.0.1:" + port;
    }

    private Process start(String name, List<String> mainAndArgs) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(SPARK_JVM_ARGS);
        cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dspark.master.rest.enabled=false",
                "-cp", classPath()));
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", dir.resolve("home").toString());
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_SCALA_VERSION", "2.13");
        return pb.start();
    }

    private void awaitMaster(long deadline) throws InterruptedException {
        while (get("http://127.0.0.1:" + uiPort + "/json/").isEmpty()) {
            checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Spark master did not start in time; see " + dir.resolve("master.log"));
            }
            Thread.sleep(200);
        }
    }

    /** Fails, with its log, if a process of the cluster has exited although nobody killed it. */
    void checkAlive() {
        if (!master.isAlive()) {
            throw new IllegalStateException("the Spark master exited:\n" + log("master"));
        }
        for (int i = 0; i < workers.size(); i++) {
            if (!workers.get(i).isAlive() && !killed.contains(i)) {
                throw new IllegalStateException("Spark worker " + i + " exited:\n" + log("worker-" + i));
            }
        }
    }

    String log(String name) {
        try {
            return Files.readString(dir.resolve(name + ".log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static Optional<String> get(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            try (var in = c.getInputStream()) {
                return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return Optional.empty(); // not up yet
        }
    }

    /** Kills worker {@code i} and its executors at once (SIGKILL), as a machine failure would. */
    void killWorker(int i) {
        killed.add(i);
        Process w = workers.get(i);
        w.descendants().forEach(ProcessHandle::destroyForcibly);
        w.destroyForcibly();
    }

    boolean workerAlive(int i) {
        return workers.get(i).isAlive();
    }

    private void destroyAll() {
        List<Process> all = new ArrayList<>(workers);
        if (master != null) {
            all.add(master);
        }
        for (Process p : all) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : all) {
            try {
                p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        destroyAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running this
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
