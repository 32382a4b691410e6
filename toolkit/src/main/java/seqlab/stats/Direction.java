package seqlab.stats;

/**
 * Which way a metric improves: accuracy, F1, BLEU and chrF are higher-is-better; MAE, RMSE, sMAPE, MASE and losses
 * are lower-is-better. Every difference in this package is {@code candidate − reference} in the metric's own units;
 * the direction says whether a positive difference favours the candidate.
 */
public enum Direction {
    HIGHER_IS_BETTER("higher"),
    LOWER_IS_BETTER("lower");

    private final String word;

    Direction(String word) {
        this.word = word;
    }

    /** +1 when higher is better, -1 when lower is better: {@code sign() * difference > 0} means "candidate better". */
    public int sign() {
        return this == HIGHER_IS_BETTER ? 1 : -1;
    }

    /** Whether a difference {@code candidate − reference} favours the candidate (0 favours neither). */
    public boolean favoursCandidate(double difference) {
        return sign() * difference > 0;
    }

    /** {@code "higher"} or {@code "lower"}, as in "higher is better". */
    public String word() {
        return word;
    }
}
