package seqlab.stats;

/**
 * A paired comparison of two models over training seeds: seed i of the candidate is paired with seed i of the
 * reference (same data split and batch order), and the differences {@code d_i = candidate_i − reference_i} are
 * tested.
 *
 * <ul>
 *   <li>The verdict's test is the two-sided paired t-test ({@link Stats#pairedTTest}), and the interval is the
 *       matching Student-t interval {@code mean(d) ± t_{(1+level)/2, n-1} sd(d) / sqrt(n)}, so the interval excludes
 *       0 exactly when p &lt; 1 − level. With the 3–5 seeds experiments afford, the t-test is the only one that can
 *       reach 0.05 at all: the exact Wilcoxon test's smallest two-sided p-value is 2/2^n, 0.25 for 3 seeds.</li>
 *   <li>{@link #wilcoxon()} is reported beside it as a check that one outlying seed does not carry the result.</li>
 *   <li>{@link #standardizedEffect()} is Cohen's d_z = mean(d) / sd(d), the effect size of a paired design
 *       (Cohen 1988, "Statistical Power Analysis for the Behavioral Sciences", 2nd ed., section 2.3.5; Lakens 2013,
 *       "Calculating and reporting effect sizes", Frontiers in Psychology 4:863, eq. 6). It is ±infinity when every
 *       seed shows the same non-zero difference and NaN when all differences are 0.</li>
 * </ul>
 *
 * @param difference mean paired difference with its t interval; n = seeds
 * @param standardizedEffect Cohen's d_z
 * @param tTest the paired t-test
 * @param wilcoxon the Wilcoxon signed-rank test on the same differences
 */
public record SeedTest(ConfidenceInterval difference, double standardizedEffect, TestResult tTest,
        TestResult wilcoxon) implements Evidence {

    /**
     * Compares per-seed scores at the 95% level.
     *
     * @param candidate the candidate's metric on each seed
     * @param reference the reference's metric on the same seeds, same order
     * @return the comparison
     */
    public static SeedTest of(double[] candidate, double[] reference) {
        return of(candidate, reference, 0.95);
    }

    /**
     * Compares per-seed scores.
     *
     * @param candidate the candidate's metric on each seed (at least 2)
     * @param reference the reference's metric on the same seeds, same order
     * @param level confidence level of the interval, e.g. 0.95
     * @return the comparison
     */
    public static SeedTest of(double[] candidate, double[] reference, double level) {
        String what = "Paired test over seeds";
        Inputs.level(what, level);
        double[] d = Inputs.differences(what, "candidate", candidate, "reference", reference);
        if (d.length < 2) {
            throw new IllegalArgumentException(what + ": 1 seed gives no estimate of seed-to-seed variation; "
                    + "run at least 2 seeds (3 for a verdict)");
        }
        double mean = Stats.mean(d);
        double sd = Stats.sampleStd(d);
        ConfidenceInterval ci = Stats.meanConfidenceInterval(d, level);
        double dz = sd > 0 ? mean / sd : mean == 0 ? Double.NaN : Math.copySign(Double.POSITIVE_INFINITY, mean);
        return new SeedTest(ci, dz, Stats.pairedTTest(candidate, reference), Stats.wilcoxonSignedRank(d));
    }

    @Override
    public String test() {
        return "paired t over " + seeds() + " seeds";
    }

    @Override
    public double pValue() {
        return tTest.pValue();
    }

    @Override
    public int seeds() {
        return difference.n();
    }

    @Override
    public int examples() {
        return 0;
    }

    @Override
    public boolean identical() {
        // A t-test with zero spread and zero mean: every paired difference is 0.
        return tTest.statistic() == 0 && difference.lower() == 0 && difference.upper() == 0;
    }

    @Override
    public String toString() {
        return test() + ": difference " + difference + ", d_z " + String.format(java.util.Locale.ROOT, "%.2f",
                standardizedEffect) + ", " + PValues.equation("p", pValue()) + " (Wilcoxon "
                + PValues.equation("p", wilcoxon.pValue()) + ")";
    }
}
