package seqlab.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import seqlab.datasets.Datasets;
import seqlab.experiment.ClassificationTask;
import seqlab.experiment.EpochStats;
import seqlab.experiment.Experiment;
import seqlab.experiment.Results;
import seqlab.experiment.TrialResult;
import seqlab.model.Models;
import seqlab.model.RecurrentSpec;
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
 * <b>Claim:</b> dropout between layers and weight decay reduce overfitting and improve test performance.
 *
 * <p><b>Method.</b> A task that overfits: a 2-layer LSTM on the sentiment dataset (UCI Sentiment Labelled
 * Sentences) trained for a fixed number of epochs well past the point where its validation loss starts rising
 * (epoch 4 or so without regularisation at the quick budget), with no early stopping, so the test measures the
 * weights at the end of training, where regularisation should matter. Four variants in a 2 x 2 design: none, dropout
 * between the layers (and on the head's input), weight decay (L2 in the gradient, as PyTorch's {@code Adam}
 * {@code weight_decay}), both. Everything else (data, initial weights, batch order) is shared by seed. Each
 * regulariser is compared with the unregularised model on test accuracy: paired t over seeds and paired bootstrap
 * over test sentences, jointly, with Holm over the three comparisons.
 */
public final class Regularization extends ClaimExperiment {

    /**
     * @param budget       the budget's name
     * @param hidden       hidden size of each LSTM layer
     * @param layers       stacked LSTM layers (dropout acts between them)
     * @param embedding    word embedding width
     * @param maxLength    tokens kept per sentence
     * @param maxExamples  sentences used (a stratified subset; 0 for all 3000)
     * @param epochs       epochs trained, every one (no early stopping)
     * @param dropout      dropout rate of the regularised variants
     * @param weightDecay  L2 weight decay of the regularised variants
     * @param learningRate Adam's rate
     * @param seeds        seeds per variant
     */
    public record Config(String budget, int hidden, int layers, int embedding, int maxLength, int maxExamples,
                         int epochs, double dropout, double weightDecay, double learningRate, int seeds) {
        public static Config of(Budget b) {
            return switch (b) {
                case QUICK -> new Config("quick", 32, 2, 32, 30, 0, 15, 0.3, 1e-4, 3e-3, 5);
                case STANDARD -> new Config("standard", 64, 2, 64, 50, 0, 25, 0.3, 1e-4, 3e-3, 8);
                case FULL -> new Config("full", 128, 2, 128, 60, 0, 30, 0.3, 1e-4, 1e-3, 10);
            };
        }

        /** Seconds-sized, for tests. */
        public static Config tiny() {
            return new Config("test", 8, 2, 8, 10, 200, 2, 0.3, 1e-4, 1e-2, 3);
        }

        public Config seeds(int n) {
            return new Config(budget, hidden, layers, embedding, maxLength, maxExamples, epochs, dropout, weightDecay,
                    learningRate, n);
        }
    }

    static final String NONE = "none", DROPOUT = "dropout", DECAY = "weight-decay", BOTH = "dropout+weight-decay";

    private final Config config;

    public Regularization(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "regularization";
    }

    @Override
    public String claim() {
        return "dropout between layers and weight decay reduce overfitting and improve test performance";
    }

