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
import seqlab.data.ParallelCorpus;
import seqlab.data.SentencePair;
import seqlab.data.Splits;
import seqlab.data.TextEncoder;
import seqlab.data.Tokenizer;
import seqlab.data.TranslationBatch;
import seqlab.data.Vocabulary;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.metric.Bleu;
import seqlab.metric.Chrf;
import seqlab.model.Baseline;
import seqlab.model.ModelSpec;
import seqlab.model.Seq2Seq;
import seqlab.model.TaskHeads;
import seqlab.train.BatchSource;
import seqlab.train.EpochResult;
import seqlab.train.LossFunction;
import seqlab.train.Seeds;

/**
 * Translation: trains a {@link Seq2Seq} on a parallel corpus and scores its test translations.
 *
 * <pre>{@code
 * var task = new TranslationTask(Datasets.deEn(), TranslationTask.Options.defaults().subset(3000).maxWords(8));
 * var results = Experiment.on(task)
 *     .compare(Models.gru(128).with("attention", "additive"), Models.gru(128), Models.transformer(2, 128, 4))
 *     .train(t -> t.epochs(8).batchSize(32).adam(2e-3))
 *     .run();
 * }</pre>
 *
 * <p><b>Data.</b> Pairs whose sides have at most {@link Options#maxWords()} words are kept, then a fixed subset (the
 * same for every seed) when {@link Options#subset()} is set. Each seed splits the pairs at random into
 * train/validation/test and builds the source and target vocabularies on its training pairs only (lower-cased
 * words and punctuation, {@link Tokenizer#words()}; rarer than {@link Options#minFrequency()} becomes {@code <unk>}).
 *
 * <p><b>Training.</b> Teacher forcing with token-level cross-entropy (label smoothing from the trial's
 * {@link TrainConfig}), the trial's optimizer, schedule, clipping, step budget and early stopping on the validation
 * loss with the best epoch's weights restored. After each epoch, greedy BLEU on up to
 * {@link Options#validationBleuSentences()} validation pairs is the curve's metric.
 *
 * <p><b>Metrics</b> on the test split: {@code bleu} (corpus BLEU as sacreBLEU computes it, 13a tokenizer, exp
 * smoothing, <em>case-insensitive</em> ({@code -lc}) because the vocabularies are lower-cased; references are the
 * original sentences) and {@code chrf} (chrF2, also case-insensitive), both 0-100. Extras
 * ({@link TranslationExtras}): every test sentence's source, reference and hypothesis in test order, BLEU per
 * source-length bucket in words (the shape of Bahdanau et al. 2015, Fig. 2), one test sentence's attention weights
 * (target tokens x source tokens) and the data's shape (split sizes, vocabularies, decoding settings).
 *
 * <p><b>Baseline</b> {@code copy}: the output is the source sentence itself; it scores on names, numbers and
 * punctuation that pass unchanged, so a model that does not beat it has learnt nothing.
 */
public final class TranslationTask implements Task {

