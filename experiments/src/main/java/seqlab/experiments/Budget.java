package seqlab.experiments;

import java.util.Locale;
import seqlab.experiment.Tuning;

/**
 * How much compute a canonical comparison spends. Every budget runs at least 3 seeds, so every default verdict is a
 * test ({@link seqlab.stats.Verdicts#MIN_SEEDS}), and counts epochs or optimizer steps, never seconds, so results do
 * not depend on the machine's speed.
 * <ul>
 *   <li>{@code quick} is sized so that {@code ./seqlab compare} runs all three tasks with 3 seeds within about 16
 *       CPU-minutes, under 10 minutes on 2 quiet cores (sizes per task: {@link Canonical}); models train at their
 *       family's documented learning rate ({@link Canonical#learningRate}).</li>
 *   <li>{@code standard} and {@code full} are for real studies (whole datasets, more epochs, larger models at full)
 *       and choose each model's learning rate on the validation split ({@link #tuning()}).</li>
 * </ul>
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

    /** Seeds per model: 3, 3 and 5. */
    public int seeds() {
        return this == FULL ? 5 : 3;
    }

    /**
     * How learning rates are chosen: {@code quick} trains at each family's rate; {@code standard} and {@code full}
     * try a third of it, it and three times it on the first seed's validation split ({@link Tuning#learningRate()}).
     */
    public Tuning tuning() {
        return this == QUICK ? Tuning.none() : Tuning.learningRate();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
