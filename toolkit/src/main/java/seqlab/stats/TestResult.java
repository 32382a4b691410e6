package seqlab.stats;

/**
 * The outcome of a two-sided significance test.
 *
 * @param method the test and how its p-value was obtained, e.g. {@code "Wilcoxon signed-rank (exact)"}
 * @param statistic the test statistic (t for the t-test; min(W+, W-) for Wilcoxon, as scipy reports it)
 * @param pValue the two-sided p-value
 * @param n the pairs the test used (for Wilcoxon, after dropping zero differences)
 */
public record TestResult(String method, double statistic, double pValue, int n) {
    /** Whether the p-value is below {@code alpha}. */
    public boolean significantAt(double alpha) {
        return pValue < alpha;
    }
}
