package seqlab.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * <p>Options read from the {@link ModelSpec}:
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
        DIRECT, RECURSIVE;

        static Strategy of(ModelSpec spec) {
            String s = spec.stringOption("strategy", "direct").toLowerCase(Locale.ROOT);
            return switch (s) {
                case "direct" -> DIRECT;
                case "recursive" -> RECURSIVE;
                default -> throw new IllegalArgumentException(spec.name() + ": unknown forecasting strategy '" + s
                        + "'; use strategy=direct or strategy=recursive");
            };
        }
    }

    private final ModelSpec spec;
    private final int features;
    private final int lookback;
    private final int horizon;
    private final Strategy strategy;
    private final String head;
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
        this.strategy = Strategy.of(spec);
        this.head = head(spec);
        this.levelLast = level(spec);
        this.encoder = addModule("encoder", new SequenceEncoder(engine, spec, features, rng));
        this.output = addModule("head", new Linear(engine, readoutSize(spec, encoder.outputSize(), lookback),
                strategy == Strategy.DIRECT ? horizon : 1, rng));
    }

    private static String head(ModelSpec spec) {
        String fallback = spec.isRecurrent() ? "summary" : "flatten";
        String h = spec.stringOption("head", fallback).toLowerCase(Locale.ROOT);
        if (!List.of("summary", "last", "flatten").contains(h)) {
            throw new IllegalArgumentException(spec.name() + ": unknown forecasting head '" + h
                    + "'; use head=summary, head=last or head=flatten");
        }
        return h;
    }

    private static boolean level(ModelSpec spec) {
        String l = spec.stringOption("level", "last").toLowerCase(Locale.ROOT);
        return switch (l) {
            case "last" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException(spec.name() + ": unknown level '" + l
                    + "'; use level=last (forecast the change from the last value) or level=none");
        };
    }

    private static int readoutSize(ModelSpec spec, int encoderOutput, int lookback) {
        return head(spec).equals("flatten") ? encoderOutput * lookback : encoderOutput;
    }

    /**
     * Trainable parameters of the forecaster {@code spec} describes, without building it: the encoder's (by
     * {@link ModelSpec#parameterCount(int)}) plus the head's.
     */
    public static long parameterCount(ModelSpec spec, int features, int lookback, int horizon) {
        int encoderOutput = switch (spec.family()) {
            case "rnn", "lstm", "gru" -> spec.hidden() * (spec.isBidirectional() ? 2 : 1);
            default -> spec.hidden();
        };
        long in = readoutSize(spec, encoderOutput, lookback);
        long out = Strategy.of(spec) == Strategy.DIRECT ? horizon : 1;
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
            case "summary" -> e.summary();
            case "last" -> e.outputs().narrow(1, lookback - 1, 1).squeeze(1);
            default -> e.outputs().reshape(batch, lookback * encoder.outputSize());
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
