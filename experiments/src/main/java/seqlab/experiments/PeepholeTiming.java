package seqlab.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.model.Models;
import seqlab.model.RecurrentSpec;
import seqlab.plot.Charts;
import seqlab.stats.Comparison;
import seqlab.stats.Direction;
import seqlab.stats.PerExample;
import seqlab.stats.Stats;
import seqlab.stats.Verdicts;
import seqlab.train.Optimizers;
import seqlab.train.Seeds;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * <b>Claim:</b> peephole connections help an LSTM learn precise timing.
 *
 * <p><b>Method.</b> The "measuring spike delays" task in the spirit of Gers, Schraudolph &amp; Schmidhuber (2002,
 * "Learning precise timing with LSTM recurrent networks", JMLR 3), where the cell state must act as a clock: each
 * sequence is silent but for two unit spikes {@code d} steps apart, {@code d} drawn uniformly from a range, at a
 * random position; after the sequence the network reads out {@code d} (scaled by the largest delay). A plain LSTM,
 * one with peephole connections (the gates see the cell state; Gers &amp; Schmidhuber 2000) and one with coupled input
 * and forget gates (CIFG, Greff et al. 2017) are trained alike from the same data per seed. Two measures on fresh
 * test sequences: the share of delays read out exactly (rounded to a whole step), and the mean squared error in
 * steps². Each variant is compared with each other on both, pairing seeds (paired t) and test sequences (paired
 * bootstrap) jointly; Holm over the six comparisons.
 */
public final class PeepholeTiming extends ClaimExperiment {

    /**
     * @param budget       the budget's name
     * @param hidden       hidden size of every LSTM
     * @param length       steps per sequence
     * @param minDelay     shortest delay between the spikes
     * @param maxDelay     longest delay
     * @param steps        optimizer steps per run
     * @param batch        sequences per step
     * @param learningRate Adam's rate (gradient norm clipped at 1)
     * @param testSize     fresh test sequences
     * @param seeds        runs per variant
     */
    public record Config(String budget, int hidden, int length, int minDelay, int maxDelay, int steps, int batch,
                         double learningRate, int testSize, int seeds) {
        public Config {
            if (minDelay < 1 || maxDelay < minDelay || length <= maxDelay) {
                throw new IllegalArgumentException("peephole-timing: need 1 <= minDelay <= maxDelay < length, got "
                        + minDelay + ", " + maxDelay + ", " + length);
            }
        }

        public static Config of(Budget b) {
            return switch (b) {
                case QUICK -> new Config("quick", 16, 40, 5, 30, 800, 32, 1e-2, 512, 5);
                case STANDARD -> new Config("standard", 32, 80, 10, 60, 3000, 32, 3e-3, 1024, 8);
                case FULL -> new Config("full", 32, 120, 10, 100, 6000, 32, 3e-3, 2048, 10);
            };
        }

        /** Seconds-sized, for tests. */
        public static Config tiny() {
            return new Config("test", 4, 10, 2, 6, 20, 8, 1e-2, 32, 3);
        }

        public Config seeds(int n) {
            return new Config(budget, hidden, length, minDelay, maxDelay, steps, batch, learningRate, testSize, n);
        }
    }

    private final Config config;

    public PeepholeTiming(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "peephole-timing";
    }

    @Override
    public String claim() {
        return "peephole connections help an LSTM learn precise timing";
    }

    @Override
    public String budget() {
        return String.format(Locale.ROOT, "%s (spike delays %d-%d in sequences of %d steps; LSTM, peephole and CIFG, "
                        + "hidden %d; Adam lr %s, %d steps of batch %d; %d seeds)", config.budget(), config.minDelay(),
                config.maxDelay(), config.length(), config.hidden(), config.learningRate(), config.steps(),
                config.batch(), config.seeds());
    }

    @Override
    public Config config() {
        return config;
    }

    static List<RecurrentSpec> variants(int hidden) {
        return List.of(Models.lstm(hidden).named("lstm"), Models.peephole(hidden).named("peephole"),
                Models.cifg(hidden).named("cifg"));
    }

