package seqlab.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import seqlab.stats.Comparison;
import seqlab.stats.ConfidenceInterval;
import seqlab.stats.Direction;
import seqlab.stats.Equivalence;
import seqlab.stats.Evidence;
import seqlab.stats.PairedBootstrap;
import seqlab.stats.PerExample;
import seqlab.stats.SeedTest;
import seqlab.stats.Verdict.Category;
import seqlab.stats.Verdicts;
import seqlab.plot.JsonTrace;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;

/**
 * The statistics behind the claim experiments' verdicts, in one place: each experiment states its family of
 * comparisons (candidate against reference on one metric), this class tests each with {@code seqlab.stats}, corrects
 * the family with Holm's method ({@link Verdicts#decide}) and turns the per-comparison verdicts into the claim's
 * outcome.
 *
 * <p>A comparison pairs seed i of the candidate with seed i of the reference (same data and batch order). When the
 * experiment also has every test example's output, the evidence is the intersection–union test of the paired t over
 * seeds and Koehn's paired bootstrap over test examples ({@link Evidence#joint}): the difference must survive both
 * another training run and another test sample. With fewer than 3 seeds nothing is tested, and the verdict says to
 * run more seeds.
 */
final class ClaimTests {
    private ClaimTests() {
    }

    /**
     * One entry's result over seeds.
     *
     * @param name       the entry (model or setting), as tables show it
     * @param perSeed    the metric on each seed, in seed order (the same seeds for every entry of a family)
     * @param perExample each seed's per-example outputs on the test set, same order; empty when there are none
     */
    record Scores(String name, double[] perSeed, List<PerExample> perExample) {
        Scores {
            perSeed = perSeed.clone();
            perExample = List.copyOf(perExample);
            if (!perExample.isEmpty() && perExample.size() != perSeed.length) {
                throw new IllegalArgumentException(name + ": " + perSeed.length + " seed scores but " + perExample.size()
                        + " per-example outputs; give one per seed");
            }
        }

        static Scores of(String name, double[] perSeed) {
            return new Scores(name, perSeed, List.of());
        }

        double mean() {
            double s = 0;
            for (double v : perSeed) {
                s += v;
            }
            return s / perSeed.length;
        }
    }

    /** Why a comparison of fewer than 2 seeds was not tested. */
    static String tooFewSeeds(int seeds) {
        return seeds + (seeds == 1 ? " seed" : " seeds") + ": at least " + Verdicts.MIN_SEEDS + " needed; run more seeds";
    }

    /**
     * The difference test of {@code candidate − reference}: the paired t over seeds, joined with the paired bootstrap
     * over test examples when both have per-example outputs.
     */
    static Comparison difference(String metric, Direction direction, Scores candidate, Scores reference) {
        int seeds = Math.min(candidate.perSeed().length, reference.perSeed().length);
        if (candidate.perSeed().length != reference.perSeed().length) {
            throw new IllegalArgumentException(candidate.name() + " has " + candidate.perSeed().length + " seeds and "
                    + reference.name() + " " + reference.perSeed().length + "; compare them on the same seeds");
        }
        if (seeds < 2) {
            return Comparison.notTested(candidate.name(), reference.name(), metric, direction, tooFewSeeds(seeds));
        }
        SeedTest overSeeds = SeedTest.of(candidate.perSeed(), reference.perSeed());
        Evidence e = overSeeds;
        if (!candidate.perExample().isEmpty() && !reference.perExample().isEmpty()) {
            e = Evidence.joint(overSeeds, PairedBootstrap.defaults().test(candidate.perExample(),
                    reference.perExample()));
        }
        return Comparison.of(candidate.name(), reference.name(), metric, direction, e);
    }

    /**
     * The difference test and the equivalence test (TOST within {@code ±margin}) of {@code candidate − reference}: over
     * seeds, joined with the bootstrap's equivalence over test examples when both have per-example outputs.
     */
    static Comparison equivalence(String metric, Direction direction, Scores candidate, Scores reference,
                                  double margin) {
        Comparison c = difference(metric, direction, candidate, reference);
        if (c.notTested() != null) {
            return c;
        }
        Equivalence q = Equivalence.overSeeds(candidate.perSeed(), reference.perSeed(), margin);
        if (!candidate.perExample().isEmpty() && !reference.perExample().isEmpty()) {
            q = Equivalence.joint(q, PairedBootstrap.defaults().test(candidate.perExample(), reference.perExample())
                    .equivalence(margin));
        }
        return c.withEquivalence(q);
    }

