package seqlab.stats;

import java.util.Arrays;

/**
 * Summary statistics and paired tests for comparing models over seeds (or folds).
 *
 * <ul>
 *   <li>{@link #mean}, {@link #sampleStd} (denominator n - 1).</li>
 *   <li>{@link #meanConfidenceInterval}: {@code mean ± t_{(1+level)/2, n-1} * s / sqrt(n)}, the Student-t interval,
 *       right for the handful of seeds experiments use (a normal 1.96 would be too narrow).</li>
 *   <li>{@link #pairedTTest}: t = mean(d) / (sd(d) / sqrt(n)) on the differences d = a - b, n - 1 degrees of
 *       freedom, two-sided; what scipy's {@code ttest_rel} computes.</li>
 *   <li>{@link #wilcoxonSignedRank}: Wilcoxon's (1945) signed-rank test, two-sided. Zero differences are dropped
 *       first (scipy's default {@code zero_method="wilcox"}); tied |d| get average ranks. The statistic is
 *       min(W+, W-). With at most 25 non-zero differences and no ties the p-value is exact, from the null
 *       distribution of W+ (every sign pattern equally likely). Otherwise it is the normal approximation with mean
 *       n(n+1)/4, variance n(n+1)(2n+1)/24 reduced by sum(t^3 - t)/48 over groups of t tied ranks, and a continuity
 *       correction of 0.5 towards the mean, i.e. scipy's {@code method="approx", correction=True} and R's
 *       {@code wilcox.test} default. Ties send small samples to the approximation too, as in R, because the exact
 *       distribution assumes untied integer ranks (SciPy 1.17's {@code method="auto"} keeps that exact distribution
 *       for tied samples of up to 50, so its p-values differ from ours there).</li>
 * </ul>
 * The t quantile and distribution are computed here from the regularized incomplete beta function (continued
 * fraction, modified Lentz), so nothing outside the JDK is needed.
 */
public final class Stats {
    /** Largest number of non-zero differences for which the Wilcoxon p-value is exact. */
    public static final int WILCOXON_EXACT_MAX_N = 25;

    private Stats() {}

    /**
     * Arithmetic mean.
     *
     * @param values at least one finite value
     * @return the mean
     */
    public static double mean(double[] values) {
        Inputs.notEmpty("Mean", "values", values.length);
        Inputs.finite("Mean", "values", values);
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double m = sum / values.length;
        // One correction pass removes most of the rounding error of the naive sum.
        double correction = 0;
        for (double v : values) {
            correction += v - m;
        }
        return m + correction / values.length;
    }

    /**
     * Sample standard deviation, with denominator n - 1.
     *
     * @param values at least one finite value
     * @return the standard deviation; NaN for a single value, where it is undefined
     */
    public static double sampleStd(double[] values) {
        double m = mean(values);
        if (values.length < 2) {
            return Double.NaN;
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (values.length - 1));
    }

    /**
     * The 95% Student-t confidence interval of the mean.
     *
     * @param values at least one finite value
     * @return the interval; bounds are NaN for a single value
     */
    public static ConfidenceInterval meanConfidenceInterval(double[] values) {
        return meanConfidenceInterval(values, 0.95);
    }

    /**
     * The Student-t confidence interval of the mean at a given level.
     *
     * @param values at least one finite value
     * @param level confidence level in (0, 1), e.g. 0.95
     * @return the interval; bounds are NaN for a single value
     */
    public static ConfidenceInterval meanConfidenceInterval(double[] values, double level) {
        Inputs.level("Confidence interval", level);
        double m = mean(values);
        int n = values.length;
        if (n < 2) {
            return new ConfidenceInterval(m, Double.NaN, Double.NaN, level, n);
        }
        double half = studentTQuantile((1 + level) / 2, n - 1) * sampleStd(values) / Math.sqrt(n);
        return new ConfidenceInterval(m, m - half, m + half, level, n);
    }

