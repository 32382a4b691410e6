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
 * </ul>
 * Whether calendar features are used ({@code calendar}) is the task's choice: it only changes {@code features}.
 */
public final class Forecaster extends Module {

    /** How the horizon is produced. */
    public enum Strategy {
        DIRECT, RECURSIVE
    }

    private final ModelSpec spec;
    private final int features;
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
        super(engine);
        if (features < 1 || lookback < 1 || horizon < 1) {
            throw new IllegalArgumentException("Forecaster: features, lookback and horizon must be >= 1, got features="
                    + features + ", lookback=" + lookback + ", horizon=" + horizon);
        }
        this.spec = spec;
        this.features = features;
        this.lookback = lookback;
        this.horizon = horizon;
        this.strategy = spec.heads().strategy();
        this.head = spec.heads().readout();
        this.levelLast = spec.heads().level() == Level.LAST;
        this.encoder = addModule("encoder", spec.encoder(engine, features, rng));
        this.output = addModule("head", new Linear(engine, readoutSize(spec, encoder.outputSize(), lookback),
                strategy == Strategy.DIRECT ? horizon : 1, rng));
    }

    private static int readoutSize(ModelSpec spec, int encoderOutput, int lookback) {
        return spec.heads().readout() == Readout.FLATTEN ? encoderOutput * lookback : encoderOutput;
    }

    /**
     * Trainable parameters of the forecaster {@code spec} describes, without building it: the encoder's (by
     * {@link ModelSpec#parameterCount(int)}) plus the head's.
     */
    public static long parameterCount(ModelSpec spec, int features, int lookback, int horizon) {
        long in = readoutSize(spec, spec.outputSize(), lookback);
        long out = spec.heads().strategy() == Strategy.DIRECT ? horizon : 1;
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
     * The head's output for a window: {@code (batch, horizon)} for a direct model, {@code (batch, 1)} (the next
     * value) for a recursive one.
     */
    public Tensor step(Tensor x) {
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
        Tensor y = output.forward(dropout(readout, spec.dropout()));
        return level == null ? y : y.add(level.reshape(batch, 1));
    }

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
            return step(x);
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
                + ", horizon " + horizon + ", " + features + " feature(s), " + parameterCount() + " parameters)";
    }
}
