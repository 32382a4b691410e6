package seqlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import seqlab.engine.Engine;
import seqlab.model.Baseline;
import seqlab.model.Candidate;
import seqlab.model.ModelSpec;
import seqlab.model.Models;
import seqlab.stats.Direction;
import seqlab.stats.Holm;
import seqlab.stats.Verdict;
import seqlab.stats.Verdict.Category;
import tech.tablesaw.api.Table;

/**
 * Verdicts of results built by hand, where the right answer is known: models drawn from the same distribution as
 * the baseline show no difference (at about the nominal rate or less), a clearly better model is better, one seed is
 * not tested, Holm runs over the whole family, and the reference is the baseline strongest on validation.
 */
class VerdictFamilyTest {
    private static final int EXAMPLES = 200;

    /** A classification task that runs nothing: its results are built here. */
    private static final class HandMade implements Task {
        @Override public String name() { return "classification"; }
        @Override public String dataset() { return "hand-made"; }
        @Override public String dataHash() { return "0"; }
        record NoOptions() { }
        @Override public Record options() { return new NoOptions(); }
        @Override public String mainMetric() { return "accuracy"; }
        @Override public boolean higherIsBetter() { return true; }
        @Override public List<String> metrics() { return List.of("accuracy"); }
        @Override public List<Baseline> baselines() { return List.of(Baseline.of("majority"), Baseline.of("bow")); }
        @Override public List<String> families() { return List.of("lstm", "gru"); }
        @Override public long parameterCount(ModelSpec spec) { return 0; }
        @Override public TrialResult run(TrialSpec spec, Engine engine, TrialListener listener) {
            throw new UnsupportedOperationException("hand-made results only");
        }
    }

    /** Every seed's test labels: a fixed draw per seed, as a split per seed would give. */
    private static int[] labels(long seed) {
        Random r = new Random(1000 + seed);
        int[] y = new int[EXAMPLES];
        for (int i = 0; i < y.length; i++) {
            y[i] = r.nextInt(2);
        }
        return y;
    }

    /** A trial whose predictions are right with probability {@code skill}, drawn from {@code rng}. */
    private static TrialResult trial(Candidate c, long seed, double skill, double validation, Random rng) {
        int[] y = labels(seed);
        List<Integer> predicted = new ArrayList<>(), actual = new ArrayList<>(), rows = new ArrayList<>();
        int correct = 0;
        for (int i = 0; i < y.length; i++) {
            boolean right = rng.nextDouble() < skill;
            correct += right ? 1 : 0;
            predicted.add(right ? y[i] : 1 - y[i]);
            actual.add(y[i]);
            rows.add(i);
        }
        var spec = new TrialSpec("classification", "hand-made", "0", Map.of(), c, TrainConfig.defaults(), seed,
                "reference", "dev", "cpu");
        var extras = new ClassificationExtras(List.of("neg", "pos"), rows, predicted, actual, 10, 600, 100);
        Map<String, Double> val = Double.isNaN(validation) ? Map.of() : Map.of("accuracy", validation);
        return new TrialResult(spec, TrialResult.Status.OK, "", 1, 1, 1, false, 0, 0,
                Map.of("accuracy", (double) correct / y.length), val, List.of(), extras, Map.of());
    }

    /** Results of entries over seeds 1..n: each entry's skill and validation score. */
    private static Results results(int seeds, Map<Candidate, double[]> entries, Random rng) {
        List<TrialResult> trials = new ArrayList<>();
        for (var e : entries.entrySet()) {
            for (long s = 1; s <= seeds; s++) {
                trials.add(trial(e.getKey(), s, e.getValue()[0], e.getValue()[1], rng));
            }
        }
        return new Results(new HandMade(), trials, Path.of("unused"), Map.of());
    }

    private static final Baseline MAJORITY = Baseline.of("majority");
    private static final Baseline BOW = Baseline.of("bow");

