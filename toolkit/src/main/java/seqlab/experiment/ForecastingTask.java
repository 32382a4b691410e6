package seqlab.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;
import seqlab.data.CalendarFeatures;
import seqlab.data.CalendarFeatures.Cycle;
import seqlab.data.RollingOrigin;
import seqlab.data.Scaler;
import seqlab.data.SeriesWindows;
import seqlab.data.TimeSeries;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;
import seqlab.forecast.Ets;
import seqlab.forecast.Forecast;
import seqlab.forecast.ForecastMethod;
import seqlab.forecast.SimpleMethod;
import seqlab.forecast.Theta;
import seqlab.metric.ForecastMetrics;
import seqlab.metric.ProbabilisticMetrics;
import seqlab.model.Baseline;
import seqlab.model.Candidate;
import seqlab.model.Forecaster;
import seqlab.model.ModelSpec;
import seqlab.model.Setting;
import seqlab.model.TaskHeads;
import seqlab.train.BatchSource;
import seqlab.train.EpochResult;
import seqlab.train.LossFunction;
import seqlab.train.Losses;
import seqlab.train.Trainer;
import tech.tablesaw.api.Table;

/**
 * Forecasting one {@link TimeSeries} or several (a panel): for each series the last {@code horizon} points are the
 * test part, the {@code horizon} points before them the validation part (early stopping), everything earlier the
 * training part; a rolling-origin backtest ({@link Options#backtest}) repeats this from several origins. A
 * {@link Scaler#standard} scaler is fitted on each series' training part only, models see windows of
 * {@code lookback} scaled steps and forecast the next {@code horizon}, and every metric is computed on the original
 * scale.
 *
 * <pre>{@code
 * var task = new ForecastingTask(Datasets.airline());          // lookback 24, horizon 12, period 12
 * var results = Experiment.on(task)
 *     .compare(Models.lstm(64), Models.gru(64).with("likelihood", "gaussian"), Models.cnn(64))
 *     .train(t -> t.epochs(100).batchSize(16).adam(3e-3).patience(15))
 *     .run();                                                   // the statistical baselines are included
 *
 * var panel = ForecastingTask.panel(List.of(Datasets.airline(), Datasets.nile(), Datasets.usBirths()),
 *     ForecastingTask.Options.defaults().backtest(3).tail(1096));   // each series its own horizon and models
 * var stores = new ForecastingTask(SeriesFormat.of("date", "sales").keyedBy("store").read(path).stream()
 *     .map(ForecastingTask.Target::of).toList(), ForecastingTask.Options.defaults().global(true).seriesId(true));
 * }</pre>
 *
 * <p><b>Series.</b> Each series gets its own horizon (the option, else its seasonal period when that is between 2
 * and 60, else 12), lookback (the option, else {@code max(12, 2 * horizon)}) and folds. By default a model is
 * trained per series (a local model); with {@link Options#global} one model is trained on the windows of every
 * series at once (a global model, as Darts trains on a list of series), each series scaled by its own training part,
 * optionally told which series a window comes from by a one-hot series id ({@link Options#seriesId}). A global model
 * needs series of one frequency, horizon and lookback.
 *
 * <p><b>Covariates</b> ({@link Target}): past covariates are other series observed up to the forecast origin (read
 * over the lookback window only); future covariates are known in advance (a price list, holidays) and are read over
 * the window and, by a direct model's head, over the forecast steps too (a recursive model feeds them in step by
 * step). Both are scaled by their own training part. Calendar features ({@code calendar=true} on the spec) are
 * cyclical encodings of the dates over the window (a direct model knows the forecast steps' dates from them).
 *
 * <p><b>Metrics</b> per series ({@link ForecastMetrics}, {@link ProbabilisticMetrics}): {@code mase} (the main one;
 * lower is better; scaled by the in-sample seasonal naive error of everything before the forecast origin, with the
 * series' seasonal period; the mean of the origins' MASE), {@code mae}, {@code rmse}, {@code smape} (pooled over
 * every test point), {@code crps} (closed form for Gaussian and Student-t forecasts, twice the mean pinball loss over
 * {@link #PINBALL_LEVELS} for quantile forecasts, the absolute error for point forecasts), {@code pinball} (the mean
 * pinball loss over {@link #PINBALL_LEVELS}; a point forecast stands for every quantile), and {@code coverage80},
 * {@code coverage95} (the share of actual values inside the 80% and 95% prediction intervals; NaN for a point
 * forecast). A trial's metric is the mean over its series: for one series, that series' metric. MAE, RMSE and CRPS are
 * in each series' units, so across series compare MASE, or the cross-series summary {@link #acrossSeries(Results)}:
 * each model's mean rank and the geometric mean of its MASE relative to the seasonal naive forecast.
 *
 * <p><b>Baselines</b> ({@link #baselines()}), fitted to everything observed before the origin, no training, each
 * with prediction intervals ({@link ForecastMethod}): {@code naive}, {@code seasonal-naive}, {@code drift},
 * {@code mean} (Hyndman and Athanasopoulos, "Forecasting: principles and practice", 3rd ed., sections 5.2 and 5.5),
 * {@code ses}, {@code holt-damped}, {@code holt-winters-additive}, {@code holt-winters-multiplicative} (exponential
 * smoothing by maximum likelihood, {@link Ets}) and {@code theta} ({@link Theta}). Seasonal naive and Holt-Winters are
 * listed when some series has a season (Holt-Winters: of 2 to {@link Ets#MAX_PERIOD} steps; multiplicative
 * Holt-Winters on a positive series). On a series without such a season, as M4 does, seasonal naive is the naive
 * forecast and Holt-Winters is Holt's damped trend; on a series with values at or below zero, multiplicative
 * Holt-Winters is fitted in its additive form. Baseline forecasts are computed once per series and origin
 * and shared by every seed.
 *
 * <p><b>Models</b>: {@code rnn}, {@code lstm}, {@code gru}, {@code transformer} and {@code cnn} specs, built as a
 * {@link Forecaster} (task heads {@code strategy=direct|recursive}, {@code head}, {@code level}, {@code calendar},
 * {@code likelihood=none|gaussian|quantile}), trained on {@link SeriesWindows} of the scaled series with the task's
 * point loss, the Gaussian negative log-likelihood or the pinball loss. Training follows the trial's
 * {@link TrainConfig}: the optimizer, batch size, clipping, schedule, and early stopping on the validation loss with
 * the best epoch's weights restored ({@code patience} 0 still restores the best epoch).
 *
 * <p><b>Extras</b> of each trial ({@link ForecastExtras}): per series, every test point's step, date, forecast,
 * interval bounds and actual value, the origins with their MASE scales, the series' metrics, and the tail of the
 * series from one lookback before the first validation point, for paired tests and the forecast charts.
 */
public final class ForecastingTask implements Task {

    /** The trainable families. */
    public static final List<String> FAMILIES = List.of("rnn", "lstm", "gru", "transformer", "cnn");

