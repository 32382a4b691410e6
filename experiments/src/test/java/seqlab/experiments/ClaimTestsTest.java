package seqlab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import seqlab.engine.RandomSource;
import seqlab.stats.Comparison;
import seqlab.stats.Direction;
import seqlab.stats.PerExample;
import seqlab.stats.Verdict.Category;

/** The claim experiments' statistics, on constructed data where the right answer is known. */
class ClaimTestsTest {
    private static final Direction UP = Direction.HIGHER_IS_BETTER;

    private static ClaimTests.Scores scores(String name, double... v) {
        return ClaimTests.Scores.of(name, v);
    }

    private static Category decide(Comparison c) {
        return ClaimTests.decide(List.of(c)).get(0).category();
    }

    @Test
    void aClearlyBetterModelIsBetterAndTheSameModelIsNotTested() {
        double[] ref = {0.70, 0.72, 0.69, 0.71, 0.70};
        double[] better = {0.80, 0.83, 0.79, 0.80, 0.81};
        assertEquals(Category.BETTER, decide(ClaimTests.difference("accuracy", UP, scores("a", better),
                scores("b", ref))));
        assertEquals(Category.WORSE, decide(ClaimTests.difference("accuracy", UP, scores("b", ref),
                scores("a", better))));
        // lower is better flips the reading
        assertEquals(Category.WORSE, decide(ClaimTests.difference("error", Direction.LOWER_IS_BETTER,
                scores("a", better), scores("b", ref))));
        var same = ClaimTests.decide(List.of(ClaimTests.difference("accuracy", UP, scores("a", ref),
                scores("b", ref)))).get(0);
        assertEquals(Category.NOT_TESTED, same.category());
        assertTrue(same.reason().startsWith("identical outputs"), same.reason());
    }

    @Test
    void oneSeedIsNotTestedAndSaysToRunMore() {
        var v = ClaimTests.decide(List.of(ClaimTests.difference("accuracy", UP, scores("a", 0.9), scores("b", 0.5))))
                .get(0);
        assertEquals(Category.NOT_TESTED, v.category());
        assertTrue(v.reason().contains("run more seeds"), v.reason());
        // two seeds are tested by the seed test but below the verdict's minimum of three
        var two = ClaimTests.decide(List.of(ClaimTests.difference("accuracy", UP, scores("a", 0.9, 0.91),
                scores("b", 0.5, 0.52)))).get(0);
        assertEquals(Category.NOT_TESTED, two.category());
    }

    @Test
    void perExampleOutputsAddTheBootstrapOverTestExamples() {
        // 3 seeds, 200 test examples: the candidate is right on 90%, the reference on 60%
        List<PerExample> a = new ArrayList<>(), b = new ArrayList<>();
        double[] sa = new double[3], sb = new double[3];
        RandomSource rng = new RandomSource(4);
        int[] truth = new int[200];
        for (int s = 0; s < 3; s++) {
            int[] pa = new int[200], pb = new int[200];
            for (int i = 0; i < 200; i++) {
                pa[i] = rng.nextDouble() < 0.9 ? truth[i] : 1;
                pb[i] = rng.nextDouble() < 0.6 ? truth[i] : 1;
            }
            a.add(PerExample.accuracy(pa, truth));
            b.add(PerExample.accuracy(pb, truth));
            sa[s] = a.get(s).value();
            sb[s] = b.get(s).value();
        }
        var v = ClaimTests.decide(List.of(ClaimTests.difference("accuracy", UP, new ClaimTests.Scores("a", sa, a),
                new ClaimTests.Scores("b", sb, b)))).get(0);
        assertEquals(Category.BETTER, v.category());
        assertTrue(v.test().contains("paired t over 3 seeds") && v.test().contains("bootstrap"), v.test());
        assertEquals(200, v.examples());
    }

    @Test
    void identicalInDistributionModelsDifferAtAboutTheNominalRate() {
        RandomSource rng = new RandomSource(11);
        int rejections = 0, n = 400;
        for (int rep = 0; rep < n; rep++) {
            double[] a = new double[5], b = new double[5];
            for (int s = 0; s < 5; s++) {
                a[s] = 0.8 + 0.02 * rng.nextGaussian();
                b[s] = 0.8 + 0.02 * rng.nextGaussian();
            }
            Category c = decide(ClaimTests.difference("accuracy", UP, scores("a", a), scores("b", b)));
            rejections += c == Category.BETTER || c == Category.WORSE ? 1 : 0;
        }
        double rate = (double) rejections / n;
        // 5% nominal; with 400 replications the binomial sd is 1.1 points
        assertTrue(rate > 0.015 && rate < 0.09, "rejection rate " + rate);
    }

