package seqlab.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import seqlab.model.TaskHeads.Level;
import seqlab.model.TaskHeads.Readout;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;
import seqlab.nn.Linear;
import seqlab.nn.Module;

/**
 * A multi-step forecaster: a {@link SequenceEncoder} reads a window {@code (batch, lookback, features)} whose feature 0
 * is the (scaled) series and the others known covariates such as calendar features, and a linear head turns its
 * readout into the next {@code horizon} values of the series.
 *
 * <p>Settings read from the spec's {@link TaskHeads}:
 * <ul>
 *   <li>{@code strategy}: {@code direct} (default) maps the readout to all {@code horizon} values at once;
 *       {@code recursive} maps it to the next value only and forecasts further by sliding the window forward over
 *       its own predictions (Ben Taieb et al. 2012, "A review and comparison of strategies for multi-step ahead time
 *       series forecasting", section 2). A recursive model is trained on one-step targets ({@link #step}) and
 *       unrolled by {@link #forward}; covariates of the future steps must then be given.</li>
 *   <li>{@code head}: the readout the linear head sees. {@code summary} is the encoder's summary (a recurrent
 *       layer's final state, a Transformer's mean, a CNN's max over time), {@code last} the output at the last step,
 *       {@code flatten} every step's output concatenated. The default is {@code summary} for recurrent families and
 *       {@code flatten} for {@code transformer} and {@code cnn}: their pooled summaries discard the order of the
 *       steps, which is what a forecast needs most, and a causal CNN's last step sees only its receptive field.</li>
 *   <li>{@code level}: {@code last} (default) subtracts each window's last series value from feature 0 before
 *       encoding and adds it back to the forecast, so the network learns the change from the forecast origin and a
 *       trending series does not leave the range it was trained on; {@code none} turns this off.</li>
   <li>{@code likelihood}: {@code none} (default) forecasts one value per step; {@code gaussian} a mean and a
 *       standard deviation {@code softplus(raw) + }{@link #MIN_SCALE} per step (on the scaled series), trained with
 *       the Gaussian negative log-likelihood as in DeepAR (Salinas et al. 2020) and Darts'
 *       {@code GaussianLikelihood}; {@code quantile} the {@link #QUANTILES} per step, trained with the pinball loss
 *       (quantile regression, Koenker and Bassett 1978; Darts' {@code QuantileRegression}), sorted at prediction so
 *       they never cross (Chernozhukov, Fernandez-Val and Galichon 2010). The point forecast is the mean or the
 *       median. A probabilistic head needs {@code strategy=direct}: feeding point forecasts back gives no
 *       multi-step distribution.</li>
 * </ul>
 * Whether calendar features are used ({@code calendar}) is the task's choice: it only changes {@code features}.
 * Covariates known over the forecast steps ({@code futureFeatures} of them) are read by a direct model's head, next
 * to the encoder's readout, and fed in step by step by a recursive one.
 */
public final class Forecaster extends Module {

    /** How the horizon is produced. */
    public enum Strategy {
        DIRECT, RECURSIVE
    }

    /** What the head predicts at each step. */
    public enum Likelihood {
        /** One value (trained with the task's point loss). */
        NONE,
        /** A mean and a standard deviation. */
        GAUSSIAN,
        /** The {@link #QUANTILES}. */
        QUANTILE
    }

    /**
     * The quantile head's levels: 0.025, 0.05, 0.10, ..., 0.95, 0.975. They hold the median, the 80% and 95% central
     * intervals, and the evenly spaced 0.05 .. 0.95 whose mean pinball loss approximates the CRPS.
     */
    public static final double[] QUANTILES = quantileLevels();

    /** The Gaussian head's floor on the standard deviation of the scaled series. */
    public static final double MIN_SCALE = 1e-3;

    private static double[] quantileLevels() {
        double[] q = new double[21];
        q[0] = 0.025;
        for (int k = 1; k <= 19; k++) {
            q[k] = Math.round(k * 5) / 100.0;
        }
        q[20] = 0.975;
        return q;
    }

