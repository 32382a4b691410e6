package seqlab.conformance.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import seqlab.conformance.GradCheck;
import seqlab.data.Frequency;
import seqlab.data.Scaler;
import seqlab.data.TimeSeries;
import seqlab.datasets.Datasets;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;
import seqlab.experiment.EpochStats;
import seqlab.experiment.Experiment;
import seqlab.experiment.ForecastingTask;
import seqlab.experiment.Results;
import seqlab.experiment.TrainConfig;
import seqlab.experiment.TrialListener;
import seqlab.experiment.ForecastExtras;
import seqlab.experiment.TrialResult;
import seqlab.experiment.TrialSpec;
import seqlab.model.Forecaster;
import seqlab.model.Baseline;
import seqlab.model.Candidate;
import seqlab.model.ModelSpec;
import seqlab.model.Models;

/**
 * The forecasting task on an engine: baselines against values worked out by hand, scaling that never sees the test
 * part, the shapes of direct and recursive forecasters of every family, a finite-difference gradient check of the
 * forecaster, a model that learns a clean sine wave, and the whole task on the airline series through
 * {@link Experiment}.
 */
public abstract class ForecastingConformance {

    protected abstract Engine engine();

    private static final TrainConfig QUICK = TrainConfig.defaults().epochs(3).batchSize(16).adam(1e-2).patience(0);

    /**
     * Period 4: a linear trend of 3 per season plus the pattern 0, 2, 4, 1. The seasonal differences of the history
     * are all exactly 3, so the MASE scale is 3.
     */
    private static final double[] HAND = {10, 12, 14, 11, 13, 15, 17, 14, 16, 18, 20, 17, 19, 21, 23, 20};

    private static TimeSeries series(int period, double... v) {
        return TimeSeries.of("hand", LocalDate.of(2000, 1, 1), Frequency.MONTHLY, period, v);
    }

    private TrialResult run(ForecastingTask task, Candidate model, TrainConfig train, long seed) {
        return task.run(TrialSpec.of(task, model, train, seed, engine()), engine(), TrialListener.NONE);
    }

    private static double[] doubles(TrialResult r, String key) {
        ForecastExtras x = r.forecast();
        return switch (key) {
            case "forecast" -> x.forecast().stream().mapToDouble(Double::doubleValue).toArray();
            case "forecast_x" -> x.stepsAsDoubles();
            case "actual" -> x.history().stream().mapToDouble(Double::doubleValue).toArray();
            default -> throw new IllegalArgumentException(key);
        };
    }

    // ----- baselines -----

    @Test
    void baselinesMatchHandComputedForecastsAndMase() {
        var task = new ForecastingTask(series(4, HAND), ForecastingTask.Options.defaults().horizon(4).lookback(4));
        assertEquals(List.of(new ForecastingTask.Fold(0, 8, 12, 16)), task.folds());
        Map<String, double[]> expected = Map.of(
                "naive", new double[] {17, 17, 17, 17},
                "seasonal-naive", new double[] {16, 18, 20, 17},
                "drift", new double[] {17 + 7 / 11.0, 17 + 14 / 11.0, 17 + 21 / 11.0, 17 + 28 / 11.0},
                "mean", new double[] {14.75, 14.75, 14.75, 14.75});
        // actual 19, 21, 23, 20; MAE / 3
        Map<String, Double> mase = Map.of("naive", 3.75 / 3, "seasonal-naive", 1.0, "drift", 95.0 / 132, "mean", 2.0);
        assertEquals(List.of("naive", "seasonal-naive", "drift", "mean", "ses", "holt-damped", "holt-winters-additive",
                "holt-winters-multiplicative", "theta"), task.baselines().stream().map(Baseline::name).toList());
        for (Baseline b : task.baselines().subList(0, 4)) {
            TrialResult r = run(task, b, QUICK, 1);
            assertTrue(r.ok(), r.error());
            assertArrayEquals(expected.get(b.name()), doubles(r, "forecast"), 1e-12, b.name());
            assertArrayEquals(new double[] {12, 13, 14, 15}, doubles(r, "forecast_x"), b.name());
            assertEquals(mase.get(b.name()), r.metric("mase"), 1e-12, b.name());
            assertEquals(0, r.parameters());
            assertTrue(r.forecast().baseline());
        }
        TrialResult naive = run(task, ForecastingTask.naive(), QUICK, 1);
        assertEquals(3.75, naive.metric("mae"), 1e-12);
        assertEquals(Math.sqrt((4 + 16 + 36 + 9) / 4.0), naive.metric("rmse"), 1e-12);
        assertEquals(50 * (2 / 36.0 + 4 / 38.0 + 6 / 40.0 + 3 / 37.0), naive.metric("smape"), 1e-12);
        // the actual tail starts one lookback before validation
        assertArrayEquals(Arrays.copyOfRange(HAND, 4, 16), doubles(naive, "actual"));
    }

