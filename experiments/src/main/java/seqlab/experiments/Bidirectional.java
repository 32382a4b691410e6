package seqlab.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import seqlab.datasets.Datasets;
import seqlab.experiment.ClassificationTask;
import seqlab.experiment.Experiment;
import seqlab.experiment.Results;
import seqlab.experiment.TrialResult;
import seqlab.model.ModelSpec;
import seqlab.model.Models;
import seqlab.plot.Charts;
import seqlab.stats.Comparison;
import seqlab.stats.Direction;
import seqlab.stats.Stats;
import seqlab.stats.Verdicts;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * <b>Claim:</b> bidirectional layers help when future context is available.
 *
 * <p><b>Method.</b> Two tasks. Sentence classification on the sentiment dataset (UCI Sentiment Labelled Sentences):
 * the label depends on the whole sentence, which a unidirectional encoder has also read by its last step. And
 * punctuation restoration on the same sentences ({@link PunctuationTagging}): each word is tagged with the mark that
 * followed it, which depends on the words after it, so only a model that reads backwards too has the context at
 * the word. Unidirectional and bidirectional LSTM and GRU at the same hidden size per direction train on the same
 * data per seed; each bidirectional model is compared with its unidirectional twin on test accuracy
 * (classification) and punctuation macro-F1 (tagging): paired t over seeds and paired bootstrap over test sentences,
 * jointly, with Holm over the four comparisons.
 */
public final class Bidirectional extends ClaimExperiment {

    /**
     * @param budget       the budget's name
     * @param hidden       hidden size per direction
     * @param embedding    word embedding width
     * @param maxLength    tokens kept per sentence
     * @param maxExamples  sentences used for classification (a stratified subset; 0 for all 3000)
     * @param epochs       maximum epochs (early stopping on validation, patience 2)
     * @param stepBudget   optimizer steps per trial (0: none); counted in steps, not seconds, so a rerun gives the
     *                     same numbers
     * @param taggingSentences sentences used for tagging (the first of the dataset; 0 for all)
     * @param seeds        seeds per model
     */
    public record Config(String budget, int hidden, int embedding, int maxLength, int maxExamples, int epochs,
                         long stepBudget, int taggingSentences, int seeds) {
        public static Config of(Budget b) {
            return switch (b) {
                case QUICK -> new Config("quick", 32, 32, 30, 0, 5, 300, 0, 5);
                case STANDARD -> new Config("standard", 64, 64, 50, 0, 15, 0, 0, 5);
                case FULL -> new Config("full", 128, 128, 60, 0, 30, 0, 0, 10);
            };
        }

        /** Seconds-sized, for tests. */
        public static Config tiny() {
            return new Config("test", 8, 8, 10, 200, 1, 0, 200, 3);
        }

        public Config seeds(int n) {
            return new Config(budget, hidden, embedding, maxLength, maxExamples, epochs, stepBudget, taggingSentences,
                    n);
        }
    }

    private final Config config;

    public Bidirectional(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "bidirectional";
    }

    @Override
    public String claim() {
        return "bidirectional layers help when future context is available";
    }

    @Override
    public String budget() {
        return String.format(Locale.ROOT, "%s (sentiment classification, %s sentences, and punctuation restoration on "
                        + "%s of them, up to %d tokens; hidden %d per direction; up to %d epochs%s; %d seeds)",
                config.budget(), config.maxExamples() == 0 ? "all 3000" : String.valueOf(config.maxExamples()),
                config.taggingSentences() == 0 ? "all" : String.valueOf(config.taggingSentences()), config.maxLength(),
                config.hidden(), config.epochs(), config.stepBudget() > 0
                        ? String.format(Locale.ROOT, " or %d steps per trial", config.stepBudget()) : "",
                config.seeds());
    }

    @Override
    public Config config() {
        return config;
    }