    /** Holm over the family at α = 0.05, at least 3 seeds per verdict. */
    static List<seqlab.stats.Verdict> decide(List<Comparison> family) {
        return Verdicts.decide(family);
    }

    /**
     * The outcome of a claim that each comparison's candidate is better than its reference: holds when every one is
     * significantly better; partly when some are; does not hold when some are significantly worse and none better,
     * or when nothing differs and no estimate even points the claimed way; inconclusive when nothing could be tested
     * or the differences point the claimed way without reaching significance.
     */
    static ClaimVerdict.Outcome better(List<seqlab.stats.Verdict> verdicts) {
        // one rule for every claim: ClaimVerdict's; an empty family (nothing to compare) decides nothing
        return verdicts.isEmpty() ? ClaimVerdict.Outcome.INCONCLUSIVE : ClaimVerdict.ofBetter(verdicts).outcome();
    }

    /**
     * Combines the outcomes of a claim's parts: holds when all hold, does not hold when none holds or partly holds
     * and some does not, inconclusive when none was decided, partly otherwise.
     */
    static ClaimVerdict.Outcome combine(List<ClaimVerdict.Outcome> parts) {
        long holds = parts.stream().filter(o -> o == ClaimVerdict.Outcome.HOLDS).count();
        long fails = parts.stream().filter(o -> o == ClaimVerdict.Outcome.DOES_NOT_HOLD).count();
        long partly = parts.stream().filter(o -> o == ClaimVerdict.Outcome.PARTLY).count();
        if (holds == parts.size()) {
            return ClaimVerdict.Outcome.HOLDS;
        }
        if (holds + fails + partly == 0) {
            return ClaimVerdict.Outcome.INCONCLUSIVE;
        }
        if (holds + partly == 0) {
            return ClaimVerdict.Outcome.DOES_NOT_HOLD;
        }
        return ClaimVerdict.Outcome.PARTLY;
    }

    /**
     * One comparison for a verdict line: {@code "dropout vs none (accuracy): better, +0.0290 [+0.0100, +0.0480],
     * Holm p = 0.012"}; the full test is in the report's verdict table.
     */
    static String brief(seqlab.stats.Verdict v) {
        String head = v.candidate() + " vs " + v.reference() + " (" + v.metric() + "): " + v.category().label();
        if (!v.tested()) {
            return head + " (" + v.reason() + ")";
        }
        ConfidenceInterval d = v.difference();
        StringBuilder s = new StringBuilder(head).append(String.format(Locale.ROOT, ", %s [%s, %s]",
                signed(d.estimate()), signed(d.lower()), signed(d.upper())));
        if (!Double.isNaN(v.adjustedPValue())) {
            s.append(String.format(Locale.ROOT, ", Holm p = %s", p(v.adjustedPValue())));
        }
        if (!Double.isNaN(v.margin())) {
            s.append(String.format(Locale.ROOT, ", TOST ±%s Holm p = %s", plain(v.margin()),
                    p(v.adjustedEquivalencePValue())));
        }
        return s.toString();
    }

    /** {@link #brief} of each verdict, joined by "; ", then how the family was corrected. */
    static String briefs(List<seqlab.stats.Verdict> verdicts) {
        List<String> parts = new ArrayList<>();
        verdicts.forEach(v -> parts.add(brief(v)));
        return String.join("; ", parts) + (verdicts.isEmpty() ? "" : " (" + verdicts.get(0).correction() + ")");
    }

