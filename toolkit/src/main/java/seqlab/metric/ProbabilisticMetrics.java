package seqlab.metric;

import java.util.Arrays;
import seqlab.stats.Stats;

/**
 * Scores for probabilistic forecasts: the whole predictive distribution (CRPS), single quantiles (pinball loss) and
 * central intervals (coverage, interval score, scaled interval score). Lower is better for every score; coverage is
 * a rate to compare with the nominal level. Each returns the mean over the forecast points; pass values on the
 * original scale of the series.
 *
 * <ul>
 *   <li>CRPS, the continuous ranked probability score, {@code CRPS(F, y) = integral (F(x) - 1{x >= y})^2 dx}
 *       (Matheson and Winkler 1976; Gneiting and Raftery 2007, "Strictly proper scoring rules, prediction, and
 *       estimation", JASA 102(477), section 4.2). In the units of the series; it equals the absolute error for a
 *       point forecast. Three estimators:
 *     <ul>
 *       <li>{@link #crpsGaussian}: the closed form for N(mu, sigma^2) of Gneiting, Raftery, Westveld and Goldman
 *           (2005, eq. 5): {@code sigma (z (2 Phi(z) - 1) + 2 phi(z) - 1/sqrt(pi))}, z = (y - mu) / sigma.</li>
 *       <li>{@link #crpsSamples}: from m samples X_i of the forecast distribution, the energy form
 *           {@code mean_i |X_i - y| - (1 / (2 m^2)) sum_ij |X_i - X_j|} (Gneiting and Raftery 2007, eq. 21), as
 *           {@code properscoring.crps_ensemble} and R's {@code scoringRules::crps_sample} compute it.</li>
 *       <li>{@link #crpsQuantiles}: from quantile forecasts at levels tau_1..tau_K, twice the mean pinball loss,
 *           {@code (2/K) sum_k rho_tau_k(y - q_k)}: the CRPS is {@code 2 integral_0^1 rho_tau(y - q_tau) dtau}
 *           (Gneiting and Ranjan 2011, eq. 4), and this is its rectangle rule for evenly spaced levels.</li>
 *     </ul></li>
 *   <li>{@link #pinball}: the quantile (pinball) loss {@code rho_tau(u) = max(tau u, (tau - 1) u)}, u = y - q
 *       (Koenker and Bassett 1978); at tau = 0.5 it is half the absolute error.</li>
 *   <li>{@link #coverage}: the share of actual values inside their interval, bounds included.</li>
 *   <li>{@link #intervalScore}: Winkler's (1972) interval score for a central (1 - alpha) interval [l, u]:
 *       {@code (u - l) + (2/alpha)(l - y) 1{y < l} + (2/alpha)(y - u) 1{y > u}} (Gneiting and Raftery 2007,
 *       eq. 43): width plus a penalty for misses, so it rewards intervals that are narrow and cover.</li>
 *   <li>{@link #msis}: the interval score divided by the in-sample seasonal naive MAE, the M4 competition's
 *       interval measure (Makridakis, Spiliotis and Assimakopoulos 2020, "The M4 Competition", IJF 36(1)), scaled
 *       like {@link ForecastMetrics#mase}.</li>
 * </ul>
 * NaN or infinite inputs, mismatched lengths, levels outside (0, 1) and negative spreads are rejected with a
 * message that names them.
 */
public final class ProbabilisticMetrics {
    private static final double INV_SQRT_PI = 1 / Math.sqrt(Math.PI);

    private ProbabilisticMetrics() {}

    /**
     * Mean CRPS of Gaussian forecasts, in closed form.
     *
     * @param actual observed values
     * @param mean   forecast means, one per observed value
     * @param sd     forecast standard deviations (&gt;= 0; 0 gives the absolute error)
     */
    public static double crpsGaussian(double[] actual, double[] mean, double[] sd) {
        check("CRPS", actual, "mean", mean);
        Checks.sameLength("CRPS", "actual", actual.length, "sd", sd.length);
        Checks.finite("CRPS", "sd", sd);
        double sum = 0;
        for (int t = 0; t < actual.length; t++) {
            if (sd[t] < 0) {
                throw new IllegalArgumentException("CRPS: sd[" + t + "] is " + sd[t] + "; a standard deviation is >= 0");
            }
            if (sd[t] == 0) {
                sum += Math.abs(actual[t] - mean[t]);
                continue;
            }
            double z = (actual[t] - mean[t]) / sd[t];
            sum += sd[t] * (z * (2 * Stats.normalCdf(z) - 1) + 2 * Stats.normalPdf(z) - INV_SQRT_PI);
        }
        return sum / actual.length;
    }