    /**
     * Sequences of {@code length} steps, one feature: two unit spikes {@code d} steps apart, {@code d} uniform in
     * {@code [minDelay, maxDelay]}, the first at a uniform position that leaves room for the second; the target is
     * {@code d / maxDelay}.
     */
    static List<SyntheticTasks.Example> spikeDelays(int n, int length, int minDelay, int maxDelay, RandomSource rng) {
        List<SyntheticTasks.Example> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int d = minDelay + rng.nextInt(maxDelay - minDelay + 1);
            int first = rng.nextInt(length - d);
            float[] x = new float[length];
            x[first] = 1;
            x[first + d] = 1;
            out.add(new SyntheticTasks.Example(x, null, (float) d / maxDelay));
        }
        return out;
    }

    /** One run's test outcome: the delay it read out for each test sequence and the true ones, in steps. */
    record Run(String variant, long seed, int[] predicted, int[] actual, double mseSteps, double seconds) {
        double exact() {
            int k = 0;
            for (int i = 0; i < actual.length; i++) {
                k += predicted[i] == actual[i] ? 1 : 0;
            }
            return (double) k / actual.length;
        }
    }

    @Override
    protected Findings measure(Context ctx) {
        Engine engine = ctx.engine();
        record Item(RecurrentSpec variant, long seed) {
        }
        record Done(Run run, SyntheticRuns.Run curve) {
        }
        List<Item> items = new ArrayList<>();
        for (RecurrentSpec v : variants(config.hidden())) {
            for (long seed = 1; seed <= config.seeds(); seed++) {
                items.add(new Item(v, seed));
            }
        }
        // each run depends only on its seed, so side by side gives the numbers one after another would
        List<Done> done = ctx.parallelism().map(items, ctx.engines(), it -> {
            RecurrentSpec v = it.variant();
            long seed = it.seed();
            Seeds seeds = Seeds.of(seed);
            RandomSource data = seeds.splits().split();
            var train = spikeDelays(config.batch() * Math.min(config.steps(), 32), config.length(),
                    config.minDelay(), config.maxDelay(), data);
            var test = spikeDelays(config.testSize(), config.length(), config.minDelay(), config.maxDelay(), data);
            var model = new EncoderWithHead(engine, v, 1, 1, seeds.init());
            long t0 = System.nanoTime();
            var settings = new SyntheticRuns.Settings(config.batch(), config.steps(),
                    Optimizers.adam(config.learningRate()), 1.0, 0);
            SyntheticRuns.Run r = SyntheticRuns.regression(engine, model, train, test, config.length(), 1,
                    settings, seed);
            double[] p = SyntheticRuns.predictions(engine, model, test, config.length(), 1);
            int[] predicted = new int[p.length], actual = new int[p.length];
            for (int i = 0; i < p.length; i++) {
                predicted[i] = (int) Math.round(p[i] * config.maxDelay());
                actual[i] = Math.round(test.get(i).target() * config.maxDelay());
            }
            Run run = new Run(v.name(), seed, predicted, actual, r.testMse() * config.maxDelay() * config.maxDelay(),
                    (System.nanoTime() - t0) / 1e9);
            ctx.log("peephole-timing: %s seed %d: exact %.3f, MSE %.3f steps^2 (%.1f s)%s", v.name(), seed,
                    run.exact(), run.mseSteps(), run.seconds(), r.diverged() ? " DIVERGED" : "");
            return new Done(run, r);
        });
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        Map<String, List<SyntheticRuns.Run>> curves = new LinkedHashMap<>();
        for (Done x : done) {
            runs.computeIfAbsent(x.run().variant(), k -> new ArrayList<>()).add(x.run());
            curves.computeIfAbsent(x.run().variant(), k -> new ArrayList<>()).add(x.curve());
        }
        List<seqlab.stats.Verdict> verdicts = ClaimTests.decide(family(runs));
        List<Chart> charts = List.of(
                new Chart(ClaimTests.forest("Timing: each variant minus the other", verdicts),
                        "Differences in exact read-outs and in squared error, with 95% intervals"),
                new Chart(Charts.lines("Training loss by step (median over seeds)", "step", "training MSE (scaled "
                        + "delay, log scale)", true, SyntheticRuns.medianLossCurves(curves, config.steps())),
                        "Training loss by step"),
                new Chart(Charts.lines("Mean absolute timing error by true delay", "delay between the spikes (steps)",
                        "mean |read-out - delay| (steps)", false, errorByDelay(runs)), "Timing error by delay"));
        List<String> notes = List.of(ClaimTests.method(verdicts), String.format(Locale.ROOT, "exact is the share of "
                + "test sequences whose delay, read out and rounded to a step, is right (guessing uniformly scores "
                + "%.3f); mse_steps2 is in steps squared (predicting the mean delay scores %.1f). Peephole LSTMs have "
                + "no fused kernel on either engine, so they run composed from ops and are slower.",
                1.0 / (config.maxDelay() - config.minDelay() + 1), delayVariance()));
        return new Findings(table(runs), verdict(verdicts), charts, List.of(Verdicts.table(verdicts)), notes);
    }

    private double delayVariance() {
        double n = config.maxDelay() - config.minDelay() + 1;
        return (n * n - 1) / 12;
    }

    List<Comparison> family(Map<String, List<Run>> runs) {
        List<Comparison> family = new ArrayList<>();
        for (String[] p : List.of(new String[] {"peephole", "lstm"}, new String[] {"cifg", "lstm"},
                new String[] {"peephole", "cifg"})) {
            List<Run> a = runs.get(p[0]), b = runs.get(p[1]);
            family.add(ClaimTests.difference("exact timing", Direction.HIGHER_IS_BETTER,
                    new ClaimTests.Scores(p[0], a.stream().mapToDouble(Run::exact).toArray(),
                            a.stream().map(r -> PerExample.accuracy(r.predicted(), r.actual())).toList()),
                    new ClaimTests.Scores(p[1], b.stream().mapToDouble(Run::exact).toArray(),
                            b.stream().map(r -> PerExample.accuracy(r.predicted(), r.actual())).toList())));
            family.add(ClaimTests.difference("MSE (steps^2)", Direction.LOWER_IS_BETTER,
                    ClaimTests.Scores.of(p[0], a.stream().mapToDouble(Run::mseSteps).toArray()),
                    ClaimTests.Scores.of(p[1], b.stream().mapToDouble(Run::mseSteps).toArray())));
        }
        return family;
    }

    private Map<String, double[][]> errorByDelay(Map<String, List<Run>> runs) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        int n = config.maxDelay() - config.minDelay() + 1;
        for (var e : runs.entrySet()) {
            double[] sum = new double[n], count = new double[n];
            for (Run r : e.getValue()) {
                for (int i = 0; i < r.actual().length; i++) {
                    int k = r.actual()[i] - config.minDelay();
                    sum[k] += Math.abs(r.predicted()[i] - r.actual()[i]);
                    count[k]++;
                }
            }
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                if (count[k] > 0) {
                    xs.add((double) (k + config.minDelay()));
                    ys.add(sum[k] / count[k]);
                }
            }
            out.put(e.getKey(), new double[][] {xs.stream().mapToDouble(Double::doubleValue).toArray(),
                ys.stream().mapToDouble(Double::doubleValue).toArray()});
        }
        return out;
    }

    private Table table(Map<String, List<Run>> runs) {
        StringColumn variant = StringColumn.create("variant");
        IntColumn seeds = IntColumn.create("seeds");
        DoubleColumn exact = DoubleColumn.create("exact_mean"), exactSd = DoubleColumn.create("exact_sd"),
                mse = DoubleColumn.create("mse_steps2_mean"), secs = DoubleColumn.create("seconds_per_run");
        for (var e : runs.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(Run::exact).toArray();
            variant.append(e.getKey());
            seeds.append(x.length);
            exact.append(Stats.mean(x));
            exactSd.append(x.length < 2 ? Double.NaN : Stats.sampleStd(x));
            mse.append(e.getValue().stream().mapToDouble(Run::mseSteps).average().orElse(Double.NaN));
            secs.append(e.getValue().stream().mapToDouble(Run::seconds).average().orElse(Double.NaN));
        }
        return Table.create("peephole-timing: delays read out exactly, and squared error, by variant", variant, seeds,
                exact, exactSd, mse, secs);
    }

    /** The claim is judged on peephole vs plain LSTM, on both measures; the CIFG comparisons are shown beside. */
    static ClaimVerdict verdict(List<seqlab.stats.Verdict> verdicts) {
        List<seqlab.stats.Verdict> decisive = verdicts.stream().filter(v -> v.candidate().equals("peephole")
                && v.reference().equals("lstm")).toList();
        return new ClaimVerdict(ClaimTests.better(decisive), ClaimTests.briefs(verdicts));
    }
}
