package seqlab.metric;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * A BLEU score with the numbers behind it, printed the way sacreBLEU prints it, e.g.
 * {@code BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)}.
 *
 * @param score BLEU on the 0-100 scale
 * @param statistics the pooled counts it was computed from
 * @param precisions the (smoothed) modified n-gram precisions in percent, one per order; orders never reached are 0
 * @param brevityPenalty {@code exp(1 - r/c)} when the hypothesis length c is below the reference length r, else 1
 */
public record BleuScore(double score, BleuStatistics statistics, double[] precisions, double brevityPenalty) {
    public BleuScore {
        precisions = precisions.clone();
    }

    /** Hypothesis length in tokens. */
    public int hypLength() {
        return statistics.hypLength();
    }

    /** Effective reference length in tokens. */
    public int refLength() {
        return statistics.refLength();
    }

    /** Hypothesis length over reference length (0 when there is no reference token). */
    public double ratio() {
        return refLength() == 0 ? 0.0 : (double) hypLength() / refLength();
    }

    @Override
    public double[] precisions() {
        return precisions.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BleuScore b && Double.compare(b.score, score) == 0 && b.statistics.equals(statistics)
                && Arrays.equals(b.precisions, precisions) && Double.compare(b.brevityPenalty, brevityPenalty) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(score) * 31 + statistics.hashCode();
    }

    /** sacreBLEU's one-line summary, with its rounding. */
    @Override
    public String toString() {
        StringJoiner p = new StringJoiner("/");
        for (double x : precisions) {
            p.add(PyText.fixed(x, 1));
        }
        return "BLEU = " + PyText.fixed(score, 2) + " " + p + " (BP = " + PyText.fixed(brevityPenalty, 3)
                + " ratio = " + PyText.fixed(ratio(), 3) + " hyp_len = " + hypLength() + " ref_len = "
                + refLength() + ")";
    }
}
