package seqlab.experiments;

import java.util.Locale;

/**
 * How much compute a canonical comparison spends. {@code quick} is sized so that {@code ./seqlab compare} runs all
 * three tasks in under 10 minutes on 2 cores (subsets, small models, one seed, few epochs or a step budget per trial, so results do not depend on
 * the machine's speed);
 * {@code standard} and {@code full} are for real studies (whole datasets, more seeds, larger models).
 */
public enum Budget {
    QUICK, STANDARD, FULL;

    /** Parses {@code quick}, {@code standard} or {@code full}, with an error listing them. */
    public static Budget parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown budget '" + s + "'; use quick, standard or full");
        }
    }

    public int seeds() {
        return switch (this) {
            case QUICK -> 1;
            case STANDARD -> 3;
            case FULL -> 5;
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
