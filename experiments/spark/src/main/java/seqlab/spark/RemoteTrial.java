package seqlab.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.TaskContext;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;
import seqlab.experiment.Task;
import seqlab.experiment.TaskSpec;
import seqlab.experiment.Tasks;
import seqlab.experiment.TrialListener;
import seqlab.experiment.TrialResult;
import seqlab.experiment.TrialRunner;
import seqlab.experiment.TrialSpec;

/**
 * What a Spark task runs on an executor: one partition holds one trial's JSON; the task is rebuilt by name (once per
 * executor JVM, {@link Tasks#shared}), the trial runs exactly as in a local run ({@link TrialRunner#runTrial}), with
 * its share of the threads, and its result goes back as JSON. Spark serialises this function with Java serialization, so it carries nothing but
 * the task's JSON string.
 */
final class RemoteTrial extends AbstractFunction1<Iterator<String>, String> implements Serializable {
    private static final long serialVersionUID = 2L;

    private final String taskJson;
    private final int threads;

    /** @param threads intra-op threads for the trial's ops ({@link Spark#threadsPerTrial}) */
    RemoteTrial(String taskJson, int threads) {
        this.taskJson = taskJson;
        this.threads = threads;
    }

    @Override
    public String apply(Iterator<String> partition) {
        TrialSpec spec = TrialSpec.fromJson(partition.next());
        return run(TaskSpec.fromJson(taskJson), spec, threads).toJson();
    }

    /**
     * A trial whose task cannot be rebuilt here, or whose data, options or engine differ from the driver's (checked
     * field by field against the trial's canonical spec by {@link TrialRunner#runTrial}), fails as a trial (once, with
     * the reason) rather than as a Spark task: retrying it on another executor would fail the same way.
     */
    static TrialResult run(TaskSpec taskSpec, TrialSpec spec, int threads) {
        Task task;
        try {
            task = Tasks.shared(taskSpec);
        } catch (RuntimeException e) {
            return withExecutor(TrialResult.failed(spec, new IllegalStateException("cannot rebuild the "
                    + taskSpec.task() + " task on this executor: " + e.getMessage(), e), Map.of()));
        }
        if (!task.dataHash().equals(spec.dataHash())) {
            return withExecutor(TrialResult.failed(spec, new IllegalStateException("dataset '" + spec.dataset()
                    + "' on this executor holds other data (content hash " + task.dataHash() + ") than the driver's ("
                    + spec.dataHash() + "); the executors run another seqlab jar: submit the same jar"), Map.of()));
        }
        return withExecutor(TrialRunner.runTrial(task, spec, TrialListener.NONE, threads));
    }

    /** Adds where it ran (executor, attempt) to the provenance: a retried trial shows attempt 1 or more. */
    private static TrialResult withExecutor(TrialResult r) {
        TaskContext ctx = TaskContext.get();
        if (ctx == null) {
            return r;
        }
        Map<String, Object> p = new LinkedHashMap<>(r.provenance());
        p.put("spark_executor", org.apache.spark.SparkEnv.get().executorId());
        p.put("spark_host", hostName());
        p.put("spark_stage", ctx.stageId());
        p.put("spark_partition", ctx.partitionId());
        p.put("spark_attempt", ctx.attemptNumber());
        return r.withProvenance(p);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
