package seqlab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;
import seqlab.model.Models;
import seqlab.stats.Comparison;
import seqlab.stats.Direction;
import seqlab.stats.SeedTest;
import seqlab.stats.Verdict;
import seqlab.stats.Verdicts;
import seqlab.train.Seeds;

/** The verdicts follow from the numbers: given made-up measurements, each experiment concludes what they show. */
class VerdictsTest {

    @Test
    void decayRateIsTheFittedSlopeInDecadesPer100Steps() {
        double[] norms = new double[300];
        for (int d = 0; d < norms.length; d++) {
            norms[d] = Math.pow(10, -d / 50.0);
        }
        assertEquals(2.0, GradientFlow.decayPer100(norms), 1e-9);
        norms[200] = 0; // an underflow is skipped, not a -infinity
        assertEquals(2.0, GradientFlow.decayPer100(norms), 1e-9);
    }

    @Test
    void lastStepGradientIsTheHeadsGradient() {
        // dL/dh_{T-1} of L = sum (w.h + b - y)^2 is 2 (pred - y) w for each sequence
        Engine e = Engines.get("reference");
        var probe = new GradientFlow.Probe(e, Models.gru(6), Seeds.of(3).init());
        var batch = SyntheticTasks.collate(e, SyntheticTasks.adding(3, 7, new RandomSource(5)), 7, 2);
        double[] norms = GradientFlow.hiddenGradientNorms(probe, batch.inputs(), batch.targets());
        Tensor pred = probe.forward(batch.inputs());
        double[] p = pred.toDoubleArray(), y = batch.targets().toDoubleArray();
        double w = Math.sqrt(probe.head.weight().square().sum().item());
        double expected = 0;
        for (int b = 0; b < 3; b++) {
            expected += 2 * Math.abs(p[b] - y[b]) * w / 3;
        }
        assertEquals(expected, norms[6], 1e-4);
        assertEquals(7, norms.length);
    }

    @Test
    void gradientFlowVerdict() {
        Map<String, Double> init = Map.of("rnn", 20.0, "lstm", 18.0, "gru", 17.0);
        Map<String, Double> trainedVanishing = Map.of("rnn", 5.0, "lstm", 0.3, "gru", 0.5);
        Map<String, Double> learned = Map.of("rnn", 0.17, "lstm", 0.01, "gru", 0.02);
        assertEquals(ClaimVerdict.Outcome.HOLDS, GradientFlow.verdict(init, trainedVanishing, learned, 200, 50).outcome());
        Map<String, Double> noneVanish = Map.of("rnn", 0.1, "lstm", 0.2, "gru", 0.4);
        Map<String, Double> allLearned = Map.of("rnn", 0.01, "lstm", 0.01, "gru", 0.02);
        ClaimVerdict v = GradientFlow.verdict(init, noneVanish, allLearned, 200, 50);
        assertEquals(ClaimVerdict.Outcome.DOES_NOT_HOLD, v.outcome());
        assertTrue(v.text().contains("RNN 0.1, LSTM 0.2, GRU 0.4"), v.text());
        assertEquals(ClaimVerdict.Outcome.PARTLY, GradientFlow.verdict(init, noneVanish, learned, 200, 50).outcome());
    }

    @Test
    void paramsAndSpeedVerdict() {
        Map<String, Long> params = Map.of("gru", 75L, "lstm", 100L);
        Map<String, Map<String, double[]>> fast = Map.of("reference",
                Map.of("gru", new double[] {130, 120, 125}, "lstm", new double[] {100, 100, 101}));
        assertEquals(ClaimVerdict.Outcome.HOLDS, ParamsAndSpeed.verdict(params, fast).outcome());
        Map<String, Map<String, double[]>> slow = Map.of("reference",
                Map.of("gru", new double[] {80, 90, 85}, "lstm", new double[] {100, 100, 101}));
        ClaimVerdict v = ParamsAndSpeed.verdict(params, slow);
        assertEquals(ClaimVerdict.Outcome.PARTLY, v.outcome());
        assertTrue(v.text().contains("slower"), v.text());
        assertEquals(ClaimVerdict.Outcome.DOES_NOT_HOLD, ParamsAndSpeed.verdict(Map.of("gru", 95L, "lstm", 100L), slow)
                .outcome());
    }