    /**
     * What the head gives for a batch of windows, on the scale the model sees.
     *
     * @param point     the point forecast {@code (batch, horizon)}: the value, the mean or the median
     * @param rawScale  the Gaussian head's unconstrained scale {@code (batch, horizon)}, else null
     * @param quantiles the quantile head's forecasts {@code (batch, horizon, QUANTILES.length)} as trained (not
     *                  sorted), else null
     */
    public record Output(Tensor point, Tensor rawScale, Tensor quantiles) {

        /** The Gaussian head's standard deviation {@code softplus(rawScale) + MIN_SCALE}. */
        public Tensor sd() {
            if (rawScale == null) {
                throw new IllegalStateException("Forecaster: only a Gaussian head has a standard deviation");
            }
            return seqlab.nn.Activations.softplus(rawScale).add(MIN_SCALE);
        }
    }

    private final ModelSpec spec;
    private final int features;
    private final int futureFeatures;
    private final Likelihood likelihood;
    private final int lookback;
    private final int horizon;
    private final Strategy strategy;
    private final Readout head;
    private final boolean levelLast;
    private final SequenceEncoder encoder;
    private final Linear output;

    /**
     * @param features input features per step (1 for the series alone; more with covariates)
     * @param lookback steps in each input window
     * @param horizon  steps to forecast
     */
    public Forecaster(Engine engine, ModelSpec spec, int features, int lookback, int horizon, RandomSource rng) {
        this(engine, spec, features, 0, lookback, horizon, rng);
    }

    /**
     * @param features       input features per step (1 for the series alone; more with covariates)
     * @param futureFeatures covariates known over the forecast steps that a direct model's head reads (0 for none)
     * @param lookback       steps in each input window
     * @param horizon        steps to forecast
     */
    public Forecaster(Engine engine, ModelSpec spec, int features, int futureFeatures, int lookback, int horizon,
                      RandomSource rng) {
        super(engine);
        check(spec, features, futureFeatures, lookback, horizon);
        this.spec = spec;
        this.features = features;
        this.futureFeatures = futureFeatures;
        this.likelihood = spec.heads().likelihood();
        this.lookback = lookback;
        this.horizon = horizon;
        this.strategy = spec.heads().strategy();
        this.head = spec.heads().readout();
        this.levelLast = spec.heads().level() == Level.LAST;
        this.encoder = addModule("encoder", spec.encoder(engine, features, rng));
        this.output = addModule("head", new Linear(engine, headInputs(spec, encoder.outputSize(), futureFeatures,
                lookback, horizon), headOutputs(spec, horizon), rng));
    }

    private static void check(ModelSpec spec, int features, int futureFeatures, int lookback, int horizon) {
        if (features < 1 || lookback < 1 || horizon < 1 || futureFeatures < 0) {
            throw new IllegalArgumentException("Forecaster: features, lookback and horizon must be >= 1 and future "
                    + "features >= 0, got features=" + features + ", future features=" + futureFeatures + ", lookback="
                    + lookback + ", horizon=" + horizon);
        }
        if (spec.heads().strategy() == Strategy.RECURSIVE) {
            if (spec.heads().likelihood() != Likelihood.NONE) {
                throw new IllegalArgumentException("Forecaster: likelihood=" + Setting.lower(spec.heads().likelihood())
                        + " needs strategy=direct; a recursive model feeds its point forecasts back, which gives no "
                        + "distribution of the later steps");
            }
            if (futureFeatures > 0) {
                throw new IllegalArgumentException("Forecaster: a recursive model reads future covariates as inputs "
                        + "(features), not in its head; give futureFeatures=0");
            }
        }
    }

    private static int headInputs(ModelSpec spec, int encoderOutput, int futureFeatures, int lookback, int horizon) {
        int readout = spec.heads().readout() == Readout.FLATTEN ? encoderOutput * lookback : encoderOutput;
        return readout + futureFeatures * horizon;
    }