    /**
     * How the task prepares data and decodes.
     *
     * @param direction               {@code "de-en"} style, or {@code null} for the corpus's own direction
     * @param maxWords                longest side in whitespace-separated words; 0 = no limit
     * @param subset                  pairs kept after the length filter (a fixed random subset); 0 = all
     * @param minFrequency            training tokens seen fewer times become {@code <unk>}
     * @param embedding               embedding width of recurrent models (a Transformer's is its width)
     * @param validationFraction      share of pairs for validation (early stopping, validation BLEU)
     * @param testFraction            share of pairs for the test metrics
     * @param beamWidth               1 = batched greedy decoding, more = beam search
     * @param lengthPenalty           GNMT length-normalisation alpha for beam search
     * @param maxDecodeLength         most target tokens to emit; 0 = longest training target + 5
     * @param validationBleuSentences validation pairs decoded each epoch for the curve's BLEU; 0 = none
     * @param samples                 test translations the report shows ({@link TranslationExtras#samples()})
     */
    public record Options(String direction, int maxWords, int subset, int minFrequency, int embedding,
                         double validationFraction, double testFraction, int beamWidth, double lengthPenalty,
                         int maxDecodeLength, int validationBleuSentences, int samples) {

        public Options {
            if (maxWords < 0 || subset < 0 || maxDecodeLength < 0 || validationBleuSentences < 0 || samples < 0) {
                throw new IllegalArgumentException("TranslationTask options: maxWords, subset, maxDecodeLength, "
                        + "validationBleuSentences and samples must be >= 0 (0 = no limit / automatic), got " + this);
            }
            if (minFrequency < 1) {
                throw new IllegalArgumentException("TranslationTask: minFrequency must be >= 1, got " + minFrequency);
            }
            if (embedding < 1) {
                throw new IllegalArgumentException("TranslationTask: embedding width must be >= 1, got " + embedding);
            }
            if (!(validationFraction >= 0 && testFraction > 0 && validationFraction + testFraction < 1)) {
                throw new IllegalArgumentException("TranslationTask: validation (" + validationFraction + ") and test ("
                        + testFraction + ") fractions must be >= 0 and > 0 and leave room for training data");
            }
            if (beamWidth < 1) {
                throw new IllegalArgumentException("TranslationTask: beam width must be >= 1 (1 = greedy), got " + beamWidth);
            }
            if (!(lengthPenalty >= 0)) {
                throw new IllegalArgumentException("TranslationTask: length penalty alpha must be >= 0, got " + lengthPenalty);
            }
        }

        /** The corpus's direction, at most 10 words a side, all pairs, min frequency 2, embedding 64, 10%/10%, greedy. */
        public static Options defaults() {
            return new Options(null, 10, 0, 2, 64, 0.1, 0.1, 1, 0.6, 0, 200, 5);
        }

        public Options direction(String d) {
            return new Options(d, maxWords, subset, minFrequency, embedding, validationFraction, testFraction, beamWidth,
                    lengthPenalty, maxDecodeLength, validationBleuSentences, samples);
        }

        public Options maxWords(int n) {
            return new Options(direction, n, subset, minFrequency, embedding, validationFraction, testFraction, beamWidth,
                    lengthPenalty, maxDecodeLength, validationBleuSentences, samples);
        }

        public Options subset(int n) {
            return new Options(direction, maxWords, n, minFrequency, embedding, validationFraction, testFraction, beamWidth,
                    lengthPenalty, maxDecodeLength, validationBleuSentences, samples);
        }

        public Options minFrequency(int n) {
            return new Options(direction, maxWords, subset, n, embedding, validationFraction, testFraction, beamWidth,
                    lengthPenalty, maxDecodeLength, validationBleuSentences, samples);
        }

        public Options embedding(int width) {
            return new Options(direction, maxWords, subset, minFrequency, width, validationFraction, testFraction,
                    beamWidth, lengthPenalty, maxDecodeLength, validationBleuSentences, samples);
        }

        public Options split(double validation, double test) {
            return new Options(direction, maxWords, subset, minFrequency, embedding, validation, test, beamWidth,
                    lengthPenalty, maxDecodeLength, validationBleuSentences, samples);
        }

        /** Beam search of {@code width} (1 = greedy) with GNMT length normalisation {@code alpha}. */
        public Options beam(int width, double alpha) {
            return new Options(direction, maxWords, subset, minFrequency, embedding, validationFraction, testFraction,
                    width, alpha, maxDecodeLength, validationBleuSentences, samples);
        }

        public Options maxDecodeLength(int tokens) {
            return new Options(direction, maxWords, subset, minFrequency, embedding, validationFraction, testFraction,
                    beamWidth, lengthPenalty, tokens, validationBleuSentences, samples);
        }

        public Options validationBleuSentences(int n) {
            return new Options(direction, maxWords, subset, minFrequency, embedding, validationFraction, testFraction,
                    beamWidth, lengthPenalty, maxDecodeLength, n, samples);
        }

        public Options samples(int n) {
            return new Options(direction, maxWords, subset, minFrequency, embedding, validationFraction, testFraction,
                    beamWidth, lengthPenalty, maxDecodeLength, validationBleuSentences, n);
        }
    }

