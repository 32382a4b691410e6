package seqlab.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import seqlab.data.Batcher;
import seqlab.data.PaddedBatch;
import seqlab.data.TranslationBatch;
import seqlab.data.Vocabulary;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.model.Models;
import seqlab.model.Seq2Seq;
import seqlab.model.SequenceClassifier;
import seqlab.nn.Linear;
import seqlab.nn.Module;
import seqlab.train.BatchSource;
import seqlab.train.Checkpoint;
import seqlab.train.EpochResult;
import seqlab.train.History;
import seqlab.train.Losses;
import seqlab.train.Optimizers;
import seqlab.train.ProgressBarListener;
import seqlab.train.Schedule;
import seqlab.train.Seeds;
import seqlab.train.StepEvent;
import seqlab.train.Trainer;
import seqlab.train.TrainingDivergedException;
import seqlab.train.TrainingListener;

/**
 * The {@link Trainer} end to end on small models: reproducibility, exact resume, early stopping, divergence,
 * atomic checkpoints, listeners, and an LSTM (composed here from {@link Linear} and tensor ops) that learns a task
 * needing 20 steps of memory.
 */
public abstract class TrainingConformance {

    protected abstract Engine engine();

    /** Whether the engine repeats runs bit for bit (the reference engine does; GPU kernels need not). */
    protected boolean bitExact() {
        return true;
    }

    @TempDir
    Path dir;

    // ------------------------------------------------------------------------------------------ models and data

    /** A regression batch: inputs (N, 3) and targets (N, 1). */
    record XY(Tensor x, Tensor y) {
    }

    /** Two layers with dropout between them, so seeds matter. */
    static final class Mlp extends Module {
        final Linear l1, l2;

        Mlp(Engine e, RandomSource rng) {
            super(e);
            l1 = addModule("l1", new Linear(e, 3, 8, rng));
            l2 = addModule("l2", new Linear(e, 8, 1, rng));
        }

        Tensor forward(Tensor x) {
            return l2.forward(dropout(l1.forward(x).tanh(), 0.2));
        }
    }

