package seqlab.stats;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import seqlab.engine.RandomSource;

/**
 * Paired bootstrap resampling over test examples (Koehn 2004, "Statistical significance tests for machine
 * translation evaluation", EMNLP; Efron and Tibshirani 1993, "An Introduction to the Bootstrap", chapters 13 and
 * 16). Each resample draws n example indices with replacement, the same indices for both models (that is the
 * pairing), scores both from their summed {@link PerExample per-example statistics} and records the difference
 * {@code candidate − reference}. Works for every metric with such statistics: accuracy, macro-F1, BLEU, chrF, MAE,
 * RMSE, MASE.
 *
 * <p>With several seeds, pass one output per seed for each model (seed i of the candidate paired with seed i of
 * the reference): every resample applies the same example indices to every seed and records the seed-averaged
 * difference, so the test asks whether the seed-averaged advantage generalises over test examples.
 *
 * <p>What is reported, from one set of resamples:
 * <ul>
 *   <li>{@link Result#difference()}: the observed difference with the <em>percentile</em> interval of the resampled
 *       differences, taking the order statistics sacreBLEU takes (for 95% and 1000 resamples, the 26th and the
 *       975th smallest). Percentile rather than BCa: it is what sacreBLEU and Koehn report, so the numbers compare
 *       with published ones; it respects the metric's range (a BLEU difference interval never leaves [-100, 100]);
 *       and at test-set sizes of hundreds of examples the bootstrap distribution of a difference is close to
 *       symmetric, where BCa's corrections are small.</li>
 *   <li>{@link Result#pValue()}: two-sided, by inverting the percentile interval:
 *       {@code p = min(1, 2 (1 + min(#{d* <= 0}, #{d* >= 0})) / (B + 1))}. So p &lt; 1 − level exactly when the
 *       interval excludes 0, and identical outputs give p = 1. Under the null its rejection rate is the nominal
 *       one (checked by simulation in the tests).</li>
 *   <li>{@link Result#sacrebleuPValue()}: the p-value as sacreBLEU 2.x's {@code --paired-bs} defines it
 *       ({@code sacrebleu/significance.py}: {@code (1 + #{|d*| - mean|d*| > |d|}) / (B + 1)}), for comparison with
 *       published numbers. It is not used for verdicts: centring |d*| rather than d* makes it behave like a one-sided
 *       p-value, so at 0.05 it rejects identical-in-distribution systems about twice as often as it should
 *       (the tests measure about 10%), and identical outputs get its smallest value, 1/(B+1), instead of 1.</li>
 * </ul>
 * Resampling is seeded ({@link seqlab.engine.RandomSource}, default seed 12345 as sacreBLEU's
 * {@code SACREBLEU_SEED}), so results repeat exactly. With Holm over m comparisons, no p-value can fall below
 * 2/(B+1), so B must exceed about 40 m for anything to be significant at 0.05; the default 1000 allows m up to 24.
 */
public final class PairedBootstrap {
    /** sacreBLEU's default number of resamples for {@code --paired-bs}. */
    public static final int DEFAULT_RESAMPLES = 1000;
    /** sacreBLEU's default {@code SACREBLEU_SEED}. */
    public static final long DEFAULT_SEED = 12345;

    private static final PairedBootstrap DEFAULTS = new PairedBootstrap(DEFAULT_RESAMPLES, DEFAULT_SEED, 0.95);

    private final int resamples;
    private final long seed;
    private final double level;

    private PairedBootstrap(int resamples, long seed, double level) {
        this.resamples = resamples;
        this.seed = seed;
        this.level = level;
    }

    /** 1000 resamples, seed 12345, 95% interval. */
    public static PairedBootstrap defaults() {
        return DEFAULTS;
    }

    /** This configuration with {@code b} resamples (at least 100). */
    public PairedBootstrap resamples(int b) {
        if (b < 100) {
            throw new IllegalArgumentException("Paired bootstrap: " + b + " resamples is too few for a p-value below "
                    + "0.02; use at least 100 (the default is 1000)");
        }
        return new PairedBootstrap(b, seed, level);
    }

