package seqlab.stats;

import java.util.Locale;

/**
 * The conclusion about one comparison of a family, after Holm's correction.
 *
 * @param candidate the model judged
 * @param reference what it was compared with
 * @param metric the metric compared
 * @param direction whether higher or lower is better for the metric
 * @param category the verdict
 * @param reason why: the decisive numbers, or why nothing was tested and how to fix that
 * @param test the test(s) behind it (empty when not tested)
 * @param seeds seeds the test generalises over (0 when not tested)
 * @param examples test examples it paired or resampled (0 for seed-only tests or when not tested)
 * @param difference the observed difference {@code candidate − reference} with its interval (null when not
 *     tested); for an equivalence-only comparison, the equivalence test's (1 − 2α) interval
 * @param pValue raw two-sided p-value of "no difference" (NaN when not tested)
 * @param adjustedPValue Holm-adjusted p-value within the family (NaN when not tested)
 * @param margin the equivalence margin (NaN when equivalence was not tested)
 * @param equivalencePValue raw TOST p-value (NaN when not tested)
 * @param adjustedEquivalencePValue Holm-adjusted TOST p-value among the family's equivalence tests (NaN when not
 *     tested)
 * @param correction how the family was corrected, e.g. {@code "Holm over 4 comparisons, α = 0.05"}
 */
public record Verdict(String candidate, String reference, String metric, Direction direction, Category category,
        String reason, String test, int seeds, int examples, ConfidenceInterval difference, double pValue,
        double adjustedPValue, double margin, double equivalencePValue, double adjustedEquivalencePValue,
        String correction) {

    /**
     * The verdict categories. Each has words and an ASCII mark, so that text without colour (a pipe, a log file, a
     * screen reader) still tells them apart; HTML reports add a CSS class per category ({@link #cssClass()}).
     */
    public enum Category {
        /** Significantly better than the reference, after correction. */
        BETTER("better", "[+]"),
        /** Significantly worse than the reference, after correction. */
        WORSE("worse", "[-]"),
        /** Within the stated margin of the reference, shown by TOST after correction. */
        EQUIVALENT("equivalent", "[=]"),
        /** No significant difference (and equivalence not shown, or not asked). Not evidence of sameness. */
        NO_DIFFERENCE("no detectable difference", "[~]"),
        /** Nothing could be tested; the reason says why and what to change. */
        NOT_TESTED("not tested", "[?]");

        private final String label;
        private final String mark;

        Category(String label, String mark) {
            this.label = label;
            this.mark = mark;
        }

        /** The words a report prints, e.g. {@code "no detectable difference"}. */
        public String label() {
            return label;
        }

        /** The ASCII mark consoles print before the words: {@code [+] [-] [=] [~] [?]}. */
        public String mark() {
            return mark;
        }

        /** The CSS class HTML reports give the category's rows, e.g. {@code verdict-no-difference}. */
        public String cssClass() {
            return "verdict-" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Whether the verdict rests on a test (every category but NOT_TESTED). */
    public boolean tested() {
        return category != Category.NOT_TESTED;
    }

    /**
     * One line for consoles and logs, e.g. {@code lstm vs bow (accuracy): better, +0.0410 [0.0210, 0.0600] (95%),
     * p = 0.0040, Holm p = 0.0120; paired t over 3 seeds and ...}.
     */
    @Override
    public String toString() {
        String head = candidate + " vs " + reference + " (" + metric + "): " + category.label();
        if (!tested()) {
            return head + " (" + reason + ")";
        }
        StringBuilder s = new StringBuilder(head);
        if (difference != null) {
            s.append(String.format(Locale.ROOT, ", %+.4f [%+.4f, %+.4f] (%s%%)", difference.estimate(),
                    difference.lower(), difference.upper(),
                    new java.math.BigDecimal(Double.toString(100 * difference.level())).stripTrailingZeros()
                            .toPlainString()));
        }
        if (!Double.isNaN(pValue)) {
            s.append(", ").append(PValues.equation("p", pValue)).append(", ")
                    .append(PValues.equation("Holm p", adjustedPValue));
        }
        if (!Double.isNaN(margin)) {
            s.append(String.format(Locale.ROOT, ", equivalence ±%s: %s", margin,
                    PValues.equation("Holm p", adjustedEquivalencePValue)));
        }
        return s.append("; ").append(test).append(" (").append(correction).append(")").toString();
    }
}
