package seqlab.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import seqlab.data.LabelEncoder;
import seqlab.data.LabeledText;
import seqlab.data.PaddedBatch;
import seqlab.data.Splits;
import seqlab.data.TextDataset;
import seqlab.data.TextEncoder;
import seqlab.data.DataSplit;
import seqlab.data.Tokenizer;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;
import seqlab.metric.ClassificationMetrics;
import seqlab.metric.ConfusionMatrix;
import seqlab.model.BagOfWords;
import seqlab.model.ModelSpec;
import seqlab.model.SequenceClassifier;
import seqlab.nn.Module;
import seqlab.train.BatchSource;
import seqlab.train.Losses;
import seqlab.train.Seeds;
import seqlab.train.Trainer;

/**
 * Text classification: stratified seeded train/validation/test splits, a vocabulary built on the training split
 * only (minimum frequency, {@code <unk>} for the rest), padded batches with lengths, and a
 * {@link SequenceClassifier} per model spec. Test metrics: accuracy (main) and macro-F1. Baselines: the majority
 * class and a bag-of-words logistic regression trained by the same trainer.
 */
public final class ClassificationTask implements Task {

    /**
     * @param embedding    embedding width
     * @param maxLength    tokens kept per text (the first ones)
     * @param minFrequency a token enters the vocabulary when it occurs this often in the training split
     * @param maxVocabulary vocabulary size cap (specials included)
     * @param validation   fraction held out for validation (early stopping)
     * @param test         fraction held out for testing
     * @param maxExamples  use at most this many examples (a stratified subset), 0 for all
     */
    public record Options(int embedding, int maxLength, int minFrequency, int maxVocabulary, double validation,
                          double test, int maxExamples) {
        public static Options defaults() {
            return new Options(64, 50, 2, 20_000, 0.1, 0.2, 0);
        }

        public Options maxExamples(int n) {
            return new Options(embedding, maxLength, minFrequency, maxVocabulary, validation, test, n);
        }

        public Options embedding(int n) {
            return new Options(n, maxLength, minFrequency, maxVocabulary, validation, test, maxExamples);
        }

        public Options maxLength(int n) {
            return new Options(embedding, n, minFrequency, maxVocabulary, validation, test, maxExamples);
        }
    }

    /** The majority-class baseline. */
    public static final ModelSpec MAJORITY = new ModelSpec("majority", 1, 1, false, 0, Map.of(), "majority");
    /** The bag-of-words logistic-regression baseline. */
    public static final ModelSpec BAG_OF_WORDS = new ModelSpec("bow", 1, 1, false, 0, Map.of(), "bow-logreg");

    private final TextDataset data;
    private final Options options;
    private final Map<Long, Prepared> prepared = new ConcurrentHashMap<>();

    public ClassificationTask(TextDataset data, Options options) {
        if (data.rows().isEmpty()) {
            throw new IllegalArgumentException("Dataset " + data.info().name() + " has no rows");
        }
        if (data.labels().size() < 2) {
            throw new IllegalArgumentException("Dataset " + data.info().name() + " has " + data.labels().size()
                    + " class(es); classification needs at least 2");
        }
        this.data = data;
        this.options = options;
    }

    public ClassificationTask(TextDataset data) {
        this(data, Options.defaults());
    }

    public Options options() {
        return options;
    }

    @Override
    public String name() {
        return "classification";
    }

    @Override
    public String dataset() {
        return data.info().name();
    }

    @Override
    public String datasetChecksum() {
        return data.info().sha256();
    }

    /** By name: the dataset is loaded from the jar wherever the task is rebuilt. */
    @Override
    public java.util.Optional<TaskSpec> spec() {
        return java.util.Optional.of(TaskSpec.of(name(), dataset(), options));
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
        return List.of("accuracy", "macro_f1");
    }

    @Override
    public List<ModelSpec> baselines() {
        return List.of(MAJORITY, BAG_OF_WORDS);
    }

