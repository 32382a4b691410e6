package seqlab.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import seqlab.datasets.Datasets;
import seqlab.experiment.ClassificationTask;
import seqlab.experiment.Experiment;
import seqlab.experiment.Results;
import seqlab.experiment.VerdictFamily;
import seqlab.model.ModelSpec;
import seqlab.model.Models;
import seqlab.stats.Ranking;
import seqlab.stats.Verdicts;
import tech.tablesaw.api.Table;

/**
 * <b>Claim:</b> bidirectional layers help when future context is available.
 *
 * <p><b>Method.</b> Sentence classification sees the whole sentence before it decides, so future context is
 * available. Unidirectional and bidirectional LSTM and GRU at the same hidden size per direction are trained on the
 * sentiment dataset (UCI Sentiment Labelled Sentences) through {@link Experiment#on}, with several seeds; each
 * bidirectional model is compared with its unidirectional twin ({@link Results#verdicts(List, int)}): a paired t-test
 * over seeds joined with a paired bootstrap over test sentences, Holm-corrected over the two comparisons. The claim
 * holds when both bidirectional models are significantly better ({@link ClaimVerdict#ofBetter}).
 */
public final class Bidirectional extends ClaimExperiment {
    /**
     * @param budget      the budget's name
     * @param hidden      hidden size per direction
     * @param embedding   word embedding width
     * @param maxLength   tokens kept per sentence
     * @param maxExamples sentences used (a stratified subset; 0 for all 3000)
     * @param epochs      maximum epochs (early stopping on validation accuracy, patience 2)
     * @param stepBudget  optimizer steps per trial (0: none); counted in steps, not seconds, so a rerun gives the
     *                    same numbers
     * @param seeds       seeds per model
     */
    public record Config(String budget, int hidden, int embedding, int maxLength, int maxExamples, int epochs,
                         long stepBudget, int seeds) {
        public static Config of(Budget b) {
            return switch (b) {
                case QUICK -> new Config("quick", 32, 32, 30, 0, 5, 300, 5);
                case STANDARD -> new Config("standard", 64, 64, 50, 0, 15, 0, 5);
                case FULL -> new Config("full", 128, 128, 60, 0, 30, 0, 10);
            };
        }

        /** Seconds-sized, for tests: 3 seeds, the fewest a verdict rests on. */
        public static Config tiny() {
            return new Config("test", 8, 8, 10, 200, 1, 0, 3);
        }

        public Config seeds(int n) {
            return new Config(budget, hidden, embedding, maxLength, maxExamples, epochs, stepBudget, n);
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
        return String.format(Locale.ROOT, "%s (sentiment, %s sentences of up to %d tokens; hidden %d per direction; up "
                        + "to %d epochs%s; %d seeds)", config.budget(),
                config.maxExamples() == 0 ? "all 3000" : String.valueOf(config.maxExamples()), config.maxLength(),
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
        Experiment e = Experiment.on(task).compare(models().toArray(new ModelSpec[0]))
                .train(t -> t.epochs(config.epochs()).batchSize(32).adam(3e-3).clipNorm(1.0).patience(2)
                        .stepBudget(config.stepBudget()))
                .seeds(config.seeds()).engine(ctx.engines().get(0)).out(ctx.out().resolve("trials"))
                .parallelism(ctx.parallelism()).progress(ctx.progress());
        Results results = e.run();
        results.report(ctx.out().resolve("trials"));
        VerdictFamily family = results.verdicts(PAIRS, Verdicts.MIN_SEEDS);
        Table tests = family.table();
        tests.setName("bidirectional against unidirectional (" + results.mainMetric() + "; " + family.correction()
                + ")");
        Table summary = results.summary();
        List<Chart> charts = List.of(new Chart(results.plot().bars(), "Test accuracy by model (95% CI over seeds)"),
                new Chart(results.plot().curves(), "Validation accuracy by epoch"));
        List<String> notes = new ArrayList<>();
        notes.add("Each row compares one bidirectional model with its unidirectional twin on the seeds both ran; a "
                + "positive difference means the bidirectional one scored higher. Baselines and every trial are in "
                + "the full report (trials/index.html).");
        notes.addAll(family.lines());
        return new Findings(tests, ClaimVerdict.ofBetter(family.verdicts()), charts, List.of(summary), notes);
    }

    /** The comparisons the claim rests on: each bidirectional model against its unidirectional twin. */
    static final List<Ranking.Matchup> PAIRS = List.of(
            new Ranking.Matchup("bilstm", "lstm", "bidirectional vs unidirectional"),
            new Ranking.Matchup("bigru", "gru", "bidirectional vs unidirectional"));
}
