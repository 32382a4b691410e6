package seqlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import seqlab.datasets.Datasets;
import seqlab.experiment.Experiment;
import seqlab.experiment.Results;
import seqlab.experiment.TrialListener;
import seqlab.experiment.TrialResult;
import seqlab.model.Models;

/**
 * A real standalone cluster on loopback (a master and two workers, separate JVMs, one core each): a sweep of tiny
 * reference-engine trials runs through it while one worker is killed mid-sweep. Every trial must finish exactly once
 * and equal, bit for bit, the same sweep run on the local pool.
 */
class StandaloneClusterTest {

    static Experiment sweep() {
        // real trials, long enough (about a second each on one thread) that the killed worker is busy with one
        return Experiment.forecast(Datasets.airline())
                .compare(Models.gru(8), Models.lstm(8), Models.rnn(8), Models.transformer(1, 8, 2).with("max_positions", 8))
                .train(t -> t.epochs(8).batchSize(16).adam(3e-3).patience(0)).seeds(3).engine("reference").quiet();
    }

    static SparkConf clusterConf(String master) {
        return new SparkConf().setMaster(master).setAppName("seqlab-loopback-test")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.executor.memory", "512m").set("spark.executor.cores", "1")
                // executors run from the test's class path (seqlab, its datasets and the test task factory)
                .set("spark.executor.extraClassPath", LoopbackCluster.classPath())
                .set("spark.task.maxFailures", "4");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aSweepSurvivesAKilledWorkerAndEqualsTheLocalRun(@TempDir Path dir) throws Exception {
        long t0 = System.nanoTime();
        Results local = sweep().out(dir.resolve("local")).run();
        int trials = local.trials().size();
        long t1 = System.nanoTime();

        try (LoopbackCluster cluster = LoopbackCluster.start(dir.resolve("cluster"), 2, Duration.ofSeconds(90));
             Spark spark = Spark.session(clusterConf(cluster.url()))) {
            awaitExecutors(spark, 2, cluster);
            long t2 = System.nanoTime();
            long[] sweepStart = new long[1];
            AtomicInteger delivered = new AtomicInteger();
            AtomicInteger trained = new AtomicInteger();
            AtomicReference<Integer> killed = new AtomicReference<>();
            Set<String> seen = ConcurrentHashMap.newKeySet();
            TrialListener killer = new TrialListener() {
                @Override
                public void trialEnded(TrialResult r, int index, int total, boolean reused) {
                    delivered.incrementAndGet();
                    assertTrue(seen.add(r.spec().id()), "delivered twice: " + r.spec());
                    if (r.ok() && r.spec().model() instanceof seqlab.model.RecurrentSpec && trained.incrementAndGet() == 2) {
                        // mid-sweep, with trials still queued, so both executors are busy: one of them dies now
                        cluster.killWorker(1);
                        killed.set(1);
                        System.err.printf("killed worker 1 after %d of %d trials, %.1f s into the sweep%n",
                                delivered.get(), total, (System.nanoTime() - sweepStart[0]) / 1e9);
                    }
                }
            };
            sweepStart[0] = System.nanoTime();
            Results onCluster = sweep().out(dir.resolve("cluster-results")).listener(killer).runOn(spark);

            System.err.printf("local pool: %.1f s; cluster up with 2 executors: %.1f s; sweep on the cluster: %.1f s%n",
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9, (System.nanoTime() - t2) / 1e9);
            assertTrue(killed.get() != null, "a worker was killed mid-sweep");
            assertTrue(!cluster.workerAlive(killed.get()));
            assertEquals(trials, delivered.get(), "every trial delivered exactly once");
            try (Stream<Path> files = Files.list(dir.resolve("cluster-results/trials"))) {
                assertEquals(trials, files.filter(f -> f.toString().endsWith(".json")).count(), "one file per trial");
            }
            SameResults.assertSame(local, onCluster);
            List<TrialResult> retried = onCluster.trials().stream()
                    .filter(t -> ((Number) t.provenance().getOrDefault("spark_attempt", 0)).intValue() > 0).toList();
            assertTrue(!retried.isEmpty(), "the killed worker's trial ran again elsewhere");
            assertEquals(3, onCluster.trials().stream().filter(t -> !t.ok()).count(),
                    "the bad configuration failed once per seed, as a trial, not as a retried task");
        }
    }

    /** Waits until {@code n} executors (besides the driver) have registered. */
    static void awaitExecutors(Spark spark, int n, LoopbackCluster cluster) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (spark.context().statusTracker().getExecutorInfos().length < n + 1) {
            cluster.checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("executors did not register; worker log:\n" + cluster.log("worker-0"));
            }
            Thread.sleep(200);
        }
    }
}