    @Override
    public List<String> families() {
        return List.of("rnn", "lstm", "gru", "transformer", "cnn", "majority", "bow");
    }

    /** The data of one seed: split, vocabulary, encoded texts and labels. */
    record Prepared(DataSplit split, TextEncoder encoder, LabelEncoder labels, List<int[]> ids, int[] y) {
        List<int[]> ids(int[] idx) {
            List<int[]> out = new ArrayList<>(idx.length);
            for (int i : idx) {
                out.add(ids.get(i));
            }
            return out;
        }

        int[] y(int[] idx) {
            int[] out = new int[idx.length];
            for (int i = 0; i < idx.length; i++) {
                out[i] = y[idx[i]];
            }
            return out;
        }
    }

    Prepared prepare(long seed) {
        return prepared.computeIfAbsent(seed, s -> {
            RandomSource rng = Seeds.of(s).splits();
            List<LabeledText> rows = data.rows();
            List<String> labels = rows.stream().map(LabeledText::label).toList();
            if (options.maxExamples() > 0 && options.maxExamples() < rows.size()) {
                double keep = (double) options.maxExamples() / rows.size();
                DataSplit sub = Splits.stratified(labels, keep, 1 - keep, 0, rng);
                rows = sub.train(rows);
                labels = sub.train(labels);
            }
            DataSplit split = Splits.stratified(labels, 1 - options.validation() - options.test(), options.validation(),
                    options.test(), rng);
            List<String> texts = rows.stream().map(LabeledText::text).toList();
            TextEncoder enc = TextEncoder.fit(Tokenizer.words(), split.train(texts), options.minFrequency(),
                    options.maxVocabulary());
            LabelEncoder le = LabelEncoder.fit(data.labels());
            List<int[]> ids = new ArrayList<>(texts.size());
            for (int[] v : enc.encodeAll(texts)) {
                ids.add(v.length > options.maxLength() ? Arrays.copyOf(v, options.maxLength()) : v);
            }
            return new Prepared(split, enc, le, ids, le.encodeAll(labels));
        });
    }

    @Override
    public long parameterCount(ModelSpec spec) {
        Prepared p = prepare(1);
        int v = p.encoder().vocabulary().size(), c = p.labels().size();
        return switch (spec.family()) {
            case "majority" -> 0;
            case "bow" -> BagOfWords.parameterCount(v, c);
            default -> SequenceClassifier.parameterCount(spec, v, options.embedding(), c);
        };
    }

    /** A model of this task: logits from padded ids and lengths. */
    interface Classifier {
        Tensor logits(PaddedBatch b);
    }

