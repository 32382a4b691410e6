package seqlab.forecast;

import java.util.Objects;

/**
 * A central prediction interval at each forecast step: with probability {@code level} the value falls between
 * {@code lower[h]} and {@code upper[h]} (each tail holds {@code (1 - level) / 2}).
 *
 * @param level coverage in (0, 1), e.g. 0.8 or 0.95
 * @param lower lower bound per step
 * @param upper upper bound per step, never below {@code lower}
 */
public record PredictionInterval(double level, double[] lower, double[] upper) {

    public PredictionInterval {
        Objects.requireNonNull(lower, "lower");
        Objects.requireNonNull(upper, "upper");
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("PredictionInterval: level " + level
                    + " must lie strictly between 0 and 1 (0.8 for an 80% interval)");
        }
        if (lower.length != upper.length) {
            throw new IllegalArgumentException("PredictionInterval: " + lower.length + " lower bounds but "
                    + upper.length + " upper bounds; give one of each per step");
        }
        lower = lower.clone();
        upper = upper.clone();
        for (int h = 0; h < lower.length; h++) {
            if (!(lower[h] <= upper[h])) {
                throw new IllegalArgumentException("PredictionInterval: at step " + (h + 1) + " the lower bound "
                        + lower[h] + " is not at most the upper bound " + upper[h]);
            }
        }
    }

    @Override
    public double[] lower() {
        return lower.clone();
    }

    @Override
    public double[] upper() {
        return upper.clone();
    }

    /** Steps covered. */
    public int horizon() {
        return lower.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PredictionInterval p && level == p.level && java.util.Arrays.equals(lower, p.lower)
                && java.util.Arrays.equals(upper, p.upper);
    }

    @Override
    public int hashCode() {
        return Objects.hash(level, java.util.Arrays.hashCode(lower), java.util.Arrays.hashCode(upper));
    }

    @Override
    public String toString() {
        return "PredictionInterval[" + Math.round(level * 1000) / 10.0 + "%, " + lower.length + " steps]";
    }
}
