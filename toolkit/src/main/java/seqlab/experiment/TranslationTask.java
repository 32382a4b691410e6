package seqlab.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
import seqlab.metric.BleuScore;
import seqlab.metric.Chrf;
import seqlab.model.ModelSpec;
import seqlab.model.Seq2Seq;
import seqlab.train.BatchSource;
import seqlab.train.EpochResult;
import seqlab.train.History;
import seqlab.train.Seeds;
import seqlab.train.Trainer;
import seqlab.train.TrainingListener;

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
 * <p><b>Training.</b> Teacher forcing with token-level cross-entropy, the trial's {@link TrainConfig} (optimizer,
 * clipping, early stopping on the validation loss with the best epoch's weights restored). After each epoch, greedy
 * BLEU on up to {@link Options#validationBleuSentences()} validation pairs is the curve's metric. (The Trainer has
 * no wall-clock or step budget yet, so {@link TrainConfig#maxSeconds()} and {@link TrainConfig#maxSteps()} are not
 * applied.)
 *
 * <p><b>Metrics</b> on the test split: {@code bleu} (corpus BLEU as sacreBLEU computes it, 13a tokenizer, exp
 * smoothing, <em>case-insensitive</em> ({@code -lc}) because the vocabularies are lower-cased; references are the
 * original sentences) and {@code chrf} (chrF2, also case-insensitive), both 0-100. Extras for charts:
 * {@code bleu_by_length} (BLEU per source-length bucket in words, the shape of Bahdanau et al. 2015, Fig. 2),
 * {@code samples} (a few test translations), {@code attention} (one test sentence's weights: target tokens x
 * source tokens) and {@code data} (split sizes, vocabularies, decoding settings).
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
     * @param samples                 test translations kept in the extras
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

    /** The family name of the copy-the-source baseline. */
    public static final String COPY = "copy";

    private static final Bleu BLEU = Bleu.sacrebleu().lowercase(true);
    private static final Chrf CHRF = Chrf.sacrebleu().lowercase(true);
    private static final int EVAL_BATCH = 64;

    private final ParallelCorpus corpus;
    private final Options options;
    private final List<SentencePair> pairs;
    private final String checksum;
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
        this.checksum = checksum(kept, options);
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

    private static int words(String s) {
        String t = s.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    /** SHA-256 of the chosen pairs and the options, so a trial id changes whenever the data or decoding does. */
    private static String checksum(List<SentencePair> pairs, Options options) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (SentencePair p : pairs) {
                md.update((p.source() + "\t" + p.target() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            md.update(options.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The copy-the-source baseline as a spec this task recognises. */
    public static ModelSpec copyBaseline() {
        return new ModelSpec(COPY, 1, 1, false, 0, Map.of(), COPY);
    }

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

    @Override
    public String datasetChecksum() {
        return checksum;
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
    public List<ModelSpec> baselines() {
        return List.of(copyBaseline());
    }

    @Override
    public List<String> families() {
        return List.of("rnn", "lstm", "gru", "transformer");
    }

    /** Rebuildable by name, so Spark executors can run its trials from the jar's copy of the corpus. */
    @Override
    public java.util.Optional<TaskSpec> spec() {
        return java.util.Optional.of(TaskSpec.of(name(), dataset(), options));
    }

    /** Exact for the vocabularies of seed 1 (other seeds' training splits give vocabularies a few words apart). */
    @Override
    public long parameterCount(ModelSpec spec) {
        if (spec.family().equals(COPY)) {
            return 0;
        }
        Prepared p = prepare(1);
        return Seq2Seq.parameterCount(spec, p.source.vocabulary().size(), p.target.vocabulary().size(), options.embedding());
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

    private static BatchSource<TranslationBatch> batches(Engine engine, List<int[]> sources, List<int[]> targets) {
        return new BatchSource<>() {
            @Override
            public int size() {
                return sources.size();
            }

            @Override
            public TranslationBatch batch(int[] indices) {
                List<int[]> s = new ArrayList<>(indices.length), t = new ArrayList<>(indices.length);
                for (int i : indices) {
                    s.add(sources.get(i));
                    t.add(targets.get(i));
                }
                return TranslationBatch.of(engine, s, t, indices, 0, 0);
            }
        };
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
        Map<String, Object> provenance = Provenance.collect(engine);
        Prepared p = prepare(spec.seed());
        List<String> references = p.test.stream().map(SentencePair::target).toList();
        List<String> sources = p.test.stream().map(SentencePair::source).toList();
        if (spec.model().family().equals(COPY)) {
            Map<String, Object> extras = scoreExtras(p, sources, references, sources);
            return new TrialResult(spec, "ok", "", 0, 0, 0, 0, metrics(sources, references), List.of(), extras, provenance);
        }
        Seq2Seq model = model(spec.model(), engine, spec.seed());
        TrainConfig tc = spec.train();
        boolean hasValidation = !p.validation.isEmpty();
        List<int[]> bleuSources = p.validationSource.subList(0, Math.min(options.validationBleuSentences(), p.validation.size()));
        List<String> bleuRefs = p.validation.subList(0, bleuSources.size()).stream().map(SentencePair::target).toList();
        List<EpochStats> curve = new ArrayList<>();
        Trainer<Seq2Seq, TranslationBatch> trainer = Trainer.of(model, (Seq2Seq m, TranslationBatch b) -> m.loss(b));
        Training.configure(trainer, hasValidation ? tc : tc.patience(0), spec.seed())
                .tokens(b -> b.targetTokens() + Arrays.stream(b.sourceLengths()).sum())
                .listener(new TrainingListener() {
                    @Override
                    public void onEpoch(EpochResult e) {
                        double bleu = Double.NaN;
                        if (!bleuSources.isEmpty()) {
                            List<Seq2Seq.Translation> out = model.translate(bleuSources, 1, 0, p.maxDecodeLength, EVAL_BATCH);
                            bleu = BLEU.corpusScore(texts(p.target, out), List.of(bleuRefs)).score();
                        }
                        EpochStats s = new EpochStats(e.epoch() + 1, e.trainLoss(), e.validationLoss(), bleu, e.seconds(),
                                e.meanGradNorm());
                        curve.add(s);
                        listener.epochEnded(spec, s);
                    }
                });
        History h = trainer.fit(batches(engine, p.trainSource, p.trainTarget),
                hasValidation ? batches(engine, p.validationSource, p.validationTarget) : null);
        double seconds = 0, tokens = 0;
        for (EpochResult e : h.epochs()) {
            seconds += e.seconds();
            tokens += e.tokensPerSecond() * e.seconds();
        }
        List<Seq2Seq.Translation> out = model.translate(p.testSource, options.beamWidth(), options.lengthPenalty(),
                p.maxDecodeLength, EVAL_BATCH);
        List<String> hyps = texts(p.target, out);
        Map<String, Object> extras = scoreExtras(p, sources, references, hyps);
        Map<String, Object> att = attentionExample(p, out);
        if (att != null) {
            extras.put("attention", att);
        }
        Map<String, Object> d = new LinkedHashMap<>(castMap(extras.get("data")));
        d.put("best_epoch", h.bestEpoch() + 1);
        d.put("stopped_early", h.stoppedEarly());
        extras.put("data", d);
        return new TrialResult(spec, "ok", "", model.parameterCount(), h.epochs().size(), seconds,
                seconds > 0 ? tokens / seconds : 0, metrics(hyps, references), curve, extras, provenance);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
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

    private Map<String, Object> scoreExtras(Prepared p, List<String> sources, List<String> refs, List<String> hyps) {
        Map<String, Object> extras = new LinkedHashMap<>();
        int[] lengths = sources.stream().mapToInt(TranslationTask::words).toArray();
        List<Map<String, Object>> buckets = new ArrayList<>();
        for (Bleu.LengthBucket b : BLEU.byLength(lengths, hyps, refs, lengthBounds())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", b.label());
            m.put("min", b.minLength());
            m.put("max", b.maxLength() == Integer.MAX_VALUE ? null : b.maxLength());
            m.put("sentences", b.sentences());
            BleuScore s = b.bleu();
            m.put("bleu", s.score());
            buckets.add(m);
        }
        extras.put("bleu_by_length", buckets);
        List<Map<String, Object>> samples = new ArrayList<>();
        for (int i = 0; i < Math.min(options.samples(), hyps.size()); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", sources.get(i));
            m.put("reference", refs.get(i));
            m.put("hypothesis", hyps.get(i));
            samples.add(m);
        }
        extras.put("samples", samples);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("pairs", pairs.size());
        d.put("train", p.train.size());
        d.put("validation", p.validation.size());
        d.put("test", p.test.size());
        d.put("source_vocabulary", p.source.vocabulary().size());
        d.put("target_vocabulary", p.target.vocabulary().size());
        d.put("beam_width", options.beamWidth());
        d.put("length_penalty", options.lengthPenalty());
        d.put("max_decode_length", p.maxDecodeLength);
        extras.put("data", d);
        return extras;
    }

    /** The weights of the first test sentence of 4 or more source tokens (else the first): target x source tokens. */
    private static Map<String, Object> attentionExample(Prepared p, List<Seq2Seq.Translation> out) {
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
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", p.test.get(pick).source());
        m.put("source_tokens", src);
        m.put("target_tokens", tgt);
        m.put("weights", w);
        return m;
    }

    /** BLEU by source length for every model (first seed), and the attention heatmap of one test sentence. */
    @Override
    @SuppressWarnings("unchecked")
    public void addToReport(Results results, seqlab.plot.HtmlReport report) {
        Map<String, double[][]> lines = new LinkedHashMap<>();
        TrialResult withAttention = null;
        for (TrialResult r : results.trials()) {
            if (r == null || !r.ok() || lines.containsKey(r.spec().model().name())) {
                continue;
            }
            Object b = r.extras().get("bleu_by_length");
            if (b instanceof List<?> buckets && !buckets.isEmpty()) {
                double[] x = new double[buckets.size()], y = new double[buckets.size()];
                for (int i = 0; i < buckets.size(); i++) {
                    Map<String, Object> m = (Map<String, Object>) buckets.get(i);
                    Object max = m.get("max");
                    double lo = ((Number) m.get("min")).doubleValue();
                    x[i] = max == null ? lo : (lo + ((Number) max).doubleValue()) / 2;
                    y[i] = ((Number) m.get("bleu")).doubleValue();
                }
                lines.put(r.spec().model().name(), new double[][] {x, y});
            }
            if (withAttention == null && r.extras().get("attention") instanceof Map<?, ?>) {
                withAttention = r;
            }
        }
        if (!lines.isEmpty()) {
            report.heading("BLEU by source length");
            report.figure(seqlab.plot.Charts.lines("BLEU by source sentence length", "source length (words, bucket middle)",
                    "BLEU", false, lines), "Test BLEU per source-length bucket (Bahdanau et al. 2015, Fig. 2)");
        }
        if (withAttention != null) {
            Map<String, Object> a = (Map<String, Object>) withAttention.extras().get("attention");
            List<String> src = (List<String>) a.get("source_tokens"), tgt = (List<String>) a.get("target_tokens");
            List<List<Number>> w = (List<List<Number>>) a.get("weights");
            double[][] z = new double[w.size()][];
            for (int i = 0; i < z.length; i++) {
                z[i] = w.get(i).stream().mapToDouble(Number::doubleValue).toArray();
            }
            if (z.length == tgt.size() && z.length > 0 && z[0].length == src.size()) {
                report.heading("Attention");
                report.figure(seqlab.plot.Charts.heatmap("Attention of " + withAttention.spec().model().name(),
                        src.toArray(new String[0]), tgt.toArray(new String[0]), z),
                        "Attention weights for one test sentence: " + a.get("source"));
            }
        }
    }

    @Override
    public String toString() {
        return "TranslationTask(" + dataset() + ", " + pairs.size() + " pairs, " + options + ")";
    }
}
