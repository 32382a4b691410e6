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
        assertEquals(Verdict.Outcome.HOLDS, GradientFlow.verdict(init, trainedVanishing, learned, 200, 50).outcome());
        Map<String, Double> noneVanish = Map.of("rnn", 0.1, "lstm", 0.2, "gru", 0.4);
        Map<String, Double> allLearned = Map.of("rnn", 0.01, "lstm", 0.01, "gru", 0.02);
        Verdict v = GradientFlow.verdict(init, noneVanish, allLearned, 200, 50);
        assertEquals(Verdict.Outcome.DOES_NOT_HOLD, v.outcome());
        assertTrue(v.text().contains("RNN 0.1, LSTM 0.2, GRU 0.4"), v.text());
        assertEquals(Verdict.Outcome.PARTLY, GradientFlow.verdict(init, noneVanish, learned, 200, 50).outcome());
    }

    @Test
    void paramsAndSpeedVerdict() {
        Map<String, Long> params = Map.of("gru", 75L, "lstm", 100L);
        Map<String, Map<String, double[]>> fast = Map.of("reference",
                Map.of("gru", new double[] {130, 120, 125}, "lstm", new double[] {100, 100, 101}));
        assertEquals(Verdict.Outcome.HOLDS, ParamsAndSpeed.verdict(params, fast).outcome());
        Map<String, Map<String, double[]>> slow = Map.of("reference",
                Map.of("gru", new double[] {80, 90, 85}, "lstm", new double[] {100, 100, 101}));
        Verdict v = ParamsAndSpeed.verdict(params, slow);
        assertEquals(Verdict.Outcome.PARTLY, v.outcome());
        assertTrue(v.text().contains("slower"), v.text());
        assertEquals(Verdict.Outcome.DOES_NOT_HOLD, ParamsAndSpeed.verdict(Map.of("gru", 95L, "lstm", 100L), slow)
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
        assertEquals(Verdict.Outcome.HOLDS, Bidirectional.verdict(pairs(0.03, 0.02, 0.05, 0.04)).outcome());
        // only where the future is not already read: the tagging task
        assertEquals(Verdict.Outcome.PARTLY, Bidirectional.verdict(pairs(0.0, 0.0, 0.05, 0.04)).outcome());
        assertEquals(Verdict.Outcome.DOES_NOT_HOLD, Bidirectional.verdict(pairs(-0.03, -0.02, -0.01, -0.04))
                .outcome());
        // small gains the seeds cannot tell from noise
        assertEquals(Verdict.Outcome.INCONCLUSIVE, Bidirectional.verdict(pairs(0.001, 0.0005, 0.001, 0.0))
                .outcome());
    }

    private static List<AttentionLength.Bucket> buckets(double... bleu) {
        List<AttentionLength.Bucket> out = new ArrayList<>();
        for (int i = 0; i < bleu.length; i++) {
            out.add(new AttentionLength.Bucket((3 * i + 1) + "-" + (3 * i + 3), 3 * i + 1, 3 * i + 3, 50, bleu[i]));
        }
        return out;
    }

    @Test
    void attentionLengthVerdict() {
        // the Bahdanau shape: without attention BLEU falls with length, with attention it holds up
        var v = AttentionLength.verdict(buckets(0, 40, 35, 30, 28), buckets(0, 35, 20, 10, 5), 33, 17, 1);
        assertEquals(Verdict.Outcome.HOLDS, v.outcome(), v.text());
        // a constant gain is "helps, but not more on long sentences"
        assertEquals(Verdict.Outcome.PARTLY,
                AttentionLength.verdict(buckets(30, 30, 30, 30), buckets(20, 20, 20, 20), 30, 20, 1).outcome());
        assertEquals(Verdict.Outcome.DOES_NOT_HOLD,
                AttentionLength.verdict(buckets(20, 20, 10, 10), buckets(25, 25, 20, 20), 15, 22, 1).outcome());
        // nothing learned
        assertEquals(Verdict.Outcome.INCONCLUSIVE,
                AttentionLength.verdict(buckets(0.5, 0.4, 0.3), buckets(0.4, 0.3, 0.2), 0.4, 0.3, 0.2).outcome());
    }

    @Test
    void longMemoryVerdictNeedsSomethingLearned() {
        LongMemory lm = new LongMemory(new LongMemory.Config("test", List.of(50, 200), 8, 1, 0, 4, 1e-2, 1e-2, 4, 3, 8, 1));
        List<LongMemory.Score> nothing = new ArrayList<>();
        for (String task : List.of("adding", "copy")) {
            for (String m : List.of("rnn", "lstm", "gru", "transformer")) {
                for (int l : List.of(50, 200)) {
                    nothing.add(new LongMemory.Score(task, m, l, 1, task.equals("adding") ? 0.17 : 0.25, 1, 0.1));
                }
            }
        }
        assertEquals(Verdict.Outcome.INCONCLUSIVE, lm.verdict(nothing).outcome());
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
        Verdict v = lm.verdict(guide);
        assertEquals(Verdict.Outcome.HOLDS, v.outcome(), v.text());
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