    /** The kind of the copy-the-source baseline. */
    public static final String COPY = "copy";

    private static final Bleu BLEU = Bleu.sacrebleu().lowercase(true);
    private static final Chrf CHRF = Chrf.sacrebleu().lowercase(true);
    private static final int EVAL_BATCH = 64;

    /** The BLEU the task scores with: sacreBLEU's, tokenizer 13a, lower-cased (paired tests re-score with it). */
    public static Bleu bleu() {
        return BLEU;
    }

    /** The chrF the task scores with: sacreBLEU's chrF2, lower-cased. */
    public static Chrf chrf() {
        return CHRF;
    }

    private final ParallelCorpus corpus;
    private final Options options;
    private final List<SentencePair> pairs;
    private final String dataHash;
    private final Tokenizer tokenizer = Tokenizer.words();
    private final Map<Long, Prepared> prepared = new ConcurrentHashMap<>();

    /** The task on {@code corpus} with {@link Options#defaults()}. */
    public TranslationTask(ParallelCorpus corpus) {
        this(corpus, Options.defaults());
    }

    public TranslationTask(ParallelCorpus corpus, Options options) {
        this.options = options;
        this.corpus = oriented(corpus, options.direction());
        List<SentencePair> kept = this.corpus.pairs().stream()
                .filter(p -> words(p.source()) > 0 && words(p.target()) > 0)
                .filter(p -> options.maxWords() == 0
                        || (words(p.source()) <= options.maxWords() && words(p.target()) <= options.maxWords()))
                .toList();
        if (options.subset() > 0 && options.subset() < kept.size()) {
            // a fixed draw (seed 0), kept in corpus order: every seed and trial sees the same pairs
            int[] pick = Arrays.copyOf(new RandomSource(0).permutation(kept.size()), options.subset());
            Arrays.sort(pick);
            List<SentencePair> sub = new ArrayList<>(pick.length);
            for (int i : pick) {
                sub.add(kept.get(i));
            }
            kept = List.copyOf(sub);
        }
        int minimum = 20;
        if (kept.size() < minimum) {
            throw new IllegalArgumentException("TranslationTask: only " + kept.size() + " pairs of " + corpus.size()
                    + " in " + corpus.info().name() + " have at most " + options.maxWords() + " words a side; need at least "
                    + minimum + " (raise maxWords or use a larger corpus)");
        }
        this.pairs = kept;
        this.dataHash = new ParallelCorpus(this.corpus.info().withSize(kept.size()), this.corpus.sourceLanguage(),
                this.corpus.targetLanguage(), kept).contentHash();
    }

    private static ParallelCorpus oriented(ParallelCorpus c, String direction) {
        if (direction == null) {
            return c;
        }
        String own = c.sourceLanguage() + "-" + c.targetLanguage();
        String back = c.targetLanguage() + "-" + c.sourceLanguage();
        if (direction.equals(own)) {
            return c;
        }
        if (direction.equals(back)) {
            return c.reversed();
        }
        throw new IllegalArgumentException("TranslationTask: direction '" + direction + "' does not fit " + c.info().name()
                + "; use " + own + " or " + back);
    }

