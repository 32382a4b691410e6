package seqlab.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import seqlab.stats.Verdict.Category;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Turns a family of {@link Comparison comparisons} into {@link Verdict verdicts}, and verdicts into a table.
 *
 * <p>Rules, in order, for each comparison:
 * <ol>
 *   <li>NOT_TESTED when it carries a reason; when its evidence rests on fewer seeds than the minimum (default 3:
 *       "2 seeds: at least 3 needed"); or when the two outputs are identical ("identical outputs"). These are left
 *       out of the correction: they test nothing.</li>
 *   <li>The difference p-values of the remaining comparisons are Holm-adjusted together; so are the equivalence
 *       p-values (a separate family of hypotheses, "within ±margin").</li>
 *   <li>EQUIVALENT when the adjusted equivalence p-value is below α. This wins over a significant difference:
 *       a real but smaller-than-margin difference is what "similar" means, and the reason says it.</li>
 *   <li>BETTER or WORSE when the adjusted difference p-value is below α, by the sign of the difference and the
 *       metric's direction.</li>
 *   <li>NO_DIFFERENCE otherwise ("no detectable difference": absence of evidence, not evidence of absence; the
 *       reason adds whether equivalence was tested and not shown).</li>
 * </ol>
 * The family is whatever the caller passes: one report's comparisons on its main metric (see
 * {@link Ranking#family}).
 */
public final class Verdicts {
    /** The default family-wise significance level. */
    public static final double ALPHA = 0.05;
    /** The default minimum number of seeds for a verdict. */
    public static final int MIN_SEEDS = 3;

    private Verdicts() {}

    /** {@link #decide(List, double, int)} with α = 0.05 and at least 3 seeds. */
    public static List<Verdict> decide(List<Comparison> family) {
        return decide(family, ALPHA, MIN_SEEDS);
    }

    /**
     * Verdicts for a family of comparisons, in the same order.
     *
     * @param family the comparisons of one report (one task, one metric)
     * @param alpha family-wise significance level, e.g. 0.05
     * @param minSeeds the fewest seeds a verdict may rest on (1 accepts single-seed tests over examples)
     * @return one verdict per comparison
     */
    public static List<Verdict> decide(List<Comparison> family, double alpha, int minSeeds) {
        Inputs.alpha("Verdicts", alpha);
        if (minSeeds < 1) {
            throw new IllegalArgumentException("Verdicts: minimum seeds " + minSeeds + " must be at least 1");
        }
        int m = family.size();
        String[] untested = new String[m];
        List<Integer> differenceTests = new ArrayList<>();
        List<Integer> equivalenceTests = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            Comparison c = family.get(i);
            untested[i] = reasonNotTested(c, minSeeds);
            if (untested[i] == null) {
                if (c.evidence() != null) {
                    differenceTests.add(i);
                }
                if (c.equivalence() != null) {
                    equivalenceTests.add(i);
                }
            }
        }
        double[] adjusted = adjusted(family, differenceTests, false, m);
        double[] adjustedEquivalence = adjusted(family, equivalenceTests, true, m);
        String correction = correction(differenceTests.size(), equivalenceTests.size(), alpha);
        List<Verdict> out = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            out.add(verdict(family.get(i), untested[i], adjusted[i], adjustedEquivalence[i], alpha, correction));
        }
        return out;
    }

    private static String reasonNotTested(Comparison c, int minSeeds) {
        if (c.notTested() != null) {
            return c.notTested();
        }
        int seeds = c.evidence() != null ? c.evidence().seeds() : c.equivalence().seeds();
        if (seeds < minSeeds) {
            return seeds + (seeds == 1 ? " seed" : " seeds") + ": at least " + minSeeds + " needed; run more seeds";
        }
        if (c.evidence() != null && c.evidence().identical()) {
            return "identical outputs: the two give the same result on every example";
        }
        return null;
    }

    private static double[] adjusted(List<Comparison> family, List<Integer> indices, boolean equivalence, int m) {
        double[] out = new double[m];
        java.util.Arrays.fill(out, Double.NaN);
        double[] raw = new double[indices.size()];
        for (int k = 0; k < raw.length; k++) {
            Comparison c = family.get(indices.get(k));
            raw[k] = equivalence ? c.equivalence().pValue() : c.evidence().pValue();
        }
        double[] adj = Holm.adjust(raw);
        for (int k = 0; k < raw.length; k++) {
            out[indices.get(k)] = adj[k];
        }
        return out;
    }

    private static String correction(int differences, int equivalences, double alpha) {
        String a = String.format(Locale.ROOT, "α = %s", alpha);
        if (differences + equivalences == 0) {
            return "nothing tested";
        }
        List<String> parts = new ArrayList<>();
        if (differences > 0) {
            parts.add("Holm over " + differences + (differences == 1 ? " comparison" : " comparisons"));
        }
        if (equivalences > 0) {
            parts.add("Holm over " + equivalences + (equivalences == 1 ? " equivalence test" : " equivalence tests"));
        }
        return String.join("; ", parts) + ", " + a;
    }

    private static Verdict verdict(Comparison c, String untested, double adjusted, double adjustedEquivalence,
            double alpha, String correction) {
        Evidence e = c.evidence();
        Equivalence q = c.equivalence();
        if (untested != null) {
            return new Verdict(c.candidate(), c.reference(), c.metric(), c.direction(), Category.NOT_TESTED, untested,
                    "", 0, 0, null, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, correction);
        }
        ConfidenceInterval difference = e != null ? e.difference() : q.difference();
        String test = e == null ? q.test() : q == null ? e.test() : e.test() + "; " + q.test();
        int seeds = Math.max(e == null ? 0 : e.seeds(), q == null ? 0 : q.seeds());
        int examples = Math.max(e == null ? 0 : e.examples(), q == null ? 0 : q.examples());
        boolean differs = e != null && adjusted < alpha;
        boolean equivalent = q != null && adjustedEquivalence < alpha;
        Category category;
        String reason;
        if (equivalent) {
            category = Category.EQUIVALENT;
            reason = String.format(Locale.ROOT, "within ±%s: %s, below α = %s", q.margin(),
                    PValues.equation("adjusted TOST p", adjustedEquivalence), alpha)
                    + (differs ? "; the difference is significant but smaller than the margin" : "");
        } else if (differs) {
            boolean better = c.direction().favoursCandidate(e.difference().estimate());
            category = better ? Category.BETTER : Category.WORSE;
            reason = String.format(Locale.ROOT, "%s %s is better; %s, below α = %s", c.direction().word(),
                    c.metric(), PValues.equation("adjusted p", adjusted), alpha)
                    + (q != null ? String.format(Locale.ROOT, "; equivalence within ±%s not shown", q.margin()) : "");
        } else {
            category = Category.NO_DIFFERENCE;
            reason = (e != null ? String.format(Locale.ROOT, "%s, not below α = %s",
                    PValues.equation("adjusted p", adjusted), alpha)
                    : "no difference test")
                    + (q != null ? String.format(Locale.ROOT, "; equivalence within ±%s not shown (%s)",
                            q.margin(), PValues.equation("adjusted TOST p", adjustedEquivalence)) : "");
        }
        return new Verdict(c.candidate(), c.reference(), c.metric(), c.direction(), category, reason, test, seeds,
                examples, difference, e == null ? Double.NaN : e.pValue(), e == null ? Double.NaN : adjusted,
                q == null ? Double.NaN : q.margin(), q == null ? Double.NaN : q.pValue(),
                q == null ? Double.NaN : adjustedEquivalence, correction);
    }

    /**
     * The verdicts as a Tablesaw table named {@code verdicts}, one row per verdict, for notebooks and reports.
     * Columns: candidate, reference, metric, better (higher/lower), verdict, difference, ci lower, ci upper,
     * level, p, p (Holm), margin, equivalence p (Holm), test, seeds, examples, reason, correction. Numbers a
     * verdict does not have are missing values.
     *
     * @param verdicts verdicts from {@link #decide}
     * @return the table
     */
    public static Table table(List<Verdict> verdicts) {
        StringColumn candidate = StringColumn.create("candidate");
        StringColumn reference = StringColumn.create("reference");
        StringColumn metric = StringColumn.create("metric");
        StringColumn better = StringColumn.create("better");
        StringColumn verdict = StringColumn.create("verdict");
        DoubleColumn difference = DoubleColumn.create("difference");
        DoubleColumn lower = DoubleColumn.create("ci lower");
        DoubleColumn upper = DoubleColumn.create("ci upper");
        DoubleColumn level = DoubleColumn.create("level");
        DoubleColumn p = DoubleColumn.create("p");
        DoubleColumn pHolm = DoubleColumn.create("p (Holm)");
        DoubleColumn margin = DoubleColumn.create("margin");
        DoubleColumn pEquivalence = DoubleColumn.create("equivalence p (Holm)");
        StringColumn test = StringColumn.create("test");
        IntColumn seeds = IntColumn.create("seeds");
        IntColumn examples = IntColumn.create("examples");
        StringColumn reason = StringColumn.create("reason");
        StringColumn correction = StringColumn.create("correction");
        for (Verdict v : verdicts) {
            candidate.append(v.candidate());
            reference.append(v.reference());
            metric.append(v.metric());
            better.append(v.direction().word());
            verdict.append(v.category().label());
            ConfidenceInterval d = v.difference();
            appendOrMissing(difference, d == null ? Double.NaN : d.estimate());
            appendOrMissing(lower, d == null ? Double.NaN : d.lower());
            appendOrMissing(upper, d == null ? Double.NaN : d.upper());
            appendOrMissing(level, d == null ? Double.NaN : d.level());
            appendOrMissing(p, v.pValue());
            appendOrMissing(pHolm, v.adjustedPValue());
            appendOrMissing(margin, v.margin());
            appendOrMissing(pEquivalence, v.adjustedEquivalencePValue());
            test.append(v.test());
            seeds.append(v.seeds());
            examples.append(v.examples());
            reason.append(v.reason());
            correction.append(v.correction());
        }
        return Table.create("verdicts", candidate, reference, metric, better, verdict, difference, lower, upper,
                level, p, pHolm, margin, pEquivalence, test, seeds, examples, reason, correction);
    }

    /**
     * The verdicts as aligned console lines, one per verdict: the category's mark and words, candidate vs reference,
     * the difference with its interval, the raw and Holm-adjusted p-values, and for an untested comparison the reason
     * instead. The marks ({@code [+] [-] [=] [~] [?]}) carry the category without colour, so the lines read the same
     * in a pipe or a log file.
     *
     * @param verdicts verdicts from {@link #decide}
     * @return one line per verdict, in the same order
     */
    public static List<String> lines(List<Verdict> verdicts) {
        int words = 0;
        int pair = 0;
        for (Verdict v : verdicts) {
            words = Math.max(words, v.category().label().length());
            pair = Math.max(pair, (v.candidate() + " vs " + v.reference()).length());
        }
        List<String> out = new ArrayList<>();
        for (Verdict v : verdicts) {
            StringBuilder s = new StringBuilder(v.category().mark()).append(' ')
                    .append(pad(v.category().label(), words)).append("  ")
                    .append(pad(v.candidate() + " vs " + v.reference(), pair)).append("  ");
            if (!v.tested()) {
                s.append(v.reason());
            } else {
                ConfidenceInterval d = v.difference();
                if (d != null) {
                    s.append(String.format(Locale.ROOT, "%+.4f [%+.4f, %+.4f]", d.estimate(), d.lower(), d.upper()));
                }
                if (!Double.isNaN(v.pValue())) {
                    s.append("  ").append(PValues.equation("p", v.pValue())).append(", ")
                            .append(PValues.equation("Holm p", v.adjustedPValue()));
                }
                if (!Double.isNaN(v.margin())) {
                    s.append(String.format(Locale.ROOT, "  equivalence ±%s: %s", v.margin(),
                            PValues.equation("Holm p", v.adjustedEquivalencePValue())));
                }
            }
            out.add(s.toString().stripTrailing());
        }
        return out;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static void appendOrMissing(DoubleColumn column, double value) {
        if (Double.isNaN(value)) {
            column.appendMissing();
        } else {
            column.append(value);
        }
    }
}
