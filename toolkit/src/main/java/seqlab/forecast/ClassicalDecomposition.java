package seqlab.forecast;

import java.util.Arrays;
import java.util.Objects;

/**
 * Classical seasonal decomposition by moving averages, as in Hyndman and Athanasopoulos, "Forecasting: principles
 * and practice" (3rd ed., section 3.4) and R's {@code decompose}: the trend is the centred moving average of order
 * m (a 2 x m average for even m, so it is centred on an observation); the seasonal figure is the mean, for each
 * position in the season, of the detrended values ({@code y - trend}, or {@code y / trend} for the multiplicative
 * type), normalised to sum to 0 (additive) or to average 1 (multiplicative); the seasonal component repeats it.
 *
 * @param type     additive ({@code y = trend + seasonal + rest}) or multiplicative ({@code y = trend * seasonal * rest})
 * @param period   m, at least 2
 * @param trend    the centred moving average; NaN for the first and last m/2 points, which it cannot cover
 * @param figure   the m seasonal indices; {@code figure[i]} belongs to positions i, i + m, i + 2m, ... of the series
 * @param seasonal the seasonal component at every position of the series
 */
public record ClassicalDecomposition(Type type, int period, double[] trend, double[] figure, double[] seasonal) {

    /** How the seasonal component combines with the trend. */
    public enum Type { ADDITIVE, MULTIPLICATIVE }

    public ClassicalDecomposition {
        Objects.requireNonNull(type, "type");
        trend = trend.clone();
        figure = figure.clone();
        seasonal = seasonal.clone();
    }

    /**
     * Decomposes {@code y}, which must hold at least two whole seasons (and be positive for the multiplicative type).
     */
    public static ClassicalDecomposition of(double[] y, int period, Type type) {
        Series.check("classical decomposition", y);
        if (period < 2) {
            throw new IllegalArgumentException("classical decomposition: seasonal period " + period
                    + " must be at least 2; a series without a season has nothing to decompose");
        }
        int n = y.length;
        if (n < 2 * period) {
            throw new IllegalArgumentException("classical decomposition: " + n + " values hold less than two seasons of "
                    + period + "; it needs at least " + 2 * period);
        }
        if (type == Type.MULTIPLICATIVE) {
            Series.checkPositive("a multiplicative decomposition", y);
        }
        double[] trend = new double[n];
        Arrays.fill(trend, Double.NaN);
        int half = period / 2;
        boolean even = period % 2 == 0;
        for (int t = half; t < n - half; t++) {
            double s = 0;
            if (even) {
                s = 0.5 * (y[t - half] + y[t + half]);
                for (int k = t - half + 1; k < t + half; k++) {
                    s += y[k];
                }
            } else {
                for (int k = t - half; k <= t + half; k++) {
                    s += y[k];
                }
            }
            trend[t] = s / period;
        }
        double[] sum = new double[period];
        int[] count = new int[period];
        for (int t = 0; t < n; t++) {
            if (!Double.isNaN(trend[t])) {
                sum[t % period] += type == Type.ADDITIVE ? y[t] - trend[t] : y[t] / trend[t];
                count[t % period]++;
            }
        }
        double[] figure = new double[period];
        double total = 0;
        for (int i = 0; i < period; i++) {
            figure[i] = sum[i] / count[i];
            total += figure[i];
        }
        double centre = total / period;
        for (int i = 0; i < period; i++) {
            figure[i] = type == Type.ADDITIVE ? figure[i] - centre : figure[i] / centre;
        }
        double[] seasonal = new double[n];
        for (int t = 0; t < n; t++) {
            seasonal[t] = figure[t % period];
        }
        return new ClassicalDecomposition(type, period, trend, figure, seasonal);
    }

    /** {@code y} with the seasonal component removed: {@code y - seasonal} or {@code y / seasonal}. */
    public double[] adjust(double[] y) {
        if (y.length != seasonal.length) {
            throw new IllegalArgumentException("classical decomposition: adjusting " + y.length + " values with a "
                    + "decomposition of " + seasonal.length + "; pass the series that was decomposed");
        }
        double[] out = new double[y.length];
        for (int t = 0; t < y.length; t++) {
            out[t] = type == Type.ADDITIVE ? y[t] - seasonal[t] : y[t] / seasonal[t];
        }
        return out;
    }

    /** The seasonal index of step h (1-based) after the end of the decomposed series. */
    public double seasonalAhead(int h) {
        return figure[(seasonal.length + h - 1) % period];
    }

    @Override
    public double[] trend() {
        return trend.clone();
    }

    @Override
    public double[] figure() {
        return figure.clone();
    }

    @Override
    public double[] seasonal() {
        return seasonal.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassicalDecomposition d && type == d.type && period == d.period
                && Arrays.equals(trend, d.trend) && Arrays.equals(figure, d.figure);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, period, Arrays.hashCode(trend), Arrays.hashCode(figure));
    }

    @Override
    public String toString() {
        return "ClassicalDecomposition[" + type.name().toLowerCase(java.util.Locale.ROOT) + ", period " + period + ", "
                + seasonal.length + " values]";
    }
}