    /** Values per forecast step: 1, 2 (mean, scale) or one per quantile. */
    private static int perStep(ModelSpec spec) {
        return switch (spec.heads().likelihood()) {
            case NONE -> 1;
            case GAUSSIAN -> 2;
            case QUANTILE -> QUANTILES.length;
        };
    }

    private static int headOutputs(ModelSpec spec, int horizon) {
        return (spec.heads().strategy() == Strategy.DIRECT ? horizon : 1) * perStep(spec);
    }

    /**
     * Trainable parameters of the forecaster {@code spec} describes, without building it: the encoder's (by
     * {@link ModelSpec#parameterCount(int)}) plus the head's.
     */
    public static long parameterCount(ModelSpec spec, int features, int lookback, int horizon) {
        return parameterCount(spec, features, 0, lookback, horizon);
    }

    /** As {@link #parameterCount(ModelSpec, int, int, int)}, with covariates known over the forecast steps. */
    public static long parameterCount(ModelSpec spec, int features, int futureFeatures, int lookback, int horizon) {
        check(spec, features, futureFeatures, lookback, horizon);
        long in = headInputs(spec, spec.outputSize(), futureFeatures, lookback, horizon);
        long out = headOutputs(spec, horizon);
        return spec.parameterCount(features) + in * out + out;
    }

    public ModelSpec spec() {
        return spec;
    }

    public Strategy strategy() {
        return strategy;
    }

    public int features() {
        return features;
    }

    /** Covariates known over the forecast steps that the head reads. */
    public int futureFeatures() {
        return futureFeatures;
    }

    public Likelihood likelihood() {
        return likelihood;
    }

    public int lookback() {
        return lookback;
    }

    public int horizon() {
        return horizon;
    }

    public SequenceEncoder encoder() {
        return encoder;
    }

    /**
     * The head's point output for a window: {@code (batch, horizon)} for a direct model, {@code (batch, 1)} (the next
     * value) for a recursive one. A direct model with future covariates needs {@link #output(Tensor, Tensor)}.
     */
    public Tensor step(Tensor x) {
        return head(x, null).point();
    }

    /**
     * Everything the head predicts for windows {@code x} ({@code (batch, lookback, features)}), with {@code future}
     * the covariates of the forecast steps: {@code (batch, horizon, futureFeatures)} for a direct model that reads
     * them, else ignored (null is fine). For a recursive model this is the next step only; {@link #forward} unrolls.
     */
    public Output output(Tensor x, Tensor future) {
        if (strategy == Strategy.RECURSIVE) {
            checkWindow(x);
            return new Output(step(x), null, null);
        }
        return head(x, future);
    }

    private Output head(Tensor x, Tensor future) {
        checkWindow(x);
        int batch = x.dim(0);
        Tensor level = null;
        Tensor in = x;
        if (levelLast) {
            level = x.narrow(1, lookback - 1, 1).narrow(2, 0, 1); // (batch, 1, 1)
            Tensor series = x.narrow(2, 0, 1).sub(level);
            in = features == 1 ? series : Tensor.concat(List.of(series, x.narrow(2, 1, features - 1)), 2);
        }
        SequenceEncoder.Encoded e = encoder.forward(in, null);
        Tensor readout = switch (head) {
            case SUMMARY -> e.summary();
            case LAST -> e.outputs().narrow(1, lookback - 1, 1).squeeze(1);
            case FLATTEN -> e.outputs().reshape(batch, lookback * encoder.outputSize());
        };
        readout = dropout(readout, spec.dropout());
        if (futureFeatures > 0) {
            if (future == null || future.rank() != 3 || future.dim(0) != batch || future.dim(1) != horizon
                    || future.dim(2) != futureFeatures) {
                throw new IllegalArgumentException("Forecaster: the head reads " + futureFeatures + " future covariate(s)"
                        + " over the horizon, (" + batch + ", " + horizon + ", " + futureFeatures + "), got "
                        + (future == null ? "none" : future.shape()));
            }
            readout = Tensor.concat(List.of(readout, future.to(readout.dtype()).reshape(batch, horizon * futureFeatures)), 1);
        }
        Tensor y = output.forward(readout);
        int steps = strategy == Strategy.DIRECT ? horizon : 1;
        Tensor shift = level == null ? null : level.reshape(batch, 1);
        return switch (likelihood) {
            case NONE -> new Output(shift == null ? y : y.add(shift), null, null);
            case GAUSSIAN -> {
                Tensor mean = y.narrow(1, 0, steps);
                yield new Output(shift == null ? mean : mean.add(shift), y.narrow(1, steps, steps), null);
            }
            case QUANTILE -> {
                Tensor q = y.reshape(batch, steps, QUANTILES.length);
                if (shift != null) {
                    q = q.add(shift.reshape(batch, 1, 1));
                }
                yield new Output(q.narrow(2, MEDIAN, 1).squeeze(2), null, q);
            }
        };
    }

