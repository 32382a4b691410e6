package seqlab.spark;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;
import seqlab.engine.Engines;
import seqlab.engine.pytorch.OpenMp;
import seqlab.experiment.Task;
import seqlab.experiment.TaskSpec;
import seqlab.experiment.Tasks;
import seqlab.experiment.TrialListener;
import seqlab.experiment.TrialResult;
import seqlab.experiment.TrialRunner;
import seqlab.experiment.TrialSpec;

/**
 * Runs trials as Spark tasks, one trial per task:
 * <pre>{@code
 * try (var spark = Spark.session("spark://head:7077")) {
 *     Results r = Canonical.classification(models, Budget.STANDARD).runOn(spark);
 * }
 * }</pre>
 * The driver sends each trial as JSON with its task by name; executors rebuild the task (datasets come from the jar
 * they run) and return each result as JSON. The driver hands each result to the experiment the moment its task
 * succeeds (a Spark job result handler), and the experiment saves it at once, exactly as in a local run.
 *
 * <p>Faults: an executor that dies takes its running trials with it and Spark runs them again elsewhere, up to
 * {@code spark.task.maxFailures} attempts (Spark's default 4); the driver keeps the first result of each trial. A
 * trial that throws (a bad configuration) is not a Spark failure: it returns as a failed result, reported once.
 */
public final class Spark implements TrialRunner, AutoCloseable {
    private final SparkContext context;
    private final boolean owned;

    private Spark(SparkContext context, boolean owned) {
        this.context = context;
        this.owned = owned;
    }

