package seqlab.experiment;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import seqlab.data.CalendarFeatures;
import seqlab.data.CalendarFeatures.Cycle;
import seqlab.data.RollingOrigin;
import seqlab.data.Scaler;
import seqlab.data.TimeSeries;
import seqlab.engine.Engine;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.forecast.SimpleMethod;
import seqlab.metric.ForecastMetrics;
import seqlab.model.Forecaster;
import seqlab.model.ModelSpec;
import seqlab.plot.Charts;
import seqlab.train.BatchSource;
import seqlab.train.EpochResult;
import seqlab.train.History;
import seqlab.train.Losses;
import seqlab.train.Seeds;
import seqlab.train.Trainer;
import seqlab.train.TrainingListener;
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
 * {@link Forecaster} (options {@code strategy=direct|recursive}, {@code head}, {@code level}; {@code calendar}
 * adds cyclical calendar features of the series' dates). Training follows the trial's {@link TrainConfig}: the
 * optimizer, batch size, clipping, and early stopping on the validation loss with the best epoch's weights
 * restored ({@code patience} 0 still restores the best epoch).
 *
 * <p><b>Extras</b> of each trial, for a forecast-versus-actual chart: {@code forecast_x} (series step of each
 * forecast value), {@code forecast}, {@code forecast_dates}, {@code actual_x}, {@code actual} and
 * {@code actual_dates} (the tail of the series from one lookback before the first validation point),
 * {@code origins}, {@code validation_start}, {@code baseline} (true for the baselines).
 */
public final class ForecastingTask implements Task {

    /** The trainable families. */
    public static final List<String> FAMILIES = List.of("rnn", "lstm", "gru", "transformer", "cnn");

    private static final Set<String> BASELINES = Set.of("naive", "seasonal-naive", "drift", "mean");
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
    private final String checksum;

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
        this.checksum = checksum(series);
    }

    // ------------------------------------------------------------------ baselines as specs

    /** The last observed value, repeated. */
    public static ModelSpec naive() {
        return baseline("naive");
    }

    /** The value one season before each forecast step. */
    public static ModelSpec seasonalNaive() {
        return baseline("seasonal-naive");
    }

    /** The line through the first and last observed values, extended. */
    public static ModelSpec drift() {
        return baseline("drift");
    }

    /** The mean of every observed value. */
    public static ModelSpec mean() {
        return baseline("mean");
    }

    private static ModelSpec baseline(String name) {
        return new ModelSpec(name, 1, 1, false, 0, Map.of(), name);
    }

    /** Whether {@code spec} is one of the baselines (computed, not trained). */
    public static boolean isBaseline(ModelSpec spec) {
        return BASELINES.contains(spec.family());
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

    /** SHA-256 of the column name, dates and values actually used (an in-memory series has no file to hash). */
    @Override
    public String datasetChecksum() {
        return checksum;
    }

    /** By name: the dataset is loaded from the jar wherever the task is rebuilt. */
    @Override
    public java.util.Optional<TaskSpec> spec() {
        return java.util.Optional.of(TaskSpec.of(name(), dataset(), options));
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
    public List<ModelSpec> baselines() {
        List<ModelSpec> b = new ArrayList<>();
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
    public long parameterCount(ModelSpec spec) {
        if (isBaseline(spec)) {
            return 0;
        }
        checkFamily(spec);
        return Forecaster.parameterCount(spec, features(spec), lookback, horizon);
    }

    public TimeSeries series() {
        return series;
    }

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
        return 1 + (spec.flag("calendar") ? 2 * cycles().length : 0);
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
        Map<String, Object> provenance = Provenance.collect(engine);
        ModelSpec model = spec.model();
        if (isBaseline(model)) {
            double[][] forecasts = new double[folds.size()][];
            for (int i = 0; i < folds.size(); i++) {
                forecasts[i] = baselineForecast(model.family(), values, folds.get(i).origin(), horizon, period);
            }
            return new TrialResult(spec, "ok", "", 0, 0, 0, 0, metrics(forecasts), List.of(),
                    extras(forecasts, true), provenance);
        }
        checkFamily(model);
        List<Fold> trained = options.retrain() ? folds : List.of(folds.get(0));
        double[][] forecasts = new double[folds.size()][];
        List<EpochStats> curve = List.of();
        double seconds = 0, tokens = 0;
        int epochs = 0;
        long params = 0;
        for (int k = 0; k < trained.size(); k++) {
            Fold fold = trained.get(k);
            Trained t = train(spec, engine, fold, listener);
            params = t.model.parameterCount();
            curve = t.curve;
            epochs = t.curve.size();
            seconds += t.seconds;
            tokens += t.tokens;
            List<Fold> scored = options.retrain() ? List.of(fold) : folds;
            for (Fold f : scored) {
                forecasts[f.index()] = t.forecast(f.origin());
            }
        }
        Map<String, Object> extras = extras(forecasts, false);
        return new TrialResult(spec, "ok", "", params, epochs, seconds, seconds > 0 ? tokens / seconds : 0,
                metrics(forecasts), curve, extras, provenance);
    }

    // ------------------------------------------------------------------ training

    /** What a model is fed: windows, the covariates of their forecast steps (or null), and targets. */
    record Batch(Tensor x, Tensor future, Tensor y) {
    }

    /** A trained model with the data preparation it was trained with. */
    private final class Trained {
        final Forecaster model;
        final Scaler scaler;
        final double[][] inputs;   // [time][features]: scaled series and calendar columns
        final double[][] calendar; // [time][2 * cycles], or null
        List<EpochStats> curve = List.of();
        double seconds;
        double tokens;

        Trained(Forecaster model, Scaler scaler, double[][] inputs, double[][] calendar) {
            this.model = model;
            this.scaler = scaler;
            this.inputs = inputs;
            this.calendar = calendar;
        }

        /** The forecast from {@code origin} on the original scale, from the observed steps before it only. */
        double[] forecast(int origin) {
            Engine e = model.engine();
            model.eval();
            try (var ignored = e.noGrad(); var scope = e.scope()) {
                Batch b = batchAt(e, new int[] {origin}, inputs, calendar, horizon, model.features(), null);
                return scaler.inverse(model.forward(b.x(), b.future()).toDoubleArray());
            } finally {
                model.train();
            }
        }
    }

    private Trained train(TrialSpec spec, Engine engine, Fold fold, TrialListener listener) {
        ModelSpec ms = spec.model();
        TrainConfig tc = spec.train();
        Scaler scaler = scaler(fold);
        double[] scaled = scaler.transform(values);
        double[][] calendar = ms.flag("calendar") ? calendar() : null;
        double[][] inputs = calendar == null ? column(scaled) : CalendarFeatures.withSeries(scaled, calendar);
        int features = inputs[0].length;
        Seeds seeds = Seeds.of(spec.seed());
        Forecaster model = new Forecaster(engine, ms, features, lookback, horizon, seeds.init());
        boolean recursive = model.strategy() == Forecaster.Strategy.RECURSIVE;
        // A recursive model learns the next value; it is unrolled over the horizon only to be validated and tested.
        int targetSteps = recursive ? 1 : horizon;
        int[] trainOrigins = originsWithin(lookback, fold.trainEnd() - targetSteps + 1);
        if (trainOrigins.length == 0) {
            throw new IllegalArgumentException("ForecastingTask: the training part [0, " + fold.trainEnd()
                    + ") holds no window of lookback " + lookback + " and horizon " + targetSteps
                    + "; use a shorter lookback or horizon");
        }
        int[] validationOrigins = {fold.origin() - horizon};
        BatchSource<Batch> train = source(engine, trainOrigins, inputs, calendar, targetSteps, features, scaled);
        BatchSource<Batch> validation = source(engine, validationOrigins, inputs, calendar, horizon, features, scaled);
        String lossName = options.loss();
        Trainer<Forecaster, Batch> trainer = Trainer.of(model, (Forecaster m, Batch b) -> {
            Tensor pred = b.y().dim(1) == m.horizon() ? m.forward(b.x(), b.future()) : m.step(b.x());
            return switch (lossName) {
                case "huber" -> Losses.huber(pred, b.y(), 1.0);
                case "mae" -> Losses.mae(pred, b.y());
                default -> Losses.mse(pred, b.y());
            };
        });
        Training.configure(trainer, tc, spec.seed()).tokens(b -> b.x().dim(0) * lookback);
        if (tc.patience() <= 0) {
            trainer.restoreBest(true);
        }
        Trained t = new Trained(model, scaler, inputs, calendar);
        double[] history = Arrays.copyOf(values, fold.trainEnd());
        double[] validActual = Arrays.copyOfRange(values, fold.trainEnd(), fold.origin());
        boolean maseDefined = history.length > period && seasonalScale(history) > 0;
        List<EpochStats> curve = new ArrayList<>();
        trainer.listener(TrainingListener.everyEpoch((EpochResult r) -> {
            double vMase = Double.NaN;
            if (maseDefined) {
                // one window: as cheap as the validation loss the trainer just computed
                vMase = ForecastMetrics.mase(validActual, t.forecast(fold.trainEnd()), history, period);
            }
            EpochStats s = new EpochStats(r.epoch() + 1, r.trainLoss(), r.validationLoss(), vMase, r.seconds(),
                    r.meanGradNorm());
            curve.add(s);
            listener.epochEnded(spec, s);
        }));
        History h = trainer.fit(train, validation);
        t.curve = List.copyOf(curve);
        for (EpochResult r : h.epochs()) {
            t.seconds += r.seconds();
            t.tokens += r.tokensPerSecond() * r.seconds();
        }
        return t;
    }

    /** Origins {@code o} in {@code [from, to)}: each window reads {@code [o - lookback, o)}. */
    private static int[] originsWithin(int from, int to) {
        int n = Math.max(0, to - from);
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = from + i;
        }
        return o;
    }

    private BatchSource<Batch> source(Engine engine, int[] origins, double[][] inputs, double[][] calendar, int steps,
                                      int features, double[] scaled) {
        return new BatchSource<>() {
            @Override
            public int size() {
                return origins.length;
            }

            @Override
            public Batch batch(int[] indices) {
                int[] picked = new int[indices.length];
                for (int i = 0; i < indices.length; i++) {
                    picked[i] = origins[indices[i]];
                }
                return batchAt(engine, picked, inputs, calendar, steps, features, scaled);
            }
        };
    }

    /**
     * Windows ending just before each origin, the covariates of the {@code steps} after it, and (when
     * {@code scaled} is given) the scaled targets of those steps.
     */
    private Batch batchAt(Engine e, int[] origins, double[][] inputs, double[][] calendar, int steps, int features,
                          double[] scaled) {
        int b = origins.length;
        float[] x = new float[b * lookback * features];
        int k = 0;
        for (int o : origins) {
            for (int t = o - lookback; t < o; t++) {
                for (int j = 0; j < features; j++) {
                    x[k++] = (float) inputs[t][j];
                }
            }
        }
        Tensor future = null;
        if (calendar != null) {
            int c = calendar[0].length;
            float[] f = new float[b * steps * c];
            k = 0;
            for (int o : origins) {
                for (int s = 0; s < steps; s++) {
                    for (int j = 0; j < c; j++) {
                        f[k++] = (float) calendar[o + s][j];
                    }
                }
            }
            future = e.of(f, Shape.of(b, steps, c));
        }
        Tensor y = null;
        if (scaled != null) {
            float[] v = new float[b * steps];
            k = 0;
            for (int o : origins) {
                for (int s = 0; s < steps; s++) {
                    v[k++] = (float) scaled[o + s];
                }
            }
            y = e.of(v, Shape.of(b, steps));
        }
        return new Batch(e.of(x, Shape.of(b, lookback, features)), future, y);
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

    private void checkFamily(ModelSpec spec) {
        if (!FAMILIES.contains(spec.family())) {
            throw new IllegalArgumentException("The forecasting task cannot build a '" + spec.family() + "' model; it "
                    + "builds " + FAMILIES + " and the baselines " + new java.util.TreeSet<>(BASELINES));
        }
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

    private Map<String, Object> extras(double[][] forecasts, boolean baseline) {
        int first = folds.get(0).validationStart();
        int from = Math.max(0, first - lookback);
        List<Double> fx = new ArrayList<>(), fv = new ArrayList<>();
        List<String> fd = new ArrayList<>();
        for (Fold f : folds) {
            for (int h = 0; h < horizon; h++) {
                fx.add((double) (f.origin() + h));
                fv.add(forecasts[f.index()][h]);
                fd.add(series.timestamps().get(f.origin() + h).toString());
            }
        }
        List<Double> ax = new ArrayList<>(), av = new ArrayList<>();
        List<String> ad = new ArrayList<>();
        for (int t = from; t < values.length; t++) {
            ax.add((double) t);
            av.add(values[t]);
            ad.add(series.timestamps().get(t).toString());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("forecast_x", fx);
        m.put("forecast", fv);
        m.put("forecast_dates", fd);
        m.put("actual_x", ax);
        m.put("actual", av);
        m.put("actual_dates", ad);
        m.put("origins", folds.stream().map(Fold::origin).toList());
        m.put("validation_start", first);
        m.put("lookback", lookback);
        m.put("horizon", horizon);
        m.put("seasonal_period", period);
        m.put("baseline", baseline);
        return m;
    }

    /**
     * The test forecasts of every model against the actual tail of the series (one trial per model: the lowest
     * seed on the first engine), baselines dashed. Works on results read back from disk too.
     */
    @Override
    public void addToReport(Results results, seqlab.plot.HtmlReport report) {
        if (results.trials().stream().anyMatch(r -> r != null && r.ok() && r.extras().containsKey("forecast"))) {
            report.heading("Forecasts");
            report.figure(forecastChart(results), "Test-window forecasts against the actual series (first seed)");
        }
    }

    public static Figure forecastChart(Results results) {
        Map<String, TrialResult> first = new LinkedHashMap<>();
        for (TrialResult r : results.trials()) {
            if (r != null && r.ok() && r.extras().containsKey("forecast")) {
                first.merge(r.spec().model().name(), r, (a, b) -> b.spec().seed() < a.spec().seed() ? b : a);
            }
        }
        if (first.isEmpty()) {
            throw new IllegalArgumentException("forecastChart: no successful forecasting trial in these results");
        }
        TrialResult any = first.values().iterator().next();
        Map<String, double[][]> lines = new LinkedHashMap<>();
        for (var e : first.entrySet()) {
            Map<String, Object> x = e.getValue().extras();
            // Charts.forecast dashes the lines whose name starts with "baseline"
            String label = Boolean.TRUE.equals(x.get("baseline")) ? "baseline " + e.getKey() : e.getKey();
            lines.put(label, new double[][] {numbers(x.get("forecast_x")), numbers(x.get("forecast"))});
        }
        return Charts.forecast("Test forecasts: " + results.task().dataset(), numbers(any.extras().get("actual_x")),
                numbers(any.extras().get("actual")), lines);
    }

    private static double[] numbers(Object list) {
        if (list instanceof double[] d) {
            return d.clone();
        }
        return ((List<?>) list).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    private static String checksum(TimeSeries s) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((s.info().name() + "\n" + s.column() + "\n" + s.frequency() + "\n" + s.seasonalPeriod() + "\n"
                    + s.start() + "\n").getBytes(StandardCharsets.UTF_8));
            ByteBuffer buf = ByteBuffer.allocate(8 * s.size());
            for (double v : s.values()) {
                buf.putDouble(v);
            }
            md.update(buf.array());
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ForecastingTask[" + dataset() + ", " + values.length + " " + series.frequency().label() + " points, lookback "
                + lookback + ", horizon " + horizon + ", seasonal period " + period + ", "
                + (folds.size() == 1 ? "hold-out" : folds.size() + " origins" + (options.retrain() ? ", retrained" : ""))
                + ", loss " + options.loss() + "]";
    }
}
