package seqlab.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import seqlab.datasets.Datasets;
import seqlab.metric.Bleu;
import seqlab.metric.BleuStatistics;
import seqlab.engine.RandomSource;
import seqlab.experiment.Experiment;
import seqlab.experiment.Results;
import seqlab.experiment.TranslationTask;
import seqlab.experiment.TranslationExtras;
import seqlab.experiment.TrialResult;
import seqlab.model.ModelSpec;
import seqlab.model.Models;
import seqlab.plot.Charts;
import seqlab.stats.Comparison;
import seqlab.stats.Direction;
import seqlab.stats.Evidence;
import seqlab.stats.PairedBootstrap;
import seqlab.stats.PerExample;
import seqlab.stats.SeedTest;
import seqlab.stats.Verdict;
import seqlab.stats.Verdicts;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * <b>Claim:</b> attention gives direct connections between positions, so an encoder-decoder with attention keeps
 * translating well as sentences grow, where one that squeezes the source into a fixed vector degrades (Bahdanau,
 * Cho &amp; Bengio 2015, Fig. 2).
 *
 * <p><b>Method.</b> Two GRU encoder-decoders of the same size, one with additive (Bahdanau) attention and one
 * without, are trained through {@link TranslationTask}, with the same budget and seeds, on the Spanish-English Bible
 * verses (joint BPE subwords, the canonical recipe of {@link Canonical#translation}) or, at the quick budget (where
 * no model learns a real language in minutes), on a toy word-for-word dictionary language
 * ({@link SyntheticTasks#dictionaryCorpus}) that isolates what the claim is about: remembering every source word.
 * Test BLEU is computed per source-length bucket (the task's {@code bleu_by_length}); the attention benefit is the
 * BLEU difference per bucket. The claim predicts a benefit that is positive and larger on the longer half of the
 * buckets than on the shorter half. Two tests, Holm-corrected together, decide it: attention against none on test
 * BLEU, and the difference in differences {@code (gain on long sentences) − (gain on short sentences)}; each is a
 * paired t-test over seeds joined with Koehn's paired bootstrap over test sentences (the same resampled sentences
 * score both halves of both models).
 */
public final class AttentionLength extends ClaimExperiment {

    /**
     * @param budget     the budget's name
     * @param corpus     {@code es-en} (the shipped Spanish-English Bible verses) or {@code dictionary} (the toy
     *                   language, word tokens)
     * @param hidden     hidden size of encoder and decoder (and embedding width)
     * @param maxWords   longest sentence kept, in words (the buckets span 1..maxWords)
     * @param subset     pairs used after the length filter (0: all); for {@code dictionary}, pairs generated
     * @param epochs     maximum epochs (early stopping on validation loss)
     * @param stepBudget optimizer steps per trial (0: none); counted in steps, not seconds, so a rerun gives the
     *                   same numbers
     * @param seeds      seeds per model
     */
    public record Config(String budget, String corpus, int hidden, int maxWords, int subset, int epochs,
                         long stepBudget, int seeds) {
        public Config {
            if (!corpus.equals(ES_EN) && !corpus.equals(DICTIONARY)) {
                throw new IllegalArgumentException("attention-length: unknown corpus '" + corpus + "'; use " + ES_EN
                        + " or " + DICTIONARY);
            }
        }

        public static Config of(Budget b) {
            return switch (b) {
                case QUICK -> new Config("quick", DICTIONARY, 64, 16, 4000, 10, 600, 3);
                case STANDARD -> new Config("standard", ES_EN, 64, 25, 0, 1000, 2000, 3);
                case FULL -> new Config("full", ES_EN, 128, 30, 0, 1000, 6000, 5);
            };
        }

        /** Seconds-sized, for tests: 3 seeds, the fewest a verdict rests on. */
        public static Config tiny() {
            return new Config("test", DICTIONARY, 8, 6, 120, 1, 0, 3);
        }

        public Config seeds(int n) {
            return new Config(budget, corpus, hidden, maxWords, subset, epochs, stepBudget, n);
        }
    }

    private final Config config;

    public AttentionLength(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "attention-length";
    }

    @Override
    public String claim() {
        return "attention gives direct connections between positions: with it, translation quality holds up on long "
                + "sentences (Bahdanau et al. 2015, Fig. 2)";
    }

    @Override
    public String budget() {
        boolean toy = config.corpus().equals(DICTIONARY);
        return String.format(Locale.ROOT, "%s (%s, sentences of up to %d words, %s pairs; hidden %d; up to "
                        + "%d epochs%s; %d seed%s%s)", config.budget(), toy ? "toy dictionary language"
                        : "Spanish-English Bible verses", config.maxWords(),
                config.subset() == 0 ? "all" : String.valueOf(config.subset()), config.hidden(), config.epochs(),
                config.stepBudget() > 0 ? String.format(Locale.ROOT, " or %d steps per model", config.stepBudget()) : "",
                config.seeds(), config.seeds() == 1 ? "" : "s",
                toy ? "; --budget standard uses the Spanish-English Bible verses" : "");
    }

    @Override
    public Config config() {
        return config;
    }

    static final String WITH = "gru+attention", WITHOUT = "gru";
    static final String DICTIONARY = "dictionary", ES_EN = "es-en";
    /** BLEU points above the copy baseline for a model to count as having learned to translate. */
    static final double LEARNED = 1.0;

    List<ModelSpec> models() {
        int h = config.hidden();
        return List.of(Models.gru(h).named(WITHOUT), Models.gru(h).with("attention", "additive").named(WITH));
    }

    /** One length bucket's BLEU, averaged over seeds. */
    record Bucket(String label, int min, Integer max, int sentences, double bleu) {
        double middle() {
            return max == null ? min : (min + max) / 2.0;
        }
    }

    @Override
    protected Findings measure(Context ctx) {
        boolean toy = config.corpus().equals(DICTIONARY);
        var options = TranslationTask.Options.defaults().embedding(config.hidden()).maxWords(config.maxWords())
                .subset(toy ? 0 : config.subset()).validationBleuSentences(50);
        // the toy language's words are its units; real text gets the canonical subwords, length buckets and
        // validation four times a run
        options = toy ? options.words(1) : options.bpe(2000, true).lengthBuckets(4)
                .validationEvery((int) Math.max(1, config.stepBudget() / 4));
        var corpus = toy ? SyntheticTasks.dictionaryCorpus(config.subset(), 1, config.maxWords(), 40,
                new RandomSource(2015)) : Datasets.esEn();
        var task = new TranslationTask(corpus, options);
        long steps = config.stepBudget();
        Experiment e = Experiment.on(task).compare(models().toArray(new ModelSpec[0]))
                .train(t -> toy || steps < 10 ? t.epochs(config.epochs()).batchSize(32).adam(3e-3).clipNorm(1.0)
                        .patience(3).stepBudget(steps)
                        : Canonical.translationRecipe(t, (int) steps))
                .seeds(config.seeds()).engine(ctx.engines().get(0)).out(ctx.out().resolve("trials"))
                .parallelism(ctx.parallelism()).progress(ctx.progress());
        Results results = e.run();
        results.report(ctx.out().resolve("trials"), ctx.site());
        Map<String, List<Bucket>> byModel = new LinkedHashMap<>();
        for (ModelSpec m : models()) {
            byModel.put(m.name(), buckets(results, m.name()));
        }
        StringColumn model = StringColumn.create("model"), bucket = StringColumn.create("source_words");
        IntColumn sentences = IntColumn.create("sentences");
        DoubleColumn bleu = DoubleColumn.create("bleu"), gain = DoubleColumn.create("attention_gain");
        Map<String, double[][]> series = new LinkedHashMap<>();
        List<Bucket> with = byModel.get(WITH), without = byModel.get(WITHOUT);
        for (var entry : byModel.entrySet()) {
            List<Bucket> bs = entry.getValue();
            double[] x = new double[bs.size()], y = new double[bs.size()];
            for (int i = 0; i < bs.size(); i++) {
                Bucket b = bs.get(i);
                model.append(entry.getKey());
                bucket.append(b.label());
                sentences.append(b.sentences());
                bleu.append(b.bleu());
                gain.append(i < with.size() && i < without.size() ? with.get(i).bleu() - without.get(i).bleu() : Double.NaN);
                x[i] = b.middle();
                y[i] = b.bleu();
            }
            series.put(entry.getKey(), new double[][] {x, y});
        }
        Table table = Table.create("test BLEU by source length (mean over seeds)", model, bucket, sentences, bleu, gain);
        List<Chart> charts = List.of(
                new Chart(Charts.lines("BLEU by source sentence length, with and without attention",
                        "source length (words, bucket middle)", "test BLEU", false, series),
                        "BLEU by source length (the shape of Bahdanau et al. 2015, Fig. 2)"),
                new Chart(results.plot().dots(), "Test BLEU by model"));
        double copyBleu = results.summary().where(results.summary().stringColumn("model").isEqualTo(TranslationTask.COPY))
                .doubleColumn("bleu_mean").getDouble(0);
        List<String> notes = new ArrayList<>();
        notes.add("attention_gain is the BLEU of " + WITH + " minus that of " + WITHOUT + " in the same bucket. "
                + "BLEU on very short sentences is noisy (few 4-grams); buckets where both models score 0 are left out "
                + "of the verdict. Every trial, the copy baseline, attention "
                + "heatmaps and sample translations are in the full report (trials/index.html).");
        List<Bucket> kept = informative(with, without);
        List<Verdict> family = List.of();
        Table tests = Table.create("tests");
        if (kept.size() >= 2) {
            int half = kept.size() / 2;
            int shortUpTo = kept.get(half - 1).max() == null ? Integer.MAX_VALUE : kept.get(half - 1).max();
            family = Verdicts.decide(List.of(results.comparison(WITH, WITHOUT),
                    lengthTrend(results, shortUpTo, kept.get(0).label() + ".." + kept.get(half - 1).label(),
                            kept.get(half).label() + ".." + kept.get(kept.size() - 1).label())), Verdicts.ALPHA,
                    Verdicts.MIN_SEEDS);
            tests = Verdicts.table(family);
            tests.setName("the claim's tests (" + family.get(0).correction() + ")");
            Verdicts.lines(family).forEach(notes::add);
        }
        return new Findings(table, verdict(with, without, overall(results, WITH), overall(results, WITHOUT), copyBleu,
                family), charts, List.of(tests, results.summary()), notes);
    }

    /** The length trend as a comparison: attention's gain on the longer sentences against its gain on the shorter. */
    static final String LONG_GAIN = "attention's gain on long sentences", SHORT_GAIN = "its gain on short sentences";

    /**
     * The difference in differences {@code (BLEU_with − BLEU_without on long) − (BLEU_with − BLEU_without on short)},
     * tested over seeds and over test sentences: each sentence's BLEU statistics go in the short or the long block by
     * its source length, and a resample scores both blocks of both models on the same sentences.
     *
     * @param shortUpTo the longest source, in words, that counts as short
     */
    static Comparison lengthTrend(Results results, int shortUpTo, String shortRange, String longRange) {
        String metric = "BLEU gain on " + longRange + " minus on " + shortRange + " words";
        Map<Long, TrialResult> without = new LinkedHashMap<>();
        for (TrialResult r : results.trials()) {
            if (r.ok() && r.spec().model().name().equals(WITHOUT)) {
                without.put(r.spec().seed(), r);
            }
        }
        List<PerExample> c = new ArrayList<>(), ref = new ArrayList<>();
        for (TrialResult r : results.trials()) {
            TrialResult o = without.get(r.spec().seed());
            if (r.ok() && r.spec().model().name().equals(WITH) && o != null) {
                c.add(split(r.translation(), shortUpTo, metric));
                ref.add(split(o.translation(), shortUpTo, metric));
            }
        }
        if (c.isEmpty()) {
            return Comparison.notTested(LONG_GAIN, SHORT_GAIN, "BLEU", Direction.HIGHER_IS_BETTER, "no seed where both finished");
        }
        PairedBootstrap.Result sentences = PairedBootstrap.defaults().test(c, ref);
        Evidence e = sentences;
        if (c.size() >= 2) {
            double[] a = c.stream().mapToDouble(PerExample::value).toArray();
            double[] b = ref.stream().mapToDouble(PerExample::value).toArray();
            e = Evidence.joint(SeedTest.of(a, b), sentences);
        }
        return Comparison.of(LONG_GAIN, SHORT_GAIN, "BLEU", Direction.HIGHER_IS_BETTER, e);
    }

    /** One model's BLEU statistics per sentence in two blocks (short, long); scores BLEU(long) − BLEU(short). */
    private static PerExample split(TranslationExtras x, int shortUpTo, String metric) {
        Bleu bleu = TranslationTask.bleu(x);
        List<BleuStatistics> stats = bleu.statistics(x.hypotheses(), List.of(x.references()));
        int width = 2 + 2 * stats.get(0).maxOrder();
        double[][] rows = new double[stats.size()][2 * width];
        for (int i = 0; i < rows.length; i++) {
            BleuStatistics b = stats.get(i);
            int at = TranslationTask.words(x.sources().get(i)) <= shortUpTo ? 0 : width;
            rows[i][at] = b.hypLength();
            rows[i][at + 1] = b.refLength();
            for (int k = 0; k < b.maxOrder(); k++) {
                rows[i][at + 2 + k] = b.matches()[k];
                rows[i][at + 2 + b.maxOrder() + k] = b.totals()[k];
            }
        }
        return PerExample.of(metric, rows, (sums, n) -> block(bleu, sums, width, width) - block(bleu, sums, 0, width));
    }

    private static double block(Bleu bleu, double[] sums, int at, int width) {
        int order = (width - 2) / 2;
        int[] m = new int[order], t = new int[order];
        for (int k = 0; k < order; k++) {
            m[k] = (int) Math.round(sums[at + 2 + k]);
            t[k] = (int) Math.round(sums[at + 2 + order + k]);
        }
        return bleu.score(new BleuStatistics((int) Math.round(sums[at]), (int) Math.round(sums[at + 1]), m, t)).score();
    }

    /** The buckets where either model scores above 0 (a bucket of sentences too short for 4-grams says nothing). */
    static List<Bucket> informative(List<Bucket> with, List<Bucket> without) {
        List<Bucket> out = new ArrayList<>();
        for (int i = 0; i < Math.min(with.size(), without.size()); i++) {
            if (with.get(i).bleu() > 0 || without.get(i).bleu() > 0) {
                out.add(with.get(i));
            }
        }
        return out;
    }

    private static double overall(Results r, String model) {
        Table s = r.summary();
        return s.where(s.stringColumn("model").isEqualTo(model)).doubleColumn("bleu_mean").getDouble(0);
    }

    /** The model's BLEU per length bucket, averaged over its finished seeds. */
    static List<Bucket> buckets(Results results, String model) {
        Map<String, List<TranslationExtras.LengthBucket>> byLabel = new LinkedHashMap<>();
        for (TrialResult r : results.trials()) {
            if (!r.ok() || !r.spec().model().name().equals(model)) {
                continue;
            }
            for (TranslationExtras.LengthBucket b : r.translation().bleuByLength()) {
                byLabel.computeIfAbsent(b.label(), k -> new ArrayList<>()).add(b);
            }
        }
        List<Bucket> out = new ArrayList<>();
        for (var e : byLabel.entrySet()) {
            TranslationExtras.LengthBucket first = e.getValue().get(0);
            double bleu = e.getValue().stream().mapToDouble(TranslationExtras.LengthBucket::bleu).average()
                    .orElse(Double.NaN);
            int sentences = (int) Math.round(e.getValue().stream()
                    .mapToDouble(TranslationExtras.LengthBucket::sentences).average().orElse(0));
            out.add(new Bucket(e.getKey(), first.min(), first.max(), sentences, bleu));
        }
        return out;
    }

    /**
     * From the claim's two tests ({@link ClaimVerdict#ofBetter}): holds when attention is significantly better overall
     * and its gain significantly larger on the longer sentences, partly when only one is, does not hold when attention
     * is significantly worse; inconclusive when neither model beats the copy baseline by {@link #LEARNED} BLEU
     * (nothing learned to compare) or fewer than two length buckets have any BLEU. The text leads with the numbers
     * behind the tests: overall BLEU and the mean gain on each half of the buckets.
     *
     * @param family the verdicts of attention vs none and of the length trend (empty when not testable)
     */
    static ClaimVerdict verdict(List<Bucket> with, List<Bucket> without, double bleuWith, double bleuWithout,
                                double copyBleu, List<Verdict> family) {
        List<Bucket> kept = informative(with, without);
        List<Bucket> w = new ArrayList<>(), wo = new ArrayList<>();
        for (int i = 0; i < Math.min(with.size(), without.size()); i++) {
            if (kept.contains(with.get(i))) {
                w.add(with.get(i));
                wo.add(without.get(i));
            }
        }
        int n = w.size();
        if (n < 2 || family.isEmpty()) {
            return new ClaimVerdict(ClaimVerdict.Outcome.INCONCLUSIVE, String.format(Locale.ROOT, "test BLEU %.2f "
                    + "with attention vs %.2f without (copy baseline %.2f); fewer than two length buckets have a "
                    + "nonzero BLEU, so there is no length trend to judge", bleuWith, bleuWithout, copyBleu));
        }
        double shortGain = 0, longGain = 0;
        int half = n / 2;
        for (int i = 0; i < n; i++) {
            double g = w.get(i).bleu() - wo.get(i).bleu();
            if (i < half) {
                shortGain += g / half;
            } else {
                longGain += g / (n - half);
            }
        }
        String text = String.format(Locale.ROOT, "test BLEU %.2f with attention vs %.2f without (copy baseline %.2f); "
                        + "attention gains %+.2f BLEU on the shorter sentences (buckets %s..%s words) and %+.2f on the "
                        + "longer (%s..%s); without attention BLEU goes from %.2f in the first bucket to %.2f in the last",
                bleuWith, bleuWithout, copyBleu, shortGain, w.get(0).label(), w.get(half - 1).label(), longGain,
                w.get(half).label(), w.get(n - 1).label(), wo.get(0).bleu(), wo.get(n - 1).bleu());
        if (bleuWith <= copyBleu + LEARNED && bleuWithout <= copyBleu + LEARNED) {
            return new ClaimVerdict(ClaimVerdict.Outcome.INCONCLUSIVE, text + ": neither model beat copying the "
                    + "source by " + LEARNED + " BLEU at this budget, so nothing was learned to compare");
        }
        ClaimVerdict tested = ClaimVerdict.ofBetter(family);
        return new ClaimVerdict(tested.outcome(), text + ". " + tested.text());
    }
}
