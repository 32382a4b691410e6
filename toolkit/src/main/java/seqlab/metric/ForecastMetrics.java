package seqlab.metric;

/**
 * Point-forecast accuracy measures. Pass values on the original scale of the series (undo any scaling first):
 * errors on a standardised scale are not comparable across series or with published results.
 *
 * <p>Definitions, for actual values {@code A_t} and forecasts {@code F_t}, t = 1..n:
 * <ul>
 *   <li>MAE = (1/n) sum |F_t - A_t|</li>
 *   <li>RMSE = sqrt((1/n) sum (F_t - A_t)^2)</li>
 *   <li>sMAPE = (200/n) sum |F_t - A_t| / (|A_t| + |F_t|), in percent, 0-200; a term with
 *       {@code A_t = F_t = 0} counts as 0 (a perfect forecast of zero). This is the absolute-value form used in the
 *       M4 competition, bounded unlike the original ratio with {@code A_t + F_t} in the denominator.</li>
 *   <li>MASE = MAE / Q with Q = (1/(T-m)) sum_{t=m+1..T} |Y_t - Y_{t-m}|, the in-sample MAE of the seasonal naive
 *       forecast (period m) on the training series Y_1..Y_T (Hyndman and Koehler 2006, "Another look at measures of
 *       forecast accuracy", International Journal of Forecasting 22(4); the seasonal form of their scaled error, as used
 *       in the M4 competition). m = 1 gives their non-seasonal version. MASE below 1 beats the in-sample seasonal naive forecast.</li>
 * </ul>
 * NaN or infinite values are rejected: handle missing values before scoring, never silently. Finite values far
 * apart (a diverged forecast of 1e200) give the finite score they have: sums that would overflow are rescaled. Only
 * an error {@code F_t - A_t} itself beyond the double range is an error, one that says so.
 */
public final class ForecastMetrics {
    private ForecastMetrics() {}

    /**
     * Mean absolute error.
     *
     * @param actual observed values
     * @param forecast forecasts, one per observed value
     * @return MAE, in the units of the series
     */
    public static double mae(double[] actual, double[] forecast) {
        return meanAbs(errors("MAE", actual, forecast));
    }

    /**
     * Root mean squared error.
     *
     * @param actual observed values
     * @param forecast forecasts, one per observed value
     * @return RMSE, in the units of the series
     */
    public static double rmse(double[] actual, double[] forecast) {
        double[] e = errors("RMSE", actual, forecast);
        double sum = 0;
        for (double v : e) {
            sum += v * v;
        }
        if (Double.isFinite(sum)) {
            return Math.sqrt(sum / e.length);
        }
        // squares past the double range: sqrt(mean(e^2)) = m * sqrt(mean((e/m)^2)) with m = max |e|
        double m = 0;
        for (double v : e) {
            m = Math.max(m, Math.abs(v));
        }
        double scaled = 0;
        for (double v : e) {
            scaled += (v / m) * (v / m);
        }
        return m * Math.sqrt(scaled / e.length);
    }

    /**
     * Symmetric mean absolute percentage error, {@code 200/n * sum |F-A| / (|A|+|F|)}, with 0/0 terms taken as 0.
     *
     * @param actual observed values
     * @param forecast forecasts, one per observed value
     * @return sMAPE in percent, between 0 and 200
     */
    public static double smape(double[] actual, double[] forecast) {
        double[] e = errors("sMAPE", actual, forecast);
        double sum = 0;
        for (int i = 0; i < e.length; i++) {
            double denominator = Math.abs(actual[i]) + Math.abs(forecast[i]);
            if (Double.isInfinite(denominator)) { // both halved: exact for such large values, same ratio
                sum += Math.abs(e[i] / 2) / (Math.abs(actual[i] / 2) + Math.abs(forecast[i] / 2));
            } else if (denominator > 0) {
                sum += Math.abs(e[i]) / denominator;
            }
        }
        return 200.0 * sum / e.length;
    }

    /**
     * Mean absolute scaled error, scaled by the in-sample MAE of the seasonal naive forecast on the training series.
     *
     * @param actual observed values of the test period
     * @param forecast forecasts, one per observed value
     * @param training the training series (original scale), at least {@code period + 1} values
     * @param period seasonal period m (1 for non-seasonal, 12 for monthly data with a yearly cycle, ...)
     * @return MASE (unitless)
     */
    public static double mase(double[] actual, double[] forecast, double[] training, int period) {
        double errorMean = mae(actual, forecast);
        return errorMean / seasonalNaiveScale("MASE", training, period);
    }

    /**
     * MASE's scale: the in-sample MAE of the seasonal naive forecast (period m) on the training series,
     * {@code (1/(T-m)) sum_{t=m+1..T} |Y_t - Y_{t-m}|}.
     *
     * @param training the training series (original scale), at least {@code period + 1} values
     * @param period seasonal period m (1 for non-seasonal)
     * @return the scale, > 0
     */
    public static double seasonalNaiveScale(double[] training, int period) {
        return seasonalNaiveScale("MASE", training, period);
    }

    /**
     * The in-sample MAE of the seasonal naive forecast of {@code training}: the denominator of MASE and of M4's MSIS;
     * {@code what} names the metric in error messages.
     */
    static double seasonalNaiveScale(String what, double[] training, int period) {
        Checks.finite(what, "training", training);
        if (period < 1) {
            throw new IllegalArgumentException(what + ": seasonal period " + period + " must be at least 1 "
                    + "(1 = non-seasonal)");
        }
        if (training.length < period + 1) {
            throw new IllegalArgumentException(what + ": the training series has " + training.length
                    + " values but a seasonal naive scale with period " + period + " needs at least " + (period + 1)
                    + "; pass the whole training series or a smaller period");
        }
        double[] naive = new double[training.length - period];
        for (int t = period; t < training.length; t++) {
            naive[t - period] = training[t] - training[t - period];
            if (Double.isInfinite(naive[t - period])) {
                throw new IllegalArgumentException(what + ": training[" + t + "] - training[" + (t - period) + "] = "
                        + training[t] + " - " + training[t - period] + " exceeds the double range; rescale the series");
            }
        }
        double scale = meanAbs(naive);
        if (scale == 0) {
            throw new IllegalArgumentException(what + ": the training series repeats itself exactly every " + period
                    + " steps, so the seasonal naive in-sample error is 0 and the scaled score is undefined; report the"
                    + " unscaled score instead");
        }
        return scale;
    }

    /** The errors {@code F_t - A_t}, after the checks every metric shares. */
    private static double[] errors(String what, double[] actual, double[] forecast) {
        Checks.sameLength(what, "actual", actual.length, "forecast", forecast.length);
        Checks.notEmpty(what, "actual", actual.length);
        Checks.finite(what, "actual", actual);
        Checks.finite(what, "forecast", forecast);
        double[] e = new double[actual.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = forecast[i] - actual[i];
            if (Double.isInfinite(e[i])) {
                throw new IllegalArgumentException(what + ": forecast[" + i + "] - actual[" + i + "] = " + forecast[i]
                        + " - " + actual[i] + " exceeds the double range, an overflow: the forecast is nowhere near the "
                        + "data (did training diverge? check the losses, lower the learning rate or clip gradients)");
            }
        }
        return e;
    }

    /** Mean of |v|; where the plain sum overflows, the sum of |v|/n, which stays finite. */
    private static double meanAbs(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += Math.abs(x);
        }
        if (Double.isFinite(sum)) {
            return sum / v.length;
        }
        double mean = 0;
        for (double x : v) {
            mean += Math.abs(x) / v.length;
        }
        return mean;
    }
}