    private static final List<String> METRICS = List.of("mase", "mae", "rmse", "smape", "crps", "pinball",
            "coverage80", "coverage95");

    /** The quantile levels of the {@code pinball} metric (and of the quantile head's CRPS): 0.05, 0.10, ..., 0.95. */
    public static final double[] PINBALL_LEVELS = Arrays.copyOfRange(Forecaster.QUANTILES, 1, 20);

    /**
     * How the series are cut, scored and modelled.
     *
     * @param lookback steps each input window holds; 0 picks {@code max(12, 2 * horizon)} per series
     * @param horizon  steps forecast from each origin; 0 picks each series' seasonal period when it is between 2 and
     *                 60, else 12
     * @param origins  forecast origins per series: 1 is a single hold-out (the last {@code horizon} points); k &gt; 1
     *                 is a rolling-origin backtest over the last k non-overlapping horizons (Tashman 2000)
     * @param retrain  with several origins, train a fresh model (and scaler) for each origin; otherwise one model is
     *                 trained on what precedes the first origin and forecasts from every origin
     * @param loss     the point loss: {@code mse} (default), {@code huber} (delta 1 on the scaled series) or
     *                 {@code mae}; a probabilistic head ({@code likelihood}) brings its own
     * @param tail     use only the last {@code tail} points of each series (and of its covariates); 0 uses all
     * @param global   train one model on every series at once instead of one per series
     * @param seriesId with {@code global}, give the model a one-hot series id at every step
     */
    public record Options(int lookback, int horizon, int origins, boolean retrain, String loss, int tail,
                          boolean global, boolean seriesId) {

        public Options {
            if (lookback < 0 || horizon < 0) {
                throw new IllegalArgumentException("ForecastingTask: lookback and horizon must be >= 0 (0 = automatic), got "
                        + "lookback=" + lookback + ", horizon=" + horizon);
            }
            if (origins < 1) {
                throw new IllegalArgumentException("ForecastingTask: origins must be >= 1 (1 = a single hold-out), got "
                        + origins);
            }
            loss = loss == null ? "mse" : loss.toLowerCase(Locale.ROOT);
            if (!Set.of("mse", "huber", "mae").contains(loss)) {
                throw new IllegalArgumentException("ForecastingTask: unknown loss '" + loss + "'; use mse, huber or mae");
            }
            if (tail < 0) {
                throw new IllegalArgumentException("ForecastingTask: tail must be >= 0 (0 = the whole series), got " + tail);
            }
            if (seriesId && !global) {
                throw new IllegalArgumentException("ForecastingTask: seriesId tells a global model which series a window "
                        + "comes from; a model per series needs none. Add global(true) or drop seriesId");
            }
        }

        /** Automatic lookback and horizon, a single hold-out, MSE, whole series, a model per series. */
        public static Options defaults() {
            return new Options(0, 0, 1, false, "mse", 0, false, false);
        }

        public Options lookback(int steps) {
            return new Options(steps, horizon, origins, retrain, loss, tail, global, seriesId);
        }

        public Options horizon(int steps) {
            return new Options(lookback, steps, origins, retrain, loss, tail, global, seriesId);
        }

        /** A rolling-origin backtest over the last {@code k} horizons of each series. */
        public Options backtest(int k) {
            return new Options(lookback, horizon, k, retrain, loss, tail, global, seriesId);
        }

        /** Whether each backtest origin trains its own model. */
        public Options retrain(boolean on) {
            return new Options(lookback, horizon, origins, on, loss, tail, global, seriesId);
        }

        public Options loss(String name) {
            return new Options(lookback, horizon, origins, retrain, name, tail, global, seriesId);
        }

        public Options huber() {
            return loss("huber");
        }

        /** Only the last {@code points} of each series (0: all). */
        public Options tail(int points) {
            return new Options(lookback, horizon, origins, retrain, loss, points, global, seriesId);
        }

        /** One model trained on every series (true) or one per series (false, the default). */
        public Options global(boolean on) {
            return new Options(lookback, horizon, origins, retrain, loss, tail, on, seriesId && on);
        }

        /** With {@link #global}, a one-hot series id as input at every step. */
        public Options seriesId(boolean on) {
            return new Options(lookback, horizon, origins, retrain, loss, tail, global, on);
        }
    }

    /**
     * One series to forecast, with the covariates its models read.
     *
     * @param series the series to forecast
     * @param past   series observed up to the forecast origin only (read over the window)
     * @param future series known in advance over the forecast steps too
     */
    public record Target(TimeSeries series, List<TimeSeries> past, List<TimeSeries> future) {
        public Target {
            Objects.requireNonNull(series, "series");
            past = List.copyOf(past);
            future = List.copyOf(future);
        }

        /** {@code series} without covariates. */
        public static Target of(TimeSeries series) {
            return new Target(series, List.of(), List.of());
        }

        /** The same target with these past covariates added. */
        public Target past(TimeSeries... covariates) {
            List<TimeSeries> p = new ArrayList<>(past);
            p.addAll(List.of(covariates));
            return new Target(series, p, future);
        }

        /** The same target with these future covariates added. */
        public Target future(TimeSeries... covariates) {
            List<TimeSeries> f = new ArrayList<>(future);
            f.addAll(List.of(covariates));
            return new Target(series, past, f);
        }

        /** {@code dataset:column}, with the covariates in brackets when there are any. */
        public String name() {
            String n = name(series);
            if (past.isEmpty() && future.isEmpty()) {
                return n;
            }
            List<String> parts = new ArrayList<>();
            if (!past.isEmpty()) {
                parts.add("past=" + String.join(",", past.stream().map(Target::name).toList()));
            }
            if (!future.isEmpty()) {
                parts.add("future=" + String.join(",", future.stream().map(Target::name).toList()));
            }
            return n + "[" + String.join(";", parts) + "]";
        }

        private static String name(TimeSeries s) {
            return s.info().name() + ":" + s.column();
        }
    }

    /**
     * One forecast origin of a series: training on {@code [0, trainEnd)}, validation on {@code [trainEnd, origin)},
     * test on {@code [origin, testEnd)}.
     */
    public record Fold(int index, int trainEnd, int origin, int testEnd) {
        public int validationStart() {
            return trainEnd;
        }
    }

    /** One series as the task cuts it: its values, season, horizon, lookback, folds and covariates. */
    private static final class Part {
        final int index;
        final String name;
        final TimeSeries series;
        final double[] values;
        final int period;
        final int horizon;
        final int lookback;
        final List<Fold> folds;
        final double[][] past;    // [covariate][time], aligned with values
        final double[][] future;  // [covariate][time]