    /** Each unidirectional model and its bidirectional twin, in that order. */
    List<ModelSpec> models() {
        int h = config.hidden();
        return List.of(Models.lstm(h).named("lstm"), Models.lstm(h).bidirectional().named("bilstm"),
                Models.gru(h).named("gru"), Models.gru(h).bidirectional().named("bigru"));
    }

    @Override
    protected Findings measure(Context ctx) {
        var options = ClassificationTask.Options.defaults().embedding(config.embedding()).maxLength(config.maxLength())
                .maxExamples(config.maxExamples());
        var task = new ClassificationTask(Datasets.sentiment(), options);
        Results results = Experiment.on(task).compare(models().toArray(new ModelSpec[0]))
                .train(t -> t.epochs(config.epochs()).batchSize(32).adam(3e-3).clipNorm(1.0).patience(2)
                        .stepBudget(config.stepBudget()))
                .seeds(config.seeds()).engine(ctx.engines().get(0)).out(ctx.out().resolve("trials"))
                .parallelism(ctx.parallelism()).progress(ctx.progress()).run();
        results.report(ctx.out().resolve("trials"), ctx.site());
        Map<String, List<TrialResult>> by = ClaimTrials.byModel(results.trials());
        Map<String, List<PunctuationTagging.Outcome>> tagged = tag(ctx);
        List<Comparison> family = new ArrayList<>();
        for (String[] p : PAIRS) {
            Comparison c = ClaimTrials.compare("accuracy", Direction.HIGHER_IS_BETTER, p[0], by.get(p[0]), p[1],
                    by.get(p[1]), ClaimTrials::accuracy);
            family.add(new Comparison(p[0] + " (sentiment)", p[1] + " (sentiment)", c.metric(), c.direction(),
                    c.evidence(), c.equivalence(), c.notTested()));
        }
        for (String[] p : PAIRS) {
            family.add(ClaimTests.difference("punctuation F1", Direction.HIGHER_IS_BETTER,
                    taggingScores(p[0] + " (punctuation)", tagged.get(p[0])),
                    taggingScores(p[1] + " (punctuation)", tagged.get(p[1]))));
        }
        List<seqlab.stats.Verdict> verdicts = ClaimTests.decide(family);
        Table table = table(by, tagged);
        List<Chart> charts = List.of(
                new Chart(ClaimTests.forest("Bidirectional minus unidirectional", verdicts),
                        "Differences with 95% intervals, coloured by verdict: sentiment accuracy and punctuation F1"),
                new Chart(Charts.bars(table.where(table.stringColumn("task").isEqualTo("punctuation")), "model",
                        "mean", "ci95", "Punctuation restoration: macro-F1 over , . ? !"), "Punctuation F1 by model"),
                new Chart(results.plot().dots(), "Sentiment: test accuracy by model (95% CI over seeds)"),
                new Chart(results.plot().curves(), "Sentiment: validation accuracy by epoch"));
        List<String> notes = List.of(ClaimTests.method(verdicts), "Punctuation restoration tags each lower-cased word "
                + "with the mark that followed it (none , . ? !); its score is the macro-F1 over the four marks, its "
                + "word accuracy counts \"none\" too. Sentiment baselines and every classification trial are in the "
                + "full report (trials/index.html).");
        return new Findings(table, verdict(verdicts), charts, List.of(Verdicts.table(verdicts), results.summary()),
                notes);
    }

    /** Each unidirectional model's bidirectional twin: {bidirectional, unidirectional}. */
    static final List<String[]> PAIRS = List.of(new String[] {"bilstm", "lstm"}, new String[] {"bigru", "gru"});