    private BatchSource<XY> regression(int n, long seed, double scale) {
        RandomSource rng = new RandomSource(seed);
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float a = (float) (rng.nextGaussian() * scale), b = (float) (rng.nextGaussian() * scale),
                    c = (float) (rng.nextGaussian() * scale);
            rows.add(new float[] {a, b, c, (float) (0.5 * a - b + 0.25 * c * c + 0.1 * rng.nextGaussian())});
        }
        Engine e = engine();
        return BatchSource.of(rows, picked -> {
            float[] x = new float[picked.size() * 3], y = new float[picked.size()];
            for (int i = 0; i < picked.size(); i++) {
                System.arraycopy(picked.get(i), 0, x, 3 * i, 3);
                y[i] = picked.get(i)[3];
            }
            return new XY(e.of(x, Shape.of(picked.size(), 3)), e.of(y, Shape.of(picked.size(), 1)));
        });
    }

    private Trainer<Mlp, XY> mlpTrainer(long initSeed) {
        Mlp model = new Mlp(engine(), Seeds.of(initSeed).init());
        return Trainer.of(model, (Mlp m, XY b) -> Losses.mse(m.forward(b.x()), b.y())).progress(false);
    }

    private static float[][] weights(Module m) {
        return m.namedParameters().values().stream().map(Tensor::toFloatArray).toArray(float[][]::new);
    }

    private static List<Double> stepLosses(Trainer<?, ?> t) {
        List<Double> out = new ArrayList<>();
        t.listener(TrainingListener.everyStep(s -> out.add(s.loss())));
        return out;
    }

    // ------------------------------------------------------------------------------------------ tests

    @Test
    void oneSeedFixesInitialisationDropoutAndShuffling() {
        var train = regression(96, 1, 1);
        List<List<Double>> runs = new ArrayList<>();
        List<float[][]> finals = new ArrayList<>();
        for (long seed : new long[] {3, 3, 4}) {
            Trainer<Mlp, XY> t = mlpTrainer(seed).seed(seed).epochs(3).batchSize(16).optimizer(Optimizers.adam(1e-2));
            List<Double> losses = stepLosses(t);
            t.fit(train);
            runs.add(losses);
            finals.add(weights(t.model()));
        }
        assertEquals(18, runs.get(0).size());
        if (bitExact()) {
            assertEquals(runs.get(0), runs.get(1), "same seed, same losses to the last bit");
            assertArrayEquals(finals.get(0), finals.get(1));
        } else {
            for (int i = 0; i < runs.get(0).size(); i++) {
                assertEquals(runs.get(0).get(i), runs.get(1).get(i), 1e-4);
            }
        }
        assertNotEquals(runs.get(0), runs.get(2), "another seed, other losses");
    }

    @Test
    void aResumedRunEqualsAnUninterruptedOne() {
        var train = regression(80, 2, 1);
        var valid = regression(40, 3, 1);
        Trainer<Mlp, XY> whole = configure(mlpTrainer(11)).epochs(5);
        List<Double> wholeLosses = stepLosses(whole);
        History full = whole.fit(train, valid);

        Path ck = dir.resolve("run");
        Trainer<Mlp, XY> first = configure(mlpTrainer(11)).epochs(2).checkpoints(ck);
        first.fit(train, valid);
        assertEquals(List.of("epoch-0001", "epoch-0002"), names(Checkpoint.list(ck)));

        // A new process: a model initialised differently, the same configuration.
        Trainer<Mlp, XY> resumed = configure(mlpTrainer(999)).epochs(5).checkpoints(ck);
        List<Double> resumedLosses = stepLosses(resumed);
        History rest = resumed.resume(ck, train, valid);

        assertEquals(5, rest.epochs().size());
        assertEquals(wholeLosses.subList(wholeLosses.size() - resumedLosses.size(), wholeLosses.size()), resumedLosses);
        assertArrayEquals(full.trainLosses(), rest.trainLosses(), 0.0);
        assertArrayEquals(full.validationLosses(), rest.validationLosses(), 0.0);
        assertArrayEquals(weights(whole.model()), weights(resumed.model()));
        assertEquals(whole.optimizer().lr(), resumed.optimizer().lr(), 0.0);
        assertEquals(List.of("epoch-0004", "epoch-0005"), names(Checkpoint.list(ck)), "keeps the newest two");
    }

    /** Everything a checkpoint must carry: dropout, shuffling, clipping, a schedule, Adam's moments. */
    private static Trainer<Mlp, XY> configure(Trainer<Mlp, XY> t) {
        return t.seed(5).batchSize(16).optimizer(Optimizers.adamW(2e-2, 0.01)).clipNorm(0.5)
                .schedule(Schedule.reduceOnPlateau(0.5, 0)).restoreBest(true);
    }

    @Test
    void evaluateEveryValidatesInsideEpochsWithoutChangingTheUpdates(@TempDir Path dir) {
        var data = regression(96, 7, 1);
        var validation = regression(32, 8, 1);
        // 96 examples in batches of 16: 6 steps an epoch; every 4 steps gives periods of 4 and 2 steps per epoch
        History periods = mlpTrainer(3).seed(3).epochs(2).batchSize(16).optimizer(Optimizers.adam(1e-2))
                .evaluateEvery(4).fit(data, validation);
        History epochs = mlpTrainer(3).seed(3).epochs(2).batchSize(16).optimizer(Optimizers.adam(1e-2))
                .fit(data, validation);
        assertEquals(4, periods.epochs().size(), "two periods an epoch: after step 4 and at the epoch's end (6)");
        assertEquals(2, epochs.epochs().size());
        assertEquals(epochs.epochs().get(1).validationLoss(), periods.epochs().get(3).validationLoss(), 0.0,
                "validating in between does not change the training");
        assertEquals(epochs.epochs().get(0).validationLoss(), periods.epochs().get(1).validationLoss(), 0.0);
        for (int i = 0; i < 4; i++) {
            assertEquals(i, periods.epochs().get(i).epoch(), "periods are numbered in order");
        }
        // reading the losses every 3 steps (as on a GPU) still ends each period with all of its steps read
        History deferred = mlpTrainer(3).seed(3).epochs(2).batchSize(16).optimizer(Optimizers.adam(1e-2))
                .evaluateEvery(4).logEvery(3).fit(data, validation);
        assertEquals(4, deferred.epochs().size());
        for (int i = 0; i < 4; i++) {
            EpochResult a = periods.epochs().get(i), b = deferred.epochs().get(i);
            assertEquals(a.trainLoss(), b.trainLoss(), 0.0, "period " + i + "'s training loss");
            assertEquals(a.meanGradNorm(), b.meanGradNorm(), 0.0, "period " + i + "'s mean gradient norm");
            assertEquals(a.validationLoss(), b.validationLoss(), 0.0, "period " + i + "'s validation loss");
        }
        History stopped = mlpTrainer(3).seed(3).epochs(50).batchSize(16).optimizer(Optimizers.sgd(1e-9))
                .evaluateEvery(2).earlyStopping(2, true).fit(data, validation);
        assertTrue(stopped.stoppedEarly() && stopped.epochs().size() < 50 * 3, "patience counts periods: "
                + stopped.epochs().size());
        var both = assertThrows(IllegalArgumentException.class, () -> mlpTrainer(3).epochs(1).evaluateEvery(2)
                .checkpoints(dir).fit(data));
        assertTrue(both.getMessage().contains("drop one of them"), both.getMessage());
        assertThrows(IllegalArgumentException.class, () -> mlpTrainer(3).evaluateEvery(-1));
    }

    @Test
    void lengthBucketsGroupSimilarLengthsDeterministicallyAndCoverEveryExampleOnce() {
        int n = 96;
        int[] lengths = new int[n];
        RandomSource rng = new RandomSource(9);
        for (int i = 0; i < n; i++) {
            lengths[i] = 1 + (int) (rng.nextDouble() * 40);
        }
        var data = regression(n, 7, 1);
        List<List<int[]>> runs = new ArrayList<>();
        for (long seed : new long[] {6, 6, 7}) {
            List<int[]> seen = new ArrayList<>();
            BatchSource<XY> logged = new BatchSource<>() {
                @Override
                public int size() {
                    return n;
                }

                @Override
                public XY batch(int[] indices) {
                    seen.add(indices.clone());
                    return data.batch(indices);
                }
            };
            mlpTrainer(1).seed(seed).epochs(2).batchSize(8).bucketByLength(lengths, 4).optimizer(Optimizers.sgd(0.01))
                    .fit(logged);
            runs.add(seen);
        }
        List<int[]> plan = runs.get(0);
        assertEquals(24, plan.size(), "2 epochs of 12 batches");
        for (int epoch = 0; epoch < 2; epoch++) {
            int[] count = new int[n];
            for (int[] batch : plan.subList(12 * epoch, 12 * (epoch + 1))) {
                for (int i : batch) {
                    count[i]++;
                }
            }
            for (int c : count) {
                assertEquals(1, c, "every example once per epoch");
            }
        }
        // sorted chunks of 32: a batch's length spread is far below the data's (lengths 1..40)
        double spread = 0;
        for (int[] batch : plan) {
            int lo = Integer.MAX_VALUE, hi = 0;
            for (int i : batch) {
                lo = Math.min(lo, lengths[i]);
                hi = Math.max(hi, lengths[i]);
            }
            spread += hi - lo;
        }
        assertTrue(spread / plan.size() < 10, "mean spread " + spread / plan.size());
        assertTrue(Batcher.paddingCells(plan.subList(0, 12), lengths) < Batcher.paddingCells(
                Batcher.of(8).plan(lengths, new RandomSource(1)), lengths), "less padding than plain shuffling");
        assertEquals(plan.stream().map(Arrays::toString).toList(), runs.get(1).stream().map(Arrays::toString).toList(),
                "same seed, same batches");
        assertNotEquals(plan.stream().map(Arrays::toString).toList(),
                runs.get(2).stream().map(Arrays::toString).toList(), "another seed, other batches");
        var e = assertThrows(IllegalArgumentException.class,
                () -> mlpTrainer(1).epochs(1).bucketByLength(new int[] {1, 2}, 4).fit(data));
        assertTrue(e.getMessage().contains("one length per example"), e.getMessage());
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestWeights() {
        double[] scripted = {3, 2, 1, 1.5, 1.2, 1.1, 0.5, 0.4};
        int[] calls = {0};
        Map<Integer, float[][]> seen = new LinkedHashMap<>();
        Trainer<Mlp, XY> t = mlpTrainer(1).seed(1).epochs(8).batchSize(32).optimizer(Optimizers.sgd(0.05))
                .monitor("scripted", m -> scripted[calls[0]++], false)
                .earlyStopping(3, true);
        t.listener(TrainingListener.everyEpoch(e -> seen.put(e.epoch(), weights(t.model()))));
        History h = t.fit(regression(64, 4, 1), regression(16, 5, 1));
        assertTrue(h.stoppedEarly());
        assertEquals(6, h.epochs().size(), "epochs 4, 5 and 6 did not improve on epoch 3");
        assertEquals(2, h.bestEpoch());
        assertEquals(1.0, h.best(), 0.0);
        assertEquals(List.of(true, true, true, false, false, false),
                h.epochs().stream().map(EpochResult::improved).toList());
        assertArrayEquals(seen.get(2), weights(t.model()), "the weights of the best epoch are restored");
        assertFalse(Arrays.deepEquals(seen.get(5), seen.get(2)));
    }

    @Test
    void aDivergingModelStopsWithTheStepLastFiniteLossAndGradientNorm() {
        // Inputs of scale 30 and a rate of 1: plain SGD overshoots further at every step.
        Trainer<Mlp, XY> t = mlpTrainer(2).seed(2).epochs(50).batchSize(8).optimizer(Optimizers.sgd(1.0));
        TrainingDivergedException ex = assertThrows(TrainingDivergedException.class,
                () -> t.fit(regression(64, 6, 30)));
        String msg = ex.getMessage();
        assertTrue(msg.contains("Training diverged at step " + ex.step()), msg);
        assertTrue(msg.contains("last finite loss"), msg);
        assertTrue(msg.contains("gradient norm"), msg);
        assertTrue(msg.contains("clipNorm") && msg.contains("lower learning rate"), msg);
        assertTrue(Double.isFinite(ex.lastFiniteLoss()));
        for (float[] w : weights(t.model())) {
            for (float v : w) {
                assertTrue(Float.isFinite(v), "the bad update was not applied");
            }
        }
    }

    @Test
    void aForcedNanKeepsTheLastGoodCheckpointAndMetrics() {
        Path ck = dir.resolve("nan");
        int[] steps = {0};
        Mlp model = new Mlp(engine(), Seeds.of(1).init());
        // 4 steps per epoch; the 7th loss (in the second epoch) is NaN.
        Trainer<Mlp, XY> t = Trainer.of(model, (Mlp m, XY b) -> {
            Tensor l = Losses.mse(m.forward(b.x()), b.y());
            return ++steps[0] == 7 ? l.mul(Double.NaN) : l;
        }).progress(false).epochs(3).batchSize(8).checkpoints(ck).optimizer(Optimizers.sgd(0.01));
        TrainingDivergedException ex = assertThrows(TrainingDivergedException.class,
                () -> t.fit(regression(32, 7, 1)));
        assertEquals(7, ex.step());
        assertTrue(ex.getMessage().contains("the loss is NaN"), ex.getMessage());
        assertTrue(ex.getMessage().contains("at step 6"), ex.getMessage());
        assertEquals(1, ex.history().epochs().size(), "the completed epoch's metrics are kept");
        Path last = ex.history().checkpoint().orElseThrow();
        assertEquals(ck.resolve("epoch-0001"), last);
        assertTrue(ex.getMessage().contains(last.toString()), ex.getMessage());
        assertEquals(1, Checkpoint.read(ck, engine()).state().epochsCompleted());
    }

    @Test
    void aCrashBetweenWriteAndRenameLeavesThePreviousCheckpointLoadable() throws IOException {
        var train = regression(48, 8, 1);
        Path ck = dir.resolve("crash");
        Trainer<Mlp, XY> t = mlpTrainer(3).seed(3).epochs(2).batchSize(16).checkpoints(ck, 5);
        t.fit(train);
        float[][] afterTwo = weights(t.model());

        // Epoch 3's checkpoint is written in full but the process dies before the rename.
        Checkpoint.Staged staged = Checkpoint.stage(ck, 3, t.model().stateDict(), t.optimizer().stateDict(), null,
                Checkpoint.read(ck, engine()).state());
        // ... and another dies halfway through a file.
        Path halfWritten = Files.createDirectories(ck.resolve(".epoch-0004.staging-1"));
        Files.write(halfWritten.resolve(Checkpoint.MODEL), new byte[] {1, 2, 3});
        assertTrue(Files.isDirectory(staged.stagingFolder()));

        assertEquals(ck.resolve("epoch-0002"), Checkpoint.latest(ck).orElseThrow());
        Trainer<Mlp, XY> resumed = mlpTrainer(77).seed(3).epochs(2).batchSize(16).checkpoints(ck, 5);
        History h = resumed.resume(ck, train, null);
        assertEquals(2, h.epochs().size());
        assertArrayEquals(afterTwo, weights(resumed.model()));

        // A committed checkpoint whose file was cut short (disk trouble, a copy gone wrong) fails clearly.
        Path model = ck.resolve("epoch-0002").resolve(Checkpoint.MODEL);
        byte[] bytes = Files.readAllBytes(model);
        Files.write(model, Arrays.copyOf(bytes, bytes.length / 2));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> mlpTrainer(3).epochs(3).resume(ck, train, null));
        assertTrue(ex.getMessage().contains(model.toString()) && ex.getMessage().contains("truncated"),
                ex.getMessage());

        // Foreign paths name what is wrong.
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        ex = assertThrows(IllegalArgumentException.class, () -> mlpTrainer(3).resume(text, train, null));
        assertTrue(ex.getMessage().contains("not a seqlab checkpoint"), ex.getMessage());
        Path fake = Files.createDirectories(dir.resolve("fake"));
        Files.writeString(fake.resolve(Checkpoint.STATE), "{\"format\": \"keras\"}");
        ex = assertThrows(IllegalArgumentException.class, () -> mlpTrainer(3).resume(fake, train, null));
        assertTrue(ex.getMessage().contains("not a seqlab checkpoint"), ex.getMessage());

        // The next successful write clears the debris of crashed writes.
        Trainer<Mlp, XY> again = mlpTrainer(3).seed(3).epochs(1).batchSize(16).checkpoints(ck, 5);
        again.fit(train);
        try (var s = Files.list(ck)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".")), "staging folders removed");
        }
    }

    @Test
    void listenersSeeEveryStepWithPreClipNormPerStepWarmupAndAProgressBar() {
        List<StepEvent> steps = new ArrayList<>();
        List<EpochResult> epochs = new ArrayList<>();
        ByteArrayOutputStream bar = new ByteArrayOutputStream();
        Trainer<Mlp, XY> t = mlpTrainer(4).seed(4).epochs(2).batchSize(10).optimizer(Optimizers.sgd(0.1))
                .schedule(Schedule.warmupLinear(4, 100), true).clipNorm(1e-3)
                .tokens(b -> b.x().dim(0) * 3)
                .listener(TrainingListener.everyStep(steps::add))
                .listener(TrainingListener.everyEpoch(epochs::add))
                .listener(new ProgressBarListener(new PrintStream(bar, true, StandardCharsets.UTF_8)));
        float[][] before = weights(t.model());
        t.fit(regression(25, 9, 1), regression(10, 10, 1));
        assertEquals(6, steps.size(), "3 batches (10, 10, 5) x 2 epochs");
        assertEquals(2, epochs.size());
        for (int i = 0; i < steps.size(); i++) {
            StepEvent s = steps.get(i);
            assertEquals(i + 1, s.step());
            double expected = i < 4 ? 0.1 * i / 4 : 0.1 * (100 - i) / 96; // warm-up over 4 steps, then decay
            assertEquals(expected, s.lr(), 1e-12, "lr at step " + (i + 1));
            assertTrue(s.gradNorm() > 1e-3, "the norm is reported before clipping");
            assertTrue(s.tokensPerSecond() > 0 && s.seconds() > 0);
        }
        assertEquals(5, steps.get(2).examples());
        // Clipped to norm 1e-3, six updates at rates summing to 0.35 move no weight by more than 3.5e-4.
        float[][] after = weights(t.model());
        for (int i = 0; i < after.length; i++) {
            for (int j = 0; j < after[i].length; j++) {
                assertEquals(before[i][j], after[i][j], 5e-4 + 1e-6);
            }
        }
        String out = bar.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("epoch 1/2") && out.contains("epoch 2/2"), out);
        assertTrue(out.contains("val loss"), out);
        assertTrue(t.provenance().get("engine").equals(engine().name()));
    }

    // ------------------------------------------------------------------------------------------ memory task

    /** Sequences (T, B, V) one-hot, labels (B). */
    record Seqs(Tensor x, Tensor y) {
    }

    /** An LSTM over one-hot inputs, composed from two Linear layers and tensor ops, with a linear read-out. */
    static final class TinyLstm extends Module {
        final Linear ih, hh, out;
        final int hidden;

        TinyLstm(Engine e, int vocab, int hidden, int classes, RandomSource rng) {
            super(e);
            this.hidden = hidden;
            ih = addModule("ih", new Linear(e, vocab, 4 * hidden, rng));
            hh = addModule("hh", new Linear(e, hidden, 4 * hidden, false, rng));
            out = addModule("out", new Linear(e, hidden, classes, rng));
        }

        Tensor forward(Tensor x) {
            int steps = x.dim(0), batch = x.dim(1), n = hidden;
            Tensor inputs = ih.forward(x);
            Tensor h = engine().zeros(Shape.of(batch, n)), c = engine().zeros(Shape.of(batch, n));
            for (int t = 0; t < steps; t++) {
                Tensor z = inputs.narrow(0, t, 1).squeeze(0).add(hh.forward(h));
                Tensor i = z.narrow(1, 0, n).sigmoid();
                // A positive forget-gate bias keeps memory from the start (Gers et al. 2000; Jozefowicz et al.
                // 2015 use 1): with 3, sigmoid(3)^20 = 0.38 of the first token's trace survives 20 steps.
                Tensor f = z.narrow(1, n, n).add(3.0).sigmoid();
                Tensor g = z.narrow(1, 2 * n, n).tanh();
                Tensor o = z.narrow(1, 3 * n, n).sigmoid();
                c = f.mul(c).add(i.mul(g));
                h = o.mul(c.tanh());
            }
            return out.forward(h);
        }
    }

    private BatchSource<Seqs> firstTokenTask(int n, int steps, int vocab, int classes, long seed) {
        RandomSource rng = new RandomSource(seed);
        List<int[]> seqs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] s = new int[steps];
            s[0] = rng.nextInt(classes);
            for (int t = 1; t < steps; t++) {
                s[t] = rng.nextInt(vocab); // noise includes the class tokens: only position tells them apart
            }
            seqs.add(s);
        }
        Engine e = engine();
        return BatchSource.of(seqs, picked -> {
            int b = picked.size();
            float[] x = new float[steps * b * vocab];
            long[] y = new long[b];
            for (int j = 0; j < b; j++) {
                int[] s = picked.get(j);
                y[j] = s[0];
                for (int t = 0; t < steps; t++) {
                    x[(t * b + j) * vocab + s[t]] = 1;
                }
            }
            return new Seqs(e.of(x, Shape.of(steps, b, vocab)), e.ofIndices(y, Shape.of(b)));
        });
    }

    private static double accuracy(TinyLstm m, BatchSource<Seqs> data) {
        int[] all = new int[data.size()];
        Arrays.setAll(all, i -> i);
        Seqs s = data.batch(all);
        long[] predicted = m.forward(s.x()).argmax(1).toLongArray();
        long[] truth = s.y().toLongArray();
        int right = 0;
        for (int i = 0; i < truth.length; i++) {
            right += predicted[i] == truth[i] ? 1 : 0;
        }
        return (double) right / truth.length;
    }

    @Test
    void anLstmRemembersTheFirstTokenAcrossTwentyNoiseSteps() {
        double acc = memoryTask(16, 1e-2, 512, 20, 1);
        assertTrue(acc > 0.95, "validation accuracy " + acc);
    }

    /** Trains the memory task and returns the validation accuracy (public for tuning sweeps). */
    public double memoryTask(int hidden, double lr, int examples, int epochs, long seed) {
        int steps = 21, vocab = 8, classes = 4;
        var train = firstTokenTask(examples, steps, vocab, classes, 21);
        var valid = firstTokenTask(256, steps, vocab, classes, 22);
        TinyLstm model = new TinyLstm(engine(), vocab, hidden, classes, Seeds.of(seed).init());
        long t0 = System.nanoTime();
        History h = Trainer.of(model, (TinyLstm m, Seqs b) -> Losses.crossEntropy(m.forward(b.x()), b.y()))
                .progress(false).seed(seed).epochs(epochs).batchSize(32).optimizer(Optimizers.adam(lr)).clipNorm(1.0)
                .monitor("accuracy", m -> accuracy(m, valid), true)
                .restoreBest(true)
                .fit(train, valid);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double acc = accuracy(model, valid);
        System.out.printf("[memory task] hidden %d, lr %.3g, %d examples: validation accuracy %.3f after %d epochs "
                + "(best epoch %d), %.1f s%n", hidden, lr, examples, acc, h.epochs().size(), h.bestEpoch() + 1, seconds);
        return acc;
    }

    @Test
    void taskModelsKeepThePaddingTokensEmbeddingAtZero() {
        Engine e = engine();
        List<int[]> texts = List.of(new int[] {4, 5, 6, 7}, new int[] {8, 9}, new int[] {5});
        var classifier = new SequenceClassifier(e, Models.lstm(4), 10, 3, 2, new RandomSource(3));
        PaddedBatch batch = PaddedBatch.of(e, texts, new int[] {0, 1, 1}, null);
        assertPaddingRowUntrained(classifier, List.of("embedding.weight"),
                m -> Losses.crossEntropy(m.forward(batch.ids(), batch.lengths()), batch.targets()));
        TranslationBatch pairs = TranslationBatch.of(e, texts, List.of(new int[] {6}, new int[] {4, 7, 8}, new int[] {9, 5}),
                null, 0, 0);
        for (var spec : List.of(Models.gru(4).with("attention", "general"), Models.transformer(1, 4, 2))) {
            assertPaddingRowUntrained(new Seq2Seq(e, spec, 10, 11, 3, new RandomSource(4)),
                    List.of("source_embedding.weight", "target_embedding.weight"), m -> m.loss(pairs));
        }
    }

    /** The padding row of each named embedding is zero, gets no gradient and stays zero through AdamW steps. */
    private static <M extends Module> void assertPaddingRowUntrained(M model, List<String> embeddings,
                                                                     java.util.function.Function<M, Tensor> loss) {
        var opt = Optimizers.adamW(0.1, 0.1).create(model.namedParameters());
        for (int step = 0; step <= 2; step++) {
            for (String name : embeddings) {
                Tensor w = model.stateDict().get(name);
                int dim = w.dim(1);
                double[] padRow = Arrays.copyOfRange(w.toDoubleArray(), Vocabulary.PAD_ID * dim, (Vocabulary.PAD_ID + 1) * dim);
                assertArrayEquals(new double[dim], padRow, 0.0, model.getClass().getSimpleName() + " " + name
                        + " padding row after " + step + " steps");
                if (step > 0) {
                    double[] g = Arrays.copyOfRange(w.grad().toDoubleArray(), Vocabulary.PAD_ID * dim,
                            (Vocabulary.PAD_ID + 1) * dim);
                    assertArrayEquals(new double[dim], g, 0.0, name + " padding row gradient");
                }
            }
            model.zeroGrad();
            loss.apply(model).backward();
            opt.step();
        }
    }

    private static List<String> names(List<Path> paths) {
        return paths.stream().map(p -> p.getFileName().toString()).toList();
    }
}