        Part(int index, Target target, Options options) {
            this.index = index;
            TimeSeries s = options.tail() > 0 ? target.series().tail(options.tail()) : target.series();
            this.series = s;
            this.name = Target.name(target.series());
            this.values = s.values();
            this.period = s.seasonalPeriod();
            this.horizon = options.horizon() > 0 ? options.horizon() : (period >= 2 && period <= 60 ? period : 12);
            this.lookback = options.lookback() > 0 ? options.lookback() : Math.max(12, 2 * horizon);
            this.past = aligned(s, target.past(), "past");
            this.future = aligned(s, target.future(), "future");
            int n = values.length;
            String what = "ForecastingTask on " + name + " (" + n + " points)";
            int needed = lookback + 2 * horizon + horizon * options.origins();
            if (n < needed) {
                throw new IllegalArgumentException(what + ": lookback " + lookback + ", horizon " + horizon + " and "
                        + options.origins() + " origin(s) need at least " + needed + " points (one training window, a "
                        + "validation and a test part per origin); use a shorter lookback or horizon, or fewer origins"
                        + (options.tail() > 0 ? ", or a longer tail" : ""));
            }
            List<Fold> fs = new ArrayList<>();
            for (var f : RollingOrigin.expanding(horizon).folds(options.origins()).splits(n)) {
                fs.add(new Fold(f.index(), f.origin() - horizon, f.origin(), f.testEnd()));
            }
            this.folds = List.copyOf(fs);
        }

        /** The covariates' values on the series' dates: each must cover them at the series' frequency. */
        private static double[][] aligned(TimeSeries s, List<TimeSeries> covariates, String kind) {
            double[][] out = new double[covariates.size()][];
            for (int c = 0; c < out.length; c++) {
                TimeSeries cov = covariates.get(c);
                String what = "ForecastingTask: " + kind + " covariate " + Target.name(cov) + " of " + Target.name(s);
                if (cov.frequency() != s.frequency()) {
                    throw new IllegalArgumentException(what + " is " + cov.frequency().label() + ", the series "
                            + s.frequency().label() + "; give covariates at the series' frequency");
                }
                int from = cov.timestamps().indexOf(s.start());
                if (from < 0 || from + s.size() > cov.size()) {
                    throw new IllegalArgumentException(what + " covers " + cov.start() + ".." + cov.end()
                            + " but the series runs " + s.start() + ".." + s.end() + "; a covariate must cover every"
                            + " date of the series");
                }
                out[c] = Arrays.copyOfRange(cov.values(), from, from + s.size());
            }
            return out;
        }

        Cycle[] cycles() {
            return switch (series.frequency()) {
                case MONTHLY -> new Cycle[] {Cycle.MONTH_OF_YEAR};
                case QUARTERLY -> new Cycle[] {Cycle.MONTH_OF_YEAR};
                case WEEKLY -> new Cycle[] {Cycle.DAY_OF_YEAR};
                case DAILY -> new Cycle[] {Cycle.DAY_OF_WEEK, Cycle.DAY_OF_YEAR};
                case YEARLY -> new Cycle[0];
            };
        }

        /** Whether every value is above zero, as multiplicative seasonality needs. */
        boolean positive() {
            return Arrays.stream(values).allMatch(v -> v > 0);
        }

        double[] before(int origin) {
            return Arrays.copyOf(values, origin);
        }
    }

    private final List<Target> targets;
    private final List<Part> parts;
    private final Options options;
    private final String dataHash;
    private final List<Baseline> baselines;
    private final Map<String, Forecast> baselineCache = new ConcurrentHashMap<>();

    /** A single hold-out with automatic lookback and horizon. */
    public ForecastingTask(TimeSeries series) {
        this(series, Options.defaults());
    }

    public ForecastingTask(TimeSeries series, Options options) {
        this(List.of(Target.of(series)), options);
    }