    /** The position of 0.5 in {@link #QUANTILES}. */
    private static final int MEDIAN = 10;

    /**
     * Forecasts the next {@code horizon} values, {@code (batch, horizon)}.
     *
     * @param x      windows {@code (batch, lookback, features)}
     * @param future covariates of the forecast steps {@code (batch, horizon, features - 1)}; needed by a recursive
     *               model with covariates (it feeds them in with its predictions), ignored otherwise; may be null
     */
    public Tensor forward(Tensor x, Tensor future) {
        return forward(x, future, horizon);
    }

    /**
     * Forecasts {@code steps} values: the head's {@code horizon} for a direct model ({@code steps} must equal it),
     * any number of steps for a recursive one (gradients flow through the whole recursion).
     */
    public Tensor forward(Tensor x, Tensor future, int steps) {
        if (strategy == Strategy.DIRECT) {
            if (steps != horizon) {
                throw new IllegalArgumentException("Forecaster: a direct model forecasts exactly its horizon of "
                        + horizon + " steps, asked for " + steps + "; build it with that horizon or use strategy=recursive");
            }
            return head(x, future).point();
        }
        checkWindow(x);
        int batch = x.dim(0);
        if (features > 1) {
            if (future == null || future.rank() != 3 || future.dim(0) != batch || future.dim(1) < steps
                    || future.dim(2) != features - 1) {
                throw new IllegalArgumentException("Forecaster: a recursive model with " + (features - 1)
                        + " covariate(s) needs their future values (" + batch + ", >=" + steps + ", " + (features - 1)
                        + ") to feed in with its predictions, got " + (future == null ? "none" : future.shape()));
            }
        }
        List<Tensor> outs = new ArrayList<>(steps);
        Tensor window = x;
        for (int s = 0; s < steps; s++) {
            Tensor y = step(window); // (batch, 1)
            outs.add(y);
            if (s + 1 < steps) {
                Tensor row = y.reshape(batch, 1, 1);
                if (features > 1) {
                    row = Tensor.concat(List.of(row, future.narrow(1, s, 1).to(row.dtype())), 2);
                }
                window = lookback == 1 ? row : Tensor.concat(List.of(window.narrow(1, 1, lookback - 1), row), 1);
            }
        }
        return outs.size() == 1 ? outs.get(0) : Tensor.concat(outs, 1);
    }

    private void checkWindow(Tensor x) {
        if (x.rank() != 3 || x.dim(1) != lookback || x.dim(2) != features) {
            throw new IllegalArgumentException("Forecaster: windows must be (batch, " + lookback + ", " + features
                    + "), got " + x.shape());
        }
    }

    @Override
    public String toString() {
        return "Forecaster(" + spec + ", " + strategy.name().toLowerCase(Locale.ROOT) + ", lookback " + lookback
                + ", horizon " + horizon + ", " + features + " feature(s)" + (futureFeatures > 0 ? ", " + futureFeatures
                + " future covariate(s)" : "") + (likelihood != Likelihood.NONE ? ", " + Setting.lower(likelihood)
                + " likelihood" : "") + ", " + parameterCount() + " parameters)";
    }
}
