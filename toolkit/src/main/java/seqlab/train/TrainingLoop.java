package seqlab.train;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;
import seqlab.nn.Module;
import seqlab.nn.Safetensors;

/**
 * One run of a {@link Trainer}: the loop over epochs and batches, and the run's state (optimizer, random streams,
 * counters, history, early stopping), which {@link #state} turns into the {@link TrainerState} a checkpoint holds
 * and {@link #restore} takes back.
 */
final class TrainingLoop<M extends Module, B> {
    private final Trainer.Config<M, B> c;
    private final M model;
    private final LossFunction<? super M, ? super B> lossFunction;
    private final Engine engine;
    /** The trainer's {@link Trainer#provenance()}, recorded in each checkpoint. */
    private final Supplier<Map<String, Object>> provenance;

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
    private long budgetStart;
    private boolean budgetExhausted;

    TrainingLoop(Trainer.Config<M, B> config, M model, LossFunction<? super M, ? super B> lossFunction,
                 Supplier<Map<String, Object>> provenance) {
        this.c = config;
        this.provenance = provenance;
        this.model = model;
        this.lossFunction = lossFunction;
        this.engine = model.engine();
    }

    Optimizer optimizer() {
        return optimizer;
    }

    double baseLr() {
        return baseLr;
    }

    boolean budgetExhausted() {
        return budgetExhausted;
    }

    History history() {
        return new History(history, c.metricName(), bestEpoch, best, stoppedEarly, lastCheckpoint);
    }

    /** A fresh optimizer, schedule state and random streams from the seed. */
    private void startFresh() {
        optimizer = c.optimizerSpec().create(model.namedParameters());
        baseLr = optimizer.lr();
        Seeds seeds = Seeds.of(c.seed());
        shuffleRandom = seeds.shuffle();
        model.randomSource(seeds.dropout());
        if (!c.scheduleInitialState().isEmpty()) {
            c.schedule().restore(c.scheduleInitialState());
        }
    }

