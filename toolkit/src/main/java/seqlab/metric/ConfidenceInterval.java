package seqlab.metric;

/**
 * A confidence interval for a mean, {@code mean ± halfWidth}.
 *
 * @param mean the sample mean
 * @param lower lower bound (NaN when it cannot be estimated from one value)
 * @param upper upper bound (NaN when it cannot be estimated from one value)
 * @param level the confidence level, e.g. 0.95
 * @param n the sample size
 */
public record ConfidenceInterval(double mean, double lower, double upper, double level, int n) {
    /** Half the width of the interval. */
    public double halfWidth() {
        return 0.5 * (upper - lower);
    }

    /** {@code mean ± halfWidth} with four decimals, e.g. {@code 0.8123 ± 0.0104 (95%, n=5)}. */
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.4f ± %.4f (%s%%, n=%d)", mean, halfWidth(),
                new java.math.BigDecimal(Double.toString(100 * level)).stripTrailingZeros().toPlainString(), n);
    }
}