    /**
     * Mean CRPS of location-scale Student-t forecasts, in closed form (Jordan, Krueger and Lerch 2019, "Evaluating
     * probabilistic forecasts with scoringRules", J. Stat. Software 90(12), section on the t family): with
     * {@code z = (y - mu) / sigma}, {@code sigma (z (2 F(z) - 1) + 2 f(z) (v + z^2) / (v - 1)
     * - 2 sqrt(v) B(1/2, v - 1/2) / ((v - 1) B(1/2, v/2)^2))}, F and f the standard t's CDF and density. It tends to
     * {@link #crpsGaussian} as v grows.
     *
     * @param scale            the scale sigma (not the standard deviation), &gt;= 0 (0 gives the absolute error)
     * @param degreesOfFreedom v &gt; 1 (the CRPS is infinite for v &lt;= 1)
     */
    public static double crpsStudentT(double[] actual, double[] location, double[] scale, double degreesOfFreedom) {
        check("CRPS", actual, "location", location);
        Checks.sameLength("CRPS", "actual", actual.length, "scale", scale.length);
        Checks.finite("CRPS", "scale", scale);
        if (!(degreesOfFreedom > 1)) {
            throw new IllegalArgumentException("CRPS: a Student-t forecast needs more than 1 degree of freedom for a "
                    + "finite CRPS, got " + degreesOfFreedom);
        }
        double v = degreesOfFreedom;
        double constant = Double.isInfinite(v) ? INV_SQRT_PI
                : 2 * Math.sqrt(v) * Math.exp(Stats.logBeta(0.5, v - 0.5) - 2 * Stats.logBeta(0.5, v / 2)) / (v - 1);
        double sum = 0;
        for (int t = 0; t < actual.length; t++) {
            if (scale[t] < 0) {
                throw new IllegalArgumentException("CRPS: scale[" + t + "] is " + scale[t] + "; a scale is >= 0");
            }
            if (scale[t] == 0) {
                sum += Math.abs(actual[t] - location[t]);
                continue;
            }
            double z = (actual[t] - location[t]) / scale[t];
            double cdf = Double.isInfinite(v) ? Stats.normalCdf(z) : Stats.studentTCdf(z, v);
            double pdfTerm = Double.isInfinite(v) ? 2 * Stats.normalPdf(z) : 2 * Stats.studentTPdf(z, v) * (v + z * z) / (v - 1);
            sum += scale[t] * (z * (2 * cdf - 1) + pdfTerm - constant);
        }
        return sum / actual.length;
    }

    /**
     * Mean CRPS from samples of each forecast distribution (ensemble members or simulated paths).
     *
     * @param actual  observed values
     * @param samples {@code samples[t]} holds the samples for {@code actual[t]}, at least one each
     */
    public static double crpsSamples(double[] actual, double[][] samples) {
        Checks.notEmpty("CRPS", "actual", actual.length);
        Checks.finite("CRPS", "actual", actual);
        Checks.sameLength("CRPS", "actual", actual.length, "samples", samples.length);
        double sum = 0;
        for (int t = 0; t < actual.length; t++) {
            double[] x = samples[t].clone();
            if (x.length == 0) {
                throw new IllegalArgumentException("CRPS: samples[" + t + "] is empty; give at least one sample per value");
            }
            Checks.finite("CRPS", "samples[" + t + "]", x);
            Arrays.sort(x);
            int m = x.length;
            double toActual = 0;
            double spread = 0;  // sum_ij |x_i - x_j| = 2 sum_i (2i - m + 1) x_(i) over the sorted samples
            for (int i = 0; i < m; i++) {
                toActual += Math.abs(x[i] - actual[t]);
                spread += (2.0 * i - m + 1) * x[i];
            }
            sum += toActual / m - spread / ((double) m * m);
        }
        return sum / actual.length;
    }

    /**
     * Mean CRPS approximated from quantile forecasts: twice the mean pinball loss over the levels. Use evenly spaced
     * levels (e.g. 0.05, 0.15, ..., 0.95, or 0.01 .. 0.99); the approximation improves as they get denser.
     *
     * @param actual    observed values
     * @param levels    quantile levels in (0, 1), increasing
     * @param quantiles {@code quantiles[k][t]} is the forecast quantile at {@code levels[k]} for {@code actual[t]}
     */
    public static double crpsQuantiles(double[] actual, double[] levels, double[][] quantiles) {
        return 2 * pinball(actual, levels, quantiles);
    }

