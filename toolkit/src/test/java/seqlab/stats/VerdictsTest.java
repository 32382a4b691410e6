package seqlab.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import seqlab.stats.Verdict.Category;
import tech.tablesaw.api.Table;

/** Verdict categories, the family's correction, the choice of references, and the table view. */
class VerdictsTest {
    private static final Direction UP = Direction.HIGHER_IS_BETTER;
    private static final Direction DOWN = Direction.LOWER_IS_BETTER;

    private static SeedTest seeds(double shift) {
        return SeedTest.of(new double[] {0.80 + shift, 0.81 + shift, 0.79 + shift, 0.805 + shift},
                new double[] {0.80, 0.812, 0.788, 0.801});
    }

    @Test
    void categoriesFollowTheSignTheDirectionAndTheCorrectedP() {
        List<Verdict> v = Verdicts.decide(List.of(
                Comparison.of("lstm", "bow", "accuracy", UP, seeds(0.05)),
                Comparison.of("rnn", "bow", "accuracy", UP, seeds(-0.05)),
                Comparison.of("gru", "bow", "accuracy", UP, seeds(0.0005)),
                Comparison.of("cnn", "naive", "MAE", DOWN, seeds(-0.05))));
        assertEquals(Category.BETTER, v.get(0).category());
        assertEquals(Category.WORSE, v.get(1).category());
        assertEquals(Category.NO_DIFFERENCE, v.get(2).category());
        assertEquals(Category.BETTER, v.get(3).category(), "lower MAE is better");
        assertEquals("Holm over 4 comparisons, α = 0.05", v.get(0).correction());
        assertTrue(v.get(0).reason().startsWith("higher accuracy is better"), v.get(0).reason());
        assertTrue(v.get(2).reason().startsWith("adjusted p"), v.get(2).reason());
        double[] raw = v.stream().mapToDouble(Verdict::pValue).toArray();
        double[] holm = Holm.adjust(raw);
        for (int i = 0; i < 4; i++) {
            assertEquals(holm[i], v.get(i).adjustedPValue(), 0);
        }
        assertEquals(4, v.get(0).seeds());
    }

    @Test
    void holmCanTurnASignificantComparisonIntoNoDifference() {
        // p ≈ 0.03 alone is significant; in a family with three p ≈ 0.2 it is not (adjusted 4 × 0.03 > 0.05).
        Evidence borderline = McNemar.fromCounts(20, 8, 500, 0.95);
        assertTrue(borderline.pValue() < 0.05 && borderline.pValue() > 0.0125, "p = " + borderline.pValue());
        Comparison c = Comparison.of("a", "base", "accuracy", UP, borderline);
        assertEquals(Category.BETTER, Verdicts.decide(List.of(c), 0.05, 1).get(0).category());
        Evidence weak = McNemar.fromCounts(15, 10, 500, 0.95);
        List<Verdict> family = Verdicts.decide(List.of(c, Comparison.of("b", "base", "accuracy", UP, weak),
                Comparison.of("d", "base", "accuracy", UP, weak), Comparison.of("e", "base", "accuracy", UP, weak)),
                0.05, 1);
        assertEquals(Category.NO_DIFFERENCE, family.get(0).category());
    }

    @Test
    void notTestedForTooFewSeedsIdenticalOutputsOrAGivenReason() {
        SeedTest two = SeedTest.of(new double[] {0.9, 0.91}, new double[] {0.7, 0.71});
        double[] same = {0.8, 0.81, 0.79};
        List<Verdict> v = Verdicts.decide(List.of(
                Comparison.of("two", "bow", "accuracy", UP, two),
                Comparison.of("same", "bow", "accuracy", UP, SeedTest.of(same, same)),
                Comparison.notTested("diverged", "bow", "accuracy", UP, "every seed diverged; lower the learning rate"),
                Comparison.of("good", "bow", "accuracy", UP, seeds(0.05))));
        assertEquals(Category.NOT_TESTED, v.get(0).category());
        assertEquals("2 seeds: at least 3 needed; run more seeds", v.get(0).reason());
        assertEquals(Category.NOT_TESTED, v.get(1).category());
        assertTrue(v.get(1).reason().startsWith("identical outputs"), v.get(1).reason());
        assertEquals("every seed diverged; lower the learning rate", v.get(2).reason());
        assertTrue(Double.isNaN(v.get(2).pValue()));
        // Untested comparisons are not counted in the correction.
        assertEquals("Holm over 1 comparison, α = 0.05", v.get(3).correction());
        assertEquals(v.get(3).pValue(), v.get(3).adjustedPValue(), 0);
        // One seed is enough when the caller says so.
        McNemar.Result oneSeed = McNemar.fromCounts(30, 5, 400, 0.95);
        Comparison c = Comparison.of("m", "bow", "accuracy", UP, oneSeed);
        assertEquals(Category.NOT_TESTED, Verdicts.decide(List.of(c)).get(0).category());
        assertEquals(Category.BETTER, Verdicts.decide(List.of(c), 0.05, 1).get(0).category());
        assertTrue(Verdicts.decide(List.of(c)).get(0).reason().startsWith("1 seed:"));
    }