    @Test
    void seasonalNaiveBeyondOneSeasonRepeatsTheLastCycle() {
        double[] v = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(new double[] {4, 5, 6, 4, 5, 6, 4},
                ForecastingTask.baselineForecast("seasonal-naive", v, 6, 7, 3));
        assertArrayEquals(new double[] {3, 4, 3}, ForecastingTask.baselineForecast("seasonal-naive", v, 4, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> ForecastingTask.baselineForecast("seasonal-naive", v, 2, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> ForecastingTask.baselineForecast("arima", v, 6, 1, 3));
    }

    @Test
    void backtestAveragesMaseOverOrigins() {
        double[] v = new double[40];
        for (int t = 0; t < v.length; t++) {
            v[t] = 100 + t + 5 * Math.sin(t) + (t % 3);
        }
        var task = new ForecastingTask(series(1, v), ForecastingTask.Options.defaults().horizon(4).lookback(6).backtest(3));
        assertEquals(List.of(new ForecastingTask.Fold(0, 24, 28, 32), new ForecastingTask.Fold(1, 28, 32, 36),
                new ForecastingTask.Fold(2, 32, 36, 40)), task.folds());
        TrialResult r = run(task, ForecastingTask.drift(), QUICK, 1);
        double mase = 0;
        for (int origin : new int[] {28, 32, 36}) {
            double[] f = ForecastingTask.baselineForecast("drift", v, origin, 4, 1);
            mase += seqlab.metric.ForecastMetrics.mase(Arrays.copyOfRange(v, origin, origin + 4), f,
                    Arrays.copyOf(v, origin), 1);
        }
        assertEquals(mase / 3, r.metric("mase"), 1e-12);
        assertEquals(12, doubles(r, "forecast").length);
        assertThrows(IllegalArgumentException.class,
                () -> new ForecastingTask(series(1, v), ForecastingTask.Options.defaults().horizon(4).lookback(6).backtest(8)));
    }

    // ----- no leakage -----

    @Test
    void scalerAndForecastsNeverSeeTheTestPart() {
        double[] a = new double[60];
        for (int t = 0; t < a.length; t++) {
            a[t] = 50 + 10 * Math.sin(2 * Math.PI * t / 6) + 0.3 * t;
        }
        double[] b = a.clone();
        for (int t = 54; t < 60; t++) {
            b[t] = 1e4 * (t - 50); // a wildly different test part
        }
        var opts = ForecastingTask.Options.defaults().horizon(6).lookback(12);
        var ta = new ForecastingTask(series(6, a), opts);
        var tb = new ForecastingTask(series(6, b), opts);
        ForecastingTask.Fold fold = ta.folds().get(0);
        assertEquals(48, fold.trainEnd());
        Scaler sa = ta.scaler(fold), sb = tb.scaler(tb.folds().get(0));
        Scaler expected = Scaler.standard(Arrays.copyOf(a, 48));
        assertEquals(expected.shift(), sa.shift(), 0);
        assertEquals(expected.scale(), sa.scale(), 0);
        assertEquals(sa.shift(), sb.shift(), 0);
        assertEquals(sa.scale(), sb.scale(), 0);
        // the validation part is not in the scaler either
        double[] c = a.clone();
        c[50] += 1000;
        assertEquals(sa.shift(), new ForecastingTask(series(6, c), opts).scaler(fold).shift(), 0);

        ModelSpec gru = Models.gru(6).with("calendar", true);
        TrialResult ra = run(ta, gru, QUICK, 3), rb = run(tb, gru, QUICK, 3);
        assertTrue(ra.ok() && rb.ok());
        assertArrayEquals(doubles(ra, "forecast"), doubles(rb, "forecast"), 0);
        assertEquals(ra.curve().stream().map(s -> List.of(s.trainLoss(), s.validationLoss(), s.metric())).toList(),
                rb.curve().stream().map(s -> List.of(s.trainLoss(), s.validationLoss(), s.metric())).toList());
        assertNotEquals(ra.metric("mae"), rb.metric("mae"));
    }

    // ----- the forecaster -----

    @Test
    void directAndRecursiveShapesAndExactParameterCounts() {
        Engine e = engine();
        var task = new ForecastingTask(series(12, airlineLike(96)));
        int lookback = task.lookback(), horizon = task.horizon();
        assertEquals(24, lookback);
        assertEquals(12, horizon);
        var rng = new RandomSource(5);
        List<ModelSpec> specs = List.of(Models.rnn(5), Models.lstm(5).bidirectional().layers(2), Models.gru(5),
                Models.peephole(4), Models.transformer(1, 8, 2), Models.cnn(6));
        for (ModelSpec base : specs) {
            for (String strategy : List.of("direct", "recursive")) {
                for (boolean calendar : List.of(false, true)) {
                    ModelSpec s = base.with("strategy", strategy).with("calendar", calendar);
                    int features = task.features(s);
                    assertEquals(calendar ? 3 : 1, features);
                    var f = new Forecaster(e, s, features, lookback, horizon, rng);
                    assertEquals(f.parameterCount(), task.parameterCount(s), s.toString());
                    Tensor x = e.randn(seqlab.engine.Shape.of(3, lookback, features), rng);
                    Tensor future = calendar ? e.randn(seqlab.engine.Shape.of(3, horizon, 2), rng) : null;
                    try (var ignored = e.noGrad()) {
                        assertEquals(seqlab.engine.Shape.of(3, horizon), f.forward(x, future).shape(), s.toString());
                        assertEquals(seqlab.engine.Shape.of(3, strategy.equals("direct") ? horizon : 1),
                                f.step(x).shape(), s.toString());
                    }
                    if (strategy.equals("recursive") && calendar) {
                        var err = assertThrows(IllegalArgumentException.class, () -> f.forward(x, null));
                        assertTrue(err.getMessage().contains("future"), err.getMessage());
                    }
                }
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> new Forecaster(e, Models.gru(4).with("strategy", "multi-output"), 1, 4, 2, rng));
        assertThrows(IllegalArgumentException.class, () -> task.parameterCount(Models.rnn(4).named("x").with("head", "pool")));
    }

    @Test
    void recursiveForecastFeedsPredictionsBack() {
        Engine e = engine();
        var rng = new RandomSource(9);
        var f = new Forecaster(e, Models.gru(4).with("strategy", "recursive"), 1, 5, 3, rng);
        f.eval();
        Tensor x = e.randn(seqlab.engine.Shape.of(2, 5, 1), rng);
        try (var ignored = e.noGrad()) {
            double[] all = f.forward(x, null).toDoubleArray();
            double[] first = f.step(x).toDoubleArray();
            // second step by hand: slide the window and append the first prediction
            double[] xs = x.toDoubleArray();
            double[] w = new double[10];
            for (int b = 0; b < 2; b++) {
                System.arraycopy(xs, b * 5 + 1, w, b * 5, 4);
                w[b * 5 + 4] = first[b];
            }
            double[] second = f.step(e.of(w, seqlab.engine.Shape.of(2, 5, 1)).to(x.dtype())).toDoubleArray();
            assertEquals(first[0], all[0], 1e-6);
            assertEquals(first[1], all[3], 1e-6);
            assertEquals(second[0], all[1], 1e-5);
            assertEquals(second[1], all[4], 1e-5);
        }
    }

    @Test
    void forecasterGradientsMatchFiniteDifferences() {
        Engine e = engine();
        var rng = new RandomSource(21);
        for (ModelSpec s : List.of(Models.lstm(3), Models.gru(3).with("strategy", "recursive"),
                Models.transformer(1, 4, 2).with("feedforward", 6), Models.cnn(3).with("head", "last"),
                Models.rnn(3).with("level", "none").with("head", "flatten"))) {
            boolean recursive = s.heads().strategy() == Forecaster.Strategy.RECURSIVE;
            var f = new Forecaster(e, s, 2, 4, 3, rng);
            Tensor x = GradCheck.input(e, rng, -1, 1, 2, 4, 2);
            Tensor future = GradCheck.input(e, rng, -1, 1, 2, 3, 1).requiresGrad(false);
            int checked = GradCheck.gradCheck(f, xs -> f.forward(xs.get(0), recursive ? future : null), x);
            assertTrue(checked > f.parameterCount(), s.toString());
        }
    }

    @Test
    void probabilisticHeadsAndFutureCovariatesMatchFiniteDifferences() {
        Engine e = engine();
        var rng = new RandomSource(23);
        var gaussian = new Forecaster(e, Models.gru(3).with("likelihood", "gaussian"), 2, 4, 3, rng);
        Tensor x = GradCheck.input(e, rng, -1, 1, 2, 4, 2);
        int checked = GradCheck.gradCheck(gaussian, xs -> {
            Forecaster.Output out = gaussian.output(xs.get(0), null);
            return Tensor.concat(List.of(out.point(), out.sd()), 1);
        }, x);
        assertTrue(checked > gaussian.parameterCount());
        var quantile = new Forecaster(e, Models.cnn(3).with("likelihood", "quantile").with("head", "last"), 2, 4, 3, rng);
        checked = GradCheck.gradCheck(quantile, xs -> quantile.output(xs.get(0), null).quantiles(), x);
        assertTrue(checked > quantile.parameterCount());
        // a direct model's head reads the covariates of the forecast steps: gradients reach them too
        var covariates = new Forecaster(e, Models.lstm(3), 2, 1, 4, 3, rng);
        Tensor future = GradCheck.input(e, rng, -1, 1, 2, 3, 1);
        checked = GradCheck.gradCheck(covariates, xs -> covariates.forward(xs.get(0), xs.get(1)), x, future);
        assertTrue(checked > covariates.parameterCount());
        assertEquals(Forecaster.parameterCount(Models.lstm(3), 2, 1, 4, 3), covariates.parameterCount());
    }

    /**
     * A noisy seasonal series (noise sd 1): the Gaussian and quantile heads give intervals of about the right width,
     * nested and ordered, and a CRPS below their MAE, as a calibrated forecast's is.
     */
    @Test
    void probabilisticHeadsGiveOrderedIntervalsOfTheNoisesWidth() {
        java.util.Random noise = new java.util.Random(7);
        double[] v = new double[240];
        for (int t = 0; t < v.length; t++) {
            v[t] = 20 + 5 * Math.sin(2 * Math.PI * t / 12) + noise.nextGaussian();
        }
        var task = new ForecastingTask(series(12, v), ForecastingTask.Options.defaults().horizon(6).lookback(24).backtest(8));
        TrainConfig train = TrainConfig.defaults().epochs(30).batchSize(32).adam(1e-2).patience(10);
        for (String likelihood : List.of("gaussian", "quantile")) {
            TrialResult r = run(task, Models.gru(16).with("likelihood", likelihood), train, 2);
            assertTrue(r.ok(), r.error());
            ForecastExtras.SeriesForecast s = r.forecast().only();
            assertTrue(s.probabilistic());
            double width = 0;
            for (int i = 0; i < s.steps().size(); i++) {
                assertTrue(s.lower95().get(i) <= s.lower80().get(i) && s.lower80().get(i) <= s.forecast().get(i)
                        && s.forecast().get(i) <= s.upper80().get(i) && s.upper80().get(i) <= s.upper95().get(i),
                        likelihood + " point " + i);
                width += s.upper95().get(i) - s.lower95().get(i);
            }
            // 2 * 1.96 for noise of sd 1; a model's own error widens it, and a quantile head's extreme quantiles
            // train slowly (the pinball loss at 0.025 moves them little), so 30 epochs leave them wide
            double mean = width / s.steps().size();
            assertTrue(mean > 3 && mean < (likelihood.equals("gaussian") ? 8 : 16), likelihood + " mean 95% width " + mean);
            assertTrue(r.metric("coverage95") >= 0.75, likelihood + " " + r.metrics());
            assertTrue(r.metric("crps") < r.metric("mae"), likelihood + " " + r.metrics());
            assertTrue(r.metric("pinball") < r.metric("mae") / 2, likelihood + " " + r.metrics());
        }
    }

    /** The baselines' intervals are their methods' own (seqlab.forecast, tested against R's forecast package). */
    @Test
    void baselineIntervalsAreTheirMethodsIntervals() {
        var task = new ForecastingTask(Datasets.airline(), ForecastingTask.Options.defaults().backtest(2));
        TrialResult r = run(task, ForecastingTask.holtWinters(seqlab.forecast.Ets.Season.ADDITIVE), QUICK, 1);
        assertTrue(r.ok(), r.error());
        double[] y = Datasets.airline().values();
        var s = r.forecast().only();
        for (int o = 0; o < 2; o++) {
            int origin = s.origins().get(o);
            var f = seqlab.forecast.Ets.holtWinters(seqlab.forecast.Ets.Season.ADDITIVE)
                    .forecast(Arrays.copyOf(y, origin), 12, 12);
            for (int h = 0; h < 12; h++) {
                assertEquals(f.mean()[h], s.forecast().get(o * 12 + h), 0);
                assertEquals(f.interval(0.8).lower()[h], s.lower80().get(o * 12 + h), 0);
                assertEquals(f.interval(0.95).upper()[h], s.upper95().get(o * 12 + h), 0);
            }
            assertEquals(seqlab.metric.ForecastMetrics.seasonalNaiveScale(Arrays.copyOf(y, origin), 12),
                    s.scales().get(o), 0);
        }
        assertEquals(seqlab.metric.ProbabilisticMetrics.coverage(
                s.actual().stream().mapToDouble(Double::doubleValue).toArray(),
                s.lower95().stream().mapToDouble(Double::doubleValue).toArray(),
                s.upper95().stream().mapToDouble(Double::doubleValue).toArray()), r.metric("coverage95"), 0);
        // a second seed reuses the same fit
        assertEquals(r.forecast(), run(task, ForecastingTask.holtWinters(seqlab.forecast.Ets.Season.ADDITIVE), QUICK, 2)
                .forecast());
    }

    /**
     * Eight short noisy series of one shape (a season of 8, each its own level, amplitude and phase): a model per
     * series sees 9 windows, a global model all 72 and learns the shape they share.
     */
    @Test
    void aGlobalModelLearnsAcrossSeries() {
        List<ForecastingTask.Target> targets = new java.util.ArrayList<>();
        java.util.Random noise = new java.util.Random(5);
        for (int i = 0; i < 8; i++) {
            double[] v = new double[48];
            for (int t = 0; t < v.length; t++) {
                v[t] = 50 + 10 * i + (3 + i % 4) * Math.sin(2 * Math.PI * t / 8 + i) + 0.3 * noise.nextGaussian();
            }
            targets.add(ForecastingTask.Target.of(TimeSeries.of("s" + i, LocalDate.of(2000, 1, 1), Frequency.MONTHLY, 8, v)));
        }
        var options = ForecastingTask.Options.defaults().horizon(8).lookback(16);
        var local = new ForecastingTask(targets, options);
        var global = new ForecastingTask(targets, options.global(true));
        var withIds = new ForecastingTask(targets, options.global(true).seriesId(true));
        TrainConfig train = TrainConfig.defaults().epochs(30).batchSize(16).adam(1e-2).patience(0);
        ModelSpec gru = Models.gru(16).with("level", "none");
        TrialResult l = run(local, gru, train, 1), g = run(global, gru, train, 1), id = run(withIds, gru, train, 1);
        assertTrue(l.ok() && g.ok() && id.ok(), l.error() + g.error() + id.error());
        assertEquals(8, g.forecast().series().size());
        assertTrue(g.metric("mase") < 0.8 * l.metric("mase"), "global " + g.metric("mase") + " vs local " + l.metric("mase"));
        assertTrue(id.metric("mase") < 0.8 * l.metric("mase"), "with ids " + id.metric("mase") + " vs local " + l.metric("mase"));
        assertEquals(1 + 8, withIds.features(gru), "the series and a one-hot id of 8");
        assertEquals(local.parameterCount(gru), g.parameters());
        assertTrue(id.parameters() > g.parameters());
    }

    /** The target is twice a known future covariate plus a little noise: only a model that reads it can forecast. */
    @Test
    void futureCovariatesReachTheForecast() {
        java.util.Random rnd = new java.util.Random(3);
        double[] x = new double[160], y = new double[160];
        for (int t = 0; t < y.length; t++) {
            x[t] = rnd.nextDouble();
            y[t] = 10 + 2 * x[t] + 0.05 * rnd.nextGaussian();
        }
        TimeSeries target = TimeSeries.of("sales", LocalDate.of(2000, 1, 3), Frequency.WEEKLY, 1, y);
        TimeSeries promo = TimeSeries.of("promo", LocalDate.of(2000, 1, 3), Frequency.WEEKLY, 1, x);
        var options = ForecastingTask.Options.defaults().horizon(4).lookback(8).backtest(4);
        var blind = new ForecastingTask(List.of(ForecastingTask.Target.of(target)), options);
        var told = new ForecastingTask(List.of(ForecastingTask.Target.of(target).future(promo)), options);
        TrainConfig train = TrainConfig.defaults().epochs(40).batchSize(16).adam(1e-2).patience(10);
        ModelSpec cnn = Models.cnn(8);
        TrialResult b = run(blind, cnn, train, 1), t = run(told, cnn, train, 1);
        assertTrue(b.ok() && t.ok(), b.error() + t.error());
        assertTrue(t.metric("mase") < 0.4 * b.metric("mase"), "with the covariate " + t.metric("mase") + " vs "
                + b.metric("mase"));
        assertEquals(2, told.features(cnn), "the series and the covariate over the window");
        assertEquals("sales:value[future=promo:value]", told.dataset());
        assertNotEquals(blind.dataHash(), told.dataHash());
        // past covariates are read over the window only; a recursive model cannot feed them in
        var past = new ForecastingTask(List.of(ForecastingTask.Target.of(target).past(promo)), options);
        assertEquals(2, past.features(cnn));
        TrialResult p = run(past, cnn, QUICK, 1);
        assertTrue(p.ok(), p.error());
        var recursive = assertThrows(IllegalArgumentException.class,
                () -> past.check(Models.gru(4).with("strategy", "recursive"), QUICK));
        assertTrue(recursive.getMessage().contains("strategy=direct"), recursive.getMessage());
    }

    @Test
    void impossibleCombinationsAreOneLineErrorsBeforeAnyTraining() {
        var task = new ForecastingTask(Datasets.airline(), ForecastingTask.Options.defaults().huber());
        var loss = assertThrows(IllegalArgumentException.class,
                () -> task.check(Models.gru(4).with("likelihood", "gaussian"), QUICK));
        assertTrue(loss.getMessage().contains("its own loss"), loss.getMessage());
        var recursive = assertThrows(IllegalArgumentException.class, () -> new ForecastingTask(Datasets.airline())
                .check(Models.gru(4).with("likelihood", "quantile").with("strategy", "recursive"), QUICK));
        assertTrue(recursive.getMessage().contains("needs strategy=direct"), recursive.getMessage());
        var ids = assertThrows(IllegalArgumentException.class,
                () -> ForecastingTask.Options.defaults().seriesId(true));
        assertTrue(ids.getMessage().contains("global(true)"), ids.getMessage());
        var mixed = assertThrows(IllegalArgumentException.class, () -> ForecastingTask.panel(
                List.of(Datasets.airline(), Datasets.nile()), ForecastingTask.Options.defaults().global(true)));
        assertTrue(mixed.getMessage().contains("drop global"), mixed.getMessage());
        TimeSeries shortCovariate = TimeSeries.of("c", LocalDate.of(1955, 1, 1), Frequency.MONTHLY, 12, new double[24]);
        var covers = assertThrows(IllegalArgumentException.class, () -> new ForecastingTask(
                List.of(ForecastingTask.Target.of(Datasets.airline()).past(shortCovariate)), ForecastingTask.Options.defaults()));
        assertTrue(covers.getMessage().contains("must cover every date"), covers.getMessage());
        var twice = assertThrows(IllegalArgumentException.class, () -> ForecastingTask.panel(
                List.of(Datasets.airline(), Datasets.airline()), ForecastingTask.Options.defaults()));
        assertTrue(twice.getMessage().contains("given twice"), twice.getMessage());
        for (var err : List.of(loss, recursive, ids, mixed, covers, twice)) {
            assertFalse(err.getMessage().contains("\n"), err.getMessage());
        }
    }

    @Test
    void learnsACleanSineWaveQuickly() {
        double[] v = new double[180];
        for (int t = 0; t < v.length; t++) {
            v[t] = Math.sin(2 * Math.PI * t / 12.5);
        }
        var task = new ForecastingTask(series(1, v), ForecastingTask.Options.defaults().horizon(10).lookback(25));
        TrainConfig train = TrainConfig.defaults().epochs(25).batchSize(16).adam(1e-2).patience(10);
        TrialResult r = run(task, Models.gru(16), train, 1);
        TrialResult naive = run(task, ForecastingTask.naive(), train, 1);
        assertTrue(r.ok(), r.error());
        assertTrue(r.metric("mae") < 0.1, "sine MAE " + r.metric("mae") + " (naive " + naive.metric("mae") + ")");
        assertTrue(r.metric("mase") < naive.metric("mase") / 5, r.metrics() + " vs naive " + naive.metrics());
        List<EpochStats> curve = r.curve();
        assertTrue(curve.get(curve.size() - 1).trainLoss() < curve.get(0).trainLoss() / 5, curve.toString());
    }

    // ----- the whole task -----

    @Test
    void airlineEndToEndThroughTheExperimentRunner(@TempDir Path dir) {
        TimeSeries airline = Datasets.airline();
        var task = new ForecastingTask(airline);
        assertEquals("airline:passengers", task.dataset());
        assertEquals(12, task.horizon());
        assertEquals(24, task.lookback());
        assertEquals(List.of(new ForecastingTask.Fold(0, 120, 132, 144)), task.folds());
        Map<String, Integer> epochsSeen = new HashMap<>();
        Experiment experiment = Experiment.on(task).compare(Models.gru(16), Models.cnn(8).with("calendar", true))
                .train(t -> t.epochs(6).batchSize(16).adam(5e-3).patience(0)).engine(engine().name()).out(dir).quiet();
        Results results = experiment.listener(new TrialListener() {
                    @Override
                    public void epochEnded(TrialSpec spec, EpochStats stats) {
                        epochsSeen.merge(spec.model().name(), 1, Integer::sum);
                    }
                })
                .run();
        List<TrialResult> trials = results.trials();
        assertEquals(9 + 2, trials.size());
        for (TrialResult r : trials) {
            assertTrue(r.ok(), r.spec().model() + ": " + r.error());
            for (String m : task.metrics()) {
                // point forecasts have no interval to cover
                boolean interval = m.startsWith("coverage");
                if (!interval || r.spec().model() instanceof Baseline) {
                    assertTrue(Double.isFinite(r.metric(m)) && r.metric(m) >= 0, m + " of " + r.spec().model());
                } else {
                    assertTrue(Double.isNaN(r.metric(m)), m + " of " + r.spec().model());
                }
            }
            assertEquals(12, doubles(r, "forecast").length);
            assertEquals(r.spec().model() instanceof ModelSpec m ? task.parameterCount(m) : 0, r.parameters());
            assertFalse(r.provenance().isEmpty());
        }
        TrialResult snaive = trials.stream().filter(r -> r.spec().model().name().equals("seasonal-naive")).findFirst()
                .orElseThrow();
        double[] v = airline.values();
        assertArrayEquals(Arrays.copyOfRange(v, 120, 132), doubles(snaive, "forecast"), 0);
        for (TrialResult r : trials) {
            if (!ForecastingTask.isBaseline(r.spec().model())) {
                assertEquals(6, r.curve().size());
                assertTrue(r.tokensPerSecond() > 0 && r.trainSeconds() > 0);
                assertTrue(Double.isFinite(r.curve().get(0).metric()), "validation MASE per epoch");
                assertTrue(r.metric("mase") < 10, r.spec().model() + " " + r.metrics());
            }
        }
        assertEquals(Map.of("gru", 6, "cnn", 6), epochsSeen);
        assertEquals(11, results.summary().rowCount());
        // the actual series, a line per candidate, and two bands (two traces each) per baseline with intervals
        var chart = ForecastingTask.forecastChart(results);
        assertEquals(1 + 11 + 4 * 9, chart.getTraces().length);
        String snaiveLine = Arrays.stream(chart.getTraces()).map(t -> t.asJavascript(0))
                .filter(js -> js.contains("\"name\":\"seasonal-naive\"")).findFirst().orElseThrow();
        assertTrue(snaiveLine.contains("dash"), snaiveLine);
        // a second run into the same folder reuses every trial, forecasts included
        Results again = experiment.run();
        for (int i = 0; i < trials.size(); i++) {
            assertArrayEquals(doubles(trials.get(i), "forecast"), doubles(again.trials().get(i), "forecast"), 0);
            assertEquals(trials.get(i).metrics(), again.trials().get(i).metrics());
        }
        assertEquals(1 + 11 + 4 * 9, ForecastingTask.forecastChart(again).getTraces().length);
    }

    @Test
    void recursiveWithCalendarAndRetrainedBacktestRun() {
        var task = new ForecastingTask(Datasets.airline(), ForecastingTask.Options.defaults().backtest(2).retrain(true).huber());
        TrialResult r = run(task, Models.lstm(8).with("strategy", "recursive").with("calendar", true),
                QUICK.epochs(2), 4);
        assertTrue(r.ok(), r.error());
        assertEquals(24, doubles(r, "forecast").length);
        assertEquals(List.of(120, 132), r.forecast().origins());
        assertTrue(r.metric("mase") < 20, r.metrics().toString());
        var yearly = new ForecastingTask(TimeSeries.of("y", LocalDate.of(1900, 1, 1), Frequency.YEARLY, 1, airlineLike(80)));
        var err = assertThrows(IllegalArgumentException.class, () -> run(yearly, Models.gru(4).with("calendar", true), QUICK, 1));
        assertTrue(err.getMessage().contains("calendar"), err.getMessage());
    }

    /** Trend times a yearly pattern, like the airline series. */
    private static double[] airlineLike(int n) {
        double[] v = new double[n];
        for (int t = 0; t < n; t++) {
            v[t] = (100 + 2 * t) * (1 + 0.2 * Math.sin(2 * Math.PI * t / 12));
        }
        return v;
    }
}