    /**
     * Takes the state of a verified checkpoint, after checking that it belongs to this configuration and model.
     *
     * @param provenance the resuming trainer's provenance, compared with the one the checkpoint recorded
     */
    void restore(Checkpoint.Contents ck, Map<String, Object> provenance) {
        startFresh();
        TrainerState s = ck.state();
        Path where = ck.path();
        if (!s.optimizer().name().equals(optimizer.name())) {
            throw Checkpoint.invalid(where, "it was written with the " + s.optimizer().name() + " optimizer but "
                    + "this trainer uses " + optimizer.name() + "; configure the same optimizer as the interrupted run");
        }
        sameSettings(where, s.optimizer().hyperparameters(), optimizer.hyperparameters(), "optimizer ", "lr");
        sameSettings(where, s.provenance(), provenance, "", "engine", "engine_version", "java", "os", "epochs", "optimizer",
                "optimizer_hyperparameters", "early_stopping_patience", "restore_best", "monitor");
        if (!s.schedule().state().keySet().equals(c.schedule().state().keySet())) {
            throw Checkpoint.invalid(where, "trainer.json field 'schedule.state' has keys " + s.schedule().state().keySet()
                    + " but this trainer's schedule " + c.schedule() + " keeps " + c.schedule().state().keySet()
                    + "; configure the same schedule as the interrupted run");
        }
        if (s.epochsCompleted() > c.epochs()) {
            throw Checkpoint.invalid(where, "it has " + s.epochsCompleted() + " epochs completed but this trainer is "
                    + "configured for " + c.epochs() + "; set epochs(...) to at least " + s.epochsCompleted());
        }
        try {
            model.loadStateDict(ck.model());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Cannot resume from " + where.resolve(Checkpoint.MODEL) + ": "
                    + e.getMessage(), e);
        }
        try {
            optimizer.loadStateDict(ck.optimizer());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Cannot resume from " + where.resolve(Checkpoint.OPTIMIZER) + ": "
                    + e.getMessage(), e);
        }
        optimizer.lr(s.optimizer().lr());
        baseLr = s.optimizer().baseLr();
        shuffleRandom.restore(s.rng().shuffle());
        RandomSource dropout = new RandomSource(0);
        dropout.restore(s.rng().dropout());
        model.randomSource(dropout);
        if (!s.schedule().state().isEmpty()) {
            c.schedule().restore(s.schedule().state());
        }
        epochsDone = s.epochsCompleted();
        globalStep = s.globalStep();
        lastFiniteLoss = s.lastFiniteLoss();
        best = s.earlyStopping().best();
        bestEpoch = s.earlyStopping().bestEpoch();
        badEpochs = s.earlyStopping().badEpochs();
        history.addAll(s.history());
        if (c.restoreBest() && bestEpoch >= 0) {
            bestWeights = ck.bestModel();
        }
        lastCheckpoint = where;
        resumed = true;
    }

    private boolean resumed;

    /** Fails naming the first setting whose value differs, ignoring {@code skip}; numbers compare by value. */
    private static void sameSettings(Path where, Map<String, Object> recorded, Map<String, Object> now, String what,
                                     String... skip) {
        List<String> ignored = List.of(skip);
        for (var e : now.entrySet()) {
            if (ignored.contains(e.getKey())) {
                continue;
            }
            Object was = recorded.get(e.getKey());
            Object is = e.getValue();
            boolean same = was instanceof Number a && is instanceof Number b ? a.doubleValue() == b.doubleValue()
                    : Objects.equals(was, is);
            if (!same) {
                throw Checkpoint.invalid(where, "it was written with " + what + e.getKey() + " " + was + " but this "
                        + "trainer has " + is + "; configure the trainer as the interrupted run was");
            }
        }
    }

    History run(BatchSource<? extends B> train, BatchSource<? extends B> validation) {
        if (!resumed) {
            startFresh();
        }
        Objects.requireNonNull(train, "training data");
        if (train.size() == 0) {
            throw new IllegalArgumentException("The training data has no examples");
        }
        if ((c.patience() > 0 || c.restoreBest()) && validation == null && c.metric() == null) {
            throw new IllegalArgumentException("Early stopping and restore-best need validation data or a monitor(...)"
                    + " metric; pass a validation BatchSource to fit(train, validation)");
        }
        List<TrainingListener> all = new ArrayList<>(c.listeners());
        if (c.progress() == null ? ProgressBarListener.terminalAvailable() : c.progress()) {
            all.add(new ProgressBarListener());
        }
        List<Tensor> params = model.parameters();
        budgetStart = System.nanoTime();
        budgetExhausted = false;
        Throwable failure = null;
        try {
            for (TrainingListener l : all) {
                l.onStart(epochsDone, c.epochs());
            }
            for (int epoch = epochsDone; epoch < c.epochs() && !stoppedEarly; epoch++) {
                runEpoch(epoch, train, validation, params, all);
            }
            if (c.restoreBest() && bestWeights != null) {
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
        if (!c.schedulePerStep()) {
            optimizer.lr(c.schedule().rate(epoch, baseLr));
        }
        List<int[]> plan = plan(n);
        int batches = plan.size();
        for (TrainingListener l : listeners) {
            l.onEpochStart(epoch, batches);
        }
        model.train();
        int every = logInterval();
        Steps steps = new Steps(epoch, batches, listeners, every);
        for (int b = 0; b < batches && !budgetExhausted && !stoppedEarly; b++) {
            int[] idx = plan.get(b);
            if (c.schedulePerStep()) {
                optimizer.lr(c.schedule().rate((int) Math.min(Integer.MAX_VALUE, globalStep), baseLr));
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
                optimizer.zeroGrad();
                loss.backward();
                // the norm stays on the model's device; the loss and norm of the steps are read together, once per
                // logging interval, so a GPU is not made to wait for the host every step
                Tensor norm = c.clipNorm() > 0 ? Clipping.clipGradNormOnDevice(params, c.clipNorm())
                        : Clipping.gradNormTensor(params);
                if (c.clipValue() > 0) {
                    Clipping.clipGradValue(params, c.clipValue());
                }
                int count = c.tokenCounter() == null ? idx.length : c.tokenCounter().applyAsInt(batch);
                Step current = steps.add(scope, step, b, loss, norm, optimizer.lr(), idx.length, count);
                if (every == 1) {
                    // read before the update: a diverged step leaves the weights of the last good one
                    steps.flush();
                }
                optimizer.step();
                globalStep = step;
                current.seconds = (System.nanoTime() - t0) / 1e9;
                if (every > 1 && steps.due(b)) {
                    steps.flush();
                }
                optimizer.zeroGrad();
            }
            steps.report();
            if ((c.maxSteps() > 0 && globalStep >= c.maxSteps())
                    || (c.maxSeconds() > 0 && (System.nanoTime() - budgetStart) / 1e9 >= c.maxSeconds())) {
                budgetExhausted = true;
            }
            if (c.evaluateEvery() > 0 && globalStep % c.evaluateEvery() == 0 && b < batches - 1 && !budgetExhausted) {
                // the period's sums are the read values of all its steps
                steps.flush();
                steps.report();
                EpochResult r = endPeriod(epoch, b, steps.period, validation);
                for (TrainingListener l : listeners) {
                    l.onEpoch(r);
                }
                steps.period = new Period();
            }
        }
        steps.flush();
        steps.report();
        Period period = steps.period;
        EpochResult last = period.steps > 0 ? endPeriod(epoch, batches - 1, period, validation) : null;
        epochsDone = epoch + 1;
        if (budgetExhausted) {
            stoppedEarly = true;
        }
        if (c.checkpointDir() != null) {
            writeCheckpoint();
        }
        for (TrainingListener l : last == null ? List.<TrainingListener>of() : listeners) {
            l.onEpoch(last);
        }
    }

    /** What the steps since the last evaluation added up to. */
    private static final class Period {
        final long start = System.nanoTime();
        double lossSum, normSum;
        long examples, tokens;
        int steps;
    }

    /**
     * Validates, monitors and records one evaluation period (an epoch, or {@code evaluateEvery} steps): the history
     * entry, early stopping's bookkeeping and restore-best's weights.
     */
    private EpochResult endPeriod(int epoch, int batch, Period period, BatchSource<? extends B> validation) {
        double trainLoss = period.lossSum / period.examples;
        double lr = optimizer.lr();
        double valLoss = validation == null ? Double.NaN : evaluate(validation);
        if (validation != null && !Double.isFinite(valLoss)) {
            throw diverged(globalStep, epoch, batch, "the validation loss after the epoch is " + valLoss, Double.NaN);
        }
        double monitored;
        if (c.metric() != null) {
            model.eval();
            try (var ignored = engine.noGrad(); var scope = engine.scope()) {
                monitored = c.metric().applyAsDouble(model);
            } finally {
                model.train();
            }
        } else {
            monitored = validation == null ? trainLoss : valLoss;
        }
        // Schedules that watch a plateau see the validation loss, as ReduceLROnPlateau is usually driven.
        c.schedule().observe(validation == null ? trainLoss : valLoss);
        int index = c.evaluateEvery() > 0 ? history.size() : epoch;
        boolean improved = bestEpoch < 0 || (c.higherIsBetter() ? monitored > best : monitored < best);
        if (improved) {
            best = monitored;
            bestEpoch = index;
            badEpochs = 0;
            if (c.restoreBest()) {
                bestWeights = Safetensors.toBytes(model.stateDict(), Map.of("format", "pt"));
            }
        } else {
            badEpochs++;
        }
        double seconds = (System.nanoTime() - period.start) / 1e9;
        EpochResult result = new EpochResult(index, trainLoss, valLoss, monitored, lr, period.normSum / period.steps,
                seconds, period.tokens / seconds, improved);
        history.add(result);
        if (c.patience() > 0 && badEpochs >= c.patience()) {
            stoppedEarly = true;
        }
        return result;
    }

    /** One epoch's batches of example indices: shuffled slices, or length buckets. */
    private List<int[]> plan(int n) {
        if (c.bucketLengths() != null) {
            if (c.bucketLengths().length != n) {
                throw new IllegalArgumentException("bucketByLength was given " + c.bucketLengths().length
                        + " lengths but the training data has " + n + " examples; pass one length per example");
            }
            return seqlab.data.Batcher.of(c.batchSize()).bucketed(c.bucketBatches()).dropLast(c.dropLast())
                    .plan(c.bucketLengths(), c.shuffle() ? shuffleRandom : null);
        }
        int[] order = c.shuffle() ? shuffleRandom.permutation(n) : identity(n);
        int batches = c.dropLast() ? n / c.batchSize() : (n + c.batchSize() - 1) / c.batchSize();
        if (batches == 0) {
            throw new IllegalArgumentException("No batch to train on: " + n + " examples, batch size " + c.batchSize()
                    + " and dropLast; lower the batch size");
        }
        List<int[]> plan = new ArrayList<>(batches);
        for (int b = 0; b < batches; b++) {
            plan.add(Arrays.copyOfRange(order, b * c.batchSize(), Math.min(n, (b + 1) * c.batchSize())));
        }
        return plan;
    }

    /** Steps between reads of the loss and gradient norm: every step on the CPU, where a read costs nothing. */
    private int logInterval() {
        if (c.logEvery() > 0) {
            return c.logEvery();
        }
        return model.device().isGpu() ? Trainer.GPU_LOG_EVERY : 1;
    }

    /** One training step whose loss and gradient norm are still on the device. */
    private static final class Step {
        final long step;
        final int batch, examples, tokens;
        final double lr;
        Tensor values;
        double seconds, loss, norm;

        Step(long step, int batch, Tensor values, double lr, int examples, int tokens) {
            this.step = step;
            this.batch = batch;
            this.values = values;
            this.lr = lr;
            this.examples = examples;
            this.tokens = tokens;
        }
    }

    /**
     * The epoch's steps not yet read: each keeps its loss and gradient norm as a pair of float64 on the device;
     * {@link #flush} reads all pending pairs in one copy, checks them for divergence and sums them into the current
     * evaluation {@link Period} (so a period is flushed before it ends), and {@link #report} tells the listeners
     * about every step read, in order.
     */
    private final class Steps {
        final int epoch, batches, every;
        final List<TrainingListener> listeners;
        final List<Step> pending = new ArrayList<>();
        final List<Step> read = new ArrayList<>();
        /** The evaluation period the steps read are summed into. */
        Period period = new Period();

        Steps(int epoch, int batches, List<TrainingListener> listeners, int every) {
            this.epoch = epoch;
            this.batches = batches;
            this.listeners = listeners;
            this.every = every;
        }

        Step add(seqlab.engine.TensorScope scope, long step, int batch, Tensor loss, Tensor norm, double lr,
                 int examples, int tokens) {
            Tensor n = norm == null ? engine.zeros(seqlab.engine.Shape.of(1), seqlab.engine.DType.FLOAT64,
                    loss.device()) : norm.reshape(1).to(seqlab.engine.DType.FLOAT64);
            Tensor pair = Tensor.concat(List.of(loss.detach().reshape(1).to(seqlab.engine.DType.FLOAT64), n), 0);
            Step s = new Step(step, batch, every == 1 ? pair : scope.keep(pair), lr, examples, tokens);
            pending.add(s);
            return s;
        }

        boolean due(int batch) {
            return pending.size() >= every || batch == batches - 1;
        }

        void flush() {
            if (pending.isEmpty()) {
                return;
            }
            List<Tensor> all = new ArrayList<>(pending.size());
            pending.forEach(p -> all.add(p.values));
            double[] v = (all.size() == 1 ? all.get(0) : Tensor.concat(all, 0)).toDoubleArray();
            for (int i = 0; i < pending.size(); i++) {
                Step p = pending.get(i);
                double lossValue = v[2 * i], norm = v[2 * i + 1];
                if (!Double.isFinite(lossValue)) {
                    pending.clear();
                    throw diverged(p.step, epoch, p.batch, "the loss is " + lossValue, Double.NaN);
                }
                if (!Double.isFinite(norm)) {
                    pending.clear();
                    throw diverged(p.step, epoch, p.batch, "the gradient norm is " + norm + " (loss " + lossValue
                            + ")", norm);
                }
                lastFiniteLoss = lossValue;
                period.lossSum += lossValue * p.examples;
                period.normSum += norm;
                period.examples += p.examples;
                period.tokens += p.tokens;
                period.steps++;
                p.loss = lossValue;
                p.norm = norm;
                p.values = null;
                read.add(p);
            }
            pending.clear();
        }

        void report() {
            for (Step p : read) {
                StepEvent ev = new StepEvent(epoch, p.step, p.batch, batches, p.loss, p.norm, p.lr, p.seconds,
                        p.examples, p.examples / p.seconds, p.tokens / p.seconds);
                for (TrainingListener l : listeners) {
                    l.onStep(ev);
                }
            }
            read.clear();
        }
    }

    /** The mean loss over {@code data} (weighted by examples), in eval mode without gradients. */
    double evaluate(BatchSource<? extends B> data) {
        model.eval();
        double sum = 0;
        long count = 0;
        int n = data.size();
        try (var ignored = engine.noGrad()) {
            for (int from = 0; from < n; from += c.batchSize()) {
                int[] idx = new int[Math.min(c.batchSize(), n - from)];
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
                        + "Try gradient clipping (clipNorm(1.0)) or a lower learning rate. %s%s.",
                step, epoch + 1, batch + 1, what, last, Double.isNaN(norm) ? "not computed" : String.valueOf(norm),
                optimizer.lr(), logInterval() == 1 ? "The model keeps the weights of the last good step"
                        : "The loss is read every " + logInterval() + " steps (Trainer.logEvery), so the model has the"
                        + " weights of step " + globalStep, lastCheckpoint == null ? "" : "; the last good checkpoint is " + lastCheckpoint);
        return new TrainingDivergedException(msg, step, lastFiniteLoss, norm, history());
    }

    private void writeCheckpoint() {
        TrainerState s = state();
        Checkpoint.Staged staged = Checkpoint.stage(c.checkpointDir(), epochsDone, model.stateDict(),
                optimizer.stateDict(), c.restoreBest() ? bestWeights : null, s);
        lastCheckpoint = staged.commit();
        Checkpoint.prune(c.checkpointDir(), c.keepCheckpoints());
    }

    /** The run's state as a checkpoint records it (weight hashes are filled in by {@link Checkpoint#stage}). */
    private TrainerState state() {
        Map<String, Double> sched = new LinkedHashMap<>();
        c.schedule().state().forEach((k, v) -> sched.put(k, v == null ? Double.NaN : v));
        Map<String, Object> provenance = new LinkedHashMap<>(this.provenance.get());
        return new TrainerState(Checkpoint.FORMAT, Checkpoint.VERSION, Instant.now().toString(), epochsDone,
                globalStep, lastFiniteLoss,
                new TrainerState.OptimizerState(optimizer.name(), optimizer.lr(), baseLr, optimizer.hyperparameters()),
                new TrainerState.ScheduleState(c.schedule().toString(), sched),
                new TrainerState.RngState(shuffleRandom.state(), model.randomSource().state()),
                new TrainerState.EarlyStopping(best, bestEpoch, badEpochs, c.metricName()),
                history, Map.of(), provenance);
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
