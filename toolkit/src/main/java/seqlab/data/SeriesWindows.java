package seqlab.data;

import java.util.ArrayList;
import java.util.List;
import seqlab.engine.Engine;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;

/**
 * Supervised examples cut from a time series by a sliding window: each input is {@code lookback} consecutive steps of
 * the features, its target the next {@code horizon} values of the target series (a direct multi-step target).
 *
 * <p>Window {@code i} starts at step {@code s = i * stride}: input rows {@code s .. s+lookback-1}, target values
 * {@code s+lookback .. s+lookback+horizon-1}. Windows are made while the target fits inside the series, so the last
 * {@code (n - lookback - horizon) mod stride} steps may be unused. Immutable; accessors return copies.
 */
public final class SeriesWindows {
    private final double[][][] inputs;
    private final double[][] targets;
    private final int[] starts;
    private final int lookback;
    private final int horizon;
    private final int features;

    private SeriesWindows(double[][][] inputs, double[][] targets, int[] starts, int lookback, int horizon, int features) {
        this.inputs = inputs;
        this.targets = targets;
        this.starts = starts;
        this.lookback = lookback;
        this.horizon = horizon;
        this.features = features;
    }

    /** Windows of a univariate series: one input feature, the series itself. */
    public static SeriesWindows of(double[] series, int lookback, int horizon, int stride) {
        double[][] f = new double[series.length][];
        for (int t = 0; t < series.length; t++) {
            f[t] = new double[] {series[t]};
        }
        return of(f, series, lookback, horizon, stride);
    }

    /**
     * Windows over several input features (for instance the series with {@link CalendarFeatures}).
     *
     * @param features {@code [time][feature]}, as many rows as {@code target} has values
     * @param target   the series to forecast
     */
    public static SeriesWindows of(double[][] features, double[] target, int lookback, int horizon, int stride) {
        int n = target.length;
        if (n == 0) {
            throw new IllegalArgumentException("SeriesWindows: the series is empty");
        }
        if (lookback < 1 || horizon < 1 || stride < 1) {
            throw new IllegalArgumentException("SeriesWindows: lookback, horizon and stride must be >= 1, got lookback="
                    + lookback + ", horizon=" + horizon + ", stride=" + stride);
        }
        if (features.length != n) {
            throw new IllegalArgumentException("SeriesWindows: " + features.length + " feature rows for a target of "
                    + n + " values; give one feature row per time step");
        }
        if (lookback + horizon > n) {
            throw new IllegalArgumentException("SeriesWindows: the series has " + n + " values but one window needs lookback "
                    + lookback + " + horizon " + horizon + " = " + (lookback + horizon) + "; shorten the lookback or horizon");
        }
        int f = features[0].length;
        for (int t = 0; t < n; t++) {
            if (features[t].length != f) {
                throw new IllegalArgumentException("SeriesWindows: feature row " + t + " has " + features[t].length
                        + " values, row 0 has " + f + "; every row needs the same features");
            }
            checkFinite(target[t], "target", t);
            for (int j = 0; j < f; j++) {
                checkFinite(features[t][j], "feature " + j, t);
            }
        }
        int count = (n - lookback - horizon) / stride + 1;
        double[][][] in = new double[count][lookback][];
        double[][] out = new double[count][horizon];
        int[] starts = new int[count];
        for (int i = 0; i < count; i++) {
            int s = i * stride;
            starts[i] = s;
            for (int t = 0; t < lookback; t++) {
                in[i][t] = features[s + t].clone();
            }
            System.arraycopy(target, s + lookback, out[i], 0, horizon);
        }
        return new SeriesWindows(in, out, starts, lookback, horizon, f);
    }

