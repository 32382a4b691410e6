package seqlab.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;
import seqlab.nn.Module;
import seqlab.nn.Safetensors;

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
    private double clipNorm = 0, clipValue = 0;
    private Schedule schedule = Schedule.constant();
    private Map<String, Double> scheduleInitialState = Map.of();
    private boolean schedulePerStep = false;
    private int patience = 0;
    private double maxSeconds = 0;
    private long maxSteps = 0;
    private long budgetStart;
    private boolean budgetExhausted;
    private boolean restoreBest = false;
    private Path checkpointDir;
    private int keepCheckpoints = 2;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private Boolean progress;
    private ToIntFunction<? super B> tokenCounter;
    private ToDoubleFunction<? super M> metric;
    private String metricName = "validation loss";
    private boolean higherIsBetter = false;

    // ----- run state: everything a checkpoint holds -----
    private Optimizer optimizer;
    private double baseLr;
    private RandomSource shuffleRandom;
    private int epochsDone;
    private long globalStep;
    private final List<EpochResult> history = new ArrayList<>();
    private double best = Double.NaN;
    private int bestEpoch = -1;
    private int badEpochs;
    private byte[] bestWeights;
    private Path lastCheckpoint;
    private double lastFiniteLoss = Double.NaN;
    private boolean stoppedEarly;

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
        this.optimizer = null;
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
        this.bucketLengths = batchesPerBucket == 1 ? null : lengths.clone();
        this.bucketBatches = batchesPerBucket;
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

    /** Keeps the weights of the best epoch and restores them at the end, without early stopping. */
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
        return budgetExhausted;
    }

    public Trainer<M, B> restoreBest(boolean on) {
        this.restoreBest = on;
        return this;
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
        return optimizer;
    }

    /** The epochs completed so far. */
    public History history() {
        return new History(history, metricName, bestEpoch, best, stoppedEarly, lastCheckpoint);
    }

    /** Seed, engine, versions and configuration of this trainer, for the run's record. */
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
        Optimizer o = optimizer != null ? optimizer : optimizerSpec.create(model.namedParameters());
        p.put("optimizer", o.name());
        Map<String, Object> h = new LinkedHashMap<>(o.hyperparameters());
        if (optimizer != null) {
            h.put("lr", baseLr);
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
        startFresh();
        return run(train, validation);
    }

    /**
     * Continues a run from a checkpoint ({@code path}: a checkpoint folder, or the checkpoints folder, whose latest
     * checkpoint is used) up to the configured number of epochs. The trainer must be configured as the
     * interrupted run was (model, optimizer, schedule, seed, batch size); the model and optimizer state must
     * match by name and shape.
     */
    public History resume(Path path, BatchSource<? extends B> train, BatchSource<? extends B> validation) {
        Checkpoint.Contents ck = Checkpoint.read(path, engine);
        startFresh();
        JsonNode s = ck.state();
        String optName = s.path("optimizer").path("name").asText();
        if (!optName.equals(optimizer.name())) {
            throw new IllegalArgumentException("Cannot resume from " + ck.path() + ": it was written with the "
                    + optName + " optimizer but this trainer uses " + optimizer.name()
                    + "; configure the same optimizer as the interrupted run");
        }
        try {
            model.loadStateDict(ck.model());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Cannot resume from " + ck.path().resolve(Checkpoint.MODEL) + ": "
                    + e.getMessage(), e);
        }
        try {
            optimizer.loadStateDict(ck.optimizer());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Cannot resume from " + ck.path().resolve(Checkpoint.OPTIMIZER) + ": "
                    + e.getMessage(), e);
        }
        optimizer.lr(s.path("optimizer").path("lr").asDouble());
        baseLr = s.path("optimizer").path("base_lr").asDouble();
        shuffleRandom.restore(longs(s.path("rng").path("shuffle")));
        RandomSource dropout = new RandomSource(0);
        dropout.restore(longs(s.path("rng").path("dropout")));
        model.randomSource(dropout);
        Map<String, Double> sched = new LinkedHashMap<>();
        s.path("schedule").path("state").fields().forEachRemaining(e -> sched.put(e.getKey(), num(e.getValue())));
        if (!sched.isEmpty()) {
            schedule.restore(sched);
        }
        epochsDone = s.path("epochs_completed").asInt();
        globalStep = s.path("global_step").asLong();
        lastFiniteLoss = num(s.path("last_finite_loss"));
        JsonNode es = s.path("early_stopping");
        best = num(es.path("best"));
        bestEpoch = es.path("best_epoch").asInt(-1);
        badEpochs = es.path("bad_epochs").asInt();
        for (JsonNode e : s.path("history")) {
            history.add(new EpochResult(e.path("epoch").asInt(), num(e.path("train_loss")),
                    num(e.path("validation_loss")), num(e.path("metric")), num(e.path("lr")),
                    num(e.path("mean_grad_norm")), num(e.path("seconds")), num(e.path("tokens_per_second")),
                    e.path("improved").asBoolean()));
        }
        if (restoreBest && bestEpoch >= 0) {
            Path bestFile = ck.path().resolve(BEST);
            if (java.nio.file.Files.isRegularFile(bestFile)) {
                try {
                    bestWeights = java.nio.file.Files.readAllBytes(bestFile);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("Cannot read " + bestFile + ": " + e, e);
                }
            }
        }
        lastCheckpoint = ck.path();
        return run(train, validation);
    }

    /** The best epoch's weights, kept in a checkpoint when restore-best is on. */
    static final String BEST = "best-model.safetensors";

    private void startFresh() {
        optimizer = optimizerSpec.create(model.namedParameters());
        baseLr = optimizer.lr();
        Seeds seeds = Seeds.of(seed);
        shuffleRandom = seeds.shuffle();
        model.randomSource(seeds.dropout());
        if (!scheduleInitialState.isEmpty()) {
            schedule.restore(scheduleInitialState);
        }
        epochsDone = 0;
        globalStep = 0;
        history.clear();
        best = Double.NaN;
        bestEpoch = -1;
        badEpochs = 0;
        bestWeights = null;
        lastCheckpoint = null;
        lastFiniteLoss = Double.NaN;
        stoppedEarly = false;
    }

    private History run(BatchSource<? extends B> train, BatchSource<? extends B> validation) {
        Objects.requireNonNull(train, "training data");
        if (train.size() == 0) {
            throw new IllegalArgumentException("The training data has no examples");
        }
        if ((patience > 0 || restoreBest) && validation == null && metric == null) {
            throw new IllegalArgumentException("Early stopping and restore-best need validation data or a monitor(...)"
                    + " metric; pass a validation BatchSource to fit(train, validation)");
        }
        List<TrainingListener> all = new ArrayList<>(listeners);
        if (progress == null ? ProgressBarListener.terminalAvailable() : progress) {
            all.add(new ProgressBarListener());
        }
        List<Tensor> params = model.parameters();
        budgetStart = System.nanoTime();
        budgetExhausted = false;
        Throwable failure = null;
        try {
            for (TrainingListener l : all) {
                l.onStart(epochsDone, epochs);
            }
            for (int epoch = epochsDone; epoch < epochs && !stoppedEarly; epoch++) {
                runEpoch(epoch, train, validation, params, all);
            }
            if (restoreBest && bestWeights != null) {
                model.loadStateDict(Safetensors.parse(bestWeights, "best weights", engine).tensors());
            }
            return history();
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            model.train();
            History h = history();
            for (TrainingListener l : all) {
                l.onEnd(h, failure);
            }
        }
    }

    private void runEpoch(int epoch, BatchSource<? extends B> train, BatchSource<? extends B> validation,
                          List<Tensor> params, List<TrainingListener> listeners) {
        int n = train.size();
        if (!schedulePerStep) {
            optimizer.lr(schedule.rate(epoch, baseLr));
        }
        List<int[]> plan = plan(n);
        int batches = plan.size();
        for (TrainingListener l : listeners) {
            l.onEpochStart(epoch, batches);
        }
        model.train();
        long epochStart = System.nanoTime();
        double lossSum = 0, normSum = 0;
        long examples = 0, tokens = 0;
        int done = 0;
        for (int b = 0; b < batches && !budgetExhausted; b++) {
            int[] idx = plan.get(b);
            if (schedulePerStep) {
                optimizer.lr(schedule.rate((int) Math.min(Integer.MAX_VALUE, globalStep), baseLr));
            }
            long t0 = System.nanoTime();
            long step = globalStep + 1;
            try (var scope = engine.scope()) {
                B batch = train.batch(idx);
                Tensor loss = lossFunction.loss(model, batch);
                if (loss.size() != 1) {
                    throw new IllegalArgumentException("The loss function returned a tensor of shape " + loss.shape()
                            + "; it must return a scalar (reduce with mean() or sum())");
                }
                double lossValue = loss.item();
                if (!Double.isFinite(lossValue)) {
                    throw diverged(step, epoch, b, "the loss is " + lossValue, Double.NaN);
                }
                optimizer.zeroGrad();
                loss.backward();
                double norm = clipNorm > 0 ? Clipping.clipGradNorm(params, clipNorm) : Clipping.gradNorm(params);
                if (!Double.isFinite(norm)) {
                    throw diverged(step, epoch, b, "the gradient norm is " + norm + " (loss " + lossValue + ")", norm);
                }
                if (clipValue > 0) {
                    Clipping.clipGradValue(params, clipValue);
                }
                optimizer.step();
                globalStep = step;
                lastFiniteLoss = lossValue;
                int count = tokenCounter == null ? idx.length : tokenCounter.applyAsInt(batch);
                double seconds = (System.nanoTime() - t0) / 1e9;
                lossSum += lossValue * idx.length;
                normSum += norm;
                examples += idx.length;
                tokens += count;
                StepEvent ev = new StepEvent(epoch, step, b, batches, lossValue, norm, optimizer.lr(), seconds,
                        idx.length, idx.length / seconds, count / seconds);
                for (TrainingListener l : listeners) {
                    l.onStep(ev);
                }
                optimizer.zeroGrad();
            }
            done = b + 1;
            if ((maxSteps > 0 && globalStep >= maxSteps)
                    || (maxSeconds > 0 && (System.nanoTime() - budgetStart) / 1e9 >= maxSeconds)) {
                budgetExhausted = true;
            }
        }
        double trainLoss = lossSum / examples;
        double lr = optimizer.lr();
        double valLoss = validation == null ? Double.NaN : evaluate(validation);
        if (validation != null && !Double.isFinite(valLoss)) {
            throw diverged(globalStep, epoch, batches - 1, "the validation loss after the epoch is " + valLoss,
                    Double.NaN);
        }
        double monitored;
        if (metric != null) {
            model.eval();
            try (var ignored = engine.noGrad(); var scope = engine.scope()) {
                monitored = metric.applyAsDouble(model);
            } finally {
                model.train();
            }
        } else {
            monitored = validation == null ? trainLoss : valLoss;
        }
        // Schedules that watch a plateau see the validation loss, as ReduceLROnPlateau is usually driven.
        schedule.observe(validation == null ? trainLoss : valLoss);
        boolean improved = bestEpoch < 0 || (higherIsBetter ? monitored > best : monitored < best);
        if (improved) {
            best = monitored;
            bestEpoch = epoch;
            badEpochs = 0;
            if (restoreBest) {
                bestWeights = Safetensors.toBytes(model.stateDict(), Map.of("format", "pt"));
            }
        } else {
            badEpochs++;
        }
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        EpochResult result = new EpochResult(epoch, trainLoss, valLoss, monitored, lr, normSum / done, seconds,
                tokens / seconds, improved);
        history.add(result);
        epochsDone = epoch + 1;
        if ((patience > 0 && badEpochs >= patience) || budgetExhausted) {
            stoppedEarly = true;
        }
        if (checkpointDir != null) {
            writeCheckpoint();
        }
        for (TrainingListener l : listeners) {
            l.onEpoch(result);
        }
    }

    /** One epoch's batches of example indices: shuffled slices, or length buckets. */
    private List<int[]> plan(int n) {
        if (bucketLengths != null) {
            if (bucketLengths.length != n) {
                throw new IllegalArgumentException("bucketByLength was given " + bucketLengths.length
                        + " lengths but the training data has " + n + " examples; pass one length per example");
            }
            return seqlab.data.Batcher.of(batchSize).bucketed(bucketBatches).dropLast(dropLast)
                    .plan(bucketLengths, shuffle ? shuffleRandom : null);
        }
        int[] order = shuffle ? shuffleRandom.permutation(n) : identity(n);
        int batches = dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
        if (batches == 0) {
            throw new IllegalArgumentException("No batch to train on: " + n + " examples, batch size " + batchSize
                    + " and dropLast; lower the batch size");
        }
        List<int[]> plan = new ArrayList<>(batches);
        for (int b = 0; b < batches; b++) {
            plan.add(java.util.Arrays.copyOfRange(order, b * batchSize, Math.min(n, (b + 1) * batchSize)));
        }
        return plan;
    }

    /** The mean loss over {@code data} (weighted by examples), in eval mode without gradients. */
    public double evaluate(BatchSource<? extends B> data) {
        model.eval();
        double sum = 0;
        long count = 0;
        int n = data.size();
        try (var ignored = engine.noGrad()) {
            for (int from = 0; from < n; from += batchSize) {
                int[] idx = new int[Math.min(batchSize, n - from)];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = from + i;
                }
                try (var scope = engine.scope()) {
                    sum += lossFunction.loss(model, data.batch(idx)).item() * idx.length;
                    count += idx.length;
                }
            }
        } finally {
            model.train();
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    private TrainingDivergedException diverged(long step, int epoch, int batch, String what, double norm) {
        String last = Double.isNaN(lastFiniteLoss) ? "no finite loss yet"
                : String.format(Locale.ROOT, "last finite loss %.6g at step %d", lastFiniteLoss, step - 1);
        String msg = String.format(Locale.ROOT,
                "Training diverged at step %d (epoch %d, batch %d): %s; %s; gradient norm %s; learning rate %.3g. "
                        + "Try gradient clipping (clipNorm(1.0)) or a lower learning rate. The model keeps the "
                        + "weights of the last good step%s.",
                step, epoch + 1, batch + 1, what, last, Double.isNaN(norm) ? "not computed" : String.valueOf(norm),
                optimizer.lr(), lastCheckpoint == null ? "" : "; the last good checkpoint is " + lastCheckpoint);
        return new TrainingDivergedException(msg, step, lastFiniteLoss, norm, history());
    }

    private void writeCheckpoint() {
        ObjectNode s = Checkpoint.JSON.createObjectNode();
        s.put("format", Checkpoint.FORMAT);
        s.put("version", Checkpoint.VERSION);
        s.put("created", Instant.now().toString());
        s.put("epochs_completed", epochsDone);
        s.put("global_step", globalStep);
        s.put("last_finite_loss", Double.isNaN(lastFiniteLoss) ? null : lastFiniteLoss);
        ObjectNode o = s.putObject("optimizer");
        o.put("name", optimizer.name());
        o.put("lr", optimizer.lr());
        o.put("base_lr", baseLr);
        o.set("hyperparameters", Checkpoint.JSON.valueToTree(optimizer.hyperparameters()));
        ObjectNode sc = s.putObject("schedule");
        sc.put("name", schedule.toString());
        ObjectNode st = sc.putObject("state");
        schedule.state().forEach((k, v) -> putNum(st, k, v));
        ObjectNode rng = s.putObject("rng");
        ArrayNode sh = rng.putArray("shuffle");
        for (long v : shuffleRandom.state()) {
            sh.add(v);
        }
        ArrayNode dr = rng.putArray("dropout");
        for (long v : model.randomSource().state()) {
            dr.add(v);
        }
        ObjectNode es = s.putObject("early_stopping");
        putNum(es, "best", best);
        es.put("best_epoch", bestEpoch);
        es.put("bad_epochs", badEpochs);
        es.put("monitor", metricName);
        ArrayNode h = s.putArray("history");
        for (EpochResult e : history) {
            ObjectNode r = h.addObject();
            r.put("epoch", e.epoch());
            putNum(r, "train_loss", e.trainLoss());
            putNum(r, "validation_loss", e.validationLoss());
            putNum(r, "metric", e.metric());
            putNum(r, "lr", e.lr());
            putNum(r, "mean_grad_norm", e.meanGradNorm());
            putNum(r, "seconds", e.seconds());
            putNum(r, "tokens_per_second", e.tokensPerSecond());
            r.put("improved", e.improved());
        }
        s.set("provenance", Checkpoint.JSON.valueToTree(provenance()));
        Checkpoint.Staged staged = Checkpoint.stage(checkpointDir, epochsDone, model.stateDict(),
                optimizer.stateDict(), s);
        if (restoreBest && bestWeights != null) {
            byte[] bw = bestWeights;
            Safetensors.writeAtomically(staged.stagingFolder().resolve(BEST), out -> out.write(bw));
        }
        lastCheckpoint = staged.commit();
        Checkpoint.prune(checkpointDir, keepCheckpoints);
    }

    /** JSON has no NaN or infinity: those are written as strings, which {@link #num} reads back. */
    private static void putNum(ObjectNode node, String key, Double v) {
        if (v == null || !Double.isFinite(v)) {
            node.put(key, String.valueOf(v));
        } else {
            node.put(key, v);
        }
    }

    private static double num(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return Double.NaN;
        }
        return n.isNumber() ? n.asDouble() : Double.parseDouble(n.asText());
    }

    private static long[] longs(JsonNode arr) {
        long[] out = new long[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(i).asLong();
        }
        return out;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