    /** This configuration with another random seed. */
    public PairedBootstrap seed(long s) {
        return new PairedBootstrap(resamples, s, level);
    }

    /** This configuration with another confidence level (default 0.95). */
    public PairedBootstrap level(double l) {
        Inputs.level("Paired bootstrap", l);
        return new PairedBootstrap(resamples, seed, l);
    }

    /**
     * Tests one pair of outputs (one seed each).
     *
     * @param candidate the candidate's per-example statistics
     * @param reference the reference's, on the same examples in the same order
     * @return the result
     */
    public Result test(PerExample candidate, PerExample reference) {
        return test(List.of(candidate), List.of(reference));
    }

    /**
     * Tests paired outputs over seeds: {@code candidate.get(s)} is paired with {@code reference.get(s)}, and every
     * output covers the same test examples in the same order.
     *
     * @param candidate the candidate's output per seed
     * @param reference the reference's output per seed, same seeds, same order
     * @return the result
     */
    public Result test(List<PerExample> candidate, List<PerExample> reference) {
        String what = "Paired bootstrap";
        Inputs.sameLength(what, "candidate seeds", candidate.size(), "reference seeds", reference.size());
        Inputs.notEmpty(what, "candidate seeds", candidate.size());
        int seeds = candidate.size();
        for (int s = 0; s < seeds; s++) {
            PerExample.checkPaired(what, candidate.get(s), reference.get(s));
            PerExample.checkPaired(what, candidate.get(0), candidate.get(s));
        }
        int n = candidate.get(0).examples();
        int width = candidate.get(0).width();
        double observed = 0;
        boolean identical = true;
        for (int s = 0; s < seeds; s++) {
            observed += candidate.get(s).value() - reference.get(s).value();
            identical &= candidate.get(s).sameStatistics(reference.get(s));
        }
        observed /= seeds;

        RandomSource rng = new RandomSource(seed);
        int[] counts = new int[n];
        double[] sumsC = new double[width];
        double[] sumsR = new double[width];
        double[] d = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[rng.nextInt(n)]++;
            }
            double total = 0;
            for (int s = 0; s < seeds; s++) {
                weightedSums(candidate.get(s).rows(), counts, sumsC);
                weightedSums(reference.get(s).rows(), counts, sumsR);
                total += candidate.get(s).score(sumsC, n) - reference.get(s).score(sumsR, n);
            }
            d[b] = total / seeds;
        }
        for (double x : d) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException(what + ": the metric " + candidate.get(0).metric() + " is " + x
                        + " on a resample; its score function must be finite for every multiset of examples");
            }
        }
        return Result.of(candidate.get(0).metric(), observed, d, level, n, seeds, seed, identical);
    }

    private static void weightedSums(double[][] rows, int[] counts, double[] sums) {
        Arrays.fill(sums, 0);
        for (int i = 0; i < rows.length; i++) {
            int c = counts[i];
            if (c != 0) {
                double[] row = rows[i];
                for (int k = 0; k < sums.length; k++) {
                    sums[k] += c * row[k];
                }
            }
        }
    }

    @Override
    public String toString() {
        return "PairedBootstrap[resamples=" + resamples + ", seed=" + seed + ", level=" + level + "]";
    }

    /**
     * The outcome of a paired bootstrap test.
     *
     * @param metric the metric compared
     * @param difference observed difference {@code candidate − reference} (seed-averaged) with its percentile
     *     interval; n = test examples
     * @param pValue two-sided p-value from inverting the percentile interval (used for verdicts)
     * @param sacrebleuPValue the p-value as sacreBLEU's {@code --paired-bs} computes it (for comparison only)
     * @param resamples number of resamples B
     * @param seeds number of seed pairs averaged
     * @param seed the resampling seed
     * @param identical whether every example's statistics were equal in both outputs, for every seed
     * @param resampledDifferences the B resampled differences, sorted
     */
    public record Result(String metric, ConfidenceInterval difference, double pValue, double sacrebleuPValue,
            int resamples, int seeds, long seed, boolean identical, double[] resampledDifferences)
            implements Evidence {
        public Result {
            resampledDifferences = resampledDifferences.clone();
        }

        static Result of(String metric, double observed, double[] d, double level, int n, int seeds, long seed,
                boolean identical) {
            int b = d.length;
            double[] sorted = d.clone();
            Arrays.sort(sorted);
            int atMostZero = 0;
            int atLeastZero = 0;
            double meanAbs = 0;
            for (double x : sorted) {
                atMostZero += x <= 0 ? 1 : 0;
                atLeastZero += x >= 0 ? 1 : 0;
                meanAbs += Math.abs(x);
            }
            meanAbs /= b;
            int beyond = 0;
            for (double x : sorted) {
                beyond += Math.abs(x) - meanAbs > Math.abs(observed) ? 1 : 0;
            }
            double p = Math.min(1.0, 2.0 * (1 + Math.min(atMostZero, atLeastZero)) / (b + 1));
            double sacrebleu = (1.0 + beyond) / (b + 1);
            return new Result(metric, percentile(sorted, observed, level, n), p, sacrebleu, b, seeds, seed,
                    identical, sorted);
        }

        /** The percentile interval with sacreBLEU's order statistics: indices floor(B(1-level)/2) and B-1 minus it. */
        private static ConfidenceInterval percentile(double[] sorted, double observed, double level, int n) {
            int low = (int) Math.floor(sorted.length * (1 - level) / 2 + 1e-9);
            return new ConfidenceInterval(observed, sorted[low], sorted[sorted.length - 1 - low], level, n);
        }

        @Override
        public double[] resampledDifferences() {
            return resampledDifferences.clone();
        }

        /** The percentile interval at another level, from the same resamples. */
        public ConfidenceInterval interval(double level) {
            Inputs.level("Paired bootstrap interval", level);
            return percentile(resampledDifferences, difference.estimate(), level, difference.n());
        }

        /**
         * An equivalence test (two one-sided tests) on the same resamples: the difference lies within
         * {@code ±margin} when both {@code p_lower = (1 + #{d* <= -margin}) / (B + 1)} and
         * {@code p_upper = (1 + #{d* >= margin}) / (B + 1)} are small. Its interval is the percentile interval at
         * level {@code 2 level - 1} (90% for the default 95%), the one TOST inverts.
         *
         * @param margin the largest difference, in metric units, that counts as "the same"
         * @return the equivalence result
         */
        public Equivalence equivalence(double margin) {
            Inputs.margin("Paired bootstrap equivalence", margin);
            int below = 0;
            int above = 0;
            for (double x : resampledDifferences) {
                below += x <= -margin ? 1 : 0;
                above += x >= margin ? 1 : 0;
            }
            int b = resampledDifferences.length;
            return new Equivalence("bootstrap TOST over " + difference.n() + " examples" + seedsSuffix(), margin,
                    interval(2 * difference.level() - 1), (1.0 + below) / (b + 1), (1.0 + above) / (b + 1),
                    seeds, difference.n());
        }

        private String seedsSuffix() {
            return seeds > 1 ? " × " + seeds + " seeds" : "";
        }

        @Override
        public String test() {
            return "paired bootstrap over " + difference.n() + " examples" + seedsSuffix() + " (" + resamples
                    + " resamples)";
        }

        @Override
        public int examples() {
            return difference.n();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Result r && r.metric.equals(metric) && r.difference.equals(difference)
                    && Double.compare(r.pValue, pValue) == 0 && Double.compare(r.sacrebleuPValue, sacrebleuPValue) == 0
                    && r.resamples == resamples && r.seeds == seeds && r.seed == seed && r.identical == identical
                    && Arrays.equals(r.resampledDifferences, resampledDifferences);
        }

        @Override
        public int hashCode() {
            return difference.hashCode() * 31 + Arrays.hashCode(resampledDifferences);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s on %s: difference %s, %s (sacreBLEU %s)", test(), metric,
                    difference, PValues.equation("p", pValue), PValues.equation("p", sacrebleuPValue));
        }
    }
}
