package seqlab.spark;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import seqlab.engine.Engine;
import seqlab.experiment.EpochStats;
import seqlab.experiment.Provenance;
import seqlab.experiment.Task;
import seqlab.experiment.TaskFactory;
import seqlab.experiment.TaskSpec;
import seqlab.experiment.TrialListener;
import seqlab.experiment.TrialResult;
import seqlab.experiment.TrialSpec;
import seqlab.model.Baseline;
import seqlab.model.ModelSpec;

/**
 * A task whose trial takes {@code millis} of wall-clock time and whose scores are a fixed function of the model and
 * seed, so a cluster's results can be checked exactly and its timing controlled. Models of width 13 fail, as a bad
 * configuration does. Rebuilt on executors by {@link Factory} (test services file).
 */
final class SleepyTask implements Task {
    /** Trials this JVM really ran (local mode runs them in the test JVM). */
    static final AtomicInteger RUNS = new AtomicInteger();

    private final long millis;

    SleepyTask(long millis) {
        this.millis = millis;
    }

    @Override
    public String name() {
        return "sleepy";
    }

    @Override
    public String dataset() {
        return "none";
    }

    @Override
    public String dataHash() {
        return "0";
    }

    /** @param millis how long each trial sleeps */
    record Options(long millis) {
    }

    @Override
    public Options options() {
        return new Options(millis);
    }

    @Override
    public String mainMetric() {
        return "accuracy";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public List<String> metrics() {
        return List.of("accuracy");
    }

    @Override
    public List<Baseline> baselines() {
        return List.of();
    }

    @Override
    public List<String> families() {
        return List.of("rnn", "lstm", "gru");
    }

    @Override
    public long parameterCount(ModelSpec spec) {
        return spec.parameterCount(4);
    }

    @Override
    public TrialResult run(TrialSpec spec, Engine engine, TrialListener listener) {
        RUNS.incrementAndGet();
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        ModelSpec m = (ModelSpec) spec.model();
        if (m.hidden() == 13) {
            throw new IllegalArgumentException("this configuration cannot be built");
        }
        // an irrational-looking function of the spec, so equality is a real check of every bit
        double acc = Math.sin(m.hidden() * 0.37 + spec.seed() * 1.618) * 0.25 + 0.5;
        return new TrialResult(spec, TrialResult.Status.OK, "", parameterCount(m), 1, 1, false, millis / 1000.0, 1,
                Map.of("accuracy", acc), Map.of("accuracy", acc), List.of(new EpochStats(1, acc / 3, acc / 7, acc, 1e-3, millis / 1000.0)),
                null, Provenance.collect(engine));
    }

    /** Rebuilds {@link SleepyTask} from its spec. */
    public static final class Factory implements TaskFactory {
        @Override
        public Optional<Task> create(TaskSpec spec) {
            return spec.task().equals("sleepy")
                    ? Optional.of(new SleepyTask(((Number) spec.options().get("millis")).longValue()))
                    : Optional.empty();
        }
    }
}