    @Test
    void equivalenceIsShownWithinTheMarginAndOnlyThere() {
        double[] x = {0.8012, 0.7987, 0.8051, 0.7995, 0.8030};
        double[] y = {0.8003, 0.8010, 0.8022, 0.7990, 0.8041};
        Comparison similar = Comparison.of("lstm", "gru", "accuracy", UP, SeedTest.of(x, y))
                .withEquivalence(Equivalence.overSeeds(x, y, 0.01));
        Comparison unclear = Comparison.of("lstm", "gru2", "accuracy", UP, SeedTest.of(x, y))
                .withEquivalence(Equivalence.overSeeds(x, y, 0.0005));
        List<Verdict> v = Verdicts.decide(List.of(similar, unclear));
        assertEquals(Category.EQUIVALENT, v.get(0).category());
        assertEquals(0.01, v.get(0).margin());
        assertTrue(v.get(0).reason().startsWith("within ±0.01"), v.get(0).reason());
        assertEquals(Category.NO_DIFFERENCE, v.get(1).category());
        assertTrue(v.get(1).reason().contains("equivalence within ±5.0E-4 not shown"), v.get(1).reason());
        assertTrue(v.get(0).correction().contains("Holm over 2 equivalence tests"), v.get(0).correction());

        // A real difference smaller than the margin is "equivalent", and the reason says the difference is real.
        double[] a = {0.8010, 0.8020, 0.8030, 0.8015, 0.8025};
        double[] b = {0.8000, 0.8011, 0.8019, 0.8006, 0.8014};
        Verdict both = Verdicts.decide(List.of(Comparison.of("a", "b", "accuracy", UP, SeedTest.of(a, b))
                .withEquivalence(Equivalence.overSeeds(a, b, 0.01)))).get(0);
        assertEquals(Category.EQUIVALENT, both.category());
        assertTrue(both.reason().contains("significant but smaller than the margin"), both.reason());

        Verdict only = Verdicts.decide(List.of(Comparison.ofEquivalence("a", "b", "accuracy", UP,
                Equivalence.overSeeds(x, y, 0.01)))).get(0);
        assertEquals(Category.EQUIVALENT, only.category());
        assertTrue(Double.isNaN(only.pValue()));
    }

