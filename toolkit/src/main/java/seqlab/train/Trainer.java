package seqlab.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import seqlab.engine.Engine;
import seqlab.nn.Module;

/**
 * Trains a model by minibatch gradient descent: epochs over a {@link BatchSource}, shuffled by a seeded source,
 * with validation after each epoch, early stopping, gradient clipping, a learning-rate schedule, listeners, a
 * progress bar and checkpoints that resume exactly.
 *
 * <p>The trainer is generic over the model {@code M} and the batch type {@code B}; the {@link LossFunction} joins
 * them. Configuration is fluent; {@link #fit} runs.
 *
 * <pre>{@code
 * // jshell> (a toy: is the sum of a sequence positive?)
 * var engine = Engines.get("reference");
 * var seeds = Seeds.of(7);
 * var model = new MyLstmClassifier(engine, 8, 2, seeds.init());   // any seqlab.nn.Module
 * BatchSource<MyBatch> train = BatchSource.of(examples, MyBatch::collate);
 * var trainer = Trainer.of(model, (MyLstmClassifier m, MyBatch b) -> Losses.crossEntropy(m.forward(b.x()), b.y()))
 *     .optimizer(Optimizers.adam(1e-2)).epochs(20).batchSize(32).seed(7)
 *     .clipNorm(1.0).schedule(Schedule.cosine(20, 0)).earlyStopping(3, true)
 *     .checkpoints(Path.of("runs/toy"));
 * History h = trainer.fit(train, valid);                           // progress bar on a terminal
 * // interrupted? a new JVM, the same configuration:
 * History h2 = trainer.resume(Path.of("runs/toy"), train, valid);  // continues after the last checkpoint
 * }</pre>
 *
 * <p><b>Reproducibility.</b> {@link #seed(long)} fixes dropout (the model's {@link Module#randomSource}) and
 * shuffling through {@link Seeds}; build the model with {@code Seeds.of(seed).init()} to fix initialisation too.
 * On the reference engine two runs with the same seed give bit-identical losses, and a resumed run equals an
 * uninterrupted one bit for bit: checkpoints are taken at epoch ends and hold everything the next epoch reads.
 *
 * <p><b>Divergence.</b> A NaN or infinite loss or gradient norm stops training before the bad update with a
 * {@link TrainingDivergedException} naming the step, the last finite loss and the gradient norm.
 *
 * <p><b>Structure.</b> This class is the configuration (fluent setters, validated as they are called) and the
 * entry points; each {@link #fit} or {@link #resume} runs a {@code TrainingLoop} over an immutable snapshot of it,
 * and what a checkpoint carries between processes is a {@link TrainerState} record.
 *
 * <p><b>Memory.</b> Each step runs inside {@link Engine#scope()}, so engines with native memory free the step's
 * tensors; the loss function must not keep tensors beyond the step.
 */
public final class Trainer<M extends Module, B> {
    private final M model;
    private final LossFunction<? super M, ? super B> lossFunction;
    private final Engine engine;

    private OptimizerSpec optimizerSpec = Optimizers.adam(1e-3);
    private int epochs = 10;
    private int batchSize = 32;
    private long seed = 0;
    private boolean shuffle = true;
    private boolean dropLast = false;
    private int[] bucketLengths;
    private int bucketBatches = 1;
    private int evaluateEvery = 0;
    private double clipNorm = 0, clipValue = 0;
    private Schedule schedule = Schedule.constant();
    private Map<String, Double> scheduleInitialState = Map.of();
    private boolean schedulePerStep = false;
    private int patience = 0;
    private double maxSeconds = 0;
    private long maxSteps = 0;
    private boolean restoreBest = false;
    private Path checkpointDir;
    private int keepCheckpoints = 2;
    private final List<TrainingListener> listeners = new ArrayList<>();
    /** Steps between reads of the loss and gradient norm on a GPU, when {@link #logEvery} is left at 0. */
    public static final int GPU_LOG_EVERY = 20;
    private Boolean progress;
    private int logEvery;
    private ToIntFunction<? super B> tokenCounter;
    private ToDoubleFunction<? super M> metric;
    private String metricName = "validation loss";
    private boolean higherIsBetter = false;

    /** The last run (fit or resume): its optimizer, history and budget flag; null before the first. */
    private TrainingLoop<M, B> run;

