package seqlab.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
import seqlab.forecast.SimpleMethod;
import seqlab.metric.ForecastMetrics;
import seqlab.model.Baseline;
import seqlab.model.Candidate;
import seqlab.model.Forecaster;
import seqlab.model.ModelSpec;
import seqlab.model.TaskHeads;
import seqlab.plot.Charts;
import seqlab.train.BatchSource;
import seqlab.train.EpochResult;
import seqlab.train.LossFunction;
import seqlab.train.Losses;
import seqlab.train.Trainer;
import tech.tablesaw.plotly.components.Figure;

/**
 * Forecasting one {@link TimeSeries}: the last {@code horizon} points are the test part, the {@code horizon} points
 * before them the validation part (early stopping), everything earlier the training part. A {@link Scaler#standard}
 * scaler is fitted on the training part only, models see windows of {@code lookback} scaled steps and forecast the
 * next {@code horizon}, and every metric is computed on the original scale.
 *
 * <pre>{@code
 * var task = new ForecastingTask(Datasets.airline());          // lookback 24, horizon 12, period 12
 * var results = Experiment.on(task)
 *     .compare(Models.lstm(64), Models.gru(64), Models.cnn(64), Models.transformer(1, 32, 4))
 *     .train(t -> t.epochs(100).batchSize(16).adam(3e-3).patience(15))
 *     .run();                                                   // naive, seasonal naive, drift, mean included
 * }</pre>
 *
 * <p><b>Metrics</b> ({@link ForecastMetrics}): {@code mase} (the main one; lower is better; scaled by the in-sample
 * seasonal naive error of everything before the forecast origin, with the series' seasonal period), {@code mae},
 * {@code rmse}, {@code smape}. With a rolling-origin backtest ({@link Options#backtest}) MAE, RMSE and sMAPE pool
 * every test point of every origin, and MASE is the mean of the origins' MASE (each origin has its own scale).
 *
 * <p><b>Baselines</b> ({@link #baselines()}), computed from everything observed before the origin, no training:
 * {@code naive} (the last value), {@code seasonal-naive} (the value one season before; left out for series without
 * a season), {@code drift} (the line through the first and last values, Hyndman and Athanasopoulos, "Forecasting:
 * principles and practice", 3rd ed., section 5.2) and {@code mean} (the historical mean).
 *
 * <p><b>Models</b>: {@code rnn}, {@code lstm}, {@code gru}, {@code transformer} and {@code cnn} specs, built as a
 * {@link Forecaster} (task heads {@code strategy=direct|recursive}, {@code head}, {@code level}; {@code calendar}
 * adds cyclical calendar features of the series' dates), trained on {@link SeriesWindows} of the scaled series.
 * Training follows the trial's {@link TrainConfig}: the optimizer, batch size, clipping, schedule, and early
 * stopping on the validation loss with the best epoch's weights restored ({@code patience} 0 still restores the
 * best epoch).
 *
 * <p><b>Extras</b> of each trial ({@link ForecastExtras}): every test point's step, date, forecast and actual value,
 * the origins, and the tail of the series from one lookback before the first validation point, for paired tests
 * and the forecast-versus-actual chart.
 */
public final class ForecastingTask implements Task {

    /** The trainable families. */
    public static final List<String> FAMILIES = List.of("rnn", "lstm", "gru", "transformer", "cnn");

    private static final List<String> BASELINES = List.of("naive", "seasonal-naive", "drift", "mean");
    private static final List<String> METRICS = List.of("mase", "mae", "rmse", "smape");

    /**
     * How the series is cut and scored.
     *
     * @param lookback steps each input window holds; 0 picks {@code max(12, 2 * horizon)}
     * @param horizon  steps forecast from each origin; 0 picks the seasonal period when it is between 2 and 60,
     *                 else 12
     * @param origins  forecast origins: 1 is a single hold-out (the last {@code horizon} points); k &gt; 1 is a
     *                 rolling-origin backtest over the last k non-overlapping horizons (Tashman 2000)
     * @param retrain  with several origins, train a fresh model (and scaler) for each origin; otherwise one model
     *                 is trained on what precedes the first origin and forecasts from every origin
     * @param loss     {@code mse} (default), {@code huber} (delta 1 on the scaled series) or {@code mae}
     */
    public record Options(int lookback, int horizon, int origins, boolean retrain, String loss) {

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
        }

