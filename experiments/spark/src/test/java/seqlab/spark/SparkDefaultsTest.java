package seqlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import seqlab.engine.Engines;
import seqlab.engine.pytorch.OpenMp;

/** What seqlab sets on a Spark configuration: executors' OpenMP wait policy and threads, trials' share of threads. */
class SparkDefaultsTest {

    @Test
    void executorsGetTheWaitPolicyUnlessTheConfigurationHasOne() {
        SparkConf c = Spark.defaults(new SparkConf().setMaster("spark://head:7077").set("spark.task.cpus", "2"));
        assertEquals(OpenMp.waitPolicyToStart(), c.get("spark.executorEnv.OMP_WAIT_POLICY"));
        assertEquals("-Xss8m -Dseqlab.threads=2", c.get("spark.executor.extraJavaOptions"));
        SparkConf own = Spark.defaults(new SparkConf().set("spark.executorEnv.OMP_WAIT_POLICY", "active"));
        assertEquals("active", own.get("spark.executorEnv.OMP_WAIT_POLICY"));
        var bad = assertThrows(IllegalArgumentException.class,
                () -> Spark.defaults(new SparkConf().set("spark.executorEnv.OMP_WAIT_POLICY", "sometimes")));
        assertTrue(bad.getMessage().startsWith("OMP_WAIT_POLICY='sometimes' is not a wait policy: set it to passive"),
                bad.getMessage());
    }

    @Test
    void localTrialsShareThisJvmsThreadsAndClusterTrialsGetTheirTaskCpus() {
        String property = System.getProperty(Engines.THREADS_PROPERTY);
        System.setProperty(Engines.THREADS_PROPERTY, "4");
        try {
            assertEquals(4, Spark.threadsPerTrial(new SparkConf().setMaster("local")));
            assertEquals(4, Spark.threadsPerTrial(new SparkConf().setMaster("local[1]")));
            assertEquals(2, Spark.threadsPerTrial(new SparkConf().setMaster("local[2]")));
            assertEquals(1, Spark.threadsPerTrial(new SparkConf().setMaster("local[4, 3]")));
            assertEquals(2, Spark.threadsPerTrial(new SparkConf().setMaster("local[4]").set("spark.task.cpus", "2")));
            assertEquals(Engines.threadsEach(Runtime.getRuntime().availableProcessors()),
                    Spark.threadsPerTrial(new SparkConf().setMaster("local[*]")));
            assertEquals(3, Spark.threadsPerTrial(new SparkConf().setMaster("spark://head:7077").set("spark.task.cpus", "3")));
            assertEquals(1, Spark.threadsPerTrial(new SparkConf().setMaster("local-cluster[2,1,1024]")));
        } finally {
            if (property == null) {
                System.clearProperty(Engines.THREADS_PROPERTY);
            } else {
                System.setProperty(Engines.THREADS_PROPERTY, property);
            }
        }
    }
}