    /**
     * Forecasting each of {@code targets} (with their covariates).
     *
     * @throws IllegalArgumentException when a series is too short for the options, a covariate does not cover its
     *                                  series, or a global model is asked of series it cannot share
     */
    public ForecastingTask(List<Target> targets, Options options) {
        this.targets = List.copyOf(targets);
        this.options = Objects.requireNonNull(options, "options");
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("ForecastingTask: no series given; give at least one");
        }
        List<Part> ps = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Target t : targets) {
            if (names.contains(t.name())) {
                throw new IllegalArgumentException("ForecastingTask: series " + t.name() + " is given twice; give each once");
            }
            names.add(t.name());
            ps.add(new Part(ps.size(), t, options));
        }
        this.parts = List.copyOf(ps);
        if (options.global()) {
            Part first = parts.get(0);
            for (Part p : parts) {
                if (p.series.frequency() != first.series.frequency() || p.horizon != first.horizon
                        || p.lookback != first.lookback || p.past.length != first.past.length
                        || p.future.length != first.future.length) {
                    throw new IllegalArgumentException("ForecastingTask: a global model reads every series alike, but "
                            + p.name + " (" + p.series.frequency().label() + ", horizon " + p.horizon + ", lookback "
                            + p.lookback + ", " + p.past.length + "/" + p.future.length + " past/future covariates) differs from "
                            + first.name + " (" + first.series.frequency().label() + ", horizon " + first.horizon
                            + ", lookback " + first.lookback + ", " + first.past.length + "/" + first.future.length
                            + "); give series of one frequency and covariates, or drop global");
                }
            }
        }
        this.dataHash = dataHash(this.targets, parts);
        this.baselines = chooseBaselines();
    }

    /** Forecasting each series on its own (no covariates). */
    public static ForecastingTask panel(List<TimeSeries> series, Options options) {
        return new ForecastingTask(series.stream().map(Target::of).toList(), options);
    }

    /**
     * One series alone hashes as its {@link TimeSeries#contentHash()} (of the points used), as before panels existed;
     * a panel hashes its series and covariates in order.
     */
    private static String dataHash(List<Target> targets, List<Part> parts) {
        Target first = targets.get(0);
        if (parts.size() == 1 && first.past().isEmpty() && first.future().isEmpty()) {
            return parts.get(0).series.contentHash();
        }
        seqlab.data.ContentHash h = new seqlab.data.ContentHash("forecasting-panel");
        for (Part p : parts) {
            h.add(p.series.contentHash());
            for (double[] c : p.past) {
                h.add("past");
                Arrays.stream(c).forEach(h::add);
            }
            for (double[] c : p.future) {
                h.add("future");
                Arrays.stream(c).forEach(h::add);
            }
        }
        return h.hex();
    }

    // ------------------------------------------------------------------ baselines

    /** The last observed value, repeated. */
    public static Baseline naive() {
        return Baseline.of("naive");
    }

    /** The value one season before each forecast step. */
    public static Baseline seasonalNaive() {
        return Baseline.of("seasonal-naive");
    }

    /** The line through the first and last observed values, extended. */
    public static Baseline drift() {
        return Baseline.of("drift");
    }

    /** The mean of every observed value. */
    public static Baseline mean() {
        return Baseline.of("mean");
    }

    /** Simple exponential smoothing, ETS(A,N,N). */
    public static Baseline ses() {
        return Baseline.of("ses");
    }

    /** Holt-Winters with an additive or multiplicative season. */
    public static Baseline holtWinters(Ets.Season season) {
        return Baseline.of(Ets.holtWinters(season).label());
    }

    /** The Theta method of the M3 competition. */
    public static Baseline theta() {
        return Baseline.of("theta");
    }

    /** Whether {@code candidate} is one of the baselines (computed, not trained). */
    public static boolean isBaseline(Candidate candidate) {
        return candidate instanceof Baseline;
    }

    private List<Baseline> chooseBaselines() {
        boolean seasonal = parts.stream().anyMatch(p -> p.period > 1);
        boolean hw = parts.stream().anyMatch(p -> p.period >= 2 && p.period <= Ets.MAX_PERIOD);
        boolean multiplicative = parts.stream().anyMatch(p -> p.period >= 2 && p.period <= Ets.MAX_PERIOD && p.positive());
        List<Baseline> b = new ArrayList<>();
        b.add(naive());
        if (seasonal) {
            b.add(seasonalNaive());
        }
        b.add(drift());
        b.add(mean());
        b.add(ses());
        b.add(Baseline.of(Ets.holt(true).label()));
        if (hw) {
            b.add(holtWinters(Ets.Season.ADDITIVE));
            if (multiplicative) {
                b.add(holtWinters(Ets.Season.MULTIPLICATIVE));
            }
        }
        b.add(theta());
        return List.copyOf(b);
    }

    /**
     * The method a baseline kind names, on a series of period {@code period} whose values are all positive or not
     * (see the class notes).
     */
    static ForecastMethod method(String kind, int period, boolean positive) {
        boolean season = period >= 2;
        boolean etsSeason = season && period <= Ets.MAX_PERIOD;
        return switch (kind) {
            case "naive", "drift", "mean" -> SimpleMethod.of(kind);
            case "seasonal-naive" -> season ? SimpleMethod.SEASONAL_NAIVE : SimpleMethod.NAIVE;
            case "ses" -> Ets.ses();
            case "holt-damped" -> Ets.holt(true);
            case "holt-winters-additive" -> etsSeason ? Ets.holtWinters(Ets.Season.ADDITIVE) : Ets.holt(true);
            case "holt-winters-multiplicative" -> !etsSeason ? Ets.holt(true)
                    : Ets.holtWinters(positive ? Ets.Season.MULTIPLICATIVE : Ets.Season.ADDITIVE);
            case "theta" -> new Theta();
            default -> throw new IllegalArgumentException("The forecasting task has no '" + kind + "' baseline; use "
                    + "naive, seasonal-naive, drift, mean, ses, holt-damped, holt-winters-additive, "
                    + "holt-winters-multiplicative or theta");
        };
    }

    /**
     * The baseline forecast of {@code horizon} steps from {@code origin}, using only {@code values[0 .. origin)}: the
     * point forecast of {@link #method(String, int, boolean) the method} {@code kind} names.
     */
    public static double[] baselineForecast(String kind, double[] values, int origin, int horizon, int period) {
        boolean positive = Arrays.stream(values).allMatch(v -> v > 0);
        if (method(kind, period, positive) instanceof SimpleMethod s) {
            if (kind.equals("seasonal-naive") && period < 2) {
                throw new IllegalArgumentException("seasonal-naive needs a seasonal period of at least 2, got " + period);
            }
            return s.pointForecast(values, origin, period, horizon);
        }
        return method(kind, period, positive).forecast(Arrays.copyOf(values, origin), period, horizon).mean();
    }

    private Forecast baselineForecast(String kind, Part p, Fold f) {
        return baselineCache.computeIfAbsent(kind + "|" + p.index + "|" + f.origin(),
                k -> method(kind, p.period, p.positive()).forecast(p.before(f.origin()), p.period, p.horizon));
    }

    // ------------------------------------------------------------------ Task

    @Override
    public String name() {
        return "forecasting";
    }

    /** The datasets of the series and covariates, each once, in order (sizes as given, before {@link Options#tail}). */
    @Override
    public List<seqlab.data.DatasetInfo> sources() {
        java.util.LinkedHashSet<seqlab.data.DatasetInfo> out = new java.util.LinkedHashSet<>();
        for (Target t : targets) {
            out.add(t.series().info());
            t.past().forEach(c -> out.add(c.info()));
            t.future().forEach(c -> out.add(c.info()));
        }
        return List.copyOf(out);
    }

    /** {@code dataset:column} of the series, joined by {@code +} for a panel; covariates in brackets. */
    @Override
    public String dataset() {
        return String.join("+", targets.stream().map(Target::name).toList());
    }

    /**
     * For one series without covariates, the content hash of its points ({@link TimeSeries#contentHash()}, after
     * {@link Options#tail}); for a panel, a hash over every series' and covariate's content hash in order.
     */
    @Override
    public String dataHash() {
        return dataHash;
    }

    @Override
    public String mainMetric() {
        return "mase";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public List<String> metrics() {
        return METRICS;
    }

    @Override
    public List<Baseline> baselines() {
        return baselines;
    }

    @Override
    public List<String> families() {
        return FAMILIES;
    }

    @Override
    public Set<String> headSettings() {
        return TaskHeads.FORECASTING;
    }

    /** Trainable parameters of one model of {@code spec} (the largest, when a model is trained per series). */
    @Override
    public long parameterCount(ModelSpec spec) {
        long most = 0;
        for (Part p : options.global() ? List.of(parts.get(0)) : parts) {
            most = Math.max(most, Forecaster.parameterCount(spec, features(spec, p), headFeatures(spec, p), p.lookback,
                    p.horizon));
        }
        return most;
    }

    @Override
    public void check(Candidate candidate, TrainConfig train) {
        Task.super.check(candidate, train);
        if (candidate instanceof ModelSpec m) {
            TaskHeads h = m.heads();
            if (h.likelihood() != Forecaster.Likelihood.NONE && !options.loss().equals("mse")) {
                throw new IllegalArgumentException(m.name() + ": likelihood=" + Setting.lower(h.likelihood())
                        + " trains with its own loss, so the task's loss '" + options.loss() + "' would be ignored; "
                        + "drop the loss option or use likelihood=none");
            }
            for (Part p : parts) {
                if (h.strategy() == Forecaster.Strategy.RECURSIVE && p.past.length > 0) {
                    throw new IllegalArgumentException(m.name() + ": " + p.name + " has past covariates, which are "
                            + "unknown over the forecast steps, so a recursive model cannot feed them in; use "
                            + "strategy=direct");
                }
                if (h.calendar() && p.cycles().length == 0) {
                    throw new IllegalArgumentException(m.name() + ": " + p.name + " is a yearly series, which has no "
                            + "calendar cycle to encode; drop the calendar option");
                }
            }
            parameterCount(m); // the Forecaster's own checks (a recursive model with a probabilistic head, ...)
        }
    }

    /**
     * The model's weights over each training window's lookback, for every model the trial trains: one per series
     * (or one for all, when global) and per origin when retrained.
     */
    @Override
    public double trialCost(Candidate candidate, TrainConfig train) {
        if (!(candidate instanceof ModelSpec m)) {
            return 0;
        }
        long params = parameterCount(m);
        int fits = options.retrain() ? parts.get(0).folds.size() : 1;
        double work = 0;
        for (int k = 0; k < fits; k++) {
            long globalWindows = 0;
            for (Part p : parts) {
                long windows = Math.max(1, p.folds.get(k).trainEnd() - p.lookback - p.horizon + 1);
                if (options.global()) {
                    globalWindows += windows;
                } else {
                    work += Task.trainingWork(params, windows, p.lookback, train);
                }
            }
            if (options.global()) {
                work += Task.trainingWork(params, globalWindows, parts.get(0).lookback, train);
            }
        }
        return work;
    }

    /** The first series (the only one, unless this is a panel). */
    public TimeSeries series() {
        return parts.get(0).series;
    }

    /** Every series, after {@link Options#tail}, in order. */
    public List<TimeSeries> allSeries() {
        return parts.stream().map(p -> p.series).toList();
    }

    /** Every target with its covariates, as given. */
    public List<Target> targets() {
        return targets;
    }

    @Override
    public Options options() {
        return options;
    }

    /** The first series' lookback. */
    public int lookback() {
        return parts.get(0).lookback;
    }

    /** The first series' horizon. */
    public int horizon() {
        return parts.get(0).horizon;
    }

    /** The first series' seasonal period. */
    public int seasonalPeriod() {
        return parts.get(0).period;
    }

    /** The first series' forecast origins, earliest first (one for a single hold-out). */
    public List<Fold> folds() {
        return parts.get(0).folds;
    }

    /** Series {@code series}' forecast origins. */
    public List<Fold> folds(int series) {
        return parts.get(series).folds;
    }

    /** The scaler a model trained for {@code fold} of the first series uses: fitted on its training part only. */
    public Scaler scaler(Fold fold) {
        return Scaler.standard(parts.get(0).values, fold.trainEnd());
    }

    /** Input features per step for {@code spec} on the first series. */
    public int features(ModelSpec spec) {
        return features(spec, parts.get(0));
    }

    /**
     * Input features per step: the series, its past and future covariates, two per calendar cycle with
     * {@code calendar}, and one per series with a series id.
     */
    private int features(ModelSpec spec, Part p) {
        return 1 + p.past.length + p.future.length + (spec.heads().calendar() ? 2 * p.cycles().length : 0)
                + (options.seriesId() ? parts.size() : 0);
    }

    /** Future covariates a direct model's head reads per forecast step. */
    private static int headFeatures(ModelSpec spec, Part p) {
        return spec.heads().strategy() == Forecaster.Strategy.DIRECT ? p.future.length : 0;
    }

    @Override
    public TrialResult run(TrialSpec spec, Engine engine, TrialListener listener) {
        return TrialTemplate.run(spec, engine, listener, new Trial(spec, engine));
    }

    // ------------------------------------------------------------------ predictions

    /**
     * One origin's forecast on the original scale: the point forecast, and the predictive distribution as a
     * parametric {@link Forecast} or as quantiles at {@link Forecaster#QUANTILES} ({@code [level][step]},
     * non-decreasing in level), or neither for a point forecast.
     */
    private record Prediction(double[] point, Forecast distribution, double[][] quantiles) {

        double lower(double level, int h) {
            return distribution != null ? distribution.quantile(h + 1, (1 - level) / 2)
                    : quantiles[quantileIndex((1 - level) / 2)][h];
        }

        double upper(double level, int h) {
            return distribution != null ? distribution.quantile(h + 1, (1 + level) / 2)
                    : quantiles[quantileIndex((1 + level) / 2)][h];
        }

        boolean probabilistic() {
            return distribution != null || quantiles != null;
        }
    }

    private static int quantileIndex(double level) {
        for (int k = 0; k < Forecaster.QUANTILES.length; k++) {
            if (Math.abs(Forecaster.QUANTILES[k] - level) < 1e-12) {
                return k;
            }
        }
        throw new IllegalStateException("no quantile head level " + level);
    }

    /** One trial: the baseline's forecasts, or the model(s) it trains and their forecasts from every origin. */
    private final class Trial implements TrialTemplate.Hooks {
        private final TrialSpec spec;
        private final Engine engine;
        private final Prediction[][] predictions = new Prediction[parts.size()][];
        private Map<String, Double> validation = Map.of();

        Trial(TrialSpec spec, Engine engine) {
            this.spec = spec;
            this.engine = engine;
            for (Part p : parts) {
                predictions[p.index] = new Prediction[p.folds.size()];
            }
        }

        @Override
        public List<? extends TrialTemplate.Fit<?, ?>> fits() {
            if (spec.model() instanceof Baseline b) {
                for (Part p : parts) {
                    for (Fold f : p.folds) {
                        Forecast fc = baselineForecast(b.kind(), p, f);
                        predictions[p.index][f.index()] = new Prediction(fc.mean(), fc, null);
                    }
                }
                // the first origin's validation window, where the models' curve measures MASE (the mean over the
                // series, as the curve's is)
                double sum = 0;
                boolean defined = true;
                for (Part p : parts) {
                    Fold first = p.folds.get(0);
                    double[] history = Arrays.copyOf(p.values, first.trainEnd());
                    defined &= history.length > p.period && ForecastMetrics.seasonalNaiveScale(history, p.period) > 0;
                    if (defined) {
                        double[] actual = Arrays.copyOfRange(p.values, first.trainEnd(), first.origin());
                        Forecast fc = baselineCache.computeIfAbsent(b.kind() + "|" + p.index + "|validation",
                                k -> method(b.kind(), p.period, p.positive()).forecast(history, p.period, p.horizon));
                        sum += ForecastMetrics.mase(actual, fc.mean(), history, p.period);
                    }
                }
                if (defined) {
                    validation = Map.of("mase", sum / parts.size());
                }
                return List.of();
            }
            ModelSpec m = (ModelSpec) spec.model();
            List<ModelFit> fits = new ArrayList<>();
            int folds = parts.get(0).folds.size();
            if (options.global()) {
                for (int k = 0; k < (options.retrain() ? folds : 1); k++) {
                    fits.add(new ModelFit(engine, spec, m, parts, k, options.retrain(), predictions));
                }
            } else {
                for (Part p : parts) {
                    for (int k = 0; k < (options.retrain() ? folds : 1); k++) {
                        fits.add(new ModelFit(engine, spec, m, List.of(p), k, options.retrain(), predictions));
                    }
                }
            }
            return fits;
        }

        @Override
        public TrialTemplate.Outcome outcome() {
            List<ForecastExtras.SeriesForecast> series = new ArrayList<>();
            for (Part p : parts) {
                series.add(seriesForecast(p, predictions[p.index]));
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (String name : METRICS) {
                double sum = 0;
                for (ForecastExtras.SeriesForecast s : series) {
                    sum += s.metric(name);
                }
                metrics.put(name, sum / series.size());
            }
            return new TrialTemplate.Outcome(metrics, validation, new ForecastExtras(spec.model() instanceof Baseline, series));
        }
    }

    // ------------------------------------------------------------------ training

    /** What a model is fed: windows, the future covariates it reads (or null), and scaled targets (or null). */
    record Batch(Tensor x, Tensor future, Tensor y) {
    }

    /** One series prepared for a model trained for one fold: scaled values, inputs and windows. */
    private final class Prepared {
        final Part part;
        final Fold fold;
        final Scaler scaler;
        final double[][] inputs;      // [time][features]: the series, covariates, calendar, series id
        final double[][] headFuture;  // [time][future covariates] a direct model's head reads, or null
        final double[][] fedFuture;   // [time][features - 1] a recursive model feeds in, or null
        final SeriesWindows training; // targets of one step (recursive) or the horizon, inside [0, trainEnd)
        final SeriesWindows windows;  // every window with a full horizon: validation and test origins
        final double[] history;       // what is observed before validation, for the validation MASE scale
        final double[] validActual;
        final boolean maseDefined;

        Prepared(ModelSpec model, Part p, Fold fold) {
            this.part = p;
            this.fold = fold;
            this.scaler = Scaler.standard(p.values, fold.trainEnd());
            double[] scaled = scaler.transform(p.values);
            List<double[]> columns = new ArrayList<>();
            for (double[] c : p.past) {
                columns.add(Scaler.standard(c, fold.trainEnd()).transform(c));
            }
            List<double[]> future = new ArrayList<>();
            for (double[] c : p.future) {
                future.add(Scaler.standard(c, fold.trainEnd()).transform(c));
            }
            columns.addAll(future);
            double[][] calendar = model.heads().calendar() ? calendar(p) : null;
            int n = p.values.length;
            int extra = columns.size() + (calendar == null ? 0 : calendar[0].length) + (options.seriesId() ? parts.size() : 0);
            double[][] in = new double[n][1 + extra];
            for (int t = 0; t < n; t++) {
                in[t][0] = scaled[t];
                int j = 1;
                for (double[] c : columns) {
                    in[t][j++] = c[t];
                }
                if (calendar != null) {
                    for (double v : calendar[t]) {
                        in[t][j++] = v;
                    }
                }
                if (options.seriesId()) {
                    in[t][j + p.index] = 1;
                }
            }
            this.inputs = in;
            boolean recursive = model.heads().strategy() == Forecaster.Strategy.RECURSIVE;
            this.headFuture = !recursive && !future.isEmpty() ? columnsToRows(future, n) : null;
            this.fedFuture = recursive && extra > 0 ? dropFirstColumn(in) : null;
            // A recursive model learns the next value; it is unrolled over the horizon only to be validated and tested.
            int targetSteps = recursive ? 1 : p.horizon;
            try {
                this.training = SeriesWindows.of(in, scaled, p.lookback, targetSteps, 1).targetsWithin(0, fold.trainEnd());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ForecastingTask: the training part [0, " + fold.trainEnd() + ") of "
                        + p.name + " holds no window of lookback " + p.lookback + " and horizon " + targetSteps
                        + "; use a shorter lookback or horizon", e);
            }
            this.windows = SeriesWindows.of(in, scaled, p.lookback, p.horizon, 1);
            this.history = p.before(fold.trainEnd());
            this.validActual = Arrays.copyOfRange(p.values, fold.trainEnd(), fold.origin());
            this.maseDefined = history.length > p.period && ForecastMetrics.seasonalNaiveScale(history, p.period) > 0;
        }

        Batch batch(SeriesWindows w, int[] rows, boolean targets, Engine engine) {
            double[][] fut = headFuture != null ? headFuture : fedFuture;
            Tensor future = fut == null ? null : w.futureTensor(engine, rows, fut);
            return new Batch(w.inputTensor(engine, rows), future, targets ? w.targetTensor(engine, rows) : null);
        }
    }

    private static double[][] calendar(Part p) {
        if (p.cycles().length == 0) {
            throw new IllegalArgumentException("ForecastingTask: " + p.name + " is a yearly series, which has no "
                    + "calendar cycle to encode; drop the calendar option");
        }
        // Covariates of the last test steps run to the end of the series, which the dates cover.
        return CalendarFeatures.of(p.series.timestamps(), p.cycles());
    }

    private static double[][] columnsToRows(List<double[]> columns, int n) {
        double[][] out = new double[n][columns.size()];
        for (int t = 0; t < n; t++) {
            for (int c = 0; c < columns.size(); c++) {
                out[t][c] = columns.get(c)[t];
            }
        }
        return out;
    }

    private static double[][] dropFirstColumn(double[][] in) {
        double[][] out = new double[in.length][];
        for (int t = 0; t < in.length; t++) {
            out[t] = Arrays.copyOfRange(in[t], 1, in[t].length);
        }
        return out;
    }

    /**
     * A model trained on what precedes fold {@code foldIndex} of each of its series (one series for a local model,
     * every series for a global one), with the data preparation it was trained with.
     */
    private final class ModelFit implements TrialTemplate.Fit<Forecaster, Batch> {
        private final Engine engine;
        private final TrialSpec spec;
        private final ModelSpec model;
        private final List<Prepared> prepared = new ArrayList<>();
        private final boolean onlyThisFold;
        private final Prediction[][] predictions;
        private final int[] trainingOffsets;

        ModelFit(Engine engine, TrialSpec spec, ModelSpec model, List<Part> ps, int foldIndex, boolean onlyThisFold,
                 Prediction[][] predictions) {
            this.engine = engine;
            this.spec = spec;
            this.model = model;
            this.onlyThisFold = onlyThisFold;
            this.predictions = predictions;
            for (Part p : ps) {
                prepared.add(new Prepared(model, p, p.folds.get(foldIndex)));
            }
            trainingOffsets = new int[prepared.size() + 1];
            for (int i = 0; i < prepared.size(); i++) {
                trainingOffsets[i + 1] = trainingOffsets[i] + prepared.get(i).training.size();
            }
        }

        @Override
        public Forecaster build(RandomSource init) {
            Prepared p = prepared.get(0);
            return new Forecaster(engine, model, p.windows.features(), headFeatures(model, p.part), p.part.lookback,
                    p.part.horizon, init);
        }

        @Override
        public LossFunction<Forecaster, Batch> loss() {
            String lossName = options.loss();
            Forecaster.Likelihood likelihood = model.heads().likelihood();
            return (Forecaster m, Batch b) -> {
                if (likelihood != Forecaster.Likelihood.NONE) {
                    Forecaster.Output out = m.output(b.x(), b.future());
                    return likelihood == Forecaster.Likelihood.GAUSSIAN
                            ? Losses.gaussianNllSoftplus(out.point(), out.rawScale(), b.y(), Forecaster.MIN_SCALE)
                            : Losses.quantile(out.quantiles(), b.y(), Forecaster.QUANTILES);
                }
                Tensor pred = b.y().dim(1) == m.horizon() ? m.forward(b.x(), b.future()) : m.step(b.x());
                return switch (lossName) {
                    case "huber" -> Losses.huber(pred, b.y(), 1.0);
                    case "mae" -> Losses.mae(pred, b.y());
                    default -> Losses.mse(pred, b.y());
                };
            };
        }

        @Override
        public BatchSource<Batch> training() {
            if (prepared.size() == 1) {
                Prepared p = prepared.get(0);
                return TrialTemplate.examples(p.training.size(), rows -> p.batch(p.training, rows, true, engine));
            }
            return TrialTemplate.examples(trainingOffsets[prepared.size()], this::pooledBatch);
        }

        /** A batch of windows drawn from several series, grouped by series (the loss is a mean, so order is moot). */
        private Batch pooledBatch(int[] indices) {
            List<Tensor> xs = new ArrayList<>(), fs = new ArrayList<>(), ys = new ArrayList<>();
            for (int s = 0; s < prepared.size(); s++) {
                int from = trainingOffsets[s], to = trainingOffsets[s + 1];
                int[] rows = Arrays.stream(indices).filter(i -> i >= from && i < to).map(i -> i - from).toArray();
                if (rows.length == 0) {
                    continue;
                }
                Prepared p = prepared.get(s);
                Batch b = p.batch(p.training, rows, true, engine);
                xs.add(b.x());
                ys.add(b.y());
                if (b.future() != null) {
                    fs.add(b.future());
                }
            }
            return new Batch(concat(xs), fs.isEmpty() ? null : concat(fs), concat(ys));
        }

        private Tensor concat(List<Tensor> ts) {
            return ts.size() == 1 ? ts.get(0) : Tensor.concat(ts, 0);
        }

        @Override
        public BatchSource<Batch> validation() {
            if (prepared.size() == 1) {
                Prepared p = prepared.get(0);
                int[] row = {p.windows.indexOfOrigin(p.fold.validationStart())};
                return TrialTemplate.examples(1, indices -> p.batch(p.windows, pick(row, indices), true, engine));
            }
            return TrialTemplate.examples(prepared.size(), indices -> {
                List<Tensor> xs = new ArrayList<>(), fs = new ArrayList<>(), ys = new ArrayList<>();
                for (int i : indices) {
                    Prepared p = prepared.get(i);
                    Batch b = p.batch(p.windows, new int[] {p.windows.indexOfOrigin(p.fold.validationStart())}, true,
                            engine);
                    xs.add(b.x());
                    ys.add(b.y());
                    if (b.future() != null) {
                        fs.add(b.future());
                    }
                }
                return new Batch(concat(xs), fs.isEmpty() ? null : concat(fs), concat(ys));
            });
        }

        private int[] pick(int[] rows, int[] indices) {
            int[] picked = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                picked[i] = rows[indices[i]];
            }
            return picked;
        }

        @Override
        public ToIntFunction<Batch> tokens() {
            int lookback = prepared.get(0).part.lookback;
            return b -> b.x().dim(0) * lookback;
        }

        @Override
        public void configure(Trainer<Forecaster, Batch> trainer) {
            if (spec.train().patience() <= 0) {
                trainer.restoreBest(true);
            }
        }

        /** The validation MASE of the epoch (the mean over the series): one window each, as cheap as the loss. */
        @Override
        public double epochMetric(Forecaster m, EpochResult epoch) {
            double sum = 0;
            for (Prepared p : prepared) {
                if (!p.maseDefined) {
                    return Double.NaN;
                }
                sum += ForecastMetrics.mase(p.validActual, predict(m, p, p.fold.trainEnd()).point(), p.history,
                        p.part.period);
            }
            return sum / prepared.size();
        }

        @Override
        public void predict(Forecaster m) {
            for (Prepared p : prepared) {
                for (Fold f : onlyThisFold ? List.of(p.fold) : p.part.folds) {
                    predictions[p.part.index][f.index()] = predict(m, p, f.origin());
                }
            }
        }

        /** The forecast from {@code origin} on the original scale, from the observed steps before it only. */
        private Prediction predict(Forecaster m, Prepared p, int origin) {
            m.eval();
            try (var ignored = engine.noGrad(); var scope = engine.scope()) {
                Batch b = p.batch(p.windows, new int[] {p.windows.indexOfOrigin(origin)}, false, engine);
                Scaler sc = p.scaler;
                if (m.strategy() == Forecaster.Strategy.RECURSIVE || m.likelihood() == Forecaster.Likelihood.NONE) {
                    return new Prediction(sc.inverse(m.forward(b.x(), b.future()).toDoubleArray()), null, null);
                }
                Forecaster.Output out = m.output(b.x(), b.future());
                double[] point = sc.inverse(out.point().toDoubleArray());
                if (m.likelihood() == Forecaster.Likelihood.GAUSSIAN) {
                    double[] sd = out.sd().toDoubleArray();
                    for (int h = 0; h < sd.length; h++) {
                        sd[h] *= sc.scale();
                    }
                    return new Prediction(point, Forecast.gaussian(model.name(), point, sd), null);
                }
                double[] q = out.quantiles().toDoubleArray(); // (1, horizon, Q)
                int levels = Forecaster.QUANTILES.length, horizon = point.length;
                double[][] byLevel = new double[levels][horizon];
                for (int h = 0; h < horizon; h++) {
                    double[] step = new double[levels];
                    for (int k = 0; k < levels; k++) {
                        step[k] = sc.inverse(q[h * levels + k]);
                    }
                    Arrays.sort(step); // rearranged so that the quantiles never cross
                    for (int k = 0; k < levels; k++) {
                        byLevel[k][h] = step[k];
                    }
                }
                double[] median = byLevel[quantileIndex(0.5)].clone();
                return new Prediction(median, null, byLevel);
            } finally {
                m.train();
            }
        }
    }

    // ------------------------------------------------------------------ scoring

    /** One series' metrics and extras from its predictions at every origin. */
    private ForecastExtras.SeriesForecast seriesForecast(Part p, Prediction[] preds) {
        int horizon = p.horizon;
        int points = p.folds.size() * horizon;
        double[] actual = new double[points], forecast = new double[points];
        boolean probabilistic = Arrays.stream(preds).allMatch(Prediction::probabilistic);
        double[][] bounds = probabilistic ? new double[4][points] : null;
        double mase = 0, crps = 0, pinball = 0;
        List<Double> scales = new ArrayList<>();
        List<Integer> steps = new ArrayList<>();
        List<String> dates = new ArrayList<>();
        for (Fold f : p.folds) {
            double[] a = Arrays.copyOfRange(p.values, f.origin(), f.testEnd());
            Prediction pr = preds[f.index()];
            double[] pt = pr.point();
            int at = f.index() * horizon;
            System.arraycopy(a, 0, actual, at, horizon);
            System.arraycopy(pt, 0, forecast, at, horizon);
            double[] before = p.before(f.origin());
            mase += ForecastMetrics.mase(a, pt, before, p.period);
            scales.add(ForecastMetrics.seasonalNaiveScale(before, p.period));
            crps += crps(a, pr) * horizon;
            pinball += pinball(a, pr) * horizon;
            for (int h = 0; h < horizon; h++) {
                steps.add(f.origin() + h);
                dates.add(p.series.timestamps().get(f.origin() + h).toString());
                if (probabilistic) {
                    bounds[0][at + h] = pr.lower(0.8, h);
                    bounds[1][at + h] = pr.upper(0.8, h);
                    bounds[2][at + h] = pr.lower(0.95, h);
                    bounds[3][at + h] = pr.upper(0.95, h);
                }
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("mase", mase / p.folds.size());
        m.put("mae", ForecastMetrics.mae(actual, forecast));
        m.put("rmse", ForecastMetrics.rmse(actual, forecast));
        m.put("smape", ForecastMetrics.smape(actual, forecast));
        m.put("crps", crps / points);
        m.put("pinball", pinball / points);
        m.put("coverage80", probabilistic ? ProbabilisticMetrics.coverage(actual, bounds[0], bounds[1]) : Double.NaN);
        m.put("coverage95", probabilistic ? ProbabilisticMetrics.coverage(actual, bounds[2], bounds[3]) : Double.NaN);
        int first = p.folds.get(0).validationStart();
        int from = Math.max(0, first - p.lookback);
        List<Double> history = new ArrayList<>();
        List<String> historyDates = new ArrayList<>();
        for (int t = from; t < p.values.length; t++) {
            history.add(p.values[t]);
            historyDates.add(p.series.timestamps().get(t).toString());
        }
        return new ForecastExtras.SeriesForecast(p.name, p.lookback, horizon, p.period,
                p.folds.stream().map(Fold::origin).toList(), scales, first, steps, dates, boxed(forecast), boxed(actual),
                probabilistic ? boxed(bounds[0]) : List.of(), probabilistic ? boxed(bounds[1]) : List.of(),
                probabilistic ? boxed(bounds[2]) : List.of(), probabilistic ? boxed(bounds[3]) : List.of(), from,
                historyDates, history, m);
    }

    /** Mean CRPS of one origin's forecast (see the class notes for each kind of forecast). */
    private static double crps(double[] actual, Prediction p) {
        if (p.distribution() != null) {
            Forecast d = p.distribution();
            return d.isGaussian() ? ProbabilisticMetrics.crpsGaussian(actual, d.mean(), d.scale())
                    : ProbabilisticMetrics.crpsStudentT(actual, d.mean(), d.scale(), d.degreesOfFreedom());
        }
        if (p.quantiles() != null) {
            return ProbabilisticMetrics.crpsQuantiles(actual, PINBALL_LEVELS, atPinballLevels(p));
        }
        return ForecastMetrics.mae(actual, p.point());
    }

    /** Mean pinball loss of one origin's forecast over {@link #PINBALL_LEVELS}. */
    private static double pinball(double[] actual, Prediction p) {
        double[][] q;
        if (p.distribution() != null) {
            q = new double[PINBALL_LEVELS.length][];
            for (int k = 0; k < q.length; k++) {
                q[k] = p.distribution().quantiles(PINBALL_LEVELS[k]);
            }
        } else if (p.quantiles() != null) {
            q = atPinballLevels(p);
        } else {
            q = new double[PINBALL_LEVELS.length][];
            Arrays.fill(q, p.point());
        }
        return ProbabilisticMetrics.pinball(actual, PINBALL_LEVELS, q);
    }

    private static double[][] atPinballLevels(Prediction p) {
        return Arrays.copyOfRange(p.quantiles(), 1, 1 + PINBALL_LEVELS.length);
    }

    private static List<Double> boxed(double[] v) {
        return Arrays.stream(v).boxed().toList();
    }

    // ------------------------------------------------------------------ across series

    /**
     * Per series, model and engine, the mean over seeds of each metric, as forecasting papers tabulate them: columns
     * {@code series, model, engine, n, <metric>_mean...}, rows in the task's series order, best MASE first within a
     * series.
     */
    public static Table perSeries(Results results) {
        return CrossSeries.perSeries(results);
    }

    /**
     * The cross-series summary forecasting papers give (e.g. the M4 competition's tables): per model and engine, the
     * mean rank of its MASE over the series (1 = best; ties share the mean rank; baselines ranked too), the geometric
     * mean of its MASE relative to the seasonal naive forecast's on the same series (below 1 beats it, as in Hyndman
     * and Koehler 2006, "Another look at measures of forecast accuracy", IJF 22(4), section 3.4), the arithmetic mean
     * MASE, the mean rank of its CRPS, and how many series it is best on. Sorted by the geometric mean.
     */
    public static Table acrossSeries(Results results) {
        return CrossSeries.summary(results);
    }

    @Override
    public List<Table> summaries(Results results) {
        return parts.size() > 1 ? List.of(acrossSeries(results)) : List.of();
    }

    /**
     * The cross-series summary and per-series tables (panels), and each series' test forecasts against its actual
     * tail with the 80% and 95% prediction intervals as bands. Works on results read back from disk too.
     */
    @Override
    public void addToReport(Results results, seqlab.plot.HtmlReport report) {
        CrossSeries.addToReport(results, report);
    }

    /** The first series' forecast chart ({@link CrossSeries#forecastChart}). */
    public static tech.tablesaw.plotly.components.Figure forecastChart(Results results) {
        return CrossSeries.forecastChart(results, 0);
    }

    @Override
    public String toString() {
        Part p = parts.get(0);
        String cut = parts.size() == 1
                ? values(p) + ", lookback " + p.lookback + ", horizon " + p.horizon + ", seasonal period " + p.period
                : parts.size() + " series (" + String.join(", ", parts.stream().map(x -> x.name + " " + values(x) + " h="
                        + x.horizon).toList()) + ")" + (options.global() ? ", one global model"
                        + (options.seriesId() ? " with series ids" : "") : "");
        return "ForecastingTask[" + (parts.size() == 1 ? dataset() + ", " : "") + cut + ", "
                + (p.folds.size() == 1 ? "hold-out" : p.folds.size() + " origins" + (options.retrain() ? ", retrained" : ""))
                + ", loss " + options.loss() + "]";
    }

    private static String values(Part p) {
        return p.values.length + " " + p.series.frequency().label() + " points";
    }
}