    /**
     * A new Spark context on {@code master} ({@code local[4]}, {@code spark://host:7077}, {@code yarn},
     * {@code k8s://https://host:443}), with seqlab's defaults for what is not set already (see {@link #defaults}).
     * Under {@code spark-submit}, its settings ({@code --conf}, {@code --jars}...) apply too. Close it to stop Spark.
     */
    public static Spark session(String master) {
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("Give a Spark master URL, e.g. local[2], spark://host:7077, yarn or "
                    + "k8s://https://host:443");
        }
        return session(new SparkConf().setMaster(master.trim()));
    }

    /** A new Spark context from {@code conf}, with seqlab's defaults for what {@code conf} does not set. */
    public static Spark session(SparkConf conf) {
        SparkContext sc = new SparkContext(defaults(conf));
        sc.setLogLevel(conf.get("spark.seqlab.logLevel", "WARN"));
        return new Spark(sc, true);
    }

    /** Trials on a context someone else started (and stops): a notebook's or an application's. */
    public static Spark session(SparkContext running) {
        return new Spark(running, false);
    }

    /**
     * seqlab's defaults, each only where {@code conf} has no value: app name {@code seqlab}; executors with an 8 MB
     * thread stack (deep recurrent graphs) and {@code seqlab.threads} = {@code spark.task.cpus}, so trials sharing an
     * executor do not oversubscribe its cores; executors whose LibTorch workers sleep while idle
     * ({@code spark.executorEnv.OMP_WAIT_POLICY}: the driver's {@code OMP_WAIT_POLICY} when set, else
     * {@code PASSIVE}; see {@link OpenMp}), since trials that share a machine keep its cores busy; Spark's console
     * progress bar off (seqlab prints one line per trial); and, off {@code local} masters, {@code spark.jars} = the
     * shaded seqlab-spark jar this driver runs from, so executors get seqlab's classes and datasets.
     *
     * @throws IllegalArgumentException if {@code OMP_WAIT_POLICY} (the driver's, or the executors' in {@code conf})
     *                                  is not a wait policy
     */
    public static SparkConf defaults(SparkConf conf) {
        SparkConf c = conf.clone();
        c.setIfMissing("spark.app.name", "seqlab");
        int cpus = c.getInt("spark.task.cpus", 1);
        c.setIfMissing("spark.executor.extraJavaOptions", "-Xss8m -Dseqlab.threads=" + cpus);
        String policy = "spark.executorEnv." + OpenMp.WAIT_POLICY;
        if (c.contains(policy)) {
            OpenMp.checkWaitPolicy(c.get(policy));
        } else {
            c.set(policy, OpenMp.waitPolicyToStart());
        }
        c.setIfMissing("spark.ui.showConsoleProgress", "false");
        String master = c.get("spark.master", "local[*]");
        if (!master.startsWith("local") && !c.contains("spark.jars")) {
            shadedJar().ifPresent(j -> c.set("spark.jars", j.toString()));
        }
        return c;
    }

    /**
     * The intra-op threads each trial runs with. On a cluster: {@code spark.task.cpus} (the executors' own
     * {@code seqlab.threads}). In local mode every task runs in this JVM: {@code local[N]} runs
     * {@code N / spark.task.cpus} trials at once, which share this JVM's threads ({@link Engines#threadsEach}), and
     * each gets at least {@code spark.task.cpus}.
     */
    static int threadsPerTrial(SparkConf conf) {
        int cpus = conf.getInt("spark.task.cpus", 1);
        Matcher local = LOCAL_MASTER.matcher(conf.get("spark.master", "local[*]").strip());
        if (!local.matches()) {
            return cpus;
        }
        String n = local.group(1);
        int slots = n == null ? 1 : n.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n);
        return Math.max(cpus, Engines.threadsEach(Math.max(1, slots / cpus)));
    }

    /** {@code local}, {@code local[N]}, {@code local[*]}, and the same with a retry count: {@code local[N,F]}. */
    private static final Pattern LOCAL_MASTER = Pattern.compile("local(?:\\[(\\*|[0-9]+)(?:,\\s*[0-9]+)?])?");

    /** The jar to ship to executors: {@code -Dseqlab.spark.jar}, else the jar this class was loaded from. */
    static java.util.Optional<Path> shadedJar() {
        String p = System.getProperty("seqlab.spark.jar");
        if (p != null && !p.isBlank()) {
            Path jar = Path.of(p);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("seqlab.spark.jar=" + p + " is not a file; build it with "
                        + "mvn -pl experiments/spark -am package (target/seqlab-spark-*-all.jar)");
            }
            return java.util.Optional.of(jar);
        }
        try {
            Path self = Path.of(Spark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(self) ? java.util.Optional.of(self) : java.util.Optional.empty();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return java.util.Optional.empty();
        }
    }

    public SparkContext context() {
        return context;
    }

    @Override
    public void run(Task task, List<TrialSpec> trials, TrialListener listener, Consumer<TrialResult> finished) {
        if (trials.isEmpty()) {
            return;
        }
        TaskSpec taskSpec = Tasks.portable(task); // fails here, before any job, if executors could not rebuild it
        List<String> payload = trials.stream().map(TrialSpec::toJson).toList();
        // one trial per partition, so one Spark task each: Spark spreads, retries and reports them one by one
        JavaRDD<String> rdd = JavaSparkContext.fromSparkContext(context).parallelize(payload, payload.size());
        List<Object> partitions = new ArrayList<>();
        for (int i = 0; i < payload.size(); i++) {
            partitions.add(i);
        }
        LinkedBlockingQueue<String> arrived = new LinkedBlockingQueue<>();
        context.setJobDescription(task.name() + " on " + task.dataset() + ": " + trials.size() + " trials");
        SimpleFutureAction<BoxedUnit> job = context.submitJob(rdd.rdd(), new RemoteTrial(taskSpec.toJson(), threadsPerTrial(context.getConf())),
                CollectionConverters.asScala(partitions).toSeq(), new ResultHandler(arrived), new Unit());
        try {
            while (true) {
                String json = arrived.poll(100, TimeUnit.MILLISECONDS);
                if (json != null) {
                    finished.accept(TrialResult.fromJson(json));
                } else if (job.isCompleted()) {
                    // the handler runs before the job completes, so whatever is queued now is the rest
                    for (String rest = arrived.poll(); rest != null; rest = arrived.poll()) {
                        finished.accept(TrialResult.fromJson(rest));
                    }
                    break;
                }
            }
            job.get();
        } catch (InterruptedException e) {
            job.cancel();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted; the Spark job was cancelled", e);
        } catch (Exception e) {
            throw new IllegalStateException("Spark stopped the sweep: " + rootMessage(e) + ". Trials that finished "
                    + "are saved; running again resumes with the rest.", e);
        }
    }

    /** Spark's own reason (e.g. "Job aborted due to stage failure: ..."), without its wrappers, and a fix if known. */
    static String rootMessage(Throwable e) {
        String reason = null;
        for (Throwable c = e; c != null && reason == null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && !m.isBlank() && !m.startsWith("Exception thrown in awaitResult")) {
                reason = m.lines().findFirst().orElse(m);
            }
        }
        if (reason == null) {
            reason = e.toString();
        }
        if (reason.contains("ClassNotFoundException") || reason.contains("NoClassDefFoundError")) {
            reason += " (the executors lack seqlab's classes: ship the shaded jar with spark-submit, --jars, "
                    + "spark.jars or -Dseqlab.spark.jar=experiments/spark/target/seqlab-spark-*-all.jar)";
        }
        return reason;
    }

    /** Stops Spark if this runner started it. */
    @Override
    public void close() {
        if (owned) {
            context.stop();
        }
    }

    @Override
    public String toString() {
        return "Spark (" + context.master() + ")";
    }

    /** Called on the driver, in Spark's scheduler thread, once per successful task: only queues the result. */
    private static final class ResultHandler extends AbstractFunction2<Object, String, BoxedUnit> {
        private final LinkedBlockingQueue<String> queue;

        ResultHandler(LinkedBlockingQueue<String> queue) {
            this.queue = queue;
        }

        @Override
        public BoxedUnit apply(Object partition, String resultJson) {
            queue.add(resultJson);
            return BoxedUnit.UNIT;
        }
    }

    private static final class Unit extends AbstractFunction0<BoxedUnit> {
        @Override
        public BoxedUnit apply() {
            return BoxedUnit.UNIT;
        }
    }
}
