package seqlab.conformance.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import seqlab.conformance.GradCheck;
import seqlab.data.Bpe;
import seqlab.data.DatasetInfo;
import seqlab.data.ParallelCorpus;
import seqlab.data.SentencePair;
import seqlab.data.TranslationBatch;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;
import seqlab.experiment.EpochStats;
import seqlab.experiment.Experiment;
import seqlab.experiment.Results;
import seqlab.experiment.TranslationExtras;
import seqlab.experiment.TranslationTask;
import seqlab.experiment.TrialListener;
import seqlab.experiment.TrialResult;
import seqlab.experiment.TrialSpec;
import seqlab.metric.Bleu;
import seqlab.model.ModelSpec;
import seqlab.model.Models;
import seqlab.model.Seq2Seq;
import seqlab.train.BatchSource;
import seqlab.train.Optimizers;
import seqlab.train.Trainer;

/**
 * Translation models on an engine: a finite-difference gradient check of {@link Seq2Seq} with attention (float64),
 * teacher-forcing shapes and exact parameter counts for every family and attention form, padding invariance, greedy
 * decoding equal to beam search of width 1, a reversal task an attention model learns in seconds, and
 * {@link TranslationTask} end to end through {@link Experiment} with its copy baseline.
 */
public abstract class TranslationConformance {

    protected abstract Engine engine();

    /** Random id sequences over ids 4..vocab-1 (0-3 are the special tokens), lengths in [min, max]. */
    private static List<int[]> sequences(RandomSource rng, int n, int vocab, int min, int max) {
        List<int[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int len = min + (int) (rng.nextDouble() * (max - min + 1));
            int[] s = new int[len];
            for (int t = 0; t < len; t++) {
                s[t] = 4 + (int) (rng.nextDouble() * (vocab - 4));
            }
            out.add(s);
        }
        return out;
    }

