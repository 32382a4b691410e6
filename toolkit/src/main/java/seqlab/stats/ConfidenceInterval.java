package seqlab.stats;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * A confidence interval around an estimate: a mean over seeds, or a difference between two models.
 *
 * <p>Intervals from the t distribution are symmetric about the estimate; bootstrap percentile intervals and the
 * Agresti–Min interval of {@link McNemar} need not be, so the bounds are stored, not a half width.
 *
 * @param estimate the point estimate (the sample mean, or the observed difference candidate − reference)
 * @param lower lower bound (NaN when it cannot be estimated, e.g. from one value)
 * @param upper upper bound (NaN when it cannot be estimated)
 * @param level the confidence level, e.g. 0.95
 * @param n the sample size behind it (seeds, or test examples)
 */
public record ConfidenceInterval(double estimate, double lower, double upper, double level, int n) {
    /** Half the width of the interval. */
    public double halfWidth() {
        return 0.5 * (upper - lower);
    }

    /** Whether {@code value} lies inside the closed interval. */
    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }

    /**
     * Four decimals: {@code 0.8123 ± 0.0104 (95%, n=5)} when the interval is symmetric about the estimate,
     * {@code 0.0410 [0.0210, 0.0600] (95%, n=500)} when it is not, {@code 0.7000 (no interval, n=1)} without one.
     */
    @Override
    public String toString() {
        String pct = new BigDecimal(Double.toString(100 * level)).stripTrailingZeros().toPlainString();
        if (Double.isNaN(lower) || Double.isNaN(upper)) {
            return String.format(Locale.ROOT, "%.4f (no interval, n=%d)", estimate, n);
        }
        double scale = Math.max(Math.abs(upper), Math.abs(lower)) + Math.abs(estimate);
        if (Math.abs((upper - estimate) - (estimate - lower)) <= 1e-12 * Math.max(scale, 1e-300)) {
            return String.format(Locale.ROOT, "%.4f ± %.4f (%s%%, n=%d)", estimate, halfWidth(), pct, n);
        }
        return String.format(Locale.ROOT, "%.4f [%.4f, %.4f] (%s%%, n=%d)", estimate, lower, upper, pct, n);
    }
}