        /** Automatic lookback and horizon, a single hold-out, MSE. */
        public static Options defaults() {
            return new Options(0, 0, 1, false, "mse");
        }

        public Options lookback(int steps) {
            return new Options(steps, horizon, origins, retrain, loss);
        }

        public Options horizon(int steps) {
            return new Options(lookback, steps, origins, retrain, loss);
        }

        /** A rolling-origin backtest over the last {@code k} horizons. */
        public Options backtest(int k) {
            return new Options(lookback, horizon, k, retrain, loss);
        }

        /** Whether each backtest origin trains its own model. */
        public Options retrain(boolean on) {
            return new Options(lookback, horizon, origins, on, loss);
        }

        public Options loss(String name) {
            return new Options(lookback, horizon, origins, retrain, name);
        }

        public Options huber() {
            return loss("huber");
        }
    }

    /**
     * One forecast origin: training on {@code [0, trainEnd)}, validation on {@code [trainEnd, origin)}, test on
     * {@code [origin, testEnd)}.
     */
    public record Fold(int index, int trainEnd, int origin, int testEnd) {
        public int validationStart() {
            return trainEnd;
        }
    }

    private final TimeSeries series;
    private final double[] values;
    private final Options options;
    private final int period;
    private final int horizon;
    private final int lookback;
    private final List<Fold> folds;
    private final String dataHash;

    /** A single hold-out with automatic lookback and horizon. */
    public ForecastingTask(TimeSeries series) {
        this(series, Options.defaults());
    }

    public ForecastingTask(TimeSeries series, Options options) {
        this.series = series;
        this.values = series.values();
        this.options = options;
        this.period = series.seasonalPeriod();
        this.horizon = options.horizon() > 0 ? options.horizon() : (period >= 2 && period <= 60 ? period : 12);
        this.lookback = options.lookback() > 0 ? options.lookback() : Math.max(12, 2 * horizon);
        int n = values.length;
        String what = "ForecastingTask on " + series.info().name() + "/" + series.column() + " (" + n + " points)";
        int needed = lookback + 2 * horizon + horizon * options.origins();
        if (n < needed) {
            throw new IllegalArgumentException(what + ": lookback " + lookback + ", horizon " + horizon + " and "
                    + options.origins() + " origin(s) need at least " + needed + " points (one training window, a "
                    + "validation and a test part per origin); use a shorter lookback or horizon, or fewer origins");
        }
        List<Fold> fs = new ArrayList<>();
        for (var f : RollingOrigin.expanding(horizon).folds(options.origins()).splits(n)) {
            fs.add(new Fold(f.index(), f.origin() - horizon, f.origin(), f.testEnd()));
        }
        this.folds = List.copyOf(fs);
        this.dataHash = series.contentHash();
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

    /** Whether {@code candidate} is one of the baselines (computed, not trained). */
    public static boolean isBaseline(Candidate candidate) {
        return candidate instanceof Baseline b && BASELINES.contains(b.kind());
    }

    // ------------------------------------------------------------------ Task

    @Override
    public String name() {
        return "forecasting";
    }

    @Override
    public String dataset() {
        return series.info().name() + ":" + series.column();
    }

    /** The content hash of the series' dates, values, frequency and season ({@link TimeSeries#contentHash()}). */
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
        List<Baseline> b = new ArrayList<>();
        b.add(naive());
        if (period > 1) {
            b.add(seasonalNaive());
        }
        b.add(drift());
        b.add(mean());
        return List.copyOf(b);
    }

    @Override
    public List<String> families() {
        return FAMILIES;
    }

    @Override
    public Set<String> headSettings() {
        return TaskHeads.FORECASTING;
    }

    @Override
    public long parameterCount(ModelSpec spec) {
        return Forecaster.parameterCount(spec, features(spec), lookback, horizon);
    }

    /** The model's weights over each training window's lookback, for every model the trial trains (one per origin). */
    @Override
    public double trialCost(seqlab.model.Candidate candidate, TrainConfig train) {
        if (!(candidate instanceof ModelSpec m)) {
            return 0;
        }
        double work = 0;
        for (Fold f : options.retrain() ? folds : List.of(folds.get(0))) {
            long windows = Math.max(1, f.trainEnd() - lookback - horizon + 1);
            work += Task.trainingWork(parameterCount(m), windows, lookback, train);
        }
        return work;
    }

    public TimeSeries series() {
        return series;
    }

    @Override
    public Options options() {
        return options;
    }

    public int lookback() {
        return lookback;
    }

    public int horizon() {
        return horizon;
    }

    public int seasonalPeriod() {
        return period;
    }

    /** The forecast origins, earliest first (one for a single hold-out). */
    public List<Fold> folds() {
        return folds;
    }

    /** The scaler a model trained for {@code fold} uses: fitted on that fold's training part only. */
    public Scaler scaler(Fold fold) {
        return Scaler.standard(values, fold.trainEnd());
    }

    /** Input features per step for {@code spec}: the series, plus two per calendar cycle with {@code calendar}. */
    public int features(ModelSpec spec) {
        return 1 + (spec.heads().calendar() ? 2 * cycles().length : 0);
    }

    private Cycle[] cycles() {
        return switch (series.frequency()) {
            case MONTHLY -> new Cycle[] {Cycle.MONTH_OF_YEAR};
            case WEEKLY -> new Cycle[] {Cycle.DAY_OF_YEAR};
            case DAILY -> new Cycle[] {Cycle.DAY_OF_WEEK, Cycle.DAY_OF_YEAR};
            case YEARLY -> new Cycle[0];
        };
    }

    /**
     * The baseline forecast of {@code horizon} steps from {@code origin}, using only {@code values[0 .. origin)}.
     */
    public static double[] baselineForecast(String kind, double[] values, int origin, int horizon, int period) {
        return SimpleMethod.of(kind).pointForecast(values, origin, period, horizon);
    }

    @Override
    public TrialResult run(TrialSpec spec, Engine engine, TrialListener listener) {
        return TrialTemplate.run(spec, engine, listener, new Trial(spec, engine));
    }

    /** One trial: a baseline's forecasts, or the model(s) it trains and their forecasts from every origin. */
    private final class Trial implements TrialTemplate.Hooks {
        private final TrialSpec spec;
        private final Engine engine;
        private final double[][] forecasts = new double[folds.size()][];
        private Map<String, Double> validation = Map.of();

        Trial(TrialSpec spec, Engine engine) {
            this.spec = spec;
            this.engine = engine;
        }

        @Override
        public List<? extends TrialTemplate.Fit<?, ?>> fits() {
            if (spec.model() instanceof Baseline b) {
                for (Fold f : folds) {
                    forecasts[f.index()] = baselineForecast(b.kind(), values, f.origin(), horizon, period);
                }
                // the first origin's validation window, where the models' curve measures MASE
                Fold first = folds.get(0);
                double[] history = Arrays.copyOf(values, first.trainEnd());
                if (history.length > period && seasonalScale(history) > 0) {
                    double[] actual = Arrays.copyOfRange(values, first.trainEnd(), first.origin());
                    validation = Map.of("mase", ForecastMetrics.mase(actual,
                            baselineForecast(b.kind(), values, first.trainEnd(), horizon, period), history, period));
                }
                return List.of();
            }
            ModelSpec m = (ModelSpec) spec.model();
            List<FoldFit> fits = new ArrayList<>();
            for (Fold f : options.retrain() ? folds : List.of(folds.get(0))) {
                fits.add(new FoldFit(spec, engine, m, f, options.retrain() ? List.of(f) : folds, forecasts));
            }
            return fits;
        }

        @Override
        public TrialTemplate.Outcome outcome() {
            return new TrialTemplate.Outcome(metrics(forecasts), validation,
                    extras(forecasts, spec.model() instanceof Baseline));
        }
    }

    // ------------------------------------------------------------------ training

    /** What a model is fed: windows, the covariates of their forecast steps (or null), and scaled targets (or null). */
    record Batch(Tensor x, Tensor future, Tensor y) {
    }

    /** A model trained on what precedes one origin, with the data preparation it was trained with. */
    private final class FoldFit implements TrialTemplate.Fit<Forecaster, Batch> {
        private final TrialSpec spec;
        private final Engine engine;
        private final ModelSpec model;
        private final Fold fold;
        private final List<Fold> scored;
        private final double[][] forecasts;
        private final Scaler scaler;
        private final double[][] calendar;   // [time][2 * cycles], or null
        private final SeriesWindows training; // targets of one step (recursive) or the horizon, inside [0, trainEnd)
        private final SeriesWindows windows;  // every window with a full horizon: validation and test origins
        private final double[] history;       // what is observed before validation, for the validation MASE scale
        private final double[] validActual;
        private final boolean maseDefined;

        FoldFit(TrialSpec spec, Engine engine, ModelSpec model, Fold fold, List<Fold> scored, double[][] forecasts) {
            this.spec = spec;
            this.engine = engine;
            this.model = model;
            this.fold = fold;
            this.scored = scored;
            this.forecasts = forecasts;
            this.scaler = scaler(fold);
            double[] scaled = scaler.transform(values);
            this.calendar = model.heads().calendar() ? calendar() : null;
            double[][] inputs = calendar == null ? column(scaled) : CalendarFeatures.withSeries(scaled, calendar);
            // A recursive model learns the next value; it is unrolled over the horizon only to be validated and tested.
            int targetSteps = model.heads().strategy() == Forecaster.Strategy.RECURSIVE ? 1 : horizon;
            try {
                this.training = SeriesWindows.of(inputs, scaled, lookback, targetSteps, 1).targetsWithin(0, fold.trainEnd());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ForecastingTask: the training part [0, " + fold.trainEnd()
                        + ") holds no window of lookback " + lookback + " and horizon " + targetSteps
                        + "; use a shorter lookback or horizon", e);
            }
            this.windows = SeriesWindows.of(inputs, scaled, lookback, horizon, 1);
            this.history = Arrays.copyOf(values, fold.trainEnd());
            this.validActual = Arrays.copyOfRange(values, fold.trainEnd(), fold.origin());
            this.maseDefined = history.length > period && seasonalScale(history) > 0;
        }

        @Override
        public Forecaster build(RandomSource init) {
            return new Forecaster(engine, model, windows.features(), lookback, horizon, init);
        }

        @Override
        public LossFunction<Forecaster, Batch> loss() {
            String lossName = options.loss();
            return (Forecaster m, Batch b) -> {
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
            return source(training, null);
        }

        @Override
        public BatchSource<Batch> validation() {
            return source(windows, new int[] {windows.indexOfOrigin(fold.validationStart())});
        }

        /** Batches of {@code w}'s windows ({@code rows}: those positions, null: all), with their targets. */
        private BatchSource<Batch> source(SeriesWindows w, int[] rows) {
            return TrialTemplate.examples(rows == null ? w.size() : rows.length, indices -> {
                int[] picked = indices;
                if (rows != null) {
                    picked = new int[indices.length];
                    for (int i = 0; i < indices.length; i++) {
                        picked[i] = rows[indices[i]];
                    }
                }
                return batch(w, picked, true);
            });
        }

        private Batch batch(SeriesWindows w, int[] rows, boolean targets) {
            Tensor future = calendar == null ? null : w.futureTensor(engine, rows, calendar);
            return new Batch(w.inputTensor(engine, rows), future, targets ? w.targetTensor(engine, rows) : null);
        }

        @Override
        public ToIntFunction<Batch> tokens() {
            return b -> b.x().dim(0) * lookback;
        }

        @Override
        public void configure(Trainer<Forecaster, Batch> trainer) {
            if (spec.train().patience() <= 0) {
                trainer.restoreBest(true);
            }
        }

        /** The validation MASE of the epoch: one window, as cheap as the validation loss the trainer computed. */
        @Override
        public double epochMetric(Forecaster m, EpochResult epoch) {
            return maseDefined ? ForecastMetrics.mase(validActual, forecast(m, fold.trainEnd()), history, period)
                    : Double.NaN;
        }

        @Override
        public void predict(Forecaster m) {
            for (Fold f : scored) {
                forecasts[f.index()] = forecast(m, f.origin());
            }
        }

        /** The forecast from {@code origin} on the original scale, from the observed steps before it only. */
        private double[] forecast(Forecaster m, int origin) {
            m.eval();
            try (var ignored = engine.noGrad(); var scope = engine.scope()) {
                Batch b = batch(windows, new int[] {windows.indexOfOrigin(origin)}, false);
                return scaler.inverse(m.forward(b.x(), b.future()).toDoubleArray());
            } finally {
                m.train();
            }
        }
    }

    private double[][] calendar() {
        Cycle[] cs = cycles();
        if (cs.length == 0) {
            throw new IllegalArgumentException("ForecastingTask: " + series.info().name() + " is a yearly series, which "
                    + "has no calendar cycle to encode; drop the calendar option");
        }
        // Future covariates of the last test steps run to the end of the series, which the dates cover.
        return CalendarFeatures.of(series.timestamps(), cs);
    }

    private static double[][] column(double[] v) {
        double[][] out = new double[v.length][1];
        for (int i = 0; i < v.length; i++) {
            out[i][0] = v[i];
        }
        return out;
    }

    // ------------------------------------------------------------------ scoring

    private double seasonalScale(double[] history) {
        double s = 0;
        for (int t = period; t < history.length; t++) {
            s += Math.abs(history[t] - history[t - period]);
        }
        return s;
    }

    private Map<String, Double> metrics(double[][] forecasts) {
        double[] actual = new double[folds.size() * horizon];
        double[] forecast = new double[actual.length];
        double mase = 0;
        for (Fold f : folds) {
            double[] a = Arrays.copyOfRange(values, f.origin(), f.testEnd());
            double[] p = forecasts[f.index()];
            System.arraycopy(a, 0, actual, f.index() * horizon, horizon);
            System.arraycopy(p, 0, forecast, f.index() * horizon, horizon);
            mase += ForecastMetrics.mase(a, p, Arrays.copyOf(values, f.origin()), period);
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("mase", mase / folds.size());
        m.put("mae", ForecastMetrics.mae(actual, forecast));
        m.put("rmse", ForecastMetrics.rmse(actual, forecast));
        m.put("smape", ForecastMetrics.smape(actual, forecast));
        return m;
    }

    private ForecastExtras extras(double[][] forecasts, boolean baseline) {
        int first = folds.get(0).validationStart();
        int from = Math.max(0, first - lookback);
        List<Integer> steps = new ArrayList<>();
        List<String> dates = new ArrayList<>();
        List<Double> forecast = new ArrayList<>(), actual = new ArrayList<>(), history = new ArrayList<>();
        for (Fold f : folds) {
            for (int h = 0; h < horizon; h++) {
                steps.add(f.origin() + h);
                dates.add(series.timestamps().get(f.origin() + h).toString());
                forecast.add(forecasts[f.index()][h]);
                actual.add(values[f.origin() + h]);
            }
        }
        for (int t = from; t < values.length; t++) {
            history.add(values[t]);
        }
        return new ForecastExtras(baseline, lookback, horizon, period, folds.stream().map(Fold::origin).toList(), first,
                steps, dates, forecast, actual, from, history);
    }

    /**
     * The test forecasts of every model against the actual tail of the series (one trial per model: the lowest
     * seed on the first engine), baselines dashed. Works on results read back from disk too.
     */
    @Override
    public void addToReport(Results results, seqlab.plot.HtmlReport report) {
        if (results.trials().stream().anyMatch(r -> r != null && r.ok() && r.extras() instanceof ForecastExtras)) {
            report.heading("Forecasts");
            report.figure(forecastChart(results), "Test-window forecasts against the actual series (first seed)");
        }
    }

    public static Figure forecastChart(Results results) {
        Map<String, TrialResult> first = new LinkedHashMap<>();
        for (TrialResult r : results.trials()) {
            if (r != null && r.ok() && r.extras() instanceof ForecastExtras) {
                first.merge(r.spec().model().name(), r, (a, b) -> b.spec().seed() < a.spec().seed() ? b : a);
            }
        }
        if (first.isEmpty()) {
            throw new IllegalArgumentException("forecastChart: no successful forecasting trial in these results");
        }
        ForecastExtras any = first.values().iterator().next().forecast();
        Map<String, double[][]> lines = new LinkedHashMap<>();
        for (var e : first.entrySet()) {
            ForecastExtras x = e.getValue().forecast();
            // Charts.forecast dashes the lines whose name starts with "baseline"
            String label = x.baseline() ? "baseline " + e.getKey() : e.getKey();
            lines.put(label, new double[][] {x.stepsAsDoubles(), x.forecast().stream().mapToDouble(Double::doubleValue).toArray()});
        }
        double[] ax = new double[any.history().size()];
        for (int i = 0; i < ax.length; i++) {
            ax[i] = any.historyStart() + i;
        }
        return Charts.forecast("Test forecasts: " + results.task().dataset(), ax,
                any.history().stream().mapToDouble(Double::doubleValue).toArray(), lines);
    }

    @Override
    public String toString() {
        return "ForecastingTask[" + dataset() + ", " + values.length + " " + series.frequency().label() + " points, lookback "
                + lookback + ", horizon " + horizon + ", seasonal period " + period + ", "
                + (folds.size() == 1 ? "hold-out" : folds.size() + " origins" + (options.retrain() ? ", retrained" : ""))
                + ", loss " + options.loss() + "]";
    }
}
