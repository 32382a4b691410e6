package seqlab.stats;

import seqlab.engine.RandomSource;

/**
 * Paired approximate randomization (Noreen 1989, "Computer-Intensive Methods for Testing Hypotheses"; Riezler and
 * Maxwell 2005, "On some pitfalls in automatic evaluation and significance testing for MT", ACL workshop): under
 * the null hypothesis the two outputs of an example are exchangeable, so each trial swaps them with probability
 * 1/2, example by example, and rescores both pseudo-systems from summed {@link PerExample per-example statistics}.
 * The two-sided p-value is {@code (1 + #{|d_trial| >= |d|}) / (trials + 1)}, with MultEval's {@code >=} (Clark et
 * al. 2011), so identical outputs give p = 1; sacreBLEU's {@code --paired-ar} counts {@code >} and gives them
 * 1/(trials + 1). The +1 keeps the estimate valid (Phipson and Smyth 2010, "Permutation p-values should never be
 * zero", Statistical Applications in Genetics and Molecular Biology 9(1)).
 *
 * <p>It gives a p-value but no interval; {@link PairedBootstrap} gives both and is what verdicts use. This test is
 * here as the second opinion sacreBLEU also offers.
 */
public final class ApproximateRandomization {
    /** sacreBLEU's default number of trials for {@code --paired-ar}. */
    public static final int DEFAULT_TRIALS = 10_000;

    private ApproximateRandomization() {}

    /** {@link #test(PerExample, PerExample, int, long)} with 10,000 trials and seed 12345. */
    public static TestResult test(PerExample candidate, PerExample reference) {
        return test(candidate, reference, DEFAULT_TRIALS, PairedBootstrap.DEFAULT_SEED);
    }

    /**
     * Tests one pair of outputs.
     *
     * @param candidate the candidate's per-example statistics
     * @param reference the reference's, on the same examples in the same order
     * @param trials number of random swaps (at least 100)
     * @param seed random seed
     * @return statistic = observed difference {@code candidate − reference}, the p-value, n = examples
     */
    public static TestResult test(PerExample candidate, PerExample reference, int trials, long seed) {
        String what = "Approximate randomization";
        PerExample.checkPaired(what, candidate, reference);
        if (trials < 100) {
            throw new IllegalArgumentException(what + ": " + trials + " trials is too few; use at least 100 (the "
                    + "default is 10000)");
        }
        int n = candidate.examples();
        int width = candidate.width();
        double observed = candidate.value() - reference.value();
        double[][] a = candidate.rows();
        double[][] b = reference.rows();
        RandomSource rng = new RandomSource(seed);
        double[] sumX = new double[width];
        double[] sumY = new double[width];
        int atLeast = 0;
        for (int trial = 0; trial < trials; trial++) {
            java.util.Arrays.fill(sumX, 0);
            java.util.Arrays.fill(sumY, 0);
            long bits = 0;
            for (int i = 0; i < n; i++) {
                if ((i & 63) == 0) {
                    bits = rng.nextLong();
                }
                boolean swap = ((bits >>> (i & 63)) & 1) != 0;
                double[] x = swap ? b[i] : a[i];
                double[] y = swap ? a[i] : b[i];
                for (int k = 0; k < width; k++) {
                    sumX[k] += x[k];
                    sumY[k] += y[k];
                }
            }
            double d = candidate.score(sumX, n) - reference.score(sumY, n);
            if (Math.abs(d) >= Math.abs(observed)) {
                atLeast++;
            }
        }
        return new TestResult("approximate randomization (" + trials + " trials)", observed,
                (1.0 + atLeast) / (trials + 1), n);
    }
}
