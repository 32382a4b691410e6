package seqlab.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToIntFunction;
import seqlab.data.Batcher;
import seqlab.data.Bpe;
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
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

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
 * same for every seed) when {@link Options#subset()} is set. One split serves every seed: pairs are grouped by source
 * sentence, so a sentence with several references lies wholly in train, validation or test and no test source is
 * trained on, and the groups are dealt with a fixed seed. The tokenizer is learned on the training pairs only: joint
 * or per-side BPE subwords ({@link Bpe}, the default, case kept) or lower-cased words with {@code <unk>} below a
 * minimum frequency. A trial stores the learned BPE with its results ({@link TranslationExtras.DataSummary#subwords()}).
 *
 * <p><b>Training.</b> Teacher forcing with token-level cross-entropy (label smoothing from the trial's
 * {@link TrainConfig}), the trial's optimizer, schedule (per step for warm-ups), clipping, step budget and early
 * stopping on the validation loss with the best weights restored; batches of similar source length
 * ({@link Options#lengthBuckets()}). Validation runs once an epoch or every {@link Options#validationEvery()} steps,
 * and its greedy BLEU on up to {@link Options#validationBleuSentences()} pairs is the curve's metric.
 *
 * <p><b>Metrics</b> on the test split, on detokenised text against the original references: {@code bleu} (corpus
 * BLEU as sacreBLEU computes it: 13a tokenizer, exp smoothing; case-insensitive ({@code -lc}) only when the task
 * lower-cases) and {@code chrf} (chrF2), both 0-100. Decoding is greedy or beam search with GNMT's length penalty
 * ({@link Options#beamWidth()}). Extras ({@link TranslationExtras}): every test sentence's source, reference and
 * hypothesis in test order (for paired bootstrap tests), BLEU per source-length bucket in words (the shape of Bahdanau
 * et al. 2015, Fig. 2), one test sentence's attention weights (target tokens x source tokens), the fixed sample
 * sentences and the data's shape (split sizes, vocabularies, tokenizer, decoding settings).
 *
 * <p><b>Baseline</b> {@code copy}: the output is the source sentence itself; it scores on names, numbers and
 * punctuation that pass unchanged, so a model that does not beat it has learnt nothing.
 */
public final class TranslationTask implements Task {

    /** How sentences become token ids. */
    public enum Tokenization {
        /** Lower-cased words and punctuation ({@link Tokenizer#words()}), rare ones {@code <unk>}. */
        WORD,
        /** Byte-pair-encoding subwords ({@link Bpe}, Sennrich et al. 2016), learned on the training pairs. */
        BPE
    }

    /**
     * How the task prepares data and decodes.
     *
     * @param direction               {@code "de-en"} style, or {@code null} for the corpus's own direction
     * @param maxWords                longest side in whitespace-separated words; 0 = no limit
     * @param subset                  pairs kept after the length filter (a fixed random subset); 0 = all
     * @param tokenizer               words or BPE subwords
     * @param subwords                BPE vocabulary size, the four special tokens included (per side unless joint)
     * @param joint                   one BPE vocabulary learned on both sides (needed for shared embeddings)
     * @param lowercase               lower-case the text and score case-insensitively (always so for words)
     * @param minFrequency            word tokenizer: training tokens seen fewer times become {@code <unk>}
     * @param embedding               embedding width of recurrent models (a Transformer's is its width)
     * @param validationFraction      share of pairs for validation (early stopping, validation BLEU)
     * @param testFraction            share of pairs for the test metrics
     * @param lengthBuckets           batches per sorted chunk of similar source lengths; 1 = plain shuffled batches
     * @param validationEvery         validate every this many optimizer steps; 0 = once an epoch
     * @param beamWidth               1 = batched greedy decoding, more = beam search
     * @param lengthPenalty           GNMT length-normalisation alpha for beam search
     * @param maxDecodeLength         most target tokens to emit; 0 = longest training target + 5
     * @param validationBleuSentences validation pairs decoded at each validation for the curve's BLEU; 0 = none
     * @param samples                 fixed test sentences (spread over source lengths) whose translations the
     *                                report shows for every model ({@link TranslationExtras#samples()})
     */
    public record Options(String direction, int maxWords, int subset, Tokenization tokenizer,
                         int subwords, boolean joint, boolean lowercase, int minFrequency,
                         int embedding, double validationFraction, double testFraction, int lengthBuckets,
                         int validationEvery, int beamWidth, double lengthPenalty, int maxDecodeLength,
                         int validationBleuSentences, int samples) {

        public Options {
            Objects.requireNonNull(tokenizer, "tokenizer");
            if (maxWords < 0 || subset < 0 || maxDecodeLength < 0 || validationBleuSentences < 0 || samples < 0
                    || validationEvery < 0) {
                throw new IllegalArgumentException("TranslationTask options: maxWords, subset, maxDecodeLength, "
                        + "validationBleuSentences, validationEvery and samples must be >= 0 (0 = no limit / automatic),"
                        + " got " + this);
            }
            if (minFrequency < 1) {
                throw new IllegalArgumentException("TranslationTask: minFrequency must be >= 1, got " + minFrequency);
            }
            if (tokenizer == Tokenization.BPE && subwords < 5) {
                throw new IllegalArgumentException("TranslationTask: a BPE vocabulary needs more than the 4 special "
                        + "tokens, got " + subwords + "; try bpe(1000, true)");
            }
            if (tokenizer == Tokenization.WORD && !lowercase) {
                throw new IllegalArgumentException("TranslationTask: the word tokenizer lower-cases; keep lowercase "
                        + "on, or use bpe(size, joint) for cased text");
            }
            if (embedding < 1) {
                throw new IllegalArgumentException("TranslationTask: embedding width must be >= 1, got " + embedding);
            }
            if (lengthBuckets < 1) {
                throw new IllegalArgumentException("TranslationTask: lengthBuckets must be >= 1 (1 = off), got "
                        + lengthBuckets);
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

        /**
         * The corpus's direction, at most 10 words a side, all pairs, joint BPE of 1,000 symbols with case kept, embedding
         * 64, 5% validation and 10% test, length buckets of 4 batches, validation once an epoch, greedy decoding, 10
         * sample sentences.
         */
        public static Options defaults() {
            return new Options(null, 10, 0, Tokenization.BPE, 1000, true, false, 2, 64, 0.05, 0.1, 4, 0, 1, 0.6, 0, 200,
                    10);
        }

        public Options direction(String d) {
            return new Options(d, maxWords, subset, tokenizer, subwords, joint, lowercase, minFrequency, embedding,
                    validationFraction, testFraction, lengthBuckets, validationEvery, beamWidth, lengthPenalty,
                    maxDecodeLength, validationBleuSentences, samples);
        }

        public Options maxWords(int n) {
            return new Options(direction, n, subset, tokenizer, subwords, joint, lowercase, minFrequency, embedding,
                    validationFraction, testFraction, lengthBuckets, validationEvery, beamWidth, lengthPenalty,
                    maxDecodeLength, validationBleuSentences, samples);
        }

        public Options subset(int n) {
            return new Options(direction, maxWords, n, tokenizer, subwords, joint, lowercase, minFrequency,
                    embedding, validationFraction, testFraction, lengthBuckets, validationEvery, beamWidth,
                    lengthPenalty, maxDecodeLength, validationBleuSentences, samples);
        }

        /** Lower-cased words and punctuation; rarer than {@code minFrequency} in training becomes {@code <unk>}. */
        public Options words(int minFrequency) {
            return new Options(direction, maxWords, subset, Tokenization.WORD, subwords, joint, true, minFrequency,
                    embedding, validationFraction, testFraction, lengthBuckets, validationEvery, beamWidth,
                    lengthPenalty, maxDecodeLength, validationBleuSentences, samples);
        }

        /** Byte-pair-encoding subwords of {@code vocabularySize} symbols, one vocabulary for both sides when {@code joint}. */
        public Options bpe(int vocabularySize, boolean joint) {
            return new Options(direction, maxWords, subset, Tokenization.BPE, vocabularySize, joint, lowercase,
                    minFrequency, embedding, validationFraction, testFraction, lengthBuckets, validationEvery,
                    beamWidth, lengthPenalty, maxDecodeLength, validationBleuSentences, samples);
        }

        /** Lower-case the text (BPE; words always are), and score case-insensitively. */
        public Options lowercase(boolean on) {
            return new Options(direction, maxWords, subset, tokenizer, subwords, joint, on, minFrequency, embedding,
                    validationFraction, testFraction, lengthBuckets, validationEvery, beamWidth, lengthPenalty,
                    maxDecodeLength, validationBleuSentences, samples);
        }

        public Options minFrequency(int n) {
            return new Options(direction, maxWords, subset, tokenizer, subwords, joint, lowercase, n, embedding,
                    validationFraction, testFraction, lengthBuckets, validationEvery, beamWidth, lengthPenalty,
                    maxDecodeLength, validationBleuSentences, samples);
        }

        public Options embedding(int width) {
            return new Options(direction, maxWords, subset, tokenizer, subwords, joint, lowercase, minFrequency,
                    width, validationFraction, testFraction, lengthBuckets, validationEvery, beamWidth,
                    lengthPenalty, maxDecodeLength, validationBleuSentences, samples);
        }

        public Options split(double validation, double test) {
            return new Options(direction, maxWords, subset, tokenizer, subwords, joint, lowercase, minFrequency,
                    embedding, validation, test, lengthBuckets, validationEvery, beamWidth, lengthPenalty,
                    maxDecodeLength, validationBleuSentences, samples);
        }

        /** Batches of similar source length: sorted chunks of this many batches (1 = off). */
        public Options lengthBuckets(int batchesPerBucket) {
            return new Options(direction, maxWords, subset, tokenizer, subwords, joint, lowercase, minFrequency,
                    embedding, validationFraction, testFraction, batchesPerBucket, validationEvery, beamWidth,
                    lengthPenalty, maxDecodeLength, validationBleuSentences, samples);
        }

        /** Validate (loss and BLEU) every {@code steps} optimizer steps instead of once an epoch (0). */
        public Options validationEvery(int steps) {
            return new Options(direction, maxWords, subset, tokenizer, subwords, joint, lowercase, minFrequency,
                    embedding, validationFraction, testFraction, lengthBuckets, steps, beamWidth, lengthPenalty,
                    maxDecodeLength, validationBleuSentences, samples);
        }

        /** Beam search of {@code width} (1 = greedy) with GNMT length normalisation {@code alpha}. */
        public Options beam(int width, double alpha) {
            return new Options(direction, maxWords, subset, tokenizer, subwords, joint, lowercase, minFrequency,
                    embedding, validationFraction, testFraction, lengthBuckets, validationEvery, width, alpha,
                    maxDecodeLength, validationBleuSentences, samples);
        }

        public Options maxDecodeLength(int tokens) {
            return new Options(direction, maxWords, subset, tokenizer, subwords, joint, lowercase, minFrequency,
                    embedding, validationFraction, testFraction, lengthBuckets, validationEvery, beamWidth,
                    lengthPenalty, tokens, validationBleuSentences, samples);
        }

        public Options validationBleuSentences(int n) {
            return new Options(direction, maxWords, subset, tokenizer, subwords, joint, lowercase, minFrequency,
                    embedding, validationFraction, testFraction, lengthBuckets, validationEvery, beamWidth,
                    lengthPenalty, maxDecodeLength, n, samples);
        }

        public Options samples(int n) {
            return new Options(direction, maxWords, subset, tokenizer, subwords, joint, lowercase, minFrequency,
                    embedding, validationFraction, testFraction, lengthBuckets, validationEvery, beamWidth,
                    lengthPenalty, maxDecodeLength, validationBleuSentences, n);
        }
    }

    /** The kind of the copy-the-source baseline. */
    public static final String COPY = "copy";

    private static final int EVAL_BATCH = 64;
    /** The split's seed: one split for every trial seed, so all models and seeds are scored on the same pairs. */
    private static final long SPLIT_SEED = 0;

    /**
     * The BLEU a trial was scored with (paired tests re-score with it): sacreBLEU's, tokenizer 13a, case-insensitive
     * when its task lower-cased ({@link TranslationExtras.DataSummary#lowercase()}).
     */
    public static Bleu bleu(TranslationExtras trial) {
        return Bleu.sacrebleu().lowercase(trial.data().lowercase());
    }

    /** The chrF a trial was scored with: sacreBLEU's chrF2, case-insensitive when its task lower-cased. */
    public static Chrf chrf(TranslationExtras trial) {
        return Chrf.sacrebleu().lowercase(trial.data().lowercase());
    }

    private final ParallelCorpus corpus;
    private final Options options;
    private final List<SentencePair> pairs;
    private final String dataHash;
    private final Bleu bleu;
    private final Chrf chrf;
    private volatile Prepared prepared;

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
        this.bleu = Bleu.sacrebleu().lowercase(options.lowercase());
        this.chrf = Chrf.sacrebleu().lowercase(options.lowercase());
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
    public List<seqlab.data.DatasetInfo> sources() {
        return List.of(corpus.info());
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

    /** Exact: one split and tokenizer serve every seed. */
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
     * The task's data: the split, the encoders fitted on its training pairs, and the encoded pairs.
     *
     * @param source     encoder of source sentences
     * @param target     encoder of target sentences (the same as {@code source} for a joint BPE)
     * @param subwords   the learned BPE of each side (one entry when joint), empty for words
     * @param samples    positions in the test split of the sentences the report shows
     */
    public record Prepared(DataSplit split, List<SentencePair> train, List<SentencePair> validation,
                           List<SentencePair> test, TextEncoder source, TextEncoder target, List<Bpe> subwords,
                           List<int[]> trainSource, List<int[]> trainTarget, List<int[]> validationSource,
                           List<int[]> validationTarget, List<int[]> testSource, int maxDecodeLength,
                           List<Integer> samples) {
    }

    /**
     * The split and vocabularies (computed once). The split is the same for every seed: pairs are grouped by source
     * sentence (a sentence with several reference translations stays on one side, so no test source is ever trained on)
     * and the groups are dealt with a fixed seed. Tokenizers are learned on the training pairs only.
     */
    public Prepared prepare(long seed) {
        Prepared p = prepared;
        if (p == null) {
            synchronized (this) {
                if (prepared == null) {
                    prepared = build();
                }
                p = prepared;
            }
        }
        return p;
    }

    private Prepared build() {
        double v = options.validationFraction(), t = options.testFraction();
        DataSplit split = Splits.grouped(pairs.stream().map(SentencePair::source).toList(), 1 - v - t, v, t,
                Seeds.of(SPLIT_SEED).splits());
        List<SentencePair> train = split.train(pairs), val = split.validation(pairs), test = split.test(pairs);
        List<String> trainSrcText = train.stream().map(SentencePair::source).toList();
        List<String> trainTgtText = train.stream().map(SentencePair::target).toList();
        TextEncoder src, tgt;
        List<Bpe> subwords;
        if (options.tokenizer() == Tokenization.BPE) {
            Bpe.Learner learner = Bpe.learner().vocabularySize(options.subwords()).lowerCase(options.lowercase());
            if (options.joint()) {
                Bpe joint = learner.learnJoint(trainSrcText, trainTgtText);
                src = tgt = joint.textEncoder();
                subwords = List.of(joint);
            } else {
                Bpe a = learner.learn(trainSrcText), b = learner.learn(trainTgtText);
                src = a.textEncoder();
                tgt = b.textEncoder();
                subwords = List.of(a, b);
            }
        } else {
            Tokenizer words = Tokenizer.words();
            src = TextEncoder.fit(words, trainSrcText, options.minFrequency(), Integer.MAX_VALUE);
            tgt = TextEncoder.fit(words, trainTgtText, options.minFrequency(), Integer.MAX_VALUE);
            subwords = List.of();
        }
        List<int[]> trainTgt = tgt.encodeAll(trainTgtText);
        int longest = trainTgt.stream().mapToInt(a -> a.length).max().orElse(1);
        int maxLen = options.maxDecodeLength() > 0 ? options.maxDecodeLength() : longest + 5;
        return new Prepared(split, train, val, test, src, tgt, subwords, src.encodeAll(trainSrcText), trainTgt,
                src.encodeAll(val.stream().map(SentencePair::source).toList()),
                tgt.encodeAll(val.stream().map(SentencePair::target).toList()),
                src.encodeAll(test.stream().map(SentencePair::source).toList()), maxLen, samplePositions(test));
    }

    /**
     * {@link Options#samples()} test positions spread evenly over the test sentences ordered by source length (ties by
     * position), so the sample table shows short and long sentences alike; listed in test order.
     */
    private List<Integer> samplePositions(List<SentencePair> test) {
        int n = Math.min(options.samples(), test.size());
        Integer[] byLength = new Integer[test.size()];
        for (int i = 0; i < byLength.length; i++) {
            byLength[i] = i;
        }
        Arrays.sort(byLength, (a, b) -> words(test.get(a).source()) != words(test.get(b).source())
                ? Integer.compare(words(test.get(a).source()), words(test.get(b).source())) : Integer.compare(a, b));
        List<Integer> picked = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            picked.add(byLength[n == 1 ? 0 : (int) Math.round(k * (byLength.length - 1) / (double) (n - 1))]);
        }
        return picked.stream().distinct().sorted().toList();
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
                    validation = Map.of("bleu", bleu.corpusScore(v.stream().map(SentencePair::source).toList(),
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

            /** Length buckets over the training sources, and validation every N steps. */
            @Override
            public void configure(seqlab.train.Trainer<Seq2Seq, TranslationBatch> trainer) {
                if (options.lengthBuckets() > 1) {
                    trainer.bucketByLength(p.trainSource.stream().mapToInt(x -> x.length).toArray(),
                            options.lengthBuckets());
                }
                trainer.evaluateEvery(options.validationEvery());
            }

            @Override
            public ToIntFunction<TranslationBatch> tokens() {
                return b -> b.targetTokens() + Arrays.stream(b.sourceLengths()).sum();
            }

            /** Greedy BLEU on the first validation pairs (detokenised, as the test's). */
            @Override
            public double epochMetric(Seq2Seq m, EpochResult epoch) {
                if (bleuSources.isEmpty()) {
                    return Double.NaN;
                }
                List<Seq2Seq.Translation> out = m.translate(bleuSources, 1, 0, p.maxDecodeLength, EVAL_BATCH);
                return bleu.corpusScore(texts(p.target, out), List.of(bleuRefs)).score();
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

    /** Token ids back to text: words joined by the word tokenizer's rules, subwords detokenised by {@link Bpe#join}. */
    private static List<String> texts(TextEncoder target, List<Seq2Seq.Translation> out) {
        List<String> r = new ArrayList<>(out.size());
        for (Seq2Seq.Translation t : out) {
            r.add(target.tokenizer().join(target.vocabulary().decode(t.tokens())));
        }
        return r;
    }

    private Map<String, Double> metrics(List<String> hyps, List<String> refs) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("bleu", bleu.corpusScore(hyps, List.of(refs)).score());
        m.put("chrf", chrf.corpusScore(hyps, List.of(refs)).score());
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
        for (Bleu.LengthBucket b : bleu.byLength(lengths, hyps, refs, lengthBounds())) {
            buckets.add(new TranslationExtras.LengthBucket(b.label(), b.minLength(),
                    b.maxLength() == Integer.MAX_VALUE ? null : b.maxLength(), b.sentences(), b.bleu().score()));
        }
        var data = new TranslationExtras.DataSummary(pairs.size(), p.train.size(), p.validation.size(), p.test.size(),
                p.source.vocabulary().size(), p.target.vocabulary().size(), options.beamWidth(),
                options.lengthPenalty(), p.maxDecodeLength, p.samples, tokenizerName(),
                p.subwords.stream().map(Bpe::toJson).toList(), options.lowercase());
        return new TranslationExtras(Arrays.stream(p.split.test()).boxed().toList(), sources, refs, hyps, buckets,
                attention, data);
    }

    /** The tokenizer as tables show it: {@code bpe 1000 joint}, {@code bpe 1000 per side, lower case}, {@code words}. */
    private String tokenizerName() {
        if (options.tokenizer() == Tokenization.WORD) {
            return "words (min frequency " + options.minFrequency() + ")";
        }
        return "bpe " + options.subwords() + (options.joint() ? " joint" : " per side")
                + (options.lowercase() ? ", lower case" : "");
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
        Table samples = sampleTable(results);
        if (samples != null) {
            report.heading("Sample translations");
            report.table(samples);
        }
        if (withAttention != null) {
            TranslationExtras.AttentionExample a = withAttention.translation().attention();
            double[][] z = a.matrix();
            if (z.length == a.targetTokens().size() && z.length > 0 && z[0].length == a.sourceTokens().size()) {
                report.heading("Attention");
                report.figure(seqlab.plot.Charts.heatmap("Attention weights of the " + withAttention.spec().model().name() + " model",
                        a.sourceTokens().toArray(new String[0]), a.targetTokens().toArray(new String[0]), z),
                        "Attention weights for one test sentence: " + a.source());
            }
        }
    }

    /**
     * The fixed sample sentences with their reference and every model's translation (each model's first seed, the
     * copy baseline left out): one row per sentence; null when no trial has translations.
     */
    public static Table sampleTable(Results results) {
        TranslationExtras first = null;
        Map<String, TranslationExtras> byModel = new LinkedHashMap<>();
        for (TrialResult r : results.trials()) {
            if (r == null || !r.ok() || !(r.extras() instanceof TranslationExtras x) || x.samples().isEmpty()) {
                continue;
            }
            if (first == null) {
                first = x;
            }
            if (r.spec().model() instanceof ModelSpec) {
                byModel.putIfAbsent(r.spec().model().name(), x);
            }
        }
        if (first == null) {
            return null;
        }
        List<TranslationExtras.Sample> base = first.samples();
        StringColumn src = StringColumn.create("source"), ref = StringColumn.create("reference");
        base.forEach(x -> {
            src.append(x.source());
            ref.append(x.reference());
        });
        Table t = Table.create("Translations of " + base.size() + " fixed test sentences", src, ref);
        byModel.forEach((name, x) -> {
            StringColumn c = StringColumn.create(name);
            x.samples().forEach(y -> c.append(y.hypothesis()));
            if (c.size() == base.size()) {
                t.addColumns(c);
            }
        });
        return t;
    }

    @Override
    public String toString() {
        return "TranslationTask(" + dataset() + ", " + pairs.size() + " pairs, " + options + ")";
    }
}