    private static Map<Candidate, double[]> entries(Object... kv) {
        Map<Candidate, double[]> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((Candidate) kv[i], (double[]) kv[i + 1]);
        }
        return m;
    }

    private static Verdict verdict(VerdictFamily f, String candidate, String reference) {
        return f.verdicts().stream().filter(v -> v.candidate().equals(candidate) && v.reference().equals(reference))
                .findFirst().orElseThrow(() -> new AssertionError("no " + candidate + " vs " + reference + " in " + f));
    }

    @Test
    void aClearlyBetterModelIsBetterAndAWorseOneWorse() {
        var f = results(3, entries(MAJORITY, new double[] {0.5, 0.5}, BOW, new double[] {0.7, 0.7},
                Models.lstm(8).named("good"), new double[] {0.9, 0.9},
                Models.gru(8).named("bad"), new double[] {0.55, 0.55}), new Random(1)).verdicts();
        assertEquals(Category.BETTER, verdict(f, "good", "bow").category(), f.toString());
        assertEquals(Category.WORSE, verdict(f, "bad", "bow").category(), f.toString());
        Verdict good = verdict(f, "good", "bow");
        assertTrue(good.difference().lower() > 0.05 && good.difference().contains(0.2), good.toString());
        assertTrue(good.test().contains("paired t over 3 seeds") && good.test().contains("paired bootstrap over 200"),
                good.test());
        // the headline names the best and that it beats the runner-up (the strongest baseline here)
        assertTrue(f.headlines().get(0).startsWith("Best: good (accuracy "), f.headlines().toString());
        assertTrue(f.headlines().get(0).contains("significantly better than the runner-up bow"), f.headlines().toString());
    }

    @Test
    void modelsLikeTheBaselineShowNoDifferenceAtAboutTheNominalRateOrLess() {
        Random rng = new Random(7);
        int rejections = 0, runs = 60;
        for (int k = 0; k < runs; k++) {
            var f = results(3, entries(MAJORITY, new double[] {0.5, 0.5}, BOW, new double[] {0.75, 0.75},
                    Models.lstm(8).named("same"), new double[] {0.75, 0.74}), rng).verdicts();
            Verdict v = verdict(f, "same", "bow");
            assertTrue(v.tested(), v.toString());
            rejections += v.category() == Category.NO_DIFFERENCE ? 0 : 1;
        }
        // the joint test rejects only when both parts do, so it holds its 5% level; 6 of 60 would be 10%
        assertTrue(rejections <= 5, rejections + " of " + runs + " identical-in-distribution models judged different");
    }

    @Test
    void oneOrTwoSeedsAreNotTestedAndSaySo() {
        var one = results(1, entries(MAJORITY, new double[] {0.5, 0.5}, BOW, new double[] {0.7, 0.7},
                Models.lstm(8).named("good"), new double[] {0.95, 0.95}), new Random(2)).verdicts();
        Verdict v = verdict(one, "good", "bow");
        assertEquals(Category.NOT_TESTED, v.category());
        assertEquals("1 seed: at least 3 needed; run more seeds", v.reason());
        var two = results(2, entries(MAJORITY, new double[] {0.5, 0.5}, BOW, new double[] {0.7, 0.7},
                Models.lstm(8).named("good"), new double[] {0.95, 0.95}), new Random(2)).verdicts();
        assertEquals("2 seeds: at least 3 needed; run more seeds", verdict(two, "good", "bow").reason());
        assertTrue(two.lines().stream().anyMatch(l -> l.startsWith("  [?] not tested")), two.toString());
    }

    @Test
    void holmRunsOverTheWholeFamily() {
        var f = results(3, entries(MAJORITY, new double[] {0.5, 0.5}, BOW, new double[] {0.7, 0.7},
                Models.lstm(8).named("a"), new double[] {0.78, 0.78}, Models.gru(8).named("b"), new double[] {0.74, 0.8},
                Models.lstm(16).named("c"), new double[] {0.7, 0.7}), new Random(3)).verdicts();
        List<Verdict> vs = f.verdicts();
        double[] raw = vs.stream().mapToDouble(Verdict::pValue).toArray();
        double[] holm = Holm.adjust(raw);
        for (int i = 0; i < vs.size(); i++) {
            assertEquals(holm[i], vs.get(i).adjustedPValue(), 0, vs.get(i).toString());
        }
        // 3 models against bow, and b (best on validation) against a (the runner-up)
        assertEquals(4, vs.size(), f.toString());
        assertEquals(VerdictFamily.VS_RUNNER_UP, f.rows().get(3).role());
        assertEquals("b", vs.get(3).candidate());
        assertEquals("a", vs.get(3).reference());
        assertTrue(f.method().contains("Holm over 4 comparisons, α = 0.05"), f.method());
        Table t = f.table();
        assertEquals(4, t.rowCount());
        assertEquals(List.of("engine", "role", "candidate", "reference"), t.columnNames().subList(0, 4));
    }

    @Test
    void theReferenceIsTheBaselineStrongestOnValidationNotOnTest() {
        // majority scores higher on test, bow on validation: bow is the reference
        var f = results(3, entries(MAJORITY, new double[] {0.8, 0.6}, BOW, new double[] {0.7, 0.7},
                Models.lstm(8).named("m"), new double[] {0.75, 0.72}), new Random(4)).verdicts();
        assertEquals("bow", f.standings().get(0).strongest());
        assertEquals("validation", f.standings().get(0).rankedOn());
        assertEquals("bow", verdict(f, "m", "bow").reference());
        assertTrue(f.notes().isEmpty(), f.notes().toString());
        // without validation scores the ranking falls back to the test split and says so
        var g = results(3, entries(MAJORITY, new double[] {0.8, Double.NaN}, BOW, new double[] {0.7, 0.7},
                Models.lstm(8).named("m"), new double[] {0.75, 0.72}), new Random(4)).verdicts();
        assertEquals("majority", g.standings().get(0).strongest());
        assertEquals(List.of("ranked on test accuracy: majority has no validation score"), g.notes());
    }

    @Test
    void aFailedModelIsListedAsNotTestedWithItsError() {
        List<TrialResult> trials = new ArrayList<>(results(3, entries(MAJORITY, new double[] {0.5, 0.5},
                BOW, new double[] {0.7, 0.7}), new Random(5)).trials());
        var spec = new TrialSpec("classification", "hand-made", "0", Map.of(), Models.gru(8).named("broken"),
                TrainConfig.defaults(), 1, "reference", "dev", "cpu");
        trials.add(TrialResult.failed(spec, new IllegalStateException("out of memory"), Map.of()));
        var f = new Results(new HandMade(), trials, Path.of("unused"), Map.of()).verdicts();
        Verdict v = verdict(f, "broken", "bow");
        assertEquals(Category.NOT_TESTED, v.category());
        assertEquals("no trial finished: IllegalStateException: out of memory", v.reason());
    }

    @Test
    void outputsThatDoNotReproduceTheMetricAreNotResampled() {
        Random rng = new Random(6);
        List<TrialResult> trials = new ArrayList<>();
        for (long s = 1; s <= 3; s++) {
            trials.add(trial(MAJORITY, s, 0.5, 0.5, rng));
            trials.add(trial(BOW, s, 0.7, 0.7, rng));
            TrialResult m = trial(Models.lstm(8).named("m"), s, 0.8, 0.8, rng);
            Map<String, Double> wrong = new LinkedHashMap<>(m.metrics());
            wrong.put("accuracy", wrong.get("accuracy") + 0.01);
            trials.add(new TrialResult(m.spec(), m.status(), "", 1, 1, 1, false, 0, 0, wrong, m.validation(),
                    List.of(), m.extras(), Map.of()));
        }
        var f = new Results(new HandMade(), trials, Path.of("unused"), Map.of()).verdicts();
        VerdictFamily.Row row = f.rows().stream().filter(r -> r.verdict().candidate().equals("m")).findFirst()
                .orElseThrow();
        assertTrue(row.note().contains("recomputed from its outputs"), row.note());
        assertEquals("paired t over 3 seeds", row.verdict().test());
    }

    @Test
    void theConsoleLinesCarryEachCategoryInWords() {
        var f = results(3, entries(MAJORITY, new double[] {0.5, 0.5}, BOW, new double[] {0.7, 0.7},
                Models.lstm(8).named("good"), new double[] {0.9, 0.9}), new Random(8)).verdicts();
        List<String> lines = f.lines();
        assertTrue(lines.get(0).startsWith("Verdicts on accuracy (higher is better)"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.matches("  \\[\\+] better +good vs bow +\\+0\\.\\d{4} \\[.*Holm p.*")),
                String.join("\n", lines));
        assertNull(f.rows().get(0).note(), "classification outputs are resampled: no seeds-only note");
        assertTrue(f.html().contains("<tr class=\"verdict-better\"><td>[+] better</td>"), f.html());
        assertThrows(IllegalArgumentException.class, () -> results(1, entries(MAJORITY, new double[] {0.5, 0.5}),
                new Random(1)).verdicts("bleu", Direction.HIGHER_IS_BETTER));
        assertEquals(Arrays.asList(Category.values()).stream().map(Category::mark).distinct().count(),
                Category.values().length, "every category has its own mark");
    }
}
