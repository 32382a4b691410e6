package seqlab.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;
import seqlab.data.Batcher;
import seqlab.data.DataSplit;
import seqlab.data.LabelEncoder;
import seqlab.data.LabeledText;
import seqlab.data.PaddedBatch;
import seqlab.data.Splits;
import seqlab.data.TextDataset;
import seqlab.data.TextEncoder;
import seqlab.data.Tokenizer;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;
import seqlab.metric.ClassificationMetrics;
import seqlab.model.Baseline;
import seqlab.model.BagOfWords;
import seqlab.model.ModelSpec;
import seqlab.model.SequenceClassifier;
import seqlab.model.TaskHeads;
import seqlab.nn.Module;
import seqlab.train.BatchSource;
import seqlab.train.EpochResult;
import seqlab.train.LossFunction;
import seqlab.train.Losses;
import seqlab.train.Seeds;
import seqlab.train.Trainer;

/**
 * Text classification: stratified seeded train/validation/test splits, a vocabulary built on the training split
 * only (minimum frequency, {@code <unk>} for the rest), padded batches with lengths, and a
 * {@link SequenceClassifier} per model spec. Test metrics: accuracy (main) and macro-F1; per test example, the
 * predicted and true class ({@link ClassificationExtras}). Baselines: the majority class and a bag-of-words logistic
 * regression trained by the same trainer.
 */
public final class ClassificationTask implements Task {

    /**
     * @param embedding     embedding width
     * @param maxLength     tokens kept per text (the first ones)
     * @param minFrequency  a token enters the vocabulary when it occurs this often in the training split
     * @param maxVocabulary vocabulary size cap (specials included)
     * @param validation    fraction held out for validation (early stopping)
     * @param test          fraction held out for testing
     * @param maxExamples   use at most this many examples (a stratified subset drawn with each seed), 0 for all
     */
    public record Options(int embedding, int maxLength, int minFrequency, int maxVocabulary, double validation,
                          double test, int maxExamples) {
        public Options {
            if (embedding < 1 || maxLength < 1 || minFrequency < 1 || maxExamples < 0) {
                throw new IllegalArgumentException("ClassificationTask: embedding, maxLength and minFrequency must be "
                        + ">= 1 and maxExamples >= 0 (0 = all), got " + this);
            }
            if (!(validation >= 0 && test > 0 && validation + test < 1)) {
                throw new IllegalArgumentException("ClassificationTask: validation (" + validation + ") and test ("
                        + test + ") fractions must be >= 0 and > 0 and leave room for training data");
            }
        }

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

        public Options minFrequency(int n) {
            return new Options(embedding, maxLength, n, maxVocabulary, validation, test, maxExamples);
        }

        public Options maxVocabulary(int n) {
            return new Options(embedding, maxLength, minFrequency, n, validation, test, maxExamples);
        }

        public Options split(double validationFraction, double testFraction) {
            return new Options(embedding, maxLength, minFrequency, maxVocabulary, validationFraction, testFraction,
                    maxExamples);
        }
    }

    /** The majority-class baseline. */
    public static final Baseline MAJORITY = Baseline.of("majority");
    /** The bag-of-words logistic-regression baseline. */
    public static final Baseline BAG_OF_WORDS = new Baseline("bow", "bow-logreg");

