package seqlab.forecast;

import java.util.Arrays;
import java.util.Locale;

/**
 * The four simple forecasting methods of Hyndman and Athanasopoulos, "Forecasting: principles and practice" (3rd ed.,
 * section 5.2), with the prediction intervals of its section 5.5: each step is Gaussian around the point forecast
 * (Student-t for the mean method), with the residual variances that R's forecast package (8.20: {@code naive},
 * {@code snaive}, {@code rwf(drift = TRUE)}, {@code meanf}) estimates, so the intervals match R's.
 *
 * <ul>
 *   <li>{@link #NAIVE}: the last value. Residuals {@code e_t = y_t - y_{t-1}}, {@code s^2 = sum e^2 / (T - 1)},
 *       sd at step h {@code s sqrt(h)}.</li>
 *   <li>{@link #SEASONAL_NAIVE}: the value one season earlier. {@code e_t = y_t - y_{t-m}},
 *       {@code s^2 = sum e^2 / (T - m)}, sd {@code s sqrt(k + 1)} with {@code k = floor((h - 1) / m)}.</li>
 *   <li>{@link #DRIFT}: the line through the first and last values, slope {@code b = (y_T - y_1) / (T - 1)}.
 *       {@code e_t = y_t - y_{t-1} - b}, {@code s^2 = sum e^2 / (T - 2)}, sd {@code s sqrt(h (1 + h / (T - 1)))}
 *       (the second term is the slope's own uncertainty).</li>
 *   <li>{@link #MEAN}: the historical mean. The sample sd {@code s} (denominator T - 1) gives a Student-t with
 *       T - 1 degrees of freedom and scale {@code s sqrt(1 + 1/T)}.</li>
 * </ul>
 */
public enum SimpleMethod implements ForecastMethod {
    NAIVE, SEASONAL_NAIVE, DRIFT, MEAN;

    /** {@code "naive"}, {@code "seasonal-naive"}, {@code "drift"} or {@code "mean"}. */
    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String toString() {
        return label();
    }

    /** The method labelled {@code label}: {@code naive}, {@code seasonal-naive}, {@code drift} or {@code mean}. */
    public static SimpleMethod of(String label) {
        for (SimpleMethod b : values()) {
            if (b.label().equals(label)) {
                return b;
            }
        }
        throw new IllegalArgumentException("Unknown simple forecasting method '" + label + "'; use naive, seasonal-naive, drift or mean");
    }

    /**
     * Point forecasts of {@code horizon} steps from {@code origin}, using only {@code values[0 .. origin)}. Needs
     * one observed value (a whole season for the seasonal naive method); intervals need more, see
     * {@link #forecast(double[], int, int)}.
     */
    public double[] pointForecast(double[] values, int origin, int period, int horizon) {
        if (origin < 1 || origin > values.length) {
            throw new IllegalArgumentException("baseline " + label() + ": origin " + origin + " outside 1.." + values.length);
        }
        checkHorizonAndPeriod(period, horizon);
        double[] f = new double[horizon];
        double last = values[origin - 1];
        switch (this) {
            case NAIVE -> Arrays.fill(f, last);
            case SEASONAL_NAIVE -> {
                if (origin < period) {
                    throw new IllegalArgumentException("seasonal-naive: " + origin + " observed values hold less than one "
                            + "season of " + period + "; forecast from a later origin");
                }
                for (int h = 1; h <= horizon; h++) {
                    // the same season in the last observed cycle: step back whole periods until before the origin
                    int back = period * ((h - 1) / period + 1);
                    f[h - 1] = values[origin - 1 + h - back];
                }
            }
            case DRIFT -> {
                double slope = origin > 1 ? (last - values[0]) / (origin - 1) : 0;
                for (int h = 1; h <= horizon; h++) {
                    f[h - 1] = last + h * slope;
                }
            }
            case MEAN -> {
                double s = 0;
                for (int t = 0; t < origin; t++) {
                    s += values[t];
                }
                Arrays.fill(f, s / origin);
            }
            default -> throw new AssertionError(this);
        }
        return f;
    }

    @Override
    public Forecast forecast(double[] history, int period, int horizon) {
        Series.check(label(), history);
        checkHorizonAndPeriod(period, horizon);
        if (this == SEASONAL_NAIVE && period < 2) {
            throw new IllegalArgumentException("seasonal-naive needs a seasonal period of at least 2, got " + period
                    + "; use naive for a series without a season");
        }
        int n = history.length;
        int needed = switch (this) {
            case NAIVE, MEAN -> 2;
            case SEASONAL_NAIVE -> period + 1;
            case DRIFT -> 3;
        };
        if (n < needed) {
            throw new IllegalArgumentException(label() + ": " + n + " observed values are too few for prediction "
                    + "intervals; it needs at least " + needed + (this == SEASONAL_NAIVE ? " (one season of " + period
                    + " and one more)" : "") + ". Use pointForecast for point forecasts only");
        }
        double[] mean = pointForecast(history, n, period, horizon);
        double[] scale = new double[horizon];
        switch (this) {
            case NAIVE, SEASONAL_NAIVE -> {
                int lag = this == NAIVE ? 1 : period;
                double sse = 0;
                for (int t = lag; t < n; t++) {
                    double e = history[t] - history[t - lag];
                    sse += e * e;
                }
                double s2 = sse / (n - lag);
                for (int h = 1; h <= horizon; h++) {
                    int steps = (h - 1) / lag + 1;
                    scale[h - 1] = Math.sqrt(s2 * steps);
                }
            }
            case DRIFT -> {
                double slope = (history[n - 1] - history[0]) / (n - 1);
                double sse = 0;
                for (int t = 1; t < n; t++) {
                    double e = history[t] - history[t - 1] - slope;
                    sse += e * e;
                }
                double s2 = sse / (n - 2);
                for (int h = 1; h <= horizon; h++) {
                    scale[h - 1] = Math.sqrt(s2 * h * (1 + (double) h / (n - 1)));
                }
            }
            case MEAN -> {
                double s = Series.sampleSd(history);
                Arrays.fill(scale, s * Math.sqrt(1 + 1.0 / n));
                return new Forecast(label(), mean, scale, n - 1);
            }
            default -> throw new AssertionError(this);
        }
        return Forecast.gaussian(label(), mean, scale);
    }

    private void checkHorizonAndPeriod(int period, int horizon) {
        if (horizon < 1) {
            throw new IllegalArgumentException(label() + ": horizon " + horizon + " must be at least 1");
        }
        if (period < 1) {
            throw new IllegalArgumentException(label() + ": seasonal period " + period + " must be at least 1 (1 = none)");
        }
    }
}
