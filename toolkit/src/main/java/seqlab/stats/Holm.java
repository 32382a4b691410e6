package seqlab.stats;

import java.util.Arrays;

/**
 * Holm's step-down adjustment for a family of m tests (Holm 1979, "A simple sequentially rejective multiple test
 * procedure", Scandinavian Journal of Statistics 6(2)). It keeps the probability of any false rejection in the
 * family at most α whatever the dependence between the tests, and rejects everything Bonferroni rejects, and often
 * more.
 *
 * <p>Adjusted p-values, with the raw ones sorted as {@code p_(1) <= ... <= p_(m)}:
 * {@code p̃_(i) = min(1, max_{j <= i} (m − j + 1) p_(j))}. Rejecting every hypothesis with {@code p̃ < α} is the
 * step-down procedure: compare {@code p_(1)} with α/m, {@code p_(2)} with α/(m − 1), ..., stopping at the first
 * that fails. The running maximum makes the adjusted values monotone in the raw ones, as R's
 * {@code p.adjust(p, "holm")} computes them; it also gives tied raw p-values the same adjusted value.
 */
public final class Holm {
    private Holm() {}

    /**
     * Holm-adjusted p-values.
     *
     * @param pValues raw p-values in [0, 1], in any order (no NaN)
     * @return adjusted p-values, in the same order as the input
     */
    public static double[] adjust(double[] pValues) {
        int m = pValues.length;
        for (int i = 0; i < m; i++) {
            if (!(pValues[i] >= 0 && pValues[i] <= 1)) {
                throw new IllegalArgumentException("Holm adjustment: p-value " + i + " is " + pValues[i]
                        + "; every p-value must lie in [0, 1] (leave untested comparisons out of the family)");
            }
        }
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(pValues[a], pValues[b]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1.0, (m - rank) * pValues[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }
}