    /** Four comparisons, bidirectional minus unidirectional by {@code d} per pair, over 5 seeds with small noise. */
    private static List<seqlab.stats.Verdict> pairs(double... d) {
        double[] uni = {0.80, 0.78, 0.82, 0.79, 0.81}, noise = {0.004, -0.003, 0.002, -0.001, 0.0};
        String[] names = {"bilstm (sentiment)", "bigru (sentiment)", "bilstm (punctuation)", "bigru (punctuation)"};
        List<seqlab.stats.Comparison> family = new ArrayList<>();
        for (int k = 0; k < d.length; k++) {
            double[] bi = new double[uni.length];
            for (int i = 0; i < bi.length; i++) {
                bi[i] = uni[i] + d[k] + noise[(i + k) % noise.length];
            }
            family.add(ClaimTests.difference("score", seqlab.stats.Direction.HIGHER_IS_BETTER,
                    ClaimTests.Scores.of(names[k], bi), ClaimTests.Scores.of(names[k].replace("bi", ""), uni)));
        }
        return ClaimTests.decide(family);
    }

    @Test
    void bidirectionalVerdict() {
        assertEquals(ClaimVerdict.Outcome.HOLDS, Bidirectional.verdict(pairs(0.03, 0.02, 0.05, 0.04)).outcome());
        // only where the future is not already read: the tagging task
        assertEquals(ClaimVerdict.Outcome.PARTLY, Bidirectional.verdict(pairs(0.0, 0.0, 0.05, 0.04)).outcome());
        assertEquals(ClaimVerdict.Outcome.DOES_NOT_HOLD, Bidirectional.verdict(pairs(-0.03, -0.02, -0.01, -0.04))
                .outcome());
        // small gains the seeds cannot tell from noise
        assertEquals(ClaimVerdict.Outcome.INCONCLUSIVE, Bidirectional.verdict(pairs(0.001, 0.0005, 0.001, 0.0))
                .outcome());
    }

    /** The claim family of bilstm vs lstm and bigru vs gru, from per-seed accuracies (5 seeds each). */
    private static List<Verdict> pairedTests(double[] bilstm, double[] lstm, double[] bigru, double[] gru) {
        return Verdicts.decide(List.of(
                Comparison.of("bilstm", "lstm", "accuracy", Direction.HIGHER_IS_BETTER, SeedTest.of(bilstm, lstm)),
                Comparison.of("bigru", "gru", "accuracy", Direction.HIGHER_IS_BETTER, SeedTest.of(bigru, gru))));
    }