    private Trainer(M model, LossFunction<? super M, ? super B> loss) {
        this.model = Objects.requireNonNull(model, "model");
        this.lossFunction = Objects.requireNonNull(loss, "loss function");
        this.engine = model.engine();
    }

    /** A trainer for {@code model}, minimising {@code loss}. */
    public static <M extends Module, B> Trainer<M, B> of(M model, LossFunction<? super M, ? super B> loss) {
        return new Trainer<>(model, loss);
    }

    // ------------------------------------------------------------------------------------------ configuration

    /** The optimizer, e.g. {@code Optimizers.adam(1e-3)} (the default). */
    public Trainer<M, B> optimizer(OptimizerSpec spec) {
        this.optimizerSpec = Objects.requireNonNull(spec);
        return this;
    }

    public Trainer<M, B> epochs(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + n);
        }
        this.epochs = n;
        return this;
    }

    public Trainer<M, B> batchSize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + n);
        }
        this.batchSize = n;
        return this;
    }

    /** The seed for dropout and shuffling (see {@link Seeds}). */
    public Trainer<M, B> seed(long s) {
        this.seed = s;
        return this;
    }

    /** Whether to shuffle the training examples each epoch (default true). */
    public Trainer<M, B> shuffle(boolean on) {
        this.shuffle = on;
        return this;
    }

    /** Whether to drop a last batch smaller than the batch size (default false). */
    public Trainer<M, B> dropLast(boolean on) {
        this.dropLast = on;
        return this;
    }

    /**
     * Batches examples of similar length together, so little compute goes to padding: each epoch the shuffled
     * examples are cut into chunks of {@code batchesPerBucket} batches, each chunk is sorted by length and cut into
     * batches, and the batches are shuffled ({@link seqlab.data.Batcher#plan}; deterministic given the seed, and
     * resumed runs draw the same plans). Without shuffling the chunks keep data order.
     *
     * @param lengths          each training example's length (e.g. source tokens), as many as the training data
     * @param batchesPerBucket batches per sorted chunk; 1 turns bucketing off
     */
    public Trainer<M, B> bucketByLength(int[] lengths, int batchesPerBucket) {
        if (batchesPerBucket < 1) {
            throw new IllegalArgumentException("bucketByLength: batches per bucket must be >= 1 (1 = off), got "
                    + batchesPerBucket);
        }
        this.bucketLengths = batchesPerBucket == 1 ? null : Objects.requireNonNull(lengths, "lengths").clone();
        this.bucketBatches = batchesPerBucket;
        return this;
    }

    /**
     * Validates every {@code steps} optimizer steps instead of once an epoch, for epochs longer than a step budget:
     * each evaluation period (the last one of an epoch may be shorter) is one entry of the history, with its own
     * validation loss and monitored metric, and early stopping's patience and restore-best count these periods. 0
     * (the default) validates at epoch ends. Checkpoints are taken at epoch ends, so this cannot be combined with them.
     */
    public Trainer<M, B> evaluateEvery(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("evaluateEvery must be >= 0 steps (0 = once an epoch), got " + steps);
        }
        this.evaluateEvery = steps;
        return this;
    }

    /** Clips the global gradient norm to {@code maxNorm} each step; 0 turns clipping off. */
    public Trainer<M, B> clipNorm(double maxNorm) {
        if (maxNorm < 0) {
            throw new IllegalArgumentException("clipNorm must be >= 0 (0 = off), got " + maxNorm);
        }
        this.clipNorm = maxNorm;
        return this;
    }

    /** Clips each gradient element to {@code [-v, v]} each step; 0 turns it off. */
    public Trainer<M, B> clipValue(double v) {
        if (v < 0) {
            throw new IllegalArgumentException("clipValue must be >= 0 (0 = off), got " + v);
        }
        this.clipValue = v;
        return this;
    }

    /** A learning-rate schedule applied per epoch. */
    public Trainer<M, B> schedule(Schedule s) {
        return schedule(s, false);
    }

    /** A learning-rate schedule applied per epoch or, with {@code perStep}, per optimizer step (warm-up). */
    public Trainer<M, B> schedule(Schedule s, boolean perStep) {
        this.schedule = Objects.requireNonNull(s);
        this.scheduleInitialState = Map.copyOf(s.state().entrySet().stream()
                .filter(e -> e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        this.schedulePerStep = perStep;
        return this;
    }

    /**
     * Stops when the monitored metric has not improved for {@code patience} epochs; with {@code restoreBest} the
     * model ends with the weights of its best epoch. Needs validation data (or a {@link #monitor}).
     */
    public Trainer<M, B> earlyStopping(int patience, boolean restoreBest) {
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1, got " + patience);
        }
        this.patience = patience;
        this.restoreBest = restoreBest;
        return this;
    }

    /**
     * A wall-clock budget: training stops after the step that reaches {@code seconds} (counted from the start of
     * {@link #fit}), ending that epoch early; validation and restore-best still run. 0 means none.
     */
    public Trainer<M, B> maxSeconds(double seconds) {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("maxSeconds must be >= 0, got " + seconds);
        }
        this.maxSeconds = seconds;
        return this;
    }

    /** A step budget: training stops after {@code steps} optimizer steps in all. 0 means none. */
    public Trainer<M, B> maxSteps(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("maxSteps must be >= 0, got " + steps);
        }
        this.maxSteps = steps;
        return this;
    }

    /** Whether the last run stopped because its time or step budget ran out. */
    public boolean budgetExhausted() {
        return run != null && run.budgetExhausted();
    }

    /** Keeps the weights of the best epoch and restores them at the end, without early stopping. */
    public Trainer<M, B> restoreBest(boolean on) {
        this.restoreBest = on;
        return this;
    }

    /** Whether the best epoch's weights are restored at the end (else the last epoch's are kept). */
    public boolean restoresBest() {
        return restoreBest;
    }

    /**
     * Monitors {@code metric(model)} after each epoch instead of the validation loss (for early stopping and
     * restore-best), e.g. validation accuracy with {@code higherIsBetter = true}. It runs in eval mode without
     * gradients.
     */
    public Trainer<M, B> monitor(String name, ToDoubleFunction<? super M> metric, boolean higherIsBetter) {
        this.metricName = Objects.requireNonNull(name);
        this.metric = Objects.requireNonNull(metric);
        this.higherIsBetter = higherIsBetter;
        return this;
    }

    /** Writes a checkpoint to {@code dir} after every epoch, keeping the newest 2. */
    public Trainer<M, B> checkpoints(Path dir) {
        return checkpoints(dir, 2);
    }

    /** Writes a checkpoint to {@code dir} after every epoch, keeping the newest {@code keep}. */
    public Trainer<M, B> checkpoints(Path dir, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be >= 1, got " + keep);
        }
        this.checkpointDir = dir;
        this.keepCheckpoints = keep;
        return this;
    }

    public Trainer<M, B> listener(TrainingListener l) {
        listeners.add(Objects.requireNonNull(l));
        return this;
    }

    /**
     * Shows a progress bar: {@code true} always, {@code false} never; by default only on a terminal and not when
     * the environment variable {@code CI} is set.
     */
    public Trainer<M, B> progress(boolean on) {
        this.progress = on;
        return this;
    }

    /**
     * Steps between reads of the loss and gradient norm from the model's device (0, the default: every step on the
     * CPU, {@value #GPU_LOG_EVERY} on a GPU). Reading makes a GPU wait for its queue, so it reads the values of
     * several steps in one copy; listeners hear those steps together, and a divergence is found up to that many
     * steps late. 1 reads every step before the update, so a diverged step never changes the weights.
     */
    public Trainer<M, B> logEvery(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("logEvery must be >= 0 steps (0 = 1 on the CPU, " + GPU_LOG_EVERY
                    + " on a GPU), got " + steps);
        }
        this.logEvery = steps;
        return this;
    }

    /** Counts the tokens in a batch, for tokens/s (default: the number of examples). */
    public Trainer<M, B> tokens(ToIntFunction<? super B> counter) {
        this.tokenCounter = counter;
        return this;
    }

    // ------------------------------------------------------------------------------------------ accessors

    public M model() {
        return model;
    }

    /** The optimizer of the current run (created by {@link #fit}; null before). */
    public Optimizer optimizer() {
        return run == null ? null : run.optimizer();
    }

    /** The epochs completed so far. */
    public History history() {
        return run == null ? new History(List.of(), metricName, -1, Double.NaN, false, null) : run.history();
    }

    /**
     * Seed, engine, versions and configuration of this trainer, for the run's record. Before a run it describes the
     * configured optimizer spec; nothing is allocated.
     */
    public Map<String, Object> provenance() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("seed", seed);
        p.put("engine", engine.name());
        p.put("engine_version", engine.version());
        p.put("java", System.getProperty("java.version"));
        p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        p.put("epochs", epochs);
        p.put("batch_size", batchSize);
        p.put("shuffle", shuffle);
        p.put("drop_last", dropLast);
        p.put("length_buckets", bucketBatches);
        p.put("evaluate_every", evaluateEvery);
        Optimizer o = optimizer();
        p.put("optimizer", o != null ? o.name() : optimizerSpec.name());
        Map<String, Object> h = o != null ? new LinkedHashMap<>(o.hyperparameters()) : optimizerSpec.hyperparameters();
        if (o != null) {
            h.put("lr", run.baseLr());
        }
        p.put("optimizer_hyperparameters", h);
        p.put("schedule", schedule.toString());
        p.put("schedule_per_step", schedulePerStep);
        p.put("clip_norm", clipNorm);
        p.put("clip_value", clipValue);
        p.put("early_stopping_patience", patience);
        p.put("restore_best", restoreBest);
        p.put("monitor", metricName);
        p.put("parameters", model.parameterCount());
        return p;
    }

    // ------------------------------------------------------------------------------------------ running

    /** Trains without validation data. */
    public History fit(BatchSource<? extends B> train) {
        return fit(train, null);
    }

    /**
     * Trains for the configured epochs from the model's current weights, with a fresh optimizer, schedule state
     * and random streams (to continue an interrupted run, use {@link #resume}).
     */
    public History fit(BatchSource<? extends B> train, BatchSource<? extends B> validation) {
        if (evaluateEvery > 0 && checkpointDir != null) {
            throw new IllegalArgumentException("evaluateEvery(" + evaluateEvery + ") evaluates inside epochs but "
                    + "checkpoints are taken at epoch ends; drop one of them");
        }
        run = new TrainingLoop<>(config(), model, lossFunction, this::provenance);
        return run.run(train, validation);
    }

    /**
     * Continues a run from a checkpoint ({@code path}: a checkpoint folder, or the checkpoints folder, whose latest
     * checkpoint is used) up to the configured number of epochs. The trainer must be configured as the interrupted
     * run was: the model's and optimizer's state must match by name and shape, and the optimizer, its
     * hyperparameters, the schedule, seed, batch size, shuffling and clipping must be those the checkpoint records;
     * any difference is an error naming the checkpoint and the setting.
     */
    public History resume(Path path, BatchSource<? extends B> train, BatchSource<? extends B> validation) {
        Checkpoint.Contents ck = Checkpoint.read(path, engine);
        Map<String, Object> now = provenance();
        TrainingLoop<M, B> loop = new TrainingLoop<>(config(), model, lossFunction, this::provenance);
        loop.restore(ck, now);
        run = loop;
        return loop.run(train, validation);
    }

    /** The mean loss over {@code data} (weighted by examples), in eval mode without gradients. */
    public double evaluate(BatchSource<? extends B> data) {
        return new TrainingLoop<>(config(), model, lossFunction, this::provenance).evaluate(data);
    }

    /** The configuration a run reads, fixed when it starts. */
    record Config<M, B>(OptimizerSpec optimizerSpec, int epochs, int batchSize, long seed, boolean shuffle,
                        boolean dropLast, int[] bucketLengths, int bucketBatches, int evaluateEvery,
                        double clipNorm, double clipValue, Schedule schedule,
                        Map<String, Double> scheduleInitialState, boolean schedulePerStep, int patience,
                        double maxSeconds, long maxSteps, boolean restoreBest, Path checkpointDir, int keepCheckpoints,
                        List<TrainingListener> listeners, Boolean progress, ToIntFunction<? super B> tokenCounter,
                        ToDoubleFunction<? super M> metric, String metricName, boolean higherIsBetter,
                        int logEvery) {
    }

    private Config<M, B> config() {
        return new Config<>(optimizerSpec, epochs, batchSize, seed, shuffle, dropLast, bucketLengths, bucketBatches,
                evaluateEvery, clipNorm, clipValue, schedule,
                scheduleInitialState, schedulePerStep, patience, maxSeconds, maxSteps, restoreBest, checkpointDir,
                keepCheckpoints, List.copyOf(listeners), progress, tokenCounter, metric, metricName, higherIsBetter,
                logEvery);
    }
}