    @Test
    void jointEvidenceNeedsEveryPart() {
        SeedTest s = seeds(0.05);
        McNemar.Result m = McNemar.fromCounts(12, 10, 400, 0.95);
        Evidence joint = Evidence.joint(s, m);
        assertEquals(Math.max(s.pValue(), m.pValue()), joint.pValue());
        assertEquals(Math.min(s.difference().lower(), m.difference().lower()), joint.difference().lower());
        assertEquals(Math.max(s.difference().upper(), m.difference().upper()), joint.difference().upper());
        assertEquals(s.difference().estimate(), joint.difference().estimate());
        assertEquals(4, joint.seeds());
        assertEquals(400, joint.examples());
        assertEquals(s.test() + " and " + m.test(), joint.test());
        assertEquals(Category.NO_DIFFERENCE,
                Verdicts.decide(List.of(Comparison.of("a", "b", "accuracy", UP, joint))).get(0).category());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Evidence.joint(s, McNemar.fromCounts(12, 10, 400, 0.9)));
        assertTrue(e.getMessage().contains("confidence levels"), e.getMessage());
    }

    @Test
    void strongestBaselineAndFamily() {
        Map<String, double[]> baselines = new LinkedHashMap<>();
        baselines.put("majority", new double[] {0.5, 0.5, 0.5});
        baselines.put("bag-of-words", new double[] {0.78, 0.79, 0.78});
        Map<String, double[]> models = new LinkedHashMap<>();
        models.put("rnn", new double[] {0.70, 0.72, 0.71});
        models.put("lstm", new double[] {0.80, 0.82, 0.81});
        models.put("gru", new double[] {0.79, 0.81, 0.80});
        assertEquals("bag-of-words", Ranking.best(baselines, UP));
        assertEquals("majority", Ranking.best(baselines, DOWN));
        assertEquals(List.of("lstm", "gru", "bag-of-words", "rnn", "majority"),
                Ranking.order(merge(baselines, models), UP));
        List<Ranking.Matchup> family = Ranking.family(models, baselines, UP);
        assertEquals(List.of(new Ranking.Matchup("rnn", "bag-of-words", "vs strongest baseline"),
                new Ranking.Matchup("lstm", "bag-of-words", "vs strongest baseline"),
                new Ranking.Matchup("gru", "bag-of-words", "vs strongest baseline"),
                new Ranking.Matchup("lstm", "gru", "best vs runner-up")), family);

        // Ties keep the caller's order: of two equally strong baselines the one listed first (simpler) is chosen.
        Map<String, double[]> tied = new LinkedHashMap<>();
        tied.put("seasonal naive", new double[] {10.0, 10.0});
        tied.put("theta", new double[] {9.0, 11.0});
        assertEquals("seasonal naive", Ranking.best(tied, DOWN));

        // When the runner-up is the strongest baseline the pair is already in the family.
        Map<String, double[]> one = new LinkedHashMap<>();
        one.put("lstm", new double[] {0.9});
        assertEquals(1, Ranking.family(one, baselines, UP).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ranking.family(models, Map.of(), UP));
        assertTrue(e.getMessage().contains("no baselines"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ranking.family(baselines, baselines, UP));
        assertTrue(e.getMessage().contains("both as model and as baseline"), e.getMessage());
    }

    private static Map<String, double[]> merge(Map<String, double[]> a, Map<String, double[]> b) {
        Map<String, double[]> out = new LinkedHashMap<>(a);
        out.putAll(b);
        return out;
    }

    @Test
    void tableViewHasOneRowPerVerdict() {
        List<Verdict> v = Verdicts.decide(List.of(Comparison.of("lstm", "bow", "accuracy", UP, seeds(0.05)),
                Comparison.notTested("rnn", "bow", "accuracy", UP, "no trials finished")));
        Table t = Verdicts.table(v);
        assertEquals("verdicts", t.name());
        assertEquals(2, t.rowCount());
        assertEquals(List.of("candidate", "reference", "metric", "better", "verdict", "difference", "ci lower",
                "ci upper", "level", "p", "p (Holm)", "margin", "equivalence p (Holm)", "test", "seeds", "examples",
                "reason", "correction"), t.columnNames());
        assertEquals("better", t.stringColumn("verdict").get(0));
        assertEquals("not tested", t.stringColumn("verdict").get(1));
        assertEquals("higher", t.stringColumn("better").get(0));
        assertEquals(v.get(0).difference().estimate(), t.doubleColumn("difference").get(0), 0);
        assertTrue(t.doubleColumn("p").isMissing(1));
        assertTrue(t.doubleColumn("margin").isMissing(0));
        assertEquals(4, t.intColumn("seeds").get(0));
    }

    @Test
    void oneLineSummaries() {
        Verdict v = Verdicts.decide(List.of(Comparison.of("lstm", "bow", "accuracy", UP, seeds(0.05)))).get(0);
        String s = v.toString();
        assertTrue(s.startsWith("lstm vs bow (accuracy): better, +0.0510 [+0.0469, +0.0551] (95%), p < 0.0001, Holm p < 0.0001"), s);
        assertTrue(s.endsWith(
                "; paired t over 4 seeds (Holm over 1 comparison, α = 0.05)"), s);
        Verdict n = Verdicts.decide(List.of(Comparison.notTested("x", "y", "BLEU", UP, "1 seed"))).get(0);
        assertEquals("x vs y (BLEU): not tested (1 seed)", n.toString());
        assertEquals("0.0410 [0.0210, 0.0700] (95%, n=500)",
                new ConfidenceInterval(0.041, 0.021, 0.07, 0.95, 500).toString());
        assertEquals("0.7000 (no interval, n=1)", new ConfidenceInterval(0.7, Double.NaN, Double.NaN, 0.95, 1)
                .toString());
    }

    @Test
    void malformedComparisonsAreRejected() {
        SeedTest s = seeds(0.05);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Comparison.of("lstm", "lstm", "accuracy", UP, s));
        assertTrue(e.getMessage().contains("compared with itself"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Comparison.of("lstm", "bow", "accuracy", null, s));
        assertTrue(e.getMessage().contains("direction is null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Comparison.of("", "bow", "accuracy", UP, s));
        assertTrue(e.getMessage().contains("blank"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Comparison.of("lstm", "bow", "accuracy", UP, null));
        assertTrue(e.getMessage().contains("notTested"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Verdicts.decide(List.of(), 1.5, 3));
        assertTrue(e.getMessage().contains("alpha"), e.getMessage());
        assertEquals(List.of(), Verdicts.decide(List.of()));
    }
}