    /** A sentence's length in words, as the length filter and the BLEU-by-length buckets count it. */
    public static int words(String s) {
        String t = s.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    /** The copy-the-source baseline. */
    public static Baseline copyBaseline() {
        return Baseline.of(COPY);
    }

    @Override
    public Options options() {
        return options;
    }

    /** The pairs this task uses (after the length filter and subset), in corpus order. */
    public List<SentencePair> pairs() {
        return pairs;
    }

    @Override
    public String name() {
        return "translation";
    }

    @Override
    public String dataset() {
        String n = corpus.info().name();
        String dir = corpus.sourceLanguage() + "-" + corpus.targetLanguage();
        return n.equals(dir) ? n : n + ":" + dir;
    }

    /** The content hash of the pairs this task uses (after the length filter and subset), in order. */
    @Override
    public String dataHash() {
        return dataHash;
    }

    @Override
    public String mainMetric() {
        return "bleu";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public List<String> metrics() {
        return List.of("bleu", "chrf");
    }

    @Override
    public List<Baseline> baselines() {
        return List.of(copyBaseline());
    }

    @Override
    public List<String> families() {
        return List.of("rnn", "lstm", "gru", "transformer");
    }

    @Override
    public Set<String> headSettings() {
        return TaskHeads.TRANSLATION;
    }

    @Override
    public boolean crossEntropy() {
        return true;
    }

    /** Exact for the vocabularies of seed 1 (other seeds' training splits give vocabularies a few words apart). */
    @Override
    public long parameterCount(ModelSpec spec) {
        Prepared p = prepare(1);
        return Seq2Seq.parameterCount(spec, p.source.vocabulary().size(), p.target.vocabulary().size(), options.embedding());
    }

    /** The model's weights used in products (embeddings left out) over the training pairs' source and target words. */
    @Override
    public double trialCost(seqlab.model.Candidate candidate, TrainConfig train) {
        if (!(candidate instanceof ModelSpec m)) {
            return 0;
        }
        Prepared p = prepare(1);
        double arithmetic = parameterCount(m) - (double) (p.source.vocabulary().size() + p.target.vocabulary().size())
                * Seq2Seq.embeddingWidth(m, options.embedding());
        double words = 0;
        for (int i = 0; i < p.trainSource.size(); i++) {
            words += (p.trainSource.get(i).length + p.trainTarget.get(i).length) / 2.0;
        }
        int n = p.trainSource.size();
        return Task.trainingWork(arithmetic, n, words / Math.max(1, n), train);
    }

    // ------------------------------------------------------------------------------------------ data

    /**
     * One seed's data: the split, the encoders fitted on its training pairs, and the encoded pairs.
     *
     * @param source encoder of source sentences
     * @param target encoder of target sentences
     */
    public record Prepared(DataSplit split, List<SentencePair> train, List<SentencePair> validation,
                           List<SentencePair> test, TextEncoder source, TextEncoder target, List<int[]> trainSource,
                           List<int[]> trainTarget, List<int[]> validationSource, List<int[]> validationTarget,
                           List<int[]> testSource, int maxDecodeLength) {
    }

    /** The split and vocabularies of {@code seed} (cached). */
    public Prepared prepare(long seed) {
        return prepared.computeIfAbsent(seed, this::build);
    }

    private Prepared build(long seed) {
        double v = options.validationFraction(), t = options.testFraction();
        DataSplit split = Splits.random(pairs.size(), 1 - v - t, v, t, Seeds.of(seed).splits());
        List<SentencePair> train = split.train(pairs), val = split.validation(pairs), test = split.test(pairs);
        TextEncoder src = TextEncoder.fit(tokenizer, train.stream().map(SentencePair::source).toList(),
                options.minFrequency(), Integer.MAX_VALUE);
        TextEncoder tgt = TextEncoder.fit(tokenizer, train.stream().map(SentencePair::target).toList(),
                options.minFrequency(), Integer.MAX_VALUE);
        List<int[]> trainTgt = tgt.encodeAll(train.stream().map(SentencePair::target).toList());
        int longest = trainTgt.stream().mapToInt(a -> a.length).max().orElse(1);
        int maxLen = options.maxDecodeLength() > 0 ? options.maxDecodeLength() : longest + 5;
        return new Prepared(split, train, val, test, src, tgt,
                src.encodeAll(train.stream().map(SentencePair::source).toList()), trainTgt,
                src.encodeAll(val.stream().map(SentencePair::source).toList()),
                tgt.encodeAll(val.stream().map(SentencePair::target).toList()),
                src.encodeAll(test.stream().map(SentencePair::source).toList()), maxLen);
    }

    // ------------------------------------------------------------------------------------------ running

    /** Builds the (untrained) model a trial of {@code spec} trains, on {@code seed}'s vocabularies. */
    public Seq2Seq model(ModelSpec spec, Engine engine, long seed) {
        Prepared p = prepare(seed);
        return new Seq2Seq(engine, spec, p.source.vocabulary().size(), p.target.vocabulary().size(), options.embedding(),
                Seeds.of(seed).init());
    }

    @Override
    public TrialResult run(TrialSpec spec, Engine engine, TrialListener listener) {
        return TrialTemplate.run(spec, engine, listener, new Trial(spec, engine, prepare(spec.seed())));
    }

    /** One trial: the copy baseline's output, or the model it trains and its test translations. */
    private final class Trial implements TrialTemplate.Hooks {
        private final TrialSpec spec;
        private final Engine engine;
        private final Prepared p;
        private final List<String> sources, references;
        private List<String> hypotheses;
        private TranslationExtras.AttentionExample attention;
        private Map<String, Double> validation = Map.of();

        Trial(TrialSpec spec, Engine engine, Prepared p) {
            this.spec = spec;
            this.engine = engine;
            this.p = p;
            this.sources = p.test.stream().map(SentencePair::source).toList();
            this.references = p.test.stream().map(SentencePair::target).toList();
        }

        @Override
        public List<? extends TrialTemplate.Fit<?, ?>> fits() {
            if (spec.model() instanceof Baseline) {
                hypotheses = sources;
                // on the validation pairs the models' curve scores, so ranking compares like with like
                int n = Math.min(options.validationBleuSentences(), p.validation.size());
                if (n > 0) {
                    List<SentencePair> v = p.validation.subList(0, n);
                    validation = Map.of("bleu", BLEU.corpusScore(v.stream().map(SentencePair::source).toList(),
                            List.of(v.stream().map(SentencePair::target).toList())).score());
                }
                return List.of();
            }
            return List.of(new Fit((ModelSpec) spec.model()));
        }

        private final class Fit implements TrialTemplate.Fit<Seq2Seq, TranslationBatch> {
            private final ModelSpec model;
            private final Batcher batcher = Batcher.of(spec.train().batchSize());
            private final List<int[]> bleuSources;
            private final List<String> bleuRefs;

            Fit(ModelSpec model) {
                this.model = model;
                this.bleuSources = p.validationSource.subList(0, Math.min(options.validationBleuSentences(),
                        p.validation.size()));
                this.bleuRefs = p.validation.subList(0, bleuSources.size()).stream().map(SentencePair::target).toList();
            }

            @Override
            public Seq2Seq build(RandomSource init) {
                return new Seq2Seq(engine, model, p.source.vocabulary().size(), p.target.vocabulary().size(),
                        options.embedding(), init);
            }

            @Override
            public LossFunction<Seq2Seq, TranslationBatch> loss() {
                double smoothing = spec.train().labelSmoothing();
                return (m, b) -> m.loss(b, smoothing);
            }

            @Override
            public BatchSource<TranslationBatch> training() {
                return source(p.trainSource, p.trainTarget);
            }

            @Override
            public BatchSource<TranslationBatch> validation() {
                return p.validation.isEmpty() ? null : source(p.validationSource, p.validationTarget);
            }

            private BatchSource<TranslationBatch> source(List<int[]> src, List<int[]> tgt) {
                return TrialTemplate.examples(src.size(), indices -> batcher.collatePairs(engine, src, tgt, indices));
            }

            @Override
            public ToIntFunction<TranslationBatch> tokens() {
                return b -> b.targetTokens() + Arrays.stream(b.sourceLengths()).sum();
            }

            /** Greedy BLEU on the first validation pairs. */
            @Override
            public double epochMetric(Seq2Seq m, EpochResult epoch) {
                if (bleuSources.isEmpty()) {
                    return Double.NaN;
                }
                List<Seq2Seq.Translation> out = m.translate(bleuSources, 1, 0, p.maxDecodeLength, EVAL_BATCH);
                return BLEU.corpusScore(texts(p.target, out), List.of(bleuRefs)).score();
            }

            @Override
            public void predict(Seq2Seq m) {
                List<Seq2Seq.Translation> out = m.translate(p.testSource, options.beamWidth(), options.lengthPenalty(),
                        p.maxDecodeLength, EVAL_BATCH);
                hypotheses = texts(p.target, out);
                attention = attentionExample(p, out);
            }
        }

        @Override
        public TrialTemplate.Outcome outcome() {
            return new TrialTemplate.Outcome(metrics(hypotheses, references), validation, extras(p, sources, references,
                    hypotheses, attention));
        }
    }

    private static List<String> texts(TextEncoder target, List<Seq2Seq.Translation> out) {
        List<String> r = new ArrayList<>(out.size());
        for (Seq2Seq.Translation t : out) {
            r.add(target.tokenizer().join(target.vocabulary().decode(t.tokens())));
        }
        return r;
    }

    private static Map<String, Double> metrics(List<String> hyps, List<String> refs) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("bleu", BLEU.corpusScore(hyps, List.of(refs)).score());
        m.put("chrf", CHRF.corpusScore(hyps, List.of(refs)).score());
        return m;
    }

    /** Bucket bounds in source words: about five buckets up to the longest allowed sentence. */
    int[] lengthBounds() {
        int m = options.maxWords();
        if (m == 0) {
            return new int[] {5, 10, 15, 20, 30, 40};
        }
        int step = Math.max(1, Math.round(m / 5f));
        List<Integer> b = new ArrayList<>();
        for (int k = step; k < m; k += step) {
            b.add(k);
        }
        return b.stream().mapToInt(Integer::intValue).toArray();
    }

    private TranslationExtras extras(Prepared p, List<String> sources, List<String> refs, List<String> hyps,
                                     TranslationExtras.AttentionExample attention) {
        int[] lengths = sources.stream().mapToInt(TranslationTask::words).toArray();
        List<TranslationExtras.LengthBucket> buckets = new ArrayList<>();
        for (Bleu.LengthBucket b : BLEU.byLength(lengths, hyps, refs, lengthBounds())) {
            buckets.add(new TranslationExtras.LengthBucket(b.label(), b.minLength(),
                    b.maxLength() == Integer.MAX_VALUE ? null : b.maxLength(), b.sentences(), b.bleu().score()));
        }
        var data = new TranslationExtras.DataSummary(pairs.size(), p.train.size(), p.validation.size(), p.test.size(),
                p.source.vocabulary().size(), p.target.vocabulary().size(), options.beamWidth(),
                options.lengthPenalty(), p.maxDecodeLength, options.samples());
        return new TranslationExtras(Arrays.stream(p.split.test()).boxed().toList(), sources, refs, hyps, buckets,
                attention, data);
    }

    /** The weights of the first test sentence of 4 or more source tokens (else the first): target x source tokens. */
    private static TranslationExtras.AttentionExample attentionExample(Prepared p, List<Seq2Seq.Translation> out) {
        int pick = -1;
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).attention() != null && (pick < 0 || p.testSource.get(i).length >= 4)) {
                pick = i;
                if (p.testSource.get(i).length >= 4) {
                    break;
                }
            }
        }
        if (pick < 0) {
            return null;
        }
        Seq2Seq.Translation t = out.get(pick);
        List<String> src = new ArrayList<>(p.source.vocabulary().lookup(p.testSource.get(pick)));
        src.add(Vocabulary.EOS);
        List<String> tgt = new ArrayList<>(p.target.vocabulary().lookup(t.tokens()));
        if (t.finished()) {
            tgt.add(Vocabulary.EOS);
        }
        List<List<Double>> w = new ArrayList<>();
        for (float[] row : t.attention()) {
            List<Double> r = new ArrayList<>(row.length);
            for (float x : row) {
                r.add((double) x);
            }
            w.add(r);
        }
        return new TranslationExtras.AttentionExample(p.test.get(pick).source(), src, tgt, w);
    }

    /** BLEU by source length for every model (first seed), and the attention heatmap of one test sentence. */
    @Override
    public void addToReport(Results results, seqlab.plot.HtmlReport report) {
        Map<String, double[][]> lines = new LinkedHashMap<>();
        TrialResult withAttention = null;
        for (TrialResult r : results.trials()) {
            if (r == null || !r.ok() || !(r.extras() instanceof TranslationExtras x)
                    || lines.containsKey(r.spec().model().name())) {
                continue;
            }
            List<TranslationExtras.LengthBucket> buckets = x.bleuByLength();
            if (!buckets.isEmpty()) {
                double[] bx = new double[buckets.size()], by = new double[buckets.size()];
                for (int i = 0; i < buckets.size(); i++) {
                    TranslationExtras.LengthBucket b = buckets.get(i);
                    bx[i] = b.max() == null ? b.min() : (b.min() + b.max()) / 2.0;
                    by[i] = b.bleu();
                }
                lines.put(r.spec().model().name(), new double[][] {bx, by});
            }
            if (withAttention == null && x.attention() != null) {
                withAttention = r;
            }
        }
        if (!lines.isEmpty()) {
            report.heading("BLEU by source length");
            report.figure(seqlab.plot.Charts.lines("BLEU by source sentence length", "source length (words, bucket middle)",
                    "BLEU", false, lines), "Test BLEU per source-length bucket (Bahdanau et al. 2015, Fig. 2)");
        }
        TrialResult sampled = withAttention != null ? withAttention : results.trials().stream()
                .filter(r -> r != null && r.ok() && r.extras() instanceof TranslationExtras && r.spec().model() instanceof ModelSpec)
                .findFirst().orElse(null);
        if (sampled != null && !sampled.translation().samples().isEmpty()) {
            tech.tablesaw.api.StringColumn src = tech.tablesaw.api.StringColumn.create("source"),
                    ref = tech.tablesaw.api.StringColumn.create("reference"),
                    hyp = tech.tablesaw.api.StringColumn.create(sampled.spec().model().name());
            for (TranslationExtras.Sample x : sampled.translation().samples()) {
                src.append(x.source());
                ref.append(x.reference());
                hyp.append(x.hypothesis());
            }
            report.heading("Sample translations");
            report.table(tech.tablesaw.api.Table.create("Test translations of " + sampled.spec().model().name()
                    + " (seed " + sampled.spec().seed() + ")", src, ref, hyp));
        }
        if (withAttention != null) {
            TranslationExtras.AttentionExample a = withAttention.translation().attention();
            double[][] z = a.matrix();
            if (z.length == a.targetTokens().size() && z.length > 0 && z[0].length == a.sourceTokens().size()) {
                report.heading("Attention");
                report.figure(seqlab.plot.Charts.heatmap("Attention of " + withAttention.spec().model().name(),
                        a.sourceTokens().toArray(new String[0]), a.targetTokens().toArray(new String[0]), z),
                        "Attention weights for one test sentence: " + a.source());
            }
        }
    }

    @Override
    public String toString() {
        return "TranslationTask(" + dataset() + ", " + pairs.size() + " pairs, " + options + ")";
    }
}