    @Override
    public TrialResult run(TrialSpec spec, Engine engine, TrialListener listener) {
        Map<String, Object> provenance = Provenance.collect(engine);
        Prepared p = prepare(spec.seed());
        int[] train = p.split().train(), val = p.split().validation(), test = p.split().test();
        ModelSpec m = spec.model();
        if (m.family().equals("majority")) {
            int[] counts = new int[p.labels().size()];
            for (int i : train) {
                counts[p.y()[i]]++;
            }
            int best = 0;
            for (int c = 1; c < counts.length; c++) {
                if (counts[c] > counts[best]) {
                    best = c;
                }
            }
            int[] pred = new int[test.length];
            Arrays.fill(pred, best);
            return result(spec, p, test, pred, 0, 0, 0, 0, List.of(), provenance, Map.of());
        }
        Seeds seeds = Seeds.of(spec.seed());
        int v = p.encoder().vocabulary().size(), classes = p.labels().size();
        Module model;
        Classifier classify;
        if (m.family().equals("bow")) {
            BagOfWords bow = new BagOfWords(engine, v, classes, seeds.init());
            model = bow;
            classify = b -> bow.forward(b.ids(), b.lengths());
        } else {
            SequenceClassifier sc = new SequenceClassifier(engine, m, v, options.embedding(), classes, seeds.init());
            model = sc;
            classify = b -> sc.forward(b.ids(), b.lengths());
        }
        BatchSource<PaddedBatch> trainData = source(engine, p, train);
        BatchSource<PaddedBatch> valData = source(engine, p, val);
        Training.Recorder recorder = new Training.Recorder(spec, listener);
        Trainer<Module, PaddedBatch> trainer = Trainer.<Module, PaddedBatch>of(model,
                (mod, b) -> Losses.crossEntropy(classify.logits(b), b.targets()));
        Training.configure(trainer, spec.train(), spec.seed())
                .monitor("validation accuracy", mod -> accuracy(engine, classify, p, val, spec.train().batchSize()), true)
                .tokens(b -> Arrays.stream(b.lengths()).sum())
                .listener(recorder);
        long t0 = System.nanoTime();
        trainer.fit(trainData, valData);
        double seconds = (System.nanoTime() - t0) / 1e9;
        model.eval();
        int[] pred = predict(engine, classify, p, test, spec.train().batchSize());
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("budget_exhausted", trainer.budgetExhausted());
        return result(spec, p, test, pred, model.parameterCount(), recorder.epochs().size(), seconds,
                recorder.tokensPerSecond(), recorder.epochs(), provenance, extras);
    }

    private TrialResult result(TrialSpec spec, Prepared p, int[] test, int[] pred, long params, int epochs, double seconds,
                               double tps, List<EpochStats> curve, Map<String, Object> provenance,
                               Map<String, Object> extras) {
        int[] truth = p.y(test);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", ClassificationMetrics.accuracy(pred, truth));
        metrics.put("macro_f1", ClassificationMetrics.macroF1(pred, truth, p.labels().size()));
        ConfusionMatrix cm = ClassificationMetrics.confusion(pred, truth, p.labels().classes());
        Map<String, Object> ex = new LinkedHashMap<>(extras);
        ex.put("confusion", Map.of("labels", cm.labels(), "counts", cm.counts()));
        ex.put("vocabulary", p.encoder().vocabulary().size());
        ex.put("split", Map.of("train", p.split().train().length, "validation", p.split().validation().length,
                "test", test.length));
        return new TrialResult(spec, "ok", "", params, epochs, seconds, tps, metrics, curve, ex, provenance);
    }

    private static BatchSource<PaddedBatch> source(Engine engine, Prepared p, int[] rows) {
        return new BatchSource<>() {
            @Override
            public int size() {
                return rows.length;
            }

            @Override
            public PaddedBatch batch(int[] indices) {
                int[] idx = new int[indices.length];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = rows[indices[i]];
                }
                return PaddedBatch.of(engine, p.ids(idx), p.y(idx), idx);
            }
        };
    }

    private static int[] predict(Engine engine, Classifier classify, Prepared p, int[] rows, int batchSize) {
        int[] pred = new int[rows.length];
        try (var ignored = engine.noGrad()) {
            for (int from = 0; from < rows.length; from += batchSize) {
                int[] idx = Arrays.copyOfRange(rows, from, Math.min(rows.length, from + batchSize));
                try (var scope = engine.scope()) {
                    long[] am = classify.logits(PaddedBatch.of(engine, p.ids(idx), null, idx)).argmax(1).toLongArray();
                    for (int i = 0; i < am.length; i++) {
                        pred[from + i] = (int) am[i];
                    }
                }
            }
        }
        return pred;
    }

    private static double accuracy(Engine engine, Classifier classify, Prepared p, int[] rows, int batchSize) {
        return ClassificationMetrics.accuracy(predict(engine, classify, p, rows, batchSize), p.y(rows));
    }

    @Override
    public String toString() {
        return "ClassificationTask[" + data.info().name() + ", " + data.rows().size() + " texts, " + data.labels().size()
                + " classes, " + options + "]";
    }
}
