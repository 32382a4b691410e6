package seqlab.metric;

import java.util.Arrays;

/**
 * A chrF score, printed as sacreBLEU prints it ({@code chrF2 = 59.73}, {@code chrF2++ = ...} with word n-grams).
 *
 * @param score chrF on the 0-100 scale
 * @param beta the recall weight
 * @param charOrder highest character n-gram order
 * @param wordOrder highest word n-gram order (0 for chrF, 2 for chrF++)
 * @param statistics pooled counts, three per order (character orders first, then word orders): hypothesis
 *     n-grams, reference n-grams, matched n-grams
 */
public record ChrfScore(double score, double beta, int charOrder, int wordOrder, int[] statistics) {
    public ChrfScore {
        statistics = statistics.clone();
    }

    @Override
    public int[] statistics() {
        return statistics.clone();
    }

    /** The metric's name, e.g. {@code chrF2} or {@code chrF2++}. */
    public String name() {
        String b = beta == Math.rint(beta) ? Long.toString((long) beta) : Double.toString(beta);
        return "chrF" + b + "+".repeat(wordOrder);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChrfScore c && Double.compare(c.score, score) == 0 && Double.compare(c.beta, beta) == 0
                && c.charOrder == charOrder && c.wordOrder == wordOrder && Arrays.equals(c.statistics, statistics);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(score) * 31 + Arrays.hashCode(statistics);
    }

    @Override
    public String toString() {
        return name() + " = " + PyText.fixed(score, 2);
    }
}