    private static double[] plus(double[] base, double... d) {
        double[] out = base.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += d[i];
        }
        return out;
    }

    @Test
    void aClaimThatEachCandidateIsBetterFollowsFromItsFamilysVerdicts() {
        double[] base = {0.78, 0.80, 0.79, 0.81, 0.77};
        double[] clearly = {0.03, 0.031, 0.029, 0.032, 0.028}, noise = {0.02, -0.03, 0.01, -0.01, 0.015};
        double[] worse = {-0.03, -0.031, -0.029, -0.032, -0.028}, slightlyWorse = {-0.01, 0.005, -0.02, 0.0, -0.01};
        assertEquals(ClaimVerdict.Outcome.HOLDS, ClaimVerdict.ofBetter(pairedTests(plus(base, clearly), base,
                plus(base, clearly), base)).outcome());
        assertEquals(ClaimVerdict.Outcome.PARTLY, ClaimVerdict.ofBetter(pairedTests(plus(base, clearly), base,
                plus(base, noise), base)).outcome());
        ClaimVerdict no = ClaimVerdict.ofBetter(pairedTests(plus(base, worse), base, plus(base, slightlyWorse), base));
        assertEquals(ClaimVerdict.Outcome.DOES_NOT_HOLD, no.outcome());
        assertTrue(no.text().startsWith("bilstm vs lstm: worse, accuracy -0.0300 ["), no.text());
        assertTrue(no.text().endsWith("(paired t over 5 seeds; Holm over 2 comparisons, α = 0.05)"), no.text());
        assertEquals(ClaimVerdict.Outcome.INCONCLUSIVE, ClaimVerdict.ofBetter(pairedTests(plus(base, noise), base,
                plus(base, noise), base)).outcome());
        // too few seeds: nothing tested, nothing concluded
        var untested = Verdicts.decide(List.of(Comparison.of("bilstm", "lstm", "accuracy", Direction.HIGHER_IS_BETTER,
                SeedTest.of(new double[] {0.9, 0.91}, new double[] {0.7, 0.71}))));
        ClaimVerdict u = ClaimVerdict.ofBetter(untested);
        assertEquals(ClaimVerdict.Outcome.INCONCLUSIVE, u.outcome());
        assertEquals("bilstm vs lstm: not tested (2 seeds: at least 3 needed; run more seeds)", u.text());
    }

    private static List<AttentionLength.Bucket> buckets(double... bleu) {
        List<AttentionLength.Bucket> out = new ArrayList<>();
        for (int i = 0; i < bleu.length; i++) {
            out.add(new AttentionLength.Bucket((3 * i + 1) + "-" + (3 * i + 3), 3 * i + 1, 3 * i + 3, 50, bleu[i]));
        }
        return out;
    }

    /** The claim's two tests from per-seed values: overall BLEU difference and the long-minus-short gain. */
    private static List<Verdict> attentionTests(double overall, double trend) {
        double[] base = {30, 31, 29}, zero = {0, 0, 0};
        double[] jitter = {0.1, -0.1, 0.05};
        double[] o = new double[3], t = new double[3];
        for (int i = 0; i < 3; i++) {
            o[i] = base[i] + overall + jitter[i];
            t[i] = trend + jitter[i];
        }
        return Verdicts.decide(List.of(
                Comparison.of(AttentionLength.WITH, AttentionLength.WITHOUT, "bleu", Direction.HIGHER_IS_BETTER,
                        SeedTest.of(o, base)),
                Comparison.of(AttentionLength.LONG_GAIN, AttentionLength.SHORT_GAIN, "BLEU", Direction.HIGHER_IS_BETTER,
                        SeedTest.of(t, zero))));
    }

    @Test
    void attentionLengthVerdict() {
        // the Bahdanau shape: without attention BLEU falls with length, with attention it holds up; both tests agree
        var v = AttentionLength.verdict(buckets(0, 40, 35, 30, 28), buckets(0, 35, 20, 10, 5), 33, 17, 1,
                attentionTests(16, 12));
        assertEquals(ClaimVerdict.Outcome.HOLDS, v.outcome(), v.text());
        assertTrue(v.text().startsWith("test BLEU 33.00 with attention vs 17.00 without (copy baseline 1.00); attention "
                + "gains +10.00 BLEU on the shorter sentences (buckets 4-6..7-9 words) and +21.50 on the longer"), v.text());
        assertTrue(v.text().contains("attention's gain on long sentences vs its gain on short sentences: better"),
                v.text());
        // a constant gain is "helps, but not more on long sentences"
        assertEquals(ClaimVerdict.Outcome.PARTLY, AttentionLength.verdict(buckets(30, 30, 30, 30),
                buckets(20, 20, 20, 20), 30, 20, 1, attentionTests(10, 0.02)).outcome());
        assertEquals(ClaimVerdict.Outcome.DOES_NOT_HOLD, AttentionLength.verdict(buckets(20, 20, 10, 10),
                buckets(25, 25, 20, 20), 15, 22, 1, attentionTests(-7, -2.5)).outcome());
        // nothing learned: whatever the tests say
        assertEquals(ClaimVerdict.Outcome.INCONCLUSIVE, AttentionLength.verdict(buckets(0.5, 0.4, 0.3),
                buckets(0.4, 0.3, 0.2), 0.4, 0.3, 0.2, attentionTests(0.1, 0.05)).outcome());
    }

    @Test
    void longMemoryVerdictNeedsSomethingLearned() {
        LongMemory lm = new LongMemory(new LongMemory.Config("test", List.of(50, 200), 8, 1, 4, 1e-2, 1e-2, 4, 3, 8, 1));
        List<LongMemory.Score> nothing = new ArrayList<>();
        for (String task : List.of("adding", "copy")) {
            for (String m : List.of("rnn", "lstm", "gru", "transformer")) {
                for (int l : List.of(50, 200)) {
                    nothing.add(new LongMemory.Score(task, m, l, 1, task.equals("adding") ? 0.17 : 0.25, 1, 0.1));
                }
            }
        }
        assertEquals(ClaimVerdict.Outcome.INCONCLUSIVE, lm.verdict(nothing).outcome());
        // the guide's picture: RNN learns only short, LSTM best long, GRU best short, Transformer learns everything
        Map<String, double[]> adding = new LinkedHashMap<>();
        adding.put("rnn", new double[] {0.05, 0.17});
        adding.put("lstm", new double[] {0.02, 0.01});
        adding.put("gru", new double[] {0.005, 0.05});
        adding.put("transformer", new double[] {0.001, 0.001});
        List<LongMemory.Score> guide = new ArrayList<>();
        for (var e : adding.entrySet()) {
            guide.add(new LongMemory.Score("adding", e.getKey(), 50, 1, e.getValue()[0], 1, 0.1));
            guide.add(new LongMemory.Score("adding", e.getKey(), 200, 1, e.getValue()[1], 1, 0.1));
            guide.add(new LongMemory.Score("copy", e.getKey(), 50, 1, 0.25, 1, 0.1));
            guide.add(new LongMemory.Score("copy", e.getKey(), 200, 1, 0.25, 1, 0.1));
        }
        ClaimVerdict v = lm.verdict(guide);
        assertEquals(ClaimVerdict.Outcome.HOLDS, v.outcome(), v.text());
    }

    @Test
    void syntheticTasksAreWhatTheySay() {
        var rng = new RandomSource(9);
        for (var ex : SyntheticTasks.adding(20, 30, rng)) {
            float sum = 0;
            int marks = 0, firstHalf = 0;
            for (int t = 0; t < 30; t++) {
                if (ex.inputs()[2 * t + 1] == 1f) {
                    sum += ex.inputs()[2 * t];
                    marks++;
                    firstHalf += t < 15 ? 1 : 0;
                }
            }
            assertEquals(2, marks);
            assertEquals(1, firstHalf);
            assertEquals(sum, ex.target(), 1e-6);
        }
        int f = SyntheticTasks.copyFeatures(4);
        for (var ex : SyntheticTasks.copy(10, 20, 3, 4, rng)) {
            for (int k = 0; k < 3; k++) {
                assertEquals(1f, ex.inputs()[k * f + (int) ex.labels()[k]], "symbol " + k + " is not the label");
            }
            assertEquals(1f, ex.inputs()[(20 - 3 - 1) * f + 5], "no delimiter before the answer");
        }
        var corpus = SyntheticTasks.dictionaryCorpus(50, 1, 8, 10, rng);
        assertEquals(50, corpus.size());
        for (var p : corpus.pairs()) {
            assertEquals(p.source().split(" ").length, p.target().split(" ").length);
        }
    }
}
