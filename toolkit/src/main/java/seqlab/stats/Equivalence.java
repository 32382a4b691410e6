package seqlab.stats;

import java.util.List;
import java.util.Locale;

/**
 * An equivalence test: is the difference {@code candidate − reference} within {@code ±margin}? Two one-sided tests
 * (TOST; Schuirmann 1987, "A comparison of the two one-sided tests procedure and the power approach for assessing
 * the equivalence of average bioavailability", Journal of Pharmacokinetics and Biopharmaceutics 15(6)) reject
 * "difference ≤ −margin" and "difference ≥ +margin"; equivalence is shown when both reject, so the p-value is the
 * larger of the two. Equivalently, the (1 − 2α) interval lies inside {@code (−margin, +margin)}.
 *
 * <p>This is how "performance: similar" becomes a claim that can be tested: failing to find a difference is not
 * evidence of no difference, but a narrow interval inside a stated margin is.
 *
 * @param test the test and its sample
 * @param margin the equivalence margin, in metric units, > 0
 * @param difference the observed difference with its (1 − 2α) interval (90% for α = 0.05)
 * @param pLower p-value of the one-sided test against "difference ≤ −margin"
 * @param pUpper p-value of the one-sided test against "difference ≥ +margin"
 * @param seeds seeds the test generalises over
 * @param examples test examples it resamples or pairs (0 for a test over seed scores)
 */
public record Equivalence(String test, double margin, ConfidenceInterval difference, double pLower, double pUpper,
        int seeds, int examples) {

    /** The TOST p-value, {@code max(pLower, pUpper)}. */
    public double pValue() {
        return Math.max(pLower, pUpper);
    }

    /**
     * Paired TOST over seeds with the t distribution: {@code t_lower = (mean(d) + margin) / se},
     * {@code t_upper = (mean(d) − margin) / se}, {@code se = sd(d) / sqrt(n)}, n − 1 degrees of freedom; the
     * interval is the 90% t interval.
     *
     * @param candidate the candidate's metric per seed (at least 2)
     * @param reference the reference's metric on the same seeds
     * @param margin the equivalence margin in metric units
     * @return the result
     */
    public static Equivalence overSeeds(double[] candidate, double[] reference, double margin) {
        double[] d = Inputs.differences("TOST over seeds", "candidate", candidate, "reference", reference);
        return tost("TOST over " + d.length + " seeds", d, margin, d.length, 0);
    }

    /**
     * Paired TOST over test examples with the t distribution (for a metric that is a mean of per-example values,
     * such as accuracy from 0/1 correctness or MAE from absolute errors; for corpus metrics use
     * {@link PairedBootstrap.Result#equivalence}).
     *
     * @param candidate the candidate's value per example
     * @param reference the reference's value per example, same order
     * @param margin the equivalence margin in metric units
     * @return the result
     */
    public static Equivalence overExamples(double[] candidate, double[] reference, double margin) {
        double[] d = Inputs.differences("TOST over examples", "candidate", candidate, "reference", reference);
        return tost("TOST over " + d.length + " examples", d, margin, 1, d.length);
    }

    private static Equivalence tost(String test, double[] d, double margin, int seeds, int examples) {
        Inputs.margin(test, margin);
        int n = d.length;
        if (n < 2) {
            throw new IllegalArgumentException(test + ": needs at least 2 paired values to estimate the spread");
        }
        double mean = Stats.mean(d);
        double sd = Stats.sampleStd(d);
        ConfidenceInterval ci = Stats.meanConfidenceInterval(d, 0.90);
        if (sd == 0) {
            // No spread: the difference is known exactly, inside the margin or not.
            double pl = mean > -margin ? 0 : 1;
            double pu = mean < margin ? 0 : 1;
            return new Equivalence(test, margin, ci, pl, pu, seeds, examples);
        }
        double se = sd / Math.sqrt(n);
        double pLower = Stats.studentTCdf(-(mean + margin) / se, n - 1);
        double pUpper = Stats.studentTCdf((mean - margin) / se, n - 1);
        return new Equivalence(test, margin, ci, pLower, pUpper, seeds, examples);
    }

    /**
     * Equivalence that holds only when every part shows it (intersection–union, as {@link Evidence#joint}): the
     * p-values are the largest of the parts', the interval covers every part's.
     *
     * @param parts equivalence results for the same difference and margin
     * @return the joint result
     */
    public static Equivalence joint(Equivalence... parts) {
        List<Equivalence> list = List.of(parts);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("Joint equivalence: no parts; pass at least one result");
        }
        Equivalence first = list.get(0);
        double lower = first.difference.lower();
        double upper = first.difference.upper();
        double pl = 0;
        double pu = 0;
        int seeds = 0;
        int examples = 0;
        StringBuilder test = new StringBuilder();
        for (Equivalence e : list) {
            if (e.margin != first.margin) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "Joint equivalence: margins %s and %s "
                        + "differ; test every part against the same margin", first.margin, e.margin));
            }
            lower = Math.min(lower, e.difference.lower());
            upper = Math.max(upper, e.difference.upper());
            pl = Math.max(pl, e.pLower);
            pu = Math.max(pu, e.pUpper);
            seeds = Math.max(seeds, e.seeds);
            examples = Math.max(examples, e.examples);
            test.append(test.length() == 0 ? "" : " and ").append(e.test);
        }
        ConfidenceInterval ci = new ConfidenceInterval(first.difference.estimate(), lower, upper,
                first.difference.level(), first.difference.n());
        return new Equivalence(test.toString(), first.margin, ci, pl, pu, seeds, examples);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s, margin ±%s: difference %s, %s", test, margin, difference,
                PValues.equation("p", pValue()));
    }
}