    @Test
    void equivalenceWithinTheMarginIsShown() {
        double[] ref = {0.80, 0.78, 0.82, 0.79, 0.81, 0.80};
        double[] close = {0.801, 0.782, 0.818, 0.791, 0.809, 0.802};
        var v = ClaimTests.decide(List.of(ClaimTests.equivalence("accuracy", UP, scores("a", close), scores("b", ref),
                0.03))).get(0);
        assertEquals(Category.EQUIVALENT, v.category());
        // far apart: a difference, not equivalence
        double[] far = {0.90, 0.88, 0.92, 0.89, 0.91, 0.905};
        assertEquals(Category.BETTER, decide(ClaimTests.equivalence("accuracy", UP, scores("a", far), scores("b", ref),
                0.03)));
    }

    private static seqlab.stats.Verdict verdict(Category c, double estimate) {
        return new seqlab.stats.Verdict("a", "b", "m", UP, c, "r", "t", 3, 0,
                c == Category.NOT_TESTED ? null : new seqlab.stats.ConfidenceInterval(estimate, estimate - 1,
                        estimate + 1, 0.95, 3), 0.5, 0.5, Double.NaN, Double.NaN, Double.NaN, "Holm");
    }

    @Test
    void aClaimThatModelsAreBetterHoldsOnlyWhenEachIs() {
        assertEquals(ClaimVerdict.Outcome.HOLDS, ClaimTests.better(List.of(verdict(Category.BETTER, 1),
                verdict(Category.BETTER, 2))));
        assertEquals(ClaimVerdict.Outcome.PARTLY, ClaimTests.better(List.of(verdict(Category.BETTER, 1),
                verdict(Category.NO_DIFFERENCE, 0.1))));
        assertEquals(ClaimVerdict.Outcome.DOES_NOT_HOLD, ClaimTests.better(List.of(verdict(Category.WORSE, -1),
                verdict(Category.NO_DIFFERENCE, 0.1))));
        // no difference and every estimate the wrong way: contradicts the claim
        assertEquals(ClaimVerdict.Outcome.DOES_NOT_HOLD, ClaimTests.better(List.of(verdict(Category.NO_DIFFERENCE, -0.1))));
        // no difference but pointing the claimed way: the run could not tell
        assertEquals(ClaimVerdict.Outcome.INCONCLUSIVE, ClaimTests.better(List.of(verdict(Category.NO_DIFFERENCE, 0.1))));
        assertEquals(ClaimVerdict.Outcome.INCONCLUSIVE, ClaimTests.better(List.of(verdict(Category.NOT_TESTED, 0))));
    }

    @Test
    void partsCombine() {
        var h = ClaimVerdict.Outcome.HOLDS;
        var n = ClaimVerdict.Outcome.DOES_NOT_HOLD;
        var p = ClaimVerdict.Outcome.PARTLY;
        var i = ClaimVerdict.Outcome.INCONCLUSIVE;
        assertEquals(h, ClaimTests.combine(List.of(h, h)));
        assertEquals(p, ClaimTests.combine(List.of(h, n)));
        assertEquals(p, ClaimTests.combine(List.of(h, i)));
        assertEquals(n, ClaimTests.combine(List.of(n, i)));
        assertEquals(i, ClaimTests.combine(List.of(i, i)));
    }

    @Test
    void lstmVsGruHoldsWhenEveryTaskIsEquivalent() {
        var eq = verdict(Category.EQUIVALENT, 0);
        assertEquals(ClaimVerdict.Outcome.HOLDS, LstmVsGru.verdict(List.of(eq, eq, eq)).outcome());
        assertEquals(ClaimVerdict.Outcome.PARTLY, LstmVsGru.verdict(List.of(eq, verdict(Category.WORSE, -1),
                verdict(Category.NO_DIFFERENCE, 0))).outcome());
        assertEquals(ClaimVerdict.Outcome.DOES_NOT_HOLD, LstmVsGru.verdict(List.of(verdict(Category.WORSE, -1),
                verdict(Category.NO_DIFFERENCE, 0))).outcome());
        assertEquals(ClaimVerdict.Outcome.INCONCLUSIVE, LstmVsGru.verdict(List.of(verdict(Category.NO_DIFFERENCE, 0)))
                .outcome());
    }
}
