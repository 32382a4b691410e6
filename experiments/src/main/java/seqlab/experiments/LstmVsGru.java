package seqlab.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import seqlab.datasets.Datasets;
import seqlab.experiment.Experiment;
import seqlab.experiment.ForecastingTask;
import seqlab.experiment.Results;
import seqlab.experiment.Task;
import seqlab.experiment.TrainConfig;
import seqlab.experiment.TrialResult;
import seqlab.model.ModelSpec;
import seqlab.model.Models;
import seqlab.stats.Comparison;
import seqlab.stats.Direction;
import seqlab.stats.PerExample;
import seqlab.stats.Stats;
import seqlab.stats.Verdict.Category;
import seqlab.stats.Verdicts;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * <b>Claim:</b> LSTM and GRU perform similarly.
 *
 * <p><b>Method.</b> An equivalence test, since "similar" is a claim that failing to find a difference cannot
 * support: the two one-sided tests (TOST) against a margin stated before the run, per task, for an LSTM and a GRU
 * of the same hidden size trained alike (same data, batch order and learning rate per seed) on each of seqlab's
 * three tasks: sentiment classification (accuracy, margin 0.03), forecasting the airline series (MASE, margin 0.1)
 * and translation (BLEU, margin 3 points; the quick budget translates a synthetic word-for-word language, the
 * others German-English). Equivalence must hold over seeds (TOST with the t distribution) and, for classification
 * and translation, over test examples (the paired bootstrap's 90% interval) at once. Forecasting's 12 test points
 * are too few and too correlated for resampling, so its test is over seeds alone. Holm over the three equivalence
 * tests, and separately over the three difference tests shown beside them.
 */
public final class LstmVsGru extends ClaimExperiment {
    /** Equivalence margins, stated up front: accuracy points, MASE, BLEU points. */
    static final double ACCURACY_MARGIN = 0.03, MASE_MARGIN = 0.1, BLEU_MARGIN = 3.0;

    /**
     * @param budget              the budget's name
     * @param hidden              hidden size of both cells, every task
     * @param classificationSteps optimizer steps per classification trial (0: epochs with early stopping)
     * @param classificationEpochs maximum classification epochs
     * @param forecastEpochs      maximum forecasting epochs (early stopping, patience 25)
     * @param corpus              {@code dictionary} (synthetic) or {@code de-en}
     * @param pairs               sentence pairs of the synthetic corpus (0 for de-en)
     * @param maxWords            words per sentence at most
     * @param translationSteps    optimizer steps per translation trial (0: epochs with early stopping)
     * @param translationEpochs   maximum translation epochs
     * @param sentences           sentiment sentences used (a stratified subset; 0 for all 3000)
     * @param seeds               seeds per model and task
     */
    public record Config(String budget, int hidden, int sentences, long classificationSteps, int classificationEpochs,
                         int forecastEpochs, String corpus, int pairs, int maxWords, long translationSteps,
                         int translationEpochs, int seeds) {
        public Config {
            ClaimTrials.checkCorpus("lstm-vs-gru", corpus);
        }

        public static Config of(Budget b) {
            return switch (b) {
                case QUICK -> new Config("quick", 32, 0, 300, 5, 150, AttentionLength.DICTIONARY, 2000, 8, 300, 20, 6);
                case STANDARD -> new Config("standard", 64, 0, 0, 15, 300, "de-en", 0, 10, 0, 30, 8);
                case FULL -> new Config("full", 128, 0, 0, 30, 300, "de-en", 0, 10, 0, 40, 10);
            };
        }

        /** Seconds-sized, for tests. */
        public static Config tiny() {
            return new Config("test", 8, 200, 6, 1, 3, AttentionLength.DICTIONARY, 120, 4, 6, 1, 3);
        }

        public Config seeds(int n) {
            return new Config(budget, hidden, sentences, classificationSteps, classificationEpochs, forecastEpochs, corpus, pairs,
                    maxWords, translationSteps, translationEpochs, n);
        }
    }

    private final Config config;

    public LstmVsGru(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "lstm-vs-gru";
    }

    @Override
    public String claim() {
        return "LSTM and GRU perform similarly";
    }

    @Override
    public String budget() {
        return String.format(Locale.ROOT, "%s (hidden %d, Adam 3e-3, %d seeds; sentiment: %s; airline: up to %d epochs; "
                        + "translation: %s, sentences of up to %d words, %s; margins: accuracy %s, MASE %s, BLEU %s)",
                config.budget(), config.hidden(), config.seeds(),
                ClaimTrials.stepsOrEpochs(config.classificationSteps(), config.classificationEpochs()),
                config.forecastEpochs(), ClaimTrials.corpusWords(config.corpus(), config.pairs()), config.maxWords(),
                ClaimTrials.stepsOrEpochs(config.translationSteps(), config.translationEpochs()), ACCURACY_MARGIN,
                MASE_MARGIN, BLEU_MARGIN);
    }

    @Override
    public Config config() {
        return config;
    }

    /** One task of the comparison: how to build it, its metric and margin, and its per-example outputs. */
    private record TaskRun(String label, Task task, String metric, Direction direction, double margin,
                           TrainConfig train, Function<TrialResult, PerExample> perExample) {
    }

    private List<TaskRun> tasks() {
        int h = config.hidden();
        var cls = ClaimTrials.sentiment(h, config.sentences());
        var fc = new ForecastingTask(Datasets.airline());
        var tr = ClaimTrials.translation(config.corpus(), config.pairs(), config.maxWords(), h);
        TrainConfig base = TrainConfig.defaults().adam(3e-3).clipNorm(1.0);
        return List.of(
                new TaskRun("classification", cls, "accuracy", Direction.HIGHER_IS_BETTER, ACCURACY_MARGIN,
                        base.epochs(config.classificationEpochs()).batchSize(32).patience(2)
                                .stepBudget(config.classificationSteps()), ClaimTrials::accuracy),
                new TaskRun("forecasting", fc, "mase", Direction.LOWER_IS_BETTER, MASE_MARGIN,
                        base.epochs(config.forecastEpochs()).batchSize(16).patience(25), null),
                new TaskRun("translation", tr, "bleu", Direction.HIGHER_IS_BETTER, BLEU_MARGIN,
                        base.epochs(config.translationEpochs()).batchSize(32).patience(3)
                                .stepBudget(config.translationSteps()), LstmVsGru::bleu));
    }

    static PerExample bleu(TrialResult r) {
        var x = r.translation();
        return PerExample.bleu(x.hypotheses(), x.references());
    }

    /** The two models of a task; translation's encoder-decoders attend (additive attention), the others do not. */
    private List<ModelSpec> models(String task) {
        int h = config.hidden();
        if (task.equals("translation")) {
            return List.of(Models.lstm(h).with("attention", "additive").named("lstm"),
                    Models.gru(h).with("attention", "additive").named("gru"));
        }
        return List.of(Models.lstm(h).named("lstm"), Models.gru(h).named("gru"));
    }

    private static Path out(Context ctx, TaskRun t) {
        return ctx.out().resolve("trials").resolve(t.label());
    }

    @Override
    protected Findings measure(Context ctx) {
        List<Comparison> family = new ArrayList<>();
        StringColumn taskCol = StringColumn.create("task"), metricCol = StringColumn.create("metric"),
                model = StringColumn.create("model");
        IntColumn seeds = IntColumn.create("seeds");
        LongColumn params = LongColumn.create("params");
        DoubleColumn mean = DoubleColumn.create("mean"), sd = DoubleColumn.create("sd"),
                margin = DoubleColumn.create("margin");
        List<Table> summaries = new ArrayList<>();
        List<TaskRun> tasks = tasks();
        // the three tasks' trials in one pool, longest first
        List<Results> all = Experiment.runAll(tasks.stream().map(t -> ClaimTrials.within(Experiment.on(t.task())
                .compare(models(t.label()).toArray(new ModelSpec[0])).train(x -> t.train()).seeds(config.seeds())
                .engine(ctx.engines().get(0)).out(out(ctx, t)), ctx)).toList(), ctx.parallelism());
        for (int i = 0; i < tasks.size(); i++) {
            TaskRun t = tasks.get(i);
            Results r = all.get(i);
            r.report(out(ctx, t));
            summaries.add(r.summary());
            Map<String, List<TrialResult>> by = ClaimTrials.byModel(r.trials());
            Comparison c = ClaimTrials.equivalence(t.metric(), t.direction(), "gru", by.get("gru"), "lstm",
                    by.get("lstm"), t.perExample(), t.margin());
            family.add(new Comparison("gru (" + t.label() + ")", "lstm (" + t.label() + ")", c.metric(), c.direction(),
                    c.evidence(), c.equivalence(), c.notTested()));
            for (String m : List.of("lstm", "gru")) {
                List<TrialResult> ok = by.get(m).stream().filter(TrialResult::ok).toList();
                double[] v = ClaimTrials.metric(ok, t.metric());
                taskCol.append(t.label());
                metricCol.append(t.metric());
                model.append(m);
                seeds.append(v.length);
                params.append(ok.isEmpty() ? 0 : ok.get(0).parameters());
                mean.append(v.length == 0 ? Double.NaN : Stats.mean(v));
                sd.append(v.length < 2 ? Double.NaN : Stats.sampleStd(v));
                margin.append(t.margin());
            }
        }
        List<seqlab.stats.Verdict> verdicts = ClaimTests.decide(family);
        Table table = Table.create("lstm-vs-gru: each task's metric over seeds", taskCol, metricCol, model, seeds,
                params, mean, sd, margin);
        List<Chart> charts = List.of(new Chart(ClaimTests.forest("GRU minus LSTM, per task (90% TOST intervals)",
                verdicts), "GRU minus LSTM with the equivalence test's 90% interval; equivalent when it lies within "
                + "the stated margin"));
        List<Table> more = new ArrayList<>();
        more.add(Verdicts.table(verdicts));
        more.addAll(summaries);
        List<String> notes = List.of(ClaimTests.method(verdicts), String.format(Locale.ROOT, "Margins, fixed before the "
                + "run: %s accuracy, %s MASE, %s BLEU. Equivalent = both one-sided tests reject a difference beyond the "
                + "margin after Holm's correction (the 90%% interval lies inside ±margin). params counts the whole "
                + "model, embeddings and heads included. Each task's full report is under trials/.", ACCURACY_MARGIN,
                MASE_MARGIN, BLEU_MARGIN));
        return new Findings(table, verdict(verdicts), charts, more, notes);
    }

    /**
     * Holds when the two are shown equivalent on every task; partly on some; does not hold when a task shows a
     * significant difference and none shows equivalence; otherwise inconclusive (neither a difference nor
     * equivalence could be shown: more seeds or a larger test set would tell).
     */
    static ClaimVerdict verdict(List<seqlab.stats.Verdict> verdicts) {
        long equivalent = verdicts.stream().filter(v -> v.category() == Category.EQUIVALENT).count();
        long different = verdicts.stream().filter(v -> v.category() == Category.BETTER
                || v.category() == Category.WORSE).count();
        ClaimVerdict.Outcome o = equivalent == verdicts.size() ? ClaimVerdict.Outcome.HOLDS
                : equivalent > 0 ? ClaimVerdict.Outcome.PARTLY
                : different > 0 ? ClaimVerdict.Outcome.DOES_NOT_HOLD : ClaimVerdict.Outcome.INCONCLUSIVE;
        return new ClaimVerdict(o, ClaimTests.briefs(verdicts));
    }
}