    private static void checkFinite(double v, String what, int t) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("SeriesWindows: " + what + " at step " + t + " is " + v
                    + "; fill or drop missing values before windowing");
        }
    }

    public int size() {
        return starts.length;
    }

    public int lookback() {
        return lookback;
    }

    public int horizon() {
        return horizon;
    }

    public int features() {
        return features;
    }

    /** The series step where window {@code i}'s input begins. */
    public int start(int i) {
        return starts[i];
    }

    /** The series step of window {@code i}'s first target value (its forecast origin). */
    public int targetStart(int i) {
        return starts[i] + lookback;
    }

    /** Window {@code i}'s input, {@code [lookback][features]}. */
    public double[][] input(int i) {
        double[][] c = new double[lookback][];
        for (int t = 0; t < lookback; t++) {
            c[t] = inputs[i][t].clone();
        }
        return c;
    }

    /** Window {@code i}'s target, {@code [horizon]}. */
    public double[] target(int i) {
        return targets[i].clone();
    }

    /** Every target, {@code [size][horizon]}. */
    public double[][] targets() {
        double[][] c = new double[targets.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = targets[i].clone();
        }
        return c;
    }

    /**
     * The windows whose targets lie wholly in steps {@code [from, to)}; their inputs may reach back before
     * {@code from}. With a chronological split this gives training windows ({@code [0, trainEnd)}) and evaluation
     * windows that use the preceding history as input without scoring it.
     */
    public SeriesWindows targetsWithin(int from, int to) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < starts.length; i++) {
            int a = targetStart(i);
            if (a >= from && a + horizon <= to) {
                rows.add(i);
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("SeriesWindows: no window has its " + horizon + " target steps inside ["
                    + from + ", " + to + "); widen the range or shorten the horizon");
        }
        return select(rows.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The windows at these positions, in this order. */
    public SeriesWindows select(int[] rows) {
        double[][][] in = new double[rows.length][][];
        double[][] out = new double[rows.length][];
        int[] st = new int[rows.length];
        for (int j = 0; j < rows.length; j++) {
            in[j] = inputs[rows[j]];
            out[j] = targets[rows[j]];
            st[j] = starts[rows[j]];
        }
        return new SeriesWindows(in, out, st, lookback, horizon, features);
    }

    /** Float32 {@code (size, lookback, features)}. */
    public Tensor inputTensor(Engine engine) {
        return inputTensor(engine, PaddedBatch.identity(size()));
    }

    /** Float32 {@code (rows, lookback, features)} for a batch of windows. */
    public Tensor inputTensor(Engine engine, int[] rows) {
        float[] v = new float[rows.length * lookback * features];
        int k = 0;
        for (int r : rows) {
            for (int t = 0; t < lookback; t++) {
                for (int j = 0; j < features; j++) {
                    v[k++] = (float) inputs[r][t][j];
                }
            }
        }
        return engine.of(v, Shape.of(rows.length, lookback, features));
    }

    /** The position of the window whose target starts at series step {@code origin}. */
    public int indexOfOrigin(int origin) {
        for (int i = 0; i < starts.length; i++) {
            if (targetStart(i) == origin) {
                return i;
            }
        }
        throw new IllegalArgumentException("SeriesWindows: no window forecasts from step " + origin + " (lookback "
                + lookback + ", horizon " + horizon + ", " + size() + " windows)");
    }

    /**
     * Known future covariates of a batch of windows: float32 {@code (rows, horizon, c)} holding
     * {@code covariates[targetStart + h]} for each of the window's target steps {@code h} (calendar features of the
     * dates being forecast, say), for models that read them along with the window.
     *
     * @param covariates {@code [time][c]} over the same steps as the series
     */
    public Tensor futureTensor(Engine engine, int[] rows, double[][] covariates) {
        if (covariates.length == 0) {
            throw new IllegalArgumentException("SeriesWindows: no covariate rows");
        }
        int c = covariates[0].length;
        float[] v = new float[rows.length * horizon * c];
        int k = 0;
        for (int r : rows) {
            int from = targetStart(r);
            if (from + horizon > covariates.length) {
                throw new IllegalArgumentException("SeriesWindows: covariates end at step " + covariates.length
                        + " but window " + r + " forecasts steps " + from + ".." + (from + horizon - 1));
            }
            for (int h = 0; h < horizon; h++) {
                for (int j = 0; j < c; j++) {
                    v[k++] = (float) covariates[from + h][j];
                }
            }
        }
        return engine.of(v, Shape.of(rows.length, horizon, c));
    }

    /** Float32 {@code (size, horizon)}. */
    public Tensor targetTensor(Engine engine) {
        return targetTensor(engine, PaddedBatch.identity(size()));
    }

    /** Float32 {@code (rows, horizon)} for a batch of windows. */
    public Tensor targetTensor(Engine engine, int[] rows) {
        float[] v = new float[rows.length * horizon];
        int k = 0;
        for (int r : rows) {
            for (int h = 0; h < horizon; h++) {
                v[k++] = (float) targets[r][h];
            }
        }
        return engine.of(v, Shape.of(rows.length, horizon));
    }

    @Override
    public String toString() {
        return "SeriesWindows(size=" + size() + ", lookback=" + lookback + ", horizon=" + horizon + ", features="
                + features + ")";
    }
}
