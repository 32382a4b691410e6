package seqlab.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import seqlab.datasets.Datasets;
import seqlab.experiment.Experiment;
import seqlab.experiment.Results;
import seqlab.model.Models;

/**
 * Not a test: times one small sweep on a loopback standalone cluster with 1 worker and with 2 workers (one core and
 * one seqlab thread each), and on the local pool, for the module README. Run from experiments/spark:
 * <pre>
 * java $(cat target/spark-jvm-args.txt) --add-modules jdk.incubator.vector -Xss8m -Dseqlab.threads=1 \
 *   -cp target/test-classes:target/classes:$(cat target/classpath.txt):$(cat target/spark-classpath.txt) \
 *   seqlab.spark.SpeedupBench
 * </pre>
 */
public final class SpeedupBench {
    private SpeedupBench() {
    }

    static int epochs = 30;

    static Experiment sweep() {
        return Experiment.forecast(Datasets.airline()).compare(Models.gru(16), Models.lstm(16), Models.rnn(16))
                .train(t -> t.epochs(epochs).batchSize(16).adam(3e-3).patience(0)).seeds(4).engine("reference").quiet();
    }

    /** Arguments: epochs per trial (default 30), then how many times to time each cluster size (default 1). */
    public static void main(String[] args) throws Exception {
        epochs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Path dir = Files.createTempDirectory("seqlab-speedup");
        long t = System.nanoTime();
        Results local = sweep().out(dir.resolve("local")).run();
        System.out.printf("local pool, 1 trial at a time, seqlab.threads=%s: %d trials in %.1f s%n",
                System.getProperty("seqlab.threads", "all"), local.trials().size(), (System.nanoTime() - t) / 1e9);
        for (int rep = 0; rep < repeats * 2; rep++) {
            int workers = rep % 2 + 1;
            try (LoopbackCluster cluster = LoopbackCluster.start(dir.resolve("cluster-" + workers), workers,
                    Duration.ofSeconds(120));
                 Spark spark = Spark.session(StandaloneClusterTest.clusterConf(cluster.url()))) {
                StandaloneClusterTest.awaitExecutors(spark, workers, cluster);
                // warm-up: each executor loads the dataset and compiles the kernels once, as in any long sweep
                sweep().seeds(100, 1).out(dir.resolve("warm-" + rep)).runOn(spark);
                long s = System.nanoTime();
                Results r = sweep().out(dir.resolve("spark-" + rep)).runOn(spark);
                double secs = (System.nanoTime() - s) / 1e9;
                SameResults.assertSame(local, r);
                System.out.printf("%d worker(s) x 1 core: %d trials in %.1f s (results bit-identical to local); "
                        + "load average %.1f%n", workers, r.trials().size(), secs,
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                // per executor: trials and seconds spent training them; busy executors with slow trials mean the
                // machine, not Spark, is the limit
                var perExecutor = new java.util.TreeMap<String, double[]>();
                for (var trial : r.trials()) {
                    double[] a = perExecutor.computeIfAbsent(String.valueOf(trial.provenance().get("spark_executor")),
                            k -> new double[2]);
                    a[0]++;
                    a[1] += trial.trainSeconds();
                }
                perExecutor.forEach((k, a) -> System.out.printf("    executor %s: %.0f trials, %.1f s training%n", k, a[0], a[1]));
            }
        }
    }
}
