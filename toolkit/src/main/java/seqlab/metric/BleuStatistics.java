package seqlab.metric;

import java.util.Arrays;

/**
 * The sufficient statistics of BLEU for one segment or, summed, for a corpus: hypothesis length, effective reference
 * length, and per n-gram order the clipped matches and the hypothesis n-gram totals. Corpus BLEU is computed from
 * these sums, never by averaging sentence scores (Papineni et al. 2002, section 2.2).
 *
 * @param hypLength hypothesis tokens
 * @param refLength reference tokens: per segment, the length of the reference closest to the hypothesis length
 *     (the shorter one on a tie)
 * @param matches {@code matches[n-1]}: hypothesis n-grams that also occur in a reference, each clipped to the
 *     largest count it has in any single reference
 * @param totals {@code totals[n-1]}: hypothesis n-grams
 */
public record BleuStatistics(int hypLength, int refLength, int[] matches, int[] totals) {
    public BleuStatistics {
        if (matches.length != totals.length) {
            throw new IllegalArgumentException("BLEU statistics: " + matches.length + " match counts but "
                    + totals.length + " totals; give one of each per n-gram order");
        }
        matches = matches.clone();
        totals = totals.clone();
    }

    /** All-zero statistics for n-grams up to {@code maxOrder}, the start of a sum. */
    public static BleuStatistics zero(int maxOrder) {
        return new BleuStatistics(0, 0, new int[maxOrder], new int[maxOrder]);
    }

    /** The highest n-gram order counted. */
    public int maxOrder() {
        return matches.length;
    }

    /** The element-wise sum, as used to pool segments into a corpus. */
    public BleuStatistics plus(BleuStatistics other) {
        if (other.maxOrder() != maxOrder()) {
            throw new IllegalArgumentException("BLEU statistics: cannot add order " + other.maxOrder()
                    + " statistics to order " + maxOrder() + " ones; compute both with the same max order");
        }
        int[] m = matches.clone();
        int[] t = totals.clone();
        for (int i = 0; i < m.length; i++) {
            m[i] += other.matches[i];
            t[i] += other.totals[i];
        }
        return new BleuStatistics(hypLength + other.hypLength, refLength + other.refLength, m, t);
    }

    @Override
    public int[] matches() {
        return matches.clone();
    }

    @Override
    public int[] totals() {
        return totals.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BleuStatistics s && s.hypLength == hypLength && s.refLength == refLength
                && Arrays.equals(s.matches, matches) && Arrays.equals(s.totals, totals);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * hypLength + refLength) + Arrays.hashCode(matches)) + Arrays.hashCode(totals);
    }

    @Override
    public String toString() {
        return "BleuStatistics[hypLength=" + hypLength + ", refLength=" + refLength + ", matches="
                + Arrays.toString(matches) + ", totals=" + Arrays.toString(totals) + "]";
    }
}