    /**
     * Mean pinball loss of one quantile forecast.
     *
     * @param actual   observed values
     * @param quantile forecast quantile at {@code level}, one per observed value
     * @param level    the quantile level tau in (0, 1)
     */
    public static double pinball(double[] actual, double[] quantile, double level) {
        check("pinball loss", actual, "quantile", quantile);
        checkLevel("pinball loss", "quantile level", level);
        double sum = 0;
        for (int t = 0; t < actual.length; t++) {
            sum += rho(actual[t] - quantile[t], level);
        }
        return sum / actual.length;
    }

    /**
     * Mean pinball loss over several quantile levels and all points.
     *
     * @param levels    quantile levels in (0, 1), strictly increasing
     * @param quantiles {@code quantiles[k][t]}: the forecast at {@code levels[k]} for {@code actual[t]}
     */
    public static double pinball(double[] actual, double[] levels, double[][] quantiles) {
        Checks.notEmpty("pinball loss", "levels", levels.length);
        Checks.sameLength("pinball loss", "levels", levels.length, "quantiles", quantiles.length);
        for (int k = 0; k < levels.length; k++) {
            checkLevel("pinball loss", "levels[" + k + "]", levels[k]);
            if (k > 0 && !(levels[k] > levels[k - 1])) {
                throw new IllegalArgumentException("pinball loss: levels must increase, but levels[" + k + "] = " + levels[k]
                        + " follows " + levels[k - 1]);
            }
        }
        double sum = 0;
        for (int k = 0; k < levels.length; k++) {
            sum += pinball(actual, quantiles[k], levels[k]);
        }
        return sum / levels.length;
    }

    /**
     * Share of actual values within their interval, bounds included: compare with the interval's nominal level.
     *
     * @param lower lower bounds, one per observed value
     * @param upper upper bounds, each at least its lower bound
     */
    public static double coverage(double[] actual, double[] lower, double[] upper) {
        checkInterval("coverage", actual, lower, upper);
        int inside = 0;
        for (int t = 0; t < actual.length; t++) {
            if (actual[t] >= lower[t] && actual[t] <= upper[t]) {
                inside++;
            }
        }
        return (double) inside / actual.length;
    }

    /**
     * Mean interval (Winkler) score of central intervals at {@code level}.
     *
     * @param level the intervals' nominal coverage in (0, 1), e.g. 0.95 (alpha = 0.05)
     */
    public static double intervalScore(double[] actual, double[] lower, double[] upper, double level) {
        checkInterval("interval score", actual, lower, upper);
        checkLevel("interval score", "level", level);
        double alpha = 1 - level;
        double sum = 0;
        for (int t = 0; t < actual.length; t++) {
            double y = actual[t];
            sum += upper[t] - lower[t];
            if (y < lower[t]) {
                sum += 2 / alpha * (lower[t] - y);
            } else if (y > upper[t]) {
                sum += 2 / alpha * (y - upper[t]);
            }
        }
        return sum / actual.length;
    }

    /**
     * Mean scaled interval score (M4): {@link #intervalScore} over the in-sample MAE of the seasonal naive forecast
     * of {@code training}, the scale {@link ForecastMetrics#mase} uses.
     *
     * @param training the training series, at least {@code period + 1} values, not exactly periodic
     * @param period   seasonal period (1 for none)
     */
    public static double msis(double[] actual, double[] lower, double[] upper, double level, double[] training,
                              int period) {
        double score = intervalScore(actual, lower, upper, level);
        return score / ForecastMetrics.seasonalNaiveScale("MSIS", training, period);
    }

    /** The pinball function rho_tau(u) for u = actual - quantile. */
    private static double rho(double u, double tau) {
        return u >= 0 ? tau * u : (tau - 1) * u;
    }

    private static void check(String what, double[] actual, String name, double[] forecast) {
        Checks.sameLength(what, "actual", actual.length, name, forecast.length);
        Checks.notEmpty(what, "actual", actual.length);
        Checks.finite(what, "actual", actual);
        Checks.finite(what, name, forecast);
    }

    private static void checkInterval(String what, double[] actual, double[] lower, double[] upper) {
        check(what, actual, "lower", lower);
        Checks.sameLength(what, "actual", actual.length, "upper", upper.length);
        Checks.finite(what, "upper", upper);
        for (int t = 0; t < actual.length; t++) {
            if (lower[t] > upper[t]) {
                throw new IllegalArgumentException(what + ": lower[" + t + "] = " + lower[t] + " is above upper[" + t
                        + "] = " + upper[t] + "; pass the bounds in the right order");
            }
        }
    }

    private static void checkLevel(String what, String name, double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException(what + ": " + name + " " + level
                    + " must lie strictly between 0 and 1 (e.g. 0.9, not 90)");
        }
    }
}