    private static int[] reversed(int[] s) {
        int[] r = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            r[i] = s[s.length - 1 - i];
        }
        return r;
    }

    private static List<ModelSpec> variants(int h) {
        return List.of(
                Models.gru(h),
                Models.gru(h).with("attention", "additive"),
                Models.lstm(h).with("attention", "dot"),
                Models.rnn(h).bidirectional().with("attention", "general"),
                Models.lstm(h).bidirectional().layers(2).with("attention", "additive").with("bridge", "sum"),
                Models.lstm(h).bidirectional().with("attention", "general"),
                Models.gru(h).with("attention", "general").with("input_feeding", true),
                Models.gru(h).with("attention", "additive").with("embedding", h).with("tie_embeddings", true),
                Models.transformer(2, h, 2),
                Models.transformer(1, h, 2).with("tie_embeddings", true));
    }

    @Test
    void teacherForcingShapesAndExactParameterCounts() {
        Engine e = engine();
        RandomSource rng = new RandomSource(3);
        List<int[]> src = sequences(rng, 3, 11, 2, 5), tgt = sequences(rng, 3, 9, 1, 4);
        TranslationBatch b = TranslationBatch.of(e, src, tgt, null, 0, 0);
        for (ModelSpec spec : variants(8)) {
            Seq2Seq m = new Seq2Seq(e, spec, 11, 9, 6, new RandomSource(1));
            assertEquals(Seq2Seq.parameterCount(spec, 11, 9, 6), m.parameterCount(), spec.toString());
            Tensor logits = m.forward(b.source(), b.sourceLengths(), b.decoderInput(), b.targetLengths());
            assertArrayEquals(new int[] {3, b.decoderInput().dim(1), 9}, logits.shape().dims(), spec.toString());
            double loss = m.loss(b).item();
            // an untrained model is near uniform: loss close to log(9)
            assertTrue(Double.isFinite(loss) && loss > 0.5 * Math.log(9) && loss < 2 * Math.log(9), spec + ": " + loss);
        }
    }

    @Test
    void tiedAndSharedEmbeddingsAreOneMatrix() {
        Engine e = engine();
        ModelSpec three = Models.transformer(1, 8, 2).with("tie_embeddings", true).with("share_embeddings", true);
        Seq2Seq m = new Seq2Seq(e, three, 10, 10, 8, new RandomSource(1));
        var names = m.namedParameters().keySet();
        assertTrue(names.contains("shared_embedding.weight") && names.contains("output_bias"), names.toString());
        assertFalse(names.contains("output.weight") || names.contains("target_embedding.weight"), names.toString());
        long untied = Seq2Seq.parameterCount(Models.transformer(1, 8, 2), 10, 10, 8);
        assertEquals(untied - 2 * 10 * 8, m.parameterCount(), "two 10 x 8 matrices fewer");
        // one backward reaches the one matrix through all three uses
        RandomSource rng = new RandomSource(2);
        List<int[]> src = sequences(rng, 2, 10, 2, 4), tgt = sequences(rng, 2, 10, 1, 3);
        TranslationBatch b = TranslationBatch.of(e, src, tgt, null, 0, 0);
        m.loss(b).backward();
        Tensor w = m.namedParameters().get("shared_embedding.weight");
        assertNotNull(w.grad(), "the embedding learns from the source, the target and the output");
        var wrongVocab = assertThrows(IllegalArgumentException.class,
                () -> new Seq2Seq(e, Models.gru(8).with("share_embeddings", true), 10, 12, 8, new RandomSource(1)));
        assertTrue(wrongVocab.getMessage().contains("learnJoint"), wrongVocab.getMessage());
        var wrongWidth = assertThrows(IllegalArgumentException.class,
                () -> new Seq2Seq(e, Models.gru(8).with("tie_embeddings", true), 10, 12, 6, new RandomSource(1)));
        assertTrue(wrongWidth.getMessage().contains("embedding=8"), wrongWidth.getMessage());
    }

    @Test
    void paddingDoesNotChangeASentencesLogits() {
        Engine e = engine();
        RandomSource rng = new RandomSource(5);
        List<int[]> src = sequences(rng, 4, 12, 1, 6), tgt = sequences(rng, 4, 10, 1, 5);
        src.set(0, new int[] {5, 6});
        tgt.set(0, new int[] {7});
        for (ModelSpec spec : List.of(Models.gru(6).bidirectional().with("attention", "additive"),
                Models.lstm(6).with("attention", "general").with("input_feeding", true), Models.transformer(1, 8, 2))) {
            Seq2Seq m = new Seq2Seq(e, spec, 12, 10, 5, new RandomSource(2));
            m.eval();
            TranslationBatch all = TranslationBatch.of(e, src, tgt, null, 0, 0);
            TranslationBatch one = TranslationBatch.of(e, src.subList(0, 1), tgt.subList(0, 1), null, 0, 0);
            float[] batched = m.forward(all.source(), all.sourceLengths(), all.decoderInput(), all.targetLengths())
                    .narrow(0, 0, 1).narrow(1, 0, 2).toFloatArray();
            float[] alone = m.forward(one.source(), one.sourceLengths(), one.decoderInput(), one.targetLengths())
                    .toFloatArray();
            assertArrayEquals(alone, batched, 1e-5f, spec.toString());
        }
    }

    @Test
    void gradientCheckWithAttentionInFloat64() {
        Engine e = engine();
        RandomSource rng = new RandomSource(7);
        List<int[]> src = sequences(rng, 2, 6, 2, 3), tgt = sequences(rng, 2, 6, 1, 2);
        TranslationBatch b = TranslationBatch.of(e, src, tgt, null, 0, 0);
        for (ModelSpec spec : List.of(Models.gru(3).bidirectional().with("attention", "additive"),
                Models.gru(2).with("attention", "dot").with("embedding", 2).with("tie_embeddings", true)
                        .with("share_embeddings", true),
                Models.lstm(2).bidirectional().with("attention", "general").with("input_feeding", true))) {
            Seq2Seq m = new Seq2Seq(e, spec, 6, 6, 2, new RandomSource(4));
            m.to(GradCheck.dtypeFor(e));
            List<Tensor> params = m.parameters();
            GradCheck.Result r = GradCheck.check(xs -> m.loss(b), params);
            assertEquals(m.parameterCount(), r.checked(), spec.toString());
        }
    }

    @Test
    void greedyEqualsBeamSearchOfWidthOne() {
        Engine e = engine();
        RandomSource rng = new RandomSource(11);
        List<int[]> src = sequences(rng, 4, 15, 1, 6);
        for (ModelSpec spec : List.of(Models.gru(12).with("attention", "additive"),
                Models.lstm(12).with("attention", "dot").with("input_feeding", true), Models.transformer(1, 12, 2))) {
            Seq2Seq m = new Seq2Seq(e, spec, 15, 13, 8, new RandomSource(6));
            List<Seq2Seq.Translation> greedy = m.greedy(src, 7);
            for (int i = 0; i < src.size(); i++) {
                Seq2Seq.Translation beam = m.beamSearch(src.get(i), 1, 0.6, 7);
                Seq2Seq.Translation g = greedy.get(i);
                assertArrayEquals(g.tokens(), beam.tokens(), spec + " sentence " + i);
                assertEquals(g.finished(), beam.finished());
                assertEquals(g.logProb(), beam.logProb(), 1e-4);
                assertEquals(m.logProbability(src.get(i), g.tokens(), g.finished()), g.logProb(), 1e-4,
                        "greedy's score is the model's log-probability of its output");
                // one attention row per emitted step, one column per source token and <eos>, rows summing to 1
                assertEquals(g.tokens().length + (g.finished() ? 1 : 0), g.attention().length);
                for (float[] row : g.attention()) {
                    assertEquals(src.get(i).length + 1, row.length);
                    double sum = 0;
                    for (float w : row) {
                        sum += w;
                    }
                    assertEquals(1.0, sum, 1e-4);
                }
            }
            List<Seq2Seq.Translation> wide = m.beamSearchAll(src.get(0), 4, 0.0, 7);
            for (int k = 1; k < wide.size(); k++) {
                assertTrue(wide.get(k - 1).logProb() >= wide.get(k).logProb() - 1e-9, "best first");
            }
        }
    }

    @Test
    void anAttentionModelLearnsToReverseSequencesQuickly() {
        Engine e = engine();
        RandomSource rng = new RandomSource(21);
        int vocab = 14;
        List<int[]> train = sequences(rng, 1200, vocab, 3, 6), test = sequences(rng, 60, vocab, 4, 6);
        List<int[]> trainTgt = train.stream().map(TranslationConformance::reversed).toList();
        Seq2Seq m = new Seq2Seq(e, Models.gru(32).with("attention", "general"), vocab, vocab, 16, new RandomSource(8));
        BatchSource<TranslationBatch> data = new BatchSource<>() {
            @Override
            public int size() {
                return train.size();
            }

            @Override
            public TranslationBatch batch(int[] idx) {
                List<int[]> s = new ArrayList<>(), t = new ArrayList<>();
                for (int i : idx) {
                    s.add(train.get(i));
                    t.add(trainTgt.get(i));
                }
                return TranslationBatch.of(e, s, t, idx, 0, 0);
            }
        };
        long t0 = System.nanoTime();
        Trainer.of(m, (Seq2Seq model, TranslationBatch b) -> model.loss(b)).optimizer(Optimizers.adam(1e-2))
                .epochs(6).batchSize(32).clipNorm(1.0).seed(1).progress(false).fit(data);
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<String> hyps = new ArrayList<>(), refs = new ArrayList<>();
        List<Seq2Seq.Translation> out = m.greedy(test, 10);
        for (int i = 0; i < test.size(); i++) {
            hyps.add(words(out.get(i).tokens()));
            refs.add(words(reversed(test.get(i))));
        }
        double bleu = Bleu.sacrebleu().corpusScore(hyps, List.of(refs)).score();
        assertTrue(bleu > 80, "BLEU " + bleu + " after " + seconds + " s; e.g. " + hyps.get(0) + " for " + refs.get(0));
    }

    private static String words(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            sb.append(sb.length() == 0 ? "" : " ").append("w").append(id);
        }
        return sb.toString();
    }

    /**
     * A toy language pair: each source word has a fixed target word, numbers pass unchanged (so copying the source
     * scores above zero), and the target is the word-for-word translation.
     */
    static ParallelCorpus toyCorpus(int n, long seed) {
        String[] src = {"ein", "hund", "katze", "sieht", "mag", "den", "die", "baum", "haus", "rot", "gross", "klein"};
        String[] tgt = {"a", "dog", "cat", "sees", "likes", "the", "the", "tree", "house", "red", "big", "small"};
        RandomSource rng = new RandomSource(seed);
        List<SentencePair> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = 2 + (int) (rng.nextDouble() * 5);
            StringBuilder s = new StringBuilder(), t = new StringBuilder();
            for (int k = 0; k < len; k++) {
                String a, b;
                if (rng.nextDouble() < 0.2) {
                    a = b = String.valueOf((int) (rng.nextDouble() * 5));
                } else {
                    int w = (int) (rng.nextDouble() * src.length);
                    a = src[w];
                    b = tgt[w];
                }
                s.append(k == 0 ? "" : " ").append(a);
                t.append(k == 0 ? "" : " ").append(b);
            }
            pairs.add(new SentencePair(s.append('.').toString(), t.append('.').toString()));
        }
        return new ParallelCorpus(new DatasetInfo("toy", DatasetInfo.TRANSLATION, n, "CC0-1.0", "generated in the test", ""),
                "xx", "yy", pairs);
    }

    @Test
    void translationTaskEndToEndWithItsCopyBaseline(@TempDir Path dir) {
        TranslationTask task = new TranslationTask(toyCorpus(400, 1),
                TranslationTask.Options.defaults().embedding(16).validationBleuSentences(20));
        ModelSpec spec = Models.gru(24).with("attention", "additive");
        List<EpochStats> heard = new ArrayList<>();
        Results r = Experiment.on(task).compare(spec).train(t -> t.epochs(2).batchSize(32).adam(1e-2))
                .engine(engine().name()).out(dir).quiet().listener(new TrialListener() {
                    @Override
                    public void epochEnded(TrialSpec s, EpochStats stats) {
                        heard.add(stats);
                    }
                }).run();
        assertEquals(2, r.trials().size());
        TrialResult copy = r.trials().get(0), model = r.trials().get(1);
        assertTrue(copy.ok() && model.ok(), copy.error() + " / " + model.error());
        assertEquals("copy", copy.spec().model().name());
        assertTrue(copy.metric("bleu") > 0, "copying passes the numbers and the full stop through");
        assertEquals(task.parameterCount(spec), model.parameters());
        assertEquals(2, model.curve().size());
        assertEquals(model.curve(), heard);
        assertFalse(Double.isNaN(model.curve().get(1).metric()), "validation BLEU each epoch");
        assertTrue(model.tokensPerSecond() > 0 && model.trainSeconds() > 0);
        assertTrue(Double.isFinite(model.metric("bleu")) && Double.isFinite(model.metric("chrf")));
        for (TrialResult t : r.trials()) {
            var buckets = t.translation().bleuByLength();
            assertFalse(buckets.isEmpty());
            int sentences = 0;
            for (var o : buckets) {
                sentences += o.sentences();
            }
            assertEquals(t.translation().data().test(), sentences);
            assertFalse(t.translation().samples(5).isEmpty());
            assertEquals(copy.translation().samples().stream().map(TranslationExtras.Sample::source).toList(),
                    t.translation().samples().stream().map(TranslationExtras.Sample::source).toList(),
                    "the same fixed sample sentences for every model");
        }
        assertEquals(10, copy.translation().samples().size());
        var table = TranslationTask.sampleTable(r);
        assertEquals(List.of("source", "reference", spec.name()), table.columnNames(), "one column per trained model");
        assertEquals(10, table.rowCount());
        // the split is grouped by source sentence and the tokenizer learned on the training pairs, stored with the trial
        var prepared = task.prepare(1);
        assertEquals(prepared, task.prepare(2), "one split and tokenizer for every seed");
        var trainSources = new java.util.HashSet<>(prepared.train().stream().map(SentencePair::source).toList());
        assertTrue(prepared.test().stream().noneMatch(x -> trainSources.contains(x.source())), "no test source trained on");
        assertEquals(List.of(prepared.subwords().get(0)), model.translation().data().subwords().stream()
                .map(j -> Bpe.fromJson(j, "the trial")).toList());
        assertEquals("bpe 1000 joint", model.translation().data().tokenizer());
        var att = model.translation().attention();
        assertNotNull(att);
        var rows = att.weights();
        assertEquals(att.targetTokens().size(), rows.size());
        assertEquals(att.sourceTokens().size(), rows.get(0).size());
        assertThrows(IllegalArgumentException.class,
                () -> new TranslationTask(toyCorpus(50, 2), TranslationTask.Options.defaults().direction("de-en")));
    }

    @Test
    void float64ModelsDecodeToo() {
        Engine e = engine();
        Seq2Seq m = new Seq2Seq(e, Models.gru(4).with("attention", "additive"), 8, 8, 3, new RandomSource(1));
        m.to(GradCheck.dtypeFor(e));
        int[] src = {4, 5, 6};
        Seq2Seq.Translation t = m.beamSearch(src, 3, 0.6, 5);
        assertTrue(t.tokens().length <= 5);
        assertEquals(m.greedy(List.of(src), 5).get(0).logProb(), m.beamSearch(src, 1, 0.6, 5).logProb(), 1e-9);
    }
}