    /**
     * The quantile function of Student's t distribution.
     *
     * @param p probability in (0, 1)
     * @param degreesOfFreedom degrees of freedom, > 0 (need not be an integer)
     * @return t such that {@code P(T <= t) = p}
     */
    public static double studentTQuantile(double p, double degreesOfFreedom) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("t quantile: probability " + p + " must lie strictly between 0 and 1");
        }
        checkDf(degreesOfFreedom);
        return SpecialFunctions.studentQuantile(p, degreesOfFreedom);
    }

    /**
     * The cumulative distribution function of Student's t distribution.
     *
     * @param t the point
     * @param degreesOfFreedom degrees of freedom, > 0
     * @return {@code P(T <= t)}
     */
    public static double studentTCdf(double t, double degreesOfFreedom) {
        checkDf(degreesOfFreedom);
        if (Double.isNaN(t)) {
            throw new IllegalArgumentException("t CDF: the point is NaN");
        }
        return SpecialFunctions.studentCdf(t, degreesOfFreedom);
    }

    /**
     * The density of Student's t distribution.
     *
     * @param t the point
     * @param degreesOfFreedom degrees of freedom, > 0
     */
    public static double studentTPdf(double t, double degreesOfFreedom) {
        checkDf(degreesOfFreedom);
        double v = degreesOfFreedom;
        return Math.exp(logBeta(0.5, v / 2) * -1 - 0.5 * Math.log(v) - (v + 1) / 2 * Math.log1p(t * t / v));
    }

    /** ln B(a, b) = ln Γ(a) + ln Γ(b) - ln Γ(a + b), for a, b > 0. */
    public static double logBeta(double a, double b) {
        if (!(a > 0 && b > 0) || Double.isInfinite(a) || Double.isInfinite(b)) {
            throw new IllegalArgumentException("log beta: a and b must be finite and > 0, got " + a + ", " + b);
        }
        return SpecialFunctions.logGamma(a) + SpecialFunctions.logGamma(b) - SpecialFunctions.logGamma(a + b);
    }

    /**
     * The standard normal cumulative distribution function.
     *
     * @param z the point
     * @return {@code P(Z <= z)}
     */
    public static double normalCdf(double z) {
        return SpecialFunctions.normalCdf(z);
    }

    /**
     * The standard normal quantile function (inverse CDF).
     *
     * @param p probability in (0, 1)
     * @return z such that {@code P(Z <= z) = p}
     */
    public static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("normal quantile: probability " + p + " must lie strictly between 0 and 1");
        }
        return SpecialFunctions.normalQuantile(p);
    }

    /**
     * The standard normal density.
     *
     * @param z the point
     * @return φ(z)
     */
    public static double normalPdf(double z) {
        return SpecialFunctions.normalPdf(z);
    }

    /**
     * Two-sided paired t-test of the mean difference {@code a - b} against 0.
     *
     * @param a first model's scores, one per seed
     * @param b second model's scores on the same seeds, same order
     * @return t, p-value and n; p = 1 when every difference is 0, p = 0 when all differences are equal and non-zero
     */
    public static TestResult pairedTTest(double[] a, double[] b) {
        double[] d = differences("Paired t-test", a, b);
        int n = d.length;
        if (n < 2) {
            throw new IllegalArgumentException("Paired t-test: needs at least 2 pairs but got " + n
                    + "; run more seeds");
        }
        double m = mean(d);
        double s = sampleStd(d);
        String method = "paired t-test";
        if (s == 0) {
            return m == 0 ? new TestResult(method, 0.0, 1.0, n)
                    : new TestResult(method, Math.copySign(Double.POSITIVE_INFINITY, m), 0.0, n);
        }
        double t = m / (s / Math.sqrt(n));
        return new TestResult(method, t, SpecialFunctions.studentTwoSidedTail(t, n - 1), n);
    }

    /**
     * Two-sided Wilcoxon signed-rank test of the paired differences {@code a - b}.
     *
     * @param a first model's scores, one per seed
     * @param b second model's scores on the same seeds, same order
     * @return min(W+, W-), p-value and the number of non-zero differences
     */
    public static TestResult wilcoxonSignedRank(double[] a, double[] b) {
        return wilcoxonSignedRank(differences("Wilcoxon signed-rank test", a, b));
    }

    /**
     * Two-sided Wilcoxon signed-rank test that the differences are symmetric about 0.
     *
     * @param differences paired differences
     * @return min(W+, W-), p-value and the number of non-zero differences; p = 1 when every difference is 0
     */
    public static TestResult wilcoxonSignedRank(double[] differences) {
        String what = "Wilcoxon signed-rank test";
        Inputs.notEmpty(what, "differences", differences.length);
        Inputs.finite(what, "differences", differences);
        double[] d = Arrays.stream(differences).filter(x -> x != 0).toArray();
        int n = d.length;
        if (n == 0) {
            return new TestResult(what + " (all differences zero)", 0.0, 1.0, 0);
        }
        // Average ranks of |d|, and the tie-group sizes for the variance correction.
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(Math.abs(d[i]), Math.abs(d[j])));
        double[] rank = new double[n];
        double tieTerm = 0;
        boolean ties = false;
        for (int start = 0; start < n; ) {
            int end = start;
            while (end + 1 < n && Math.abs(d[order[end + 1]]) == Math.abs(d[order[start]])) {
                end++;
            }
            double average = (start + end + 2) / 2.0;
            for (int k = start; k <= end; k++) {
                rank[order[k]] = average;
            }
            int size = end - start + 1;
            if (size > 1) {
                ties = true;
                tieTerm += (double) size * size * size - size;
            }
            start = end + 1;
        }
        double plus = 0;
        for (int i = 0; i < n; i++) {
            if (d[i] > 0) {
                plus += rank[i];
            }
        }
        double total = (double) n * (n + 1) / 2.0;
        double statistic = Math.min(plus, total - plus);
        if (n <= WILCOXON_EXACT_MAX_N && !ties) {
            return new TestResult(what + " (exact)", statistic, exactWilcoxonP((int) statistic, n), n);
        }
        double mean = (double) n * (n + 1) / 4.0;
        double variance = (double) n * (n + 1) * (2.0 * n + 1) / 24.0 - tieTerm / 48.0;
        if (variance <= 0) {
            return new TestResult(what + " (normal approximation)", statistic, 1.0, n);
        }
        double z = (statistic - mean - 0.5 * Math.signum(statistic - mean)) / Math.sqrt(variance);
        double p = Math.min(1.0, 2 * SpecialFunctions.normalCdf(-Math.abs(z)));
        return new TestResult(what + " (normal approximation)", statistic, p, n);
    }

    /** 2 P(W+ <= w) under H0, capped at 1: the two-sided p-value for the smaller rank sum w. */
    private static double exactWilcoxonP(int w, int n) {
        // ways[s] = number of subsets of {1..n} with rank sum s, i.e. sign patterns with W+ = s.
        int max = n * (n + 1) / 2;
        long[] ways = new long[max + 1];
        ways[0] = 1;
        for (int r = 1; r <= n; r++) {
            for (int s = max; s >= r; s--) {
                ways[s] += ways[s - r];
            }
        }
        long atMost = 0;
        for (int s = 0; s <= w; s++) {
            atMost += ways[s];
        }
        return Math.min(1.0, 2.0 * atMost / Math.pow(2, n));
    }

    private static double[] differences(String what, double[] a, double[] b) {
        return Inputs.differences(what, "a", a, "b", b);
    }

    private static void checkDf(double df) {
        if (!(df > 0) || Double.isInfinite(df)) {
            throw new IllegalArgumentException("Student t: degrees of freedom " + df + " must be finite and > 0");
        }
    }
}