    private final TextDataset data;
    private final Options options;
    private final String dataHash;
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
        this.dataHash = data.contentHash();
    }

    public ClassificationTask(TextDataset data) {
        this(data, Options.defaults());
    }

    @Override
    public Options options() {
        return options;
    }

    @Override
    public String name() {
        return "classification";
    }

    @Override
    public List<seqlab.data.DatasetInfo> sources() {
        return List.of(data.info());
    }

    @Override
    public String dataset() {
        return data.info().name();
    }

    /** The content hash of every row and label ({@link TextDataset#contentHash()}). */
    @Override
    public String dataHash() {
        return dataHash;
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
    public List<Baseline> baselines() {
        return List.of(MAJORITY, BAG_OF_WORDS);
    }

    @Override
    public List<String> families() {
        return List.of("rnn", "lstm", "gru", "transformer", "cnn");
    }

    @Override
    public Set<String> headSettings() {
        return TaskHeads.CLASSIFICATION;
    }

    @Override
    public boolean crossEntropy() {
        return true;
    }

    /**
     * The data of one seed: split, vocabulary, encoded texts and labels.
     *
     * @param rows the dataset row of each example (the seed's subset, when {@code maxExamples} draws one)
     */
    record Prepared(DataSplit split, TextEncoder encoder, LabelEncoder labels, List<int[]> ids, int[] y, int[] rows) {
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
            int[] original = java.util.stream.IntStream.range(0, rows.size()).toArray();
            if (options.maxExamples() > 0 && options.maxExamples() < rows.size()) {
                double keep = (double) options.maxExamples() / rows.size();
                DataSplit sub = Splits.stratified(labels, keep, 1 - keep, 0, rng);
                rows = sub.train(rows);
                labels = sub.train(labels);
                original = sub.train();
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
            return new Prepared(split, enc, le, ids, le.encodeAll(labels), original);
        });
    }

    @Override
    public long parameterCount(ModelSpec spec) {
        Prepared p = prepare(1);
        return SequenceClassifier.parameterCount(spec, p.encoder().vocabulary().size(), options.embedding(),
                p.labels().size());
    }

    /** The encoder and head's weights over the training texts' tokens (the first {@code maxLength} of each). */
    @Override
    public double trialCost(seqlab.model.Candidate candidate, TrainConfig train) {
        Prepared p = prepare(1);
        double arithmetic;
        if (candidate instanceof ModelSpec m) {
            arithmetic = parameterCount(m) - (double) p.encoder().vocabulary().size()
                    * SequenceClassifier.embeddingWidth(m, options.embedding());
        } else if (candidate.equals(BAG_OF_WORDS)) {
            arithmetic = p.labels().size(); // a sparse logistic regression: a few weights per token
        } else {
            return 0;
        }
        int[] rows = p.split().train();
        double tokens = 0;
        for (int i : rows) {
            tokens += Math.min(p.ids().get(i).length, options.maxLength());
        }
        return Task.trainingWork(arithmetic, rows.length, tokens / Math.max(1, rows.length), train);
    }

    @Override
    public TrialResult run(TrialSpec spec, Engine engine, TrialListener listener) {
        return TrialTemplate.run(spec, engine, listener, new Trial(spec, engine, prepare(spec.seed())));
    }

    /** One trial: the seed's data, the model it trains (none for the majority class), its test predictions. */
    private final class Trial implements TrialTemplate.Hooks {
        private final TrialSpec spec;
        private final Engine engine;
        private final Prepared p;
        private final int[] test;
        private final Batcher batcher;
        private int[] predicted;
        private Map<String, Double> validation = Map.of();

        Trial(TrialSpec spec, Engine engine, Prepared p) {
            this.spec = spec;
            this.engine = engine;
            this.p = p;
            this.test = p.split().test();
            this.batcher = Batcher.of(spec.train().batchSize());
        }

        @Override
        public List<? extends TrialTemplate.Fit<?, ?>> fits() {
            if (spec.model() instanceof Baseline b && b.kind().equals(MAJORITY.kind())) {
                int majority = majority();
                predicted = new int[test.length];
                Arrays.fill(predicted, majority);
                int[] val = p.split().validation();
                if (val.length > 0) {
                    int[] guess = new int[val.length];
                    Arrays.fill(guess, majority);
                    validation = Map.of("accuracy", ClassificationMetrics.accuracy(guess, p.y(val)));
                }
                return List.of();
            }
            return List.of(new Fit());
        }

        private int majority() {
            int[] counts = new int[p.labels().size()];
            for (int i : p.split().train()) {
                counts[p.y()[i]]++;
            }
            int best = 0;
            for (int c = 1; c < counts.length; c++) {
                if (counts[c] > counts[best]) {
                    best = c;
                }
            }
            return best;
        }

        /** Logits from padded ids and lengths, for either model this task trains. */
        private Tensor logits(Module m, PaddedBatch b) {
            return m instanceof BagOfWords bow ? bow.forward(b.ids(), b.lengths())
                    : ((SequenceClassifier) m).forward(b.ids(), b.lengths());
        }

        private final class Fit implements TrialTemplate.Fit<Module, PaddedBatch> {
            @Override
            public Module build(RandomSource init) {
                int v = p.encoder().vocabulary().size(), classes = p.labels().size();
                return spec.model() instanceof ModelSpec m
                        ? new SequenceClassifier(engine, m, v, options.embedding(), classes, init)
                        : new BagOfWords(engine, v, classes, init);
            }

            @Override
            public LossFunction<Module, PaddedBatch> loss() {
                double smoothing = spec.train().labelSmoothing();
                return (m, b) -> Losses.crossEntropy(logits(m, b), b.targets(), Losses.IGNORE_INDEX, smoothing);
            }

            @Override
            public BatchSource<PaddedBatch> training() {
                return source(p.split().train());
            }

            @Override
            public BatchSource<PaddedBatch> validation() {
                return source(p.split().validation());
            }

            private BatchSource<PaddedBatch> source(int[] rows) {
                return TrialTemplate.examples(rows.length, indices -> {
                    int[] idx = new int[indices.length];
                    for (int i = 0; i < idx.length; i++) {
                        idx[i] = rows[indices[i]];
                    }
                    return batcher.collate(engine, p.ids(), p.y(), idx);
                });
            }

            @Override
            public ToIntFunction<PaddedBatch> tokens() {
                return b -> Arrays.stream(b.lengths()).sum();
            }

            @Override
            public void configure(Trainer<Module, PaddedBatch> trainer) {
                int[] val = p.split().validation();
                trainer.monitor("validation accuracy",
                        m -> ClassificationMetrics.accuracy(Trial.this.predict(m, val), p.y(val)), true);
            }

            @Override
            public double epochMetric(Module model, EpochResult epoch) {
                return epoch.metric();
            }

            @Override
            public void predict(Module model) {
                predicted = Trial.this.predict(model, test);
            }
        }

        /** Predicted classes of the examples at {@code rows}, in batches in that order, without gradients. */
        private int[] predict(Module model, int[] rows) {
            int[] pred = new int[rows.length];
            int k = 0;
            try (var ignored = engine.noGrad()) {
                for (PaddedBatch b : batcher.batches(engine, p.ids(rows), null, null)) {
                    try (var scope = engine.scope()) {
                        for (long c : logits(model, b).argmax(1).toLongArray()) {
                            pred[k++] = (int) c;
                        }
                    }
                }
            }
            return pred;
        }

        @Override
        public TrialTemplate.Outcome outcome() {
            int[] truth = p.y(test);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("accuracy", ClassificationMetrics.accuracy(predicted, truth));
            metrics.put("macro_f1", ClassificationMetrics.macroF1(predicted, truth, p.labels().size()));
            List<Integer> rows = new ArrayList<>(test.length);
            for (int i : test) {
                rows.add(p.rows()[i]);
            }
            return new TrialTemplate.Outcome(metrics, validation, new ClassificationExtras(p.labels().classes(), rows,
                    boxed(predicted), boxed(truth), p.encoder().vocabulary().size(), p.split().train().length,
                    p.split().validation().length));
        }
    }

    static List<Integer> boxed(int[] v) {
        return Arrays.stream(v).boxed().toList();
    }

    @Override
    public String toString() {
        return "ClassificationTask[" + data.info().name() + ", " + data.rows().size() + " texts, " + data.labels().size()
                + " classes, " + options + "]";
    }
}