    /** The note every report prints under its verdict table: what was tested, how, and how it was corrected. */
    static String method(List<seqlab.stats.Verdict> verdicts) {
        String correction = verdicts.isEmpty() ? "nothing tested" : verdicts.get(0).correction();
        return "Each verdict pairs seed i of the candidate with seed i of its reference (same data and batch order): a "
                + "paired t over seeds and, where every test example's output is kept, Koehn's paired bootstrap over "
                + "test examples (1000 resamples), both of which must reject (intersection-union test). Differences "
                + "are candidate - reference with 95% intervals; p-values are Holm-adjusted over the experiment's "
                + "family (" + correction + "). A verdict needs at least 3 seeds; \"no detectable difference\" is "
                + "absence of evidence, not evidence of sameness.";
    }

    /**
     * A forest plot of the family: each comparison's difference with its 95% interval, coloured by verdict, with a
     * line at zero (and at ±margin for equivalence tests).
     */
    static Figure forest(String title, List<seqlab.stats.Verdict> verdicts) {
        List<JsonTrace> traces = new ArrayList<>();
        Map<Category, String> colours = Map.of(Category.BETTER, "#009E73", Category.WORSE, "#D55E00",
                Category.EQUIVALENT, "#0072B2", Category.NO_DIFFERENCE, "#999999", Category.NOT_TESTED, "#CCCCCC");
        for (Category c : Category.values()) {
            List<String> ys = new ArrayList<>();
            List<Double> xs = new ArrayList<>(), plus = new ArrayList<>(), minus = new ArrayList<>();
            for (seqlab.stats.Verdict v : verdicts) {
                if (v.category() != c || v.difference() == null) {
                    continue;
                }
                ConfidenceInterval d = v.difference();
                ys.add(v.candidate() + " vs " + v.reference() + " (" + v.metric() + ")");
                xs.add(d.estimate());
                plus.add(d.upper() - d.estimate());
                minus.add(d.estimate() - d.lower());
            }
            if (ys.isEmpty()) {
                continue;
            }
            traces.add(JsonTrace.of("scatter").set("x", xs).set("y", ys).set("mode", "markers")
                    .set("name", c.label()).set("marker", Map.of("size", 10, "color", colours.get(c)))
                    .set("error_x", Map.of("type", "data", "symmetric", false, "array", plus, "arrayminus", minus,
                            "visible", true, "thickness", 1.5, "width", 6)));
        }
        List<String> labels = new ArrayList<>();
        for (seqlab.stats.Verdict v : verdicts) {
            if (v.difference() != null) {
                labels.add(v.candidate() + " vs " + v.reference() + " (" + v.metric() + ")");
            }
        }
        if (!labels.isEmpty()) {
            traces.add(JsonTrace.of("scatter").set("x", List.of(0, 0)).set("y", List.of(labels.get(0),
                    labels.get(labels.size() - 1))).set("mode", "lines").set("name", "no difference")
                    .set("showlegend", false).set("hoverinfo", "skip")
                    .set("line", Map.of("color", "#000000", "width", 1, "dash", "dot")));
        }
        Layout layout = Layout.builder().title(title).width(760).height(Math.max(260, 120 + 40 * verdicts.size()))
                .xAxis(Axis.builder().title("difference, candidate - reference (95% interval)").build())
                .yAxis(Axis.builder().type(Axis.Type.CATEGORY).build()).build();
        if (traces.isEmpty()) {
            traces.add(JsonTrace.of("scatter").set("x", List.of()).set("y", List.of()).set("name", "nothing tested"));
        }
        return new Figure(layout, traces.toArray(new JsonTrace[0]));
    }

    private static String signed(double x) {
        double a = Math.abs(x);
        return String.format(Locale.ROOT, a >= 1000 || (x != 0 && a < 1e-3) ? "%+.3g" : a >= 10 ? "%+.1f" : "%+.4f", x);
    }

    private static String p(double p) {
        return p < 0.001 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.3f", p);
    }

    /** A number as written, without exponent: 0.0001, not 1.0E-4. */
    static String plain(double x) {
        return new java.math.BigDecimal(Double.toString(x)).stripTrailingZeros().toPlainString();
    }

    /** Numbers as written, comma-separated: "0.0003, 0.001, 0.003". */
    static String plain(List<Double> xs) {
        return String.join(", ", xs.stream().map(ClaimTests::plain).toList());
    }
}
