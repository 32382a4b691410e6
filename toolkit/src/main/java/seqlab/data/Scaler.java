package seqlab.data;

import java.util.Arrays;

/**
 * An affine rescaling {@code y = (x - shift) / scale} fitted on the training part of a series only, so nothing about
 * validation or test values leaks into training; forecasts go back to the original scale with {@link #inverse}, where
 * metrics are computed.
 *
 * <ul>
 *   <li>{@link #standard}: {@code shift} = mean, {@code scale} = population standard deviation (divisor n, as
 *       scikit-learn's {@code StandardScaler}).</li>
 *   <li>{@link #minMax}: maps the training minimum and maximum to {@code lo} and {@code hi} (default 0 and 1);
 *       later values may fall outside that range.</li>
 * </ul>
 * A constant training part has no spread to divide by; then {@code scale} is 1, so values are only shifted (mean to 0,
 * or the constant to {@code lo}), as scikit-learn does.
 */
public final class Scaler {
    private final String kind;
    private final double shift;
    private final double scale;

    private Scaler(String kind, double shift, double scale) {
        this.kind = kind;
        this.shift = shift;
        this.scale = scale;
    }

    /** Standardises to mean 0 and standard deviation 1 over {@code train}. */
    public static Scaler standard(double[] train) {
        check(train, "standard");
        double mean = Arrays.stream(train).sum() / train.length;
        double ss = 0;
        for (double v : train) {
            ss += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(ss / train.length);
        return new Scaler("standard", mean, std > 0 ? std : 1);
    }

    /** Standardises with statistics of {@code series[0 .. trainEnd)} only. */
    public static Scaler standard(double[] series, int trainEnd) {
        return standard(prefix(series, trainEnd));
    }

    /** Maps the minimum and maximum of {@code train} to 0 and 1. */
    public static Scaler minMax(double[] train) {
        return minMax(train, 0, 1);
    }

    /** Maps the minimum and maximum of {@code train} to {@code lo} and {@code hi}. */
    public static Scaler minMax(double[] train, double lo, double hi) {
        check(train, "minMax");
        if (!(hi > lo)) {
            throw new IllegalArgumentException("Scaler.minMax: the range needs lo < hi, got [" + lo + ", " + hi + "]");
        }
        double min = Arrays.stream(train).min().getAsDouble();
        double max = Arrays.stream(train).max().getAsDouble();
        double scale = max > min ? (max - min) / (hi - lo) : 1;
        return new Scaler("minMax[" + lo + ", " + hi + "]", min - lo * scale, scale);
    }

    /** Min-max scaling to [0, 1] with {@code series[0 .. trainEnd)} only. */
    public static Scaler minMax(double[] series, int trainEnd) {
        return minMax(prefix(series, trainEnd));
    }

    /** Leaves values unchanged, for comparing against unscaled training. */
    public static Scaler identity() {
        return new Scaler("identity", 0, 1);
    }

    public double shift() {
        return shift;
    }

    public double scale() {
        return scale;
    }

    public double transform(double x) {
        return (x - shift) / scale;
    }

    public double inverse(double y) {
        return y * scale + shift;
    }

    public double[] transform(double[] xs) {
        double[] out = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = transform(xs[i]);
        }
        return out;
    }

    public double[] inverse(double[] ys) {
        double[] out = new double[ys.length];
        for (int i = 0; i < ys.length; i++) {
            out[i] = inverse(ys[i]);
        }
        return out;
    }

    /** Inverse of a model's float output ({@code Tensor.toFloatArray()}), in double. */
    public double[] inverse(float[] ys) {
        double[] out = new double[ys.length];
        for (int i = 0; i < ys.length; i++) {
            out[i] = inverse(ys[i]);
        }
        return out;
    }

    /** Row by row inverse, e.g. of {@code [window][horizon]} forecasts. */
    public double[][] inverse(double[][] ys) {
        double[][] out = new double[ys.length][];
        for (int i = 0; i < ys.length; i++) {
            out[i] = inverse(ys[i]);
        }
        return out;
    }

    private static double[] prefix(double[] series, int trainEnd) {
        if (trainEnd < 1 || trainEnd > series.length) {
            throw new IllegalArgumentException("Scaler: training end " + trainEnd + " outside 1.." + series.length
                    + " for a series of " + series.length + " values");
        }
        return Arrays.copyOf(series, trainEnd);
    }

    private static void check(double[] train, String what) {
        if (train.length == 0) {
            throw new IllegalArgumentException("Scaler." + what + ": no training values to fit on");
        }
        for (int i = 0; i < train.length; i++) {
            if (!Double.isFinite(train[i])) {
                throw new IllegalArgumentException("Scaler." + what + ": training value " + i + " is " + train[i]
                        + "; fill or drop missing values before scaling");
            }
        }
    }

    @Override
    public String toString() {
        return "Scaler(" + kind + ", shift=" + shift + ", scale=" + scale + ")";
    }
}
