package seqlab.stats;

/**
 * One hypothesis of a family: candidate versus reference on one metric, with the evidence the tests produced, or
 * the reason no test could be run. {@link Verdicts#decide} turns a family of these into verdicts.
 *
 * @param candidate the model being judged, e.g. {@code "lstm"}
 * @param reference what it is compared with, e.g. the task's strongest baseline
 * @param metric the metric compared, e.g. {@code "accuracy"}
 * @param direction whether higher or lower values of the metric are better
 * @param evidence the difference test (null when only equivalence is tested, or nothing is)
 * @param equivalence the equivalence test against a stated margin (null when none was asked for)
 * @param notTested why nothing was tested (null when something was), e.g. {@code "2 seeds: at least 3 needed"}
 */
public record Comparison(String candidate, String reference, String metric, Direction direction, Evidence evidence,
        Equivalence equivalence, String notTested) {
    public Comparison {
        Inputs.name("Comparison: the candidate", candidate);
        Inputs.name("Comparison: the reference", reference);
        Inputs.name("Comparison: the metric", metric);
        if (direction == null) {
            throw new IllegalArgumentException("Comparison of " + candidate + " with " + reference + ": direction is "
                    + "null; say whether higher or lower " + metric + " is better");
        }
        if (candidate.equals(reference)) {
            throw new IllegalArgumentException("Comparison: " + candidate + " is compared with itself; pick a "
                    + "different reference");
        }
        if (notTested != null && (evidence != null || equivalence != null)) {
            throw new IllegalArgumentException("Comparison of " + candidate + " with " + reference + ": it has test "
                    + "results and a reason it was not tested; give one or the other");
        }
        if (notTested == null && evidence == null && equivalence == null) {
            throw new IllegalArgumentException("Comparison of " + candidate + " with " + reference + ": no test "
                    + "result and no reason; pass the evidence, or say why it was not tested");
        }
    }

    /** A difference test of {@code candidate} against {@code reference}. */
    public static Comparison of(String candidate, String reference, String metric, Direction direction,
            Evidence evidence) {
        if (evidence == null) {
            throw new IllegalArgumentException("Comparison of " + candidate + " with " + reference + ": evidence is "
                    + "null; use Comparison.notTested(..., reason) when no test could be run");
        }
        return new Comparison(candidate, reference, metric, direction, evidence, null, null);
    }

    /** An equivalence test only, e.g. for a "performance: similar" claim. */
    public static Comparison ofEquivalence(String candidate, String reference, String metric, Direction direction,
            Equivalence equivalence) {
        if (equivalence == null) {
            throw new IllegalArgumentException("Comparison of " + candidate + " with " + reference + ": equivalence "
                    + "is null; pass the TOST result");
        }
        return new Comparison(candidate, reference, metric, direction, null, equivalence, null);
    }

    /** A comparison that could not be tested, with the reason and its fix. */
    public static Comparison notTested(String candidate, String reference, String metric, Direction direction,
            String reason) {
        Inputs.name("Comparison: the reason it was not tested", reason);
        return new Comparison(candidate, reference, metric, direction, null, null, reason);
    }

    /** This comparison with an equivalence test added (a difference test and TOST on the same pair). */
    public Comparison withEquivalence(Equivalence e) {
        if (notTested != null) {
            throw new IllegalArgumentException("Comparison of " + candidate + " with " + reference + " was not "
                    + "tested (" + notTested + "); it cannot take an equivalence result");
        }
        return new Comparison(candidate, reference, metric, direction, evidence, e, null);
    }
}