    /** Every model tagging punctuation, seed by seed (each seed's split shared by all four). */
    private Map<String, List<PunctuationTagging.Outcome>> tag(Context ctx) {
        var rows = Datasets.sentiment().rows();
        List<String> texts = PunctuationTagging.texts(config.taggingSentences() > 0
                ? rows.subList(0, Math.min(rows.size(), config.taggingSentences())) : rows);
        var sentences = PunctuationTagging.sentences(texts, config.maxLength());
        record Item(ModelSpec model, PunctuationTagging.Prepared data, long seed) {
        }
        List<Item> items = new ArrayList<>();
        for (long seed = 1; seed <= config.seeds(); seed++) {
            var data = PunctuationTagging.Prepared.of(sentences, seed);
            for (ModelSpec m : models()) {
                items.add(new Item(m, data, seed));
            }
        }
        // each run depends only on its seed, so side by side gives the numbers one after another would
        List<PunctuationTagging.Outcome> done = ctx.parallelism().map(items, ctx.engines(), it -> {
            long t0 = System.nanoTime();
            var o = PunctuationTagging.run(ctx.engine(), it.model(), it.data(), config.embedding(), config.epochs(),
                    config.stepBudget(), 3e-3, it.seed());
            ctx.log("bidirectional: punctuation, %s seed %d: macro-F1 %.4f, word accuracy %.4f (%.1f s)",
                    it.model().name(), it.seed(), o.macroF1(), o.wordAccuracy(), (System.nanoTime() - t0) / 1e9);
            return o;
        });
        Map<String, List<PunctuationTagging.Outcome>> out = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            out.computeIfAbsent(items.get(i).model().name(), k -> new ArrayList<>()).add(done.get(i));
        }
        return out;
    }

    private static ClaimTests.Scores taggingScores(String name, List<PunctuationTagging.Outcome> outcomes) {
        return new ClaimTests.Scores(name, outcomes.stream().mapToDouble(PunctuationTagging.Outcome::macroF1).toArray(),
                outcomes.stream().map(PunctuationTagging::perExample).toList());
    }

    private Table table(Map<String, List<TrialResult>> by, Map<String, List<PunctuationTagging.Outcome>> tagged) {
        StringColumn task = StringColumn.create("task"), model = StringColumn.create("model"),
                metric = StringColumn.create("metric");
        IntColumn seeds = IntColumn.create("seeds");
        DoubleColumn mean = DoubleColumn.create("mean"), sd = DoubleColumn.create("sd"),
                ci = DoubleColumn.create("ci95"), words = DoubleColumn.create("word_accuracy");
        for (ModelSpec m : models()) {
            add(task, model, metric, seeds, mean, sd, ci, "sentiment", m.name(), "accuracy",
                    ClaimTrials.metric(by.get(m.name()), "accuracy"));
            words.appendMissing();
        }
        for (ModelSpec m : models()) {
            List<PunctuationTagging.Outcome> o = tagged.get(m.name());
            add(task, model, metric, seeds, mean, sd, ci, "punctuation", m.name(), "macro-F1",
                    o.stream().mapToDouble(PunctuationTagging.Outcome::macroF1).toArray());
            words.append(o.stream().mapToDouble(PunctuationTagging.Outcome::wordAccuracy).average().orElse(Double.NaN));
        }
        return Table.create("bidirectional: test scores by task and model", task, model, metric, seeds, mean, sd, ci,
                words);
    }

    private static void add(StringColumn task, StringColumn model, StringColumn metric, IntColumn seeds,
                            DoubleColumn mean, DoubleColumn sd, DoubleColumn ci, String t, String m, String k,
                            double[] v) {
        task.append(t);
        model.append(m);
        metric.append(k);
        seeds.append(v.length);
        mean.append(v.length == 0 ? Double.NaN : Stats.mean(v));
        sd.append(v.length < 2 ? Double.NaN : Stats.sampleStd(v));
        ci.append(v.length < 2 ? Double.NaN : Stats.meanConfidenceInterval(v, 0.95).halfWidth());
    }

    /**
     * Holds when each bidirectional model is significantly better than its twin on both tasks; partly when on some
     * (e.g. only where the future context is not already read, the tagging task).
     */
    static ClaimVerdict verdict(List<seqlab.stats.Verdict> verdicts) {
        return new ClaimVerdict(ClaimTests.better(verdicts), ClaimTests.briefs(verdicts));
    }
}
