package seqlab.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import seqlab.engine.Engine;
import seqlab.model.Models;
import seqlab.model.RecurrentSpec;
import seqlab.plot.Charts;
import seqlab.stats.Comparison;
import seqlab.stats.Direction;
import seqlab.stats.McNemar;
import seqlab.stats.Verdicts;
import seqlab.train.Optimizers;
import seqlab.train.Seeds;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * <b>Claim:</b> gradient clipping keeps exploding gradients from derailing training.
 *
 * <p><b>Method.</b> Exploding gradients made to happen (Pascanu, Mikolov &amp; Bengio 2013, "On the difficulty of
 * training recurrent neural networks", ICML): an RNN and an LSTM on the adding problem, their recurrent weight
 * matrices multiplied by a factor after the usual initialisation (so the RNN's recurrence has a spectral radius well
 * above 1), trained with SGD and momentum at a high learning rate. Each runs without clipping, with the global
 * gradient norm clipped, and with every gradient element clipped to an interval, from the same initial weights and
 * batches per seed. A run diverges when its loss or gradient stops being a finite number (the trainer stops it and
 * keeps the last good weights). Two things are compared, each clipped variant against no clipping for each cell:
 * whether runs finish (McNemar's exact test over the seed pairs: a discordant pair is a seed where exactly one of
 * the two diverged) and, on the seeds where neither diverged, the final test MSE (paired t over seeds on its log).
 * Holm over the family.
 */
public final class Clipping extends ClaimExperiment {

    /**
     * @param budget       the budget's name
     * @param hidden       hidden size of both cells
     * @param length       adding-problem length
     * @param steps        optimizer steps per run
     * @param batch        sequences per step
     * @param scale        factor the recurrent weights are multiplied by after initialisation
     * @param learningRate SGD's rate (momentum 0.9)
     * @param clipNorm     the global gradient norm clipped to
     * @param clipValue    the interval {@code [-v, v]} gradient elements are clipped to
     * @param testSize     fresh test sequences
     * @param seeds        runs per cell and clipping
     */
    public record Config(String budget, int hidden, int length, int steps, int batch, double scale, double learningRate,
                         double clipNorm, double clipValue, int testSize, int seeds) {
        public static Config of(Budget b) {
            return switch (b) {
                case QUICK -> new Config("quick", 32, 50, 300, 32, 3.0, 0.1, 1.0, 0.5, 512, 8);
                case STANDARD -> new Config("standard", 64, 100, 1000, 32, 3.0, 0.1, 1.0, 0.5, 1024, 12);
                case FULL -> new Config("full", 128, 200, 2000, 32, 3.0, 0.1, 1.0, 0.5, 2048, 20);
            };
        }

        /** Seconds-sized, for tests. */
        public static Config tiny() {
            return new Config("test", 8, 12, 20, 8, 3.0, 0.1, 1.0, 0.5, 32, 3);
        }

        public Config seeds(int n) {
            return new Config(budget, hidden, length, steps, batch, scale, learningRate, clipNorm, clipValue, testSize,
                    n);
        }
    }

    static final String NONE = "none", NORM = "norm", VALUE = "value";

    /** One run of a cell with a clipping setting. */
    record Run(String cell, String clipping, long seed, SyntheticRuns.Run run) {
        boolean diverged() {
            return run.diverged();
        }

        double testMse() {
            return run.testMse();
        }
    }

    private final Config config;

    public Clipping(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "clipping";
    }

    @Override
    public String claim() {
        return "gradient clipping keeps exploding gradients from derailing training";
    }

    @Override
    public String budget() {
        return String.format(Locale.ROOT, "%s (adding problem of length %d; RNN and LSTM, hidden %d, recurrent weights "
                        + "x%s; SGD lr %s momentum 0.9, %d steps of batch %d; clip norm %s, clip value %s; %d seeds)",
                config.budget(), config.length(), config.hidden(), config.scale(), config.learningRate(),
                config.steps(), config.batch(), config.clipNorm(), config.clipValue(), config.seeds());
    }

    @Override
    public Config config() {
        return config;
    }

    static List<RecurrentSpec> cells(int hidden) {
        return List.of(Models.rnn(hidden).named("rnn"), Models.lstm(hidden).named("lstm"));
    }

    @Override
    protected Findings measure(Context ctx) {
        Engine engine = ctx.engine();
        record Item(RecurrentSpec cell, String clipping, long seed) {
        }
        List<Item> items = new ArrayList<>();
        for (RecurrentSpec cell : cells(config.hidden())) {
            for (String clipping : List.of(NONE, NORM, VALUE)) {
                for (long seed = 1; seed <= config.seeds(); seed++) {
                    items.add(new Item(cell, clipping, seed));
                }
            }
        }
        // each run depends only on its seed, so side by side gives the numbers one after another would
        List<Run> runs = ctx.parallelism().map(items, ctx.engines(), it -> {
            Run r = train(engine, it.cell(), it.clipping(), it.seed());
            ctx.log("clipping: %s, clipping %s, seed %d: %s, test MSE %s, largest gradient norm %s", it.cell().name(),
                    it.clipping(), it.seed(), r.diverged() ? "DIVERGED at step " + r.run().steps()
                            : r.run().steps() + " steps", num(r.testMse()), num(r.run().maxGradNorm()));
            return r;
        });
        List<Comparison> family = family(runs);
        List<seqlab.stats.Verdict> verdicts = Verdicts.decide(family, Verdicts.ALPHA, 1);
        List<Chart> charts = new ArrayList<>();
        charts.add(new Chart(ClaimTests.forest("Clipped minus unclipped", verdicts), "Differences with 95% intervals: "
                + "share of runs finished (McNemar) and log10 test MSE (paired t), coloured by verdict"));
        for (RecurrentSpec cell : cells(config.hidden())) {
            charts.add(new Chart(Charts.lines(cell.name() + ": training loss by step (median over seeds; a line that "
                            + "ends early diverged in most seeds)", "step", "training loss (log scale)", true,
                    lossCurves(runs, cell.name())), cell.name() + " training loss"));
        }
        List<String> notes = List.of(ClaimTests.method(verdicts).replace("A verdict needs at least 3 seeds",
                        "The divergence test is McNemar's exact test whose paired 'examples' are the seed pairs"),
                "diverged counts runs stopped by a non-finite loss or gradient; test MSE is that of the run's last "
                        + "finite weights (predicting the mean scores " + num(SyntheticTasks.ADDING_BASELINE_MSE)
                        + "), its median over seeds; max_grad_norm is the median over seeds of the largest "
                        + "pre-clipping gradient norm a run saw.");
        return new Findings(table(runs), verdict(runs, verdicts), charts, List.of(Verdicts.table(verdicts)), notes);
    }

    Run train(Engine engine, RecurrentSpec cell, String clipping, long seed) {
        Seeds seeds = Seeds.of(seed);
        var data = seeds.splits();
        var train = SyntheticTasks.adding(config.batch() * Math.min(config.steps(), 32), config.length(), data.split());
        var test = SyntheticTasks.adding(config.testSize(), config.length(), data.split());
        var model = new EncoderWithHead(engine, cell, 2, 1, seeds.init());
        try (var ignored = engine.noGrad()) {
            for (var p : model.namedParameters().entrySet()) {
                if (p.getKey().contains("weight_hh")) {
                    p.getValue().assign(p.getValue().mul(config.scale()).detach());
                }
            }
        }
        var settings = new SyntheticRuns.Settings(config.batch(), config.steps(),
                Optimizers.sgd(config.learningRate(), 0.9), clipping.equals(NORM) ? config.clipNorm() : 0,
                clipping.equals(VALUE) ? config.clipValue() : 0);
        return new Run(cell.name(), clipping, seed, SyntheticRuns.regression(engine, model, train, test,
                config.length(), 2, settings, seed));
    }

    private List<Run> runs(List<Run> runs, String cell, String clipping) {
        return runs.stream().filter(r -> r.cell().equals(cell) && r.clipping().equals(clipping)).toList();
    }

    /**
     * For each cell and clipping method against no clipping: runs finished (McNemar over seed pairs, not tested when
     * neither ever diverged) and log10 test MSE on the seeds where neither diverged.
     */
    List<Comparison> family(List<Run> runs) {
        List<Comparison> family = new ArrayList<>();
        for (RecurrentSpec cell : cells(config.hidden())) {
            List<Run> none = runs(runs, cell.name(), NONE);
            for (String clipping : List.of(NORM, VALUE)) {
                List<Run> clipped = runs(runs, cell.name(), clipping);
                String a = cell.name() + " clip " + clipping, b = cell.name() + " unclipped";
                boolean[] okA = new boolean[clipped.size()], okB = new boolean[none.size()];
                for (int i = 0; i < okA.length; i++) {
                    okA[i] = !clipped.get(i).diverged();
                    okB[i] = !none.get(i).diverged();
                }
                if (okA.length < Verdicts.MIN_SEEDS) {
                    family.add(Comparison.notTested(a, b, "runs finished", Direction.HIGHER_IS_BETTER,
                            ClaimTests.tooFewSeeds(okA.length)));
                } else if (allTrue(okA) && allTrue(okB)) {
                    family.add(Comparison.notTested(a, b, "runs finished", Direction.HIGHER_IS_BETTER,
                            "no run diverged either way"));
                } else {
                    family.add(Comparison.of(a, b, "runs finished", Direction.HIGHER_IS_BETTER,
                            McNemar.test(okA, okB)));
                }
                List<Double> la = new ArrayList<>(), lb = new ArrayList<>();
                for (int i = 0; i < okA.length; i++) {
                    if (okA[i] && okB[i]) {
                        la.add(Math.log10(clipped.get(i).testMse()));
                        lb.add(Math.log10(none.get(i).testMse()));
                    }
                }
                if (la.size() < Verdicts.MIN_SEEDS) {
                    family.add(Comparison.notTested(a, b, "log10 test MSE", Direction.LOWER_IS_BETTER, la.size()
                            + " seeds where neither diverged: at least " + Verdicts.MIN_SEEDS + " needed"));
                } else {
                    family.add(ClaimTests.difference("log10 test MSE", Direction.LOWER_IS_BETTER,
                            ClaimTests.Scores.of(a, la.stream().mapToDouble(Double::doubleValue).toArray()),
                            ClaimTests.Scores.of(b, lb.stream().mapToDouble(Double::doubleValue).toArray())));
                }
            }
        }
        return family;
    }

    private static boolean allTrue(boolean[] v) {
        for (boolean b : v) {
            if (!b) {
                return false;
            }
        }
        return true;
    }

    private Table table(List<Run> runs) {
        StringColumn cell = StringColumn.create("cell"), clip = StringColumn.create("clipping");
        IntColumn seeds = IntColumn.create("seeds"), diverged = IntColumn.create("diverged");
        DoubleColumn rate = DoubleColumn.create("divergence_rate"), mse = DoubleColumn.create("test_mse_median"),
                grad = DoubleColumn.create("max_grad_norm_median"), steps = DoubleColumn.create("steps_mean");
        for (RecurrentSpec c : cells(config.hidden())) {
            for (String k : List.of(NONE, NORM, VALUE)) {
                List<Run> rs = runs(runs, c.name(), k);
                int d = (int) rs.stream().filter(Run::diverged).count();
                cell.append(c.name());
                clip.append(k.equals(NONE) ? "none" : k.equals(NORM) ? "norm " + config.clipNorm()
                        : "value " + config.clipValue());
                seeds.append(rs.size());
                diverged.append(d);
                rate.append((double) d / rs.size());
                mse.append(SyntheticRuns.median(rs.stream().mapToDouble(Run::testMse).toArray()));
                grad.append(SyntheticRuns.median(rs.stream().mapToDouble(r -> r.run().maxGradNorm()).toArray()));
                steps.append(rs.stream().mapToDouble(r -> r.run().steps()).average().orElse(Double.NaN));
            }
        }
        return Table.create("clipping: divergence and final loss by cell and clipping", cell, clip, seeds, diverged,
                rate, mse, grad, steps);
    }

    private Map<String, double[][]> lossCurves(List<Run> runs, String cell) {
        Map<String, List<SyntheticRuns.Run>> groups = new LinkedHashMap<>();
        for (String k : List.of(NONE, NORM, VALUE)) {
            groups.put(k.equals(NONE) ? "no clipping" : "clip " + k, runs(runs, cell, k).stream().map(Run::run)
                    .toList());
        }
        return SyntheticRuns.medianLossCurves(groups, config.steps());
    }

    /**
     * The claim is judged on the cells whose unclipped runs diverged at least once: it holds when each clipping method
     * lets significantly more of their runs finish; with no unclipped divergence there was nothing to prevent.
     */
    ClaimVerdict verdict(List<Run> runs, List<seqlab.stats.Verdict> verdicts) {
        List<String> exploding = new ArrayList<>();
        StringBuilder rates = new StringBuilder();
        for (RecurrentSpec c : cells(config.hidden())) {
            for (String k : List.of(NONE, NORM, VALUE)) {
                List<Run> rs = runs(runs, c.name(), k);
                long d = rs.stream().filter(Run::diverged).count();
                if (k.equals(NONE) && d > 0) {
                    exploding.add(c.name());
                }
                rates.append(rates.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %s %d/%d",
                        c.name(), k.equals(NONE) ? "unclipped" : "clip " + k, d, rs.size()));
            }
        }
        String head = "runs diverged: " + rates;
        if (exploding.isEmpty()) {
            return new ClaimVerdict(ClaimVerdict.Outcome.INCONCLUSIVE, head + "; no unclipped run diverged, so there was nothing "
                    + "for clipping to prevent (raise the learning rate or the recurrent weight scale). "
                    + ClaimTests.briefs(verdicts));
        }
        List<seqlab.stats.Verdict> decisive = verdicts.stream().filter(v -> v.metric().equals("runs finished")
                && exploding.stream().anyMatch(c -> v.candidate().startsWith(c + " "))).toList();
        return new ClaimVerdict(ClaimTests.better(decisive), head + "; " + ClaimTests.briefs(verdicts));
    }
}