    @Override
    public String budget() {
        return String.format(Locale.ROOT, "%s (sentiment, %s sentences of up to %d tokens; %d-layer LSTM, hidden %d; "
                        + "%d epochs, no early stopping; dropout %s, weight decay %s; %d seeds)", config.budget(),
                config.maxExamples() == 0 ? "all 3000" : String.valueOf(config.maxExamples()), config.maxLength(),
                config.layers(), config.hidden(), config.epochs(), ClaimTests.plain(config.dropout()),
                ClaimTests.plain(config.weightDecay()), config.seeds());
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    protected Findings measure(Context ctx) {
        var options = ClassificationTask.Options.defaults().embedding(config.embedding()).maxLength(config.maxLength())
                .maxExamples(config.maxExamples());
        var task = new ClassificationTask(Datasets.sentiment(), options);
        RecurrentSpec plain = Models.lstm(config.hidden()).layers(config.layers());
        RecurrentSpec dropped = plain.dropout(config.dropout());
        // one experiment per weight decay, so each variant keeps a plain name; the baselines run once, for scale
        Path withoutOut = ctx.out().resolve("trials").resolve("without-decay");
        Path withOut = ctx.out().resolve("trials").resolve("with-decay");
        // both in one pool, so the cores stay busy across the two
        List<Results> both = Experiment.runAll(List.of(
                experiment(ctx, Experiment.on(task).compare(plain.named(NONE), dropped.named(DROPOUT)), 0, withoutOut),
                experiment(ctx, Experiment.on(task).withoutBaselines().compare(plain.named(DECAY), dropped.named(BOTH)),
                        config.weightDecay(), withOut)), ctx.parallelism());
        Results without = both.get(0), with = both.get(1);
        without.report(withoutOut);
        with.report(withOut);
        List<TrialResult> all = new ArrayList<>(without.trials());
        all.addAll(with.trials());
        Map<String, List<TrialResult>> by = ClaimTrials.byModel(all);
        List<Comparison> family = new ArrayList<>();
        for (String v : List.of(DROPOUT, DECAY, BOTH)) {
            family.add(ClaimTrials.compare("accuracy", Direction.HIGHER_IS_BETTER, v, by.get(v), NONE, by.get(NONE),
                    ClaimTrials::accuracy));
        }
        List<seqlab.stats.Verdict> verdicts = ClaimTests.decide(family);
        Table table = table(by);
        Table curves = without.curves().append(with.curves());
        List<Chart> charts = List.of(
                new Chart(ClaimTests.forest("Test accuracy: each regulariser minus none", verdicts),
                        "Differences in test accuracy with 95% intervals, coloured by verdict"),
                new Chart(Charts.curves(curves.where(curves.stringColumn("model").isIn(NONE, DROPOUT, DECAY, BOTH)),
                        "model", "epoch", "validation_loss", "Validation loss by epoch"),
                        "Validation loss by epoch: rising = overfitting"),
                new Chart(Charts.bars(without.summary().append(with.summary()), "model", "accuracy_mean",
                        "accuracy_ci95", "Test accuracy after " + config.epochs() + " epochs"),
                        "Test accuracy by variant (baselines for scale)"));
        List<String> notes = List.of(ClaimTests.method(verdicts), "overfit_gap is the final validation loss minus the "
                + "lowest validation loss of the run (mean over seeds): how far the run went past its best epoch. "
                + "The trial reports (trials/without-decay, trials/with-decay) hold every trial and the baselines.");
        return new Findings(table, verdict(verdicts), charts, List.of(Verdicts.table(verdicts)), notes);
    }

    private Experiment experiment(Context ctx, Experiment e, double weightDecay, Path out) {
        return ClaimTrials.within(e.train(t -> t.epochs(config.epochs()).batchSize(32).adam(config.learningRate())
                        .weightDecay(weightDecay).clipNorm(1.0).patience(0))
                .seeds(config.seeds()).engine(ctx.engines().get(0)).out(out), ctx);
    }

    private Table table(Map<String, List<TrialResult>> by) {
        StringColumn variant = StringColumn.create("variant");
        DoubleColumn dropout = DoubleColumn.create("dropout"), decay = DoubleColumn.create("weight_decay"),
                acc = DoubleColumn.create("test_accuracy_mean"), sd = DoubleColumn.create("test_accuracy_sd"),
                best = DoubleColumn.create("best_validation_loss"), last = DoubleColumn.create("final_validation_loss"),
                gap = DoubleColumn.create("overfit_gap"), trainLoss = DoubleColumn.create("final_train_loss");
        IntColumn seeds = IntColumn.create("seeds"), bestEpoch = IntColumn.create("best_epoch_mean");
        for (String v : List.of(NONE, DROPOUT, DECAY, BOTH)) {
            List<TrialResult> rs = by.get(v).stream().filter(TrialResult::ok).toList();
            double[] a = ClaimTrials.metric(rs, "accuracy");
            variant.append(v);
            dropout.append(v.contains(DROPOUT) ? config.dropout() : 0);
            decay.append(v.contains(DECAY) ? config.weightDecay() : 0);
            seeds.append(a.length);
            acc.append(a.length == 0 ? Double.NaN : Stats.mean(a));
            sd.append(a.length < 2 ? Double.NaN : Stats.sampleStd(a));
            double[] bests = rs.stream().mapToDouble(r -> minValidationLoss(r.curve())).toArray();
            double[] lasts = rs.stream().mapToDouble(r -> r.curve().isEmpty() ? Double.NaN
                    : r.curve().get(r.curve().size() - 1).validationLoss()).toArray();
            best.append(mean(bests));
            last.append(mean(lasts));
            gap.append(mean(lasts) - mean(bests));
            trainLoss.append(mean(rs.stream().mapToDouble(r -> r.curve().isEmpty() ? Double.NaN
                    : r.curve().get(r.curve().size() - 1).trainLoss()).toArray()));
            bestEpoch.append((int) Math.round(mean(rs.stream().mapToDouble(r -> argminValidationLoss(r.curve()))
                    .toArray())));
        }
        return Table.create("regularization: test accuracy and overfitting by variant", variant, dropout, decay, seeds,
                acc, sd, trainLoss, best, bestEpoch, last, gap);
    }

    private static double minValidationLoss(List<EpochStats> curve) {
        return curve.stream().mapToDouble(EpochStats::validationLoss).min().orElse(Double.NaN);
    }

    private static double argminValidationLoss(List<EpochStats> curve) {
        EpochStats best = null;
        for (EpochStats e : curve) {
            if (best == null || e.validationLoss() < best.validationLoss()) {
                best = e;
            }
        }
        return best == null ? Double.NaN : best.epoch();
    }

    private static double mean(double[] v) {
        return v.length == 0 ? Double.NaN : Stats.mean(v);
    }

    /** The claim holds when dropout, weight decay and both each improve test accuracy significantly. */
    static ClaimVerdict verdict(List<seqlab.stats.Verdict> verdicts) {
        return new ClaimVerdict(ClaimTests.better(verdicts), "test accuracy against no regularisation: "
                + ClaimTests.briefs(verdicts));
    }
}
