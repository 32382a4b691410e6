package seqlab.experiments;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import seqlab.stats.Verdict;

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

    /**
     * The outcome of a claim that each candidate beats its reference, from the verdicts of the comparisons the claim
     * rests on (one Holm family: {@link seqlab.experiment.Results#verdicts(List, int)}): it holds when every one is
     * significantly better, partly when some are, and does not hold when some are significantly worse and none
     * better, or when nothing is significant and no estimate favours the claim; otherwise (nothing significant, some
     * estimates in the claim's favour, or nothing tested) it is inconclusive. The text lists each comparison with
     * its difference, interval and Holm-adjusted p-value, then the tests and the correction.
     *
     * @param verdicts the claim family's verdicts (at least one)
     * @return the claim's verdict
     */
    public static ClaimVerdict ofBetter(List<Verdict> verdicts) {
        if (verdicts.isEmpty()) {
            throw new IllegalArgumentException("ClaimVerdict.ofBetter: no verdicts; pass the comparisons the claim "
                    + "rests on");
        }
        int better = 0, worse = 0, tested = 0, favour = 0;
        List<String> parts = new ArrayList<>();
        Set<String> tests = new LinkedHashSet<>();
        for (Verdict v : verdicts) {
            parts.add(describe(v));
            if (!v.tested()) {
                continue;
            }
            tested++;
            tests.add(v.test());
            better += v.category() == Verdict.Category.BETTER ? 1 : 0;
            worse += v.category() == Verdict.Category.WORSE ? 1 : 0;
            favour += v.direction().favoursCandidate(v.difference().estimate()) ? 1 : 0;
        }
        Outcome o;
        if (better == verdicts.size()) {
            o = Outcome.HOLDS;
        } else if (better > 0) {
            o = Outcome.PARTLY;
        } else if (worse > 0 || (tested == verdicts.size() && favour == 0)) {
            o = Outcome.DOES_NOT_HOLD;
        } else {
            o = Outcome.INCONCLUSIVE;
        }
        String how = tested == 0 ? "" : " (" + String.join("; ", tests) + "; " + verdicts.get(0).correction() + ")";
        return new ClaimVerdict(o, String.join("; ", parts) + how);
    }

    /** {@code bilstm vs lstm: no detectable difference, accuracy -0.0140 [-0.0310, +0.0030], Holm p = 0.17}. */
    static String describe(Verdict v) {
        String head = v.candidate() + " vs " + v.reference() + ": " + v.category().label();
        if (!v.tested()) {
            return head + " (" + v.reason() + ")";
        }
        var d = v.difference();
        double p = v.adjustedPValue();
        return head + String.format(Locale.ROOT, ", %s %+.4f [%+.4f, %+.4f], Holm p %s", v.metric(), d.estimate(),
                d.lower(), d.upper(), p < 1e-4 ? "< 0.0001" : String.format(Locale.ROOT, "= %.4f", p));
    }

    /** The line as printed: the outcome first, then the reason. */
    @Override
    public String toString() {
        return "Claim " + outcome.words() + ": " + text;
    }
}
