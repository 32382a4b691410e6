package seqlab.experiments;

/**
 * What an experiment concluded about a claim: an outcome and one line that says why, with the numbers. Experiments
 * build it from their measurements; it is never written by hand.
 *
 * @param outcome whether the data support the claim
 * @param text    the line shown on the terminal and highlighted in the report
 */
public record ClaimVerdict(Outcome outcome, String text) {
    /** Whether the data support the claim. */
    public enum Outcome {
        /** The data support the claim. */
        HOLDS,
        /** The data contradict the claim. */
        DOES_NOT_HOLD,
        /** Part of the claim holds, part does not. */
        PARTLY,
        /** The run was too small to tell (nothing learned, differences within noise). */
        INCONCLUSIVE;

        /** "holds", "does not hold", "holds partly", "is inconclusive". */
        public String words() {
            return switch (this) {
                case HOLDS -> "holds";
                case DOES_NOT_HOLD -> "does not hold";
                case PARTLY -> "holds partly";
                case INCONCLUSIVE -> "is inconclusive";
            };
        }
    }

    /** The line as printed: the outcome first, then the reason. */
    @Override
    public String toString() {
        return "Claim " + outcome.words() + ": " + text;
    }
}
