package seqlab.stats;

import java.util.Locale;

/**
 * McNemar's test for two classifiers on the same test examples (McNemar 1947, "Note on the sampling error of the
 * difference between correlated proportions or percentages", Psychometrika 12(2); Dietterich 1998, "Approximate
 * statistical tests for comparing supervised classification learning algorithms", Neural Computation 10(7)). Only
 * the discordant examples count: b, where only the candidate is right, and c, where only the reference is.
 *
 * <p>Switch rule: with {@code b + c < 25} the p-value is the exact two-sided binomial one,
 * {@code min(1, 2 P(X <= min(b, c)))} with X ~ Binomial(b + c, 1/2); from 25 discordant pairs on it is the
 * chi-square approximation with Edwards' continuity correction, {@code (|b − c| − 1)² / (b + c)} on 1 degree of
 * freedom (Edwards 1948, Psychometrika 13(3)), as R's {@code mcnemar.test} computes it. 25 is the threshold
 * below which the chi-square approximation is commonly judged unreliable (Rosner's "Fundamentals of Biostatistics"
 * uses the normal-theory test only from 20 discordant pairs on); the exact test is never wrong, only conservative,
 * so erring towards it is safe.
 *
 * <p>The effect is the accuracy difference {@code (b − c) / n}; its interval is Agresti and Min's (2005, "Simple
 * improved confidence intervals for comparing matched proportions", Statistics in Medicine 24(5)): the Wald interval
 * after adding 1/2 to every cell of the 2×2 table, which keeps its coverage near nominal even with few discordant
 * pairs, where the plain Wald interval is far too narrow.
 */
public final class McNemar {
    /** Discordant pairs from which the chi-square approximation replaces the exact binomial p-value. */
    public static final int EXACT_BELOW = 25;

    private McNemar() {}

    /**
     * Compares predictions of two classifiers on the same examples.
     *
     * @param candidate the candidate's predicted class per example
     * @param reference the reference's predicted class per example
     * @param targets the true class per example
     * @return the result at the 95% level
     */
    public static Result test(int[] candidate, int[] reference, int[] targets) {
        Inputs.sameLength("McNemar", "candidate predictions", candidate.length, "reference predictions",
                reference.length);
        Inputs.sameLength("McNemar", "candidate predictions", candidate.length, "targets", targets.length);
        boolean[] a = new boolean[candidate.length];
        boolean[] b = new boolean[candidate.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = candidate[i] == targets[i];
            b[i] = reference[i] == targets[i];
        }
        return test(a, b);
    }

    /**
     * Compares which examples two classifiers got right.
     *
     * @param candidateCorrect per example, whether the candidate was right
     * @param referenceCorrect per example, whether the reference was right
     * @return the result at the 95% level
     */
    public static Result test(boolean[] candidateCorrect, boolean[] referenceCorrect) {
        Inputs.sameLength("McNemar", "candidate", candidateCorrect.length, "reference", referenceCorrect.length);
        Inputs.notEmpty("McNemar", "candidate", candidateCorrect.length);
        int b = 0;
        int c = 0;
        for (int i = 0; i < candidateCorrect.length; i++) {
            if (candidateCorrect[i] && !referenceCorrect[i]) {
                b++;
            } else if (!candidateCorrect[i] && referenceCorrect[i]) {
                c++;
            }
        }
        return fromCounts(b, c, candidateCorrect.length, 0.95);
    }

    /**
     * McNemar's test from the discordant counts.
     *
     * @param candidateOnly b: examples only the candidate got right
     * @param referenceOnly c: examples only the reference got right
     * @param examples n: all test examples (b + c ≤ n)
     * @param level confidence level of the interval, e.g. 0.95
     * @return the result
     */
    public static Result fromCounts(int candidateOnly, int referenceOnly, int examples, double level) {
        Inputs.level("McNemar", level);
        if (candidateOnly < 0 || referenceOnly < 0 || examples < 1 || candidateOnly + referenceOnly > examples) {
            throw new IllegalArgumentException("McNemar: counts b=" + candidateOnly + ", c=" + referenceOnly + ", n="
                    + examples + " are impossible; need b, c >= 0, n >= 1 and b + c <= n");
        }
        int b = candidateOnly;
        int c = referenceOnly;
        int discordant = b + c;
        double statistic;
        double p;
        boolean exact = discordant < EXACT_BELOW;
        if (discordant == 0) {
            statistic = 0;
            p = 1;
        } else if (exact) {
            statistic = Math.min(b, c);
            p = Math.min(1.0, 2 * SpecialFunctions.binomialHalfCdf(Math.min(b, c), discordant));
        } else {
            double excess = Math.max(0, Math.abs(b - c) - 1.0);
            statistic = excess * excess / discordant;
            p = SpecialFunctions.chiSquareSurvival(statistic, 1);
        }
        // Agresti–Min: add 1/2 to each of the four cells, so n grows by 2 and b, c by 1/2.
        double nAdj = examples + 2.0;
        double diffAdj = (b - c) / nAdj;
        double varAdj = ((b + 0.5) + (c + 0.5) - (b - c) * (double) (b - c) / nAdj) / (nAdj * nAdj);
        double z = SpecialFunctions.normalQuantile((1 + level) / 2);
        double half = z * Math.sqrt(Math.max(0, varAdj));
        ConfidenceInterval ci = new ConfidenceInterval((double) (b - c) / examples, Math.max(-1, diffAdj - half),
                Math.min(1, diffAdj + half), level, examples);
        return new Result(b, c, statistic, p, exact, ci);
    }

    /**
     * The outcome of McNemar's test.
     *
     * @param candidateOnly b: examples only the candidate got right
     * @param referenceOnly c: examples only the reference got right
     * @param statistic min(b, c) for the exact test, the corrected chi-square otherwise
     * @param pValue two-sided p-value
     * @param exact whether the exact binomial p-value was used
     * @param difference accuracy difference {@code (b − c) / n} with its Agresti–Min interval; n = test examples
     */
    public record Result(int candidateOnly, int referenceOnly, double statistic, double pValue, boolean exact,
            ConfidenceInterval difference) implements Evidence {
        @Override
        public String test() {
            return "McNemar " + (exact ? "exact binomial" : "chi-square (continuity-corrected)") + " over "
                    + examples() + " examples";
        }

        @Override
        public int seeds() {
            return 1;
        }

        @Override
        public int examples() {
            return difference.n();
        }

        /** Whether no example was classified correctly by exactly one of the two (no discordant pair). */
        @Override
        public boolean identical() {
            return candidateOnly == 0 && referenceOnly == 0;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: b=%d, c=%d, accuracy difference %s, %s", test(), candidateOnly,
                    referenceOnly, difference, PValues.equation("p", pValue));
        }
    }
}
