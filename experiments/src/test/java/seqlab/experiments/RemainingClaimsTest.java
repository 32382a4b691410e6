package seqlab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static seqlab.experiments.ClaimExperimentsTest.runAndCheck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import seqlab.stats.Verdict.Category;

/**
 * The claim experiments added for the guide's remaining claims, each at a seconds-sized budget: it runs, writes its
 * report with the verdict table, and its verdict comes from its data.
 */
class RemainingClaimsTest {

    @Test
    void regularizationComparesEachRegulariserWithNone(@TempDir Path dir) throws Exception {
        ClaimResult r = runAndCheck(new Regularization(Regularization.Config.tiny()), dir);
        assertEquals(List.of("none", "dropout", "weight-decay", "dropout+weight-decay"),
                r.table().stringColumn("variant").asList());
        assertEquals(List.of(0.0, 0.3, 0.0, 0.3), r.table().doubleColumn("dropout").asList());
        for (int i = 0; i < 4; i++) {
            assertEquals(3, r.table().intColumn("seeds").get(i));
            double acc = r.table().doubleColumn("test_accuracy_mean").get(i);
            assertTrue(acc > 0 && acc <= 1, "accuracy " + acc);
        }
        // three comparisons with none, each tested over 3 seeds and the test sentences, Holm over 3
        String text = r.verdict().text();
        for (String v : List.of("dropout vs none", "weight-decay vs none", "dropout+weight-decay vs none")) {
            assertTrue(text.contains(v), text);
        }
        assertTrue(text.contains("Holm over 3 comparisons"), text);
        assertTrue(Files.exists(dir.resolve("trials/without-decay/index.html")), "no trial report");
    }

    @Test
    void clippingComparesEachMethodWithNoClippingPerCell(@TempDir Path dir) throws Exception {
        ClaimResult r = runAndCheck(new Clipping(Clipping.Config.tiny()), dir);
        // 2 cells x 3 clipping settings
        assertEquals(6, r.table().rowCount());
        assertEquals(List.of("rnn", "rnn", "rnn", "lstm", "lstm", "lstm"), r.table().stringColumn("cell").asList());
        for (int i = 0; i < 6; i++) {
            assertEquals(3, r.table().intColumn("seeds").get(i));
            double rate = r.table().doubleColumn("divergence_rate").get(i);
            assertTrue(rate >= 0 && rate <= 1, "rate " + rate);
        }
        assertTrue(r.verdict().text().startsWith("runs diverged: rnn unclipped"), r.verdict().text());
    }

    @Test
    void initializationComparesFiveSchemesOnStepsAndLoss(@TempDir Path dir) throws Exception {
        ClaimResult r = runAndCheck(new Initialization(Initialization.Config.tiny()), dir);
        assertEquals(List.of("pytorch", "pytorch+forget-bias-1", "xavier", "orthogonal", "orthogonal+forget-bias-1"),
                r.table().stringColumn("initialisation").asList());
        assertEquals(List.of("uniform, about 0", "1.0", "0", "0", "1.0"), r.table().stringColumn("forget_bias").asList());
        for (int i = 0; i < 5; i++) {
            double steps = r.table().doubleColumn("steps_to_target_mean").get(i);
            assertTrue(steps >= 1 && steps <= 31, "steps " + steps);
        }
        String text = r.verdict().text();
        assertTrue(text.contains("orthogonal vs pytorch (steps to target)"), text);
        assertTrue(text.contains("orthogonal vs pytorch (log10 test MSE)"), text);
        assertTrue(text.contains("Holm over"), text);
    }

    @Test
    void peepholeTimingReadsOutSpikeDelays(@TempDir Path dir) throws Exception {
        ClaimResult r = runAndCheck(new PeepholeTiming(PeepholeTiming.Config.tiny()), dir);
        assertEquals(List.of("lstm", "peephole", "cifg"), r.table().stringColumn("variant").asList());
        for (int i = 0; i < 3; i++) {
            double exact = r.table().doubleColumn("exact_mean").get(i);
            assertTrue(exact >= 0 && exact <= 1, "exact " + exact);
        }
        assertTrue(r.verdict().text().startsWith("peephole vs lstm (exact timing)"), r.verdict().text());
    }

    @Test
    void spikeDelaysPlaceTwoSpikesTheTargetApart() {
        var examples = PeepholeTiming.spikeDelays(200, 12, 2, 7, new seqlab.engine.RandomSource(3));
        for (var e : examples) {
            int first = -1, second = -1, spikes = 0;
            for (int t = 0; t < 12; t++) {
                if (e.inputs()[t] == 1) {
                    spikes++;
                    if (first < 0) {
                        first = t;
                    } else {
                        second = t;
                    }
                } else {
                    assertEquals(0, e.inputs()[t]);
                }
            }
            assertEquals(2, spikes);
            assertEquals((second - first) / 7.0, e.target(), 1e-6);
        }
    }

    @Test
    void lstmVsGruTestsEquivalenceOnEachTask(@TempDir Path dir) throws Exception {
        ClaimResult r = runAndCheck(new LstmVsGru(LstmVsGru.Config.tiny()), dir);
        assertEquals(List.of("classification", "classification", "forecasting", "forecasting", "translation",
                "translation"), r.table().stringColumn("task").asList());
        assertEquals(List.of("accuracy", "accuracy", "mase", "mase", "bleu", "bleu"),
                r.table().stringColumn("metric").asList());
        String text = r.verdict().text();
        for (String task : List.of("classification", "forecasting", "translation")) {
            assertTrue(text.contains("gru (" + task + ") vs lstm (" + task + ")"), text);
        }
        // every tested comparison carries its TOST margin
        assertTrue(text.contains("TOST ±0.03") || text.contains("not tested"), text);
    }

    @Test
    void transformerAccuracyMatchesParametersAndTunesTheRate(@TempDir Path dir) throws Exception {
        ClaimResult r = runAndCheck(new TransformerAccuracy(TransformerAccuracy.Config.tiny()), dir);
        var t = r.table();
        assertEquals(List.of("lstm", "gru", "cnn", "transformer", "lstm", "gru", "transformer"),
                t.stringColumn("model").asList());
        for (String task : List.of("classification", "translation")) {
            var rows = t.where(t.stringColumn("task").isEqualTo(task));
            long lstm = rows.longColumn("params").get(0);
            for (int i = 0; i < rows.rowCount(); i++) {
                // fitted to the LSTM's count (coarsely at this tiny width: a Transformer grows by whole heads)
                long p = rows.longColumn("params").get(i);
                assertTrue(Math.abs(p - lstm) < 0.5 * lstm, task + " " + rows.stringColumn("model").get(i) + ": " + p
                        + " parameters vs the LSTM's " + lstm);
                // the family's grid, extended by at most two rates past an edge; the chosen rate is one of those tried
                String tried = rows.stringColumn("lr_grid").get(i);
                int n = tried.split(", ").length;
                assertTrue(n >= 3 && n <= 3 + LrTuning.EXTENSIONS, tried);
                String lr = ClaimTests.plain(rows.doubleColumn("chosen_lr").get(i));
                assertTrue(tried.startsWith(lr + ":") || tried.contains(", " + lr + ":"), lr + " not in " + tried);
            }
        }
        assertTrue(r.verdict().text().contains("transformer (classification) vs lstm (classification)"),
                r.verdict().text());
    }

    @Test
    void resourceConstrainedPlacesEachModelOnOrOffTheFront(@TempDir Path dir) throws Exception {
        ClaimResult r = runAndCheck(new ResourceConstrained(ResourceConstrained.Config.tiny()), dir);
        var t = r.table();
        assertEquals(List.of("gru", "cnn", "lstm", "transformer"), t.stringColumn("model").asList());
        for (int i = 0; i < t.rowCount(); i++) {
            assertTrue(t.doubleColumn("latency_ms").get(i) > 0, "latency");
            assertTrue(t.longColumn("params").get(i) > 0, "params");
            // backward needs at least the encoder's output sequence: width x length floats per example
            var c = ResourceConstrained.Config.tiny();
            double kb = t.doubleColumn("memory_kb_per_example").get(i);
            assertTrue(kb * 1024 >= 4.0 * c.width() * c.latencyLength(), t.stringColumn("model").get(i) + ": " + kb);
            assertTrue(List.of("yes", "no").contains(t.stringColumn("pareto_front").get(i)));
        }
        // a model off the front names who dominates it, one on it names nobody
        for (int i = 0; i < t.rowCount(); i++) {
            assertEquals(t.stringColumn("pareto_front").get(i).equals("no"), !t.stringColumn("dominated_by").get(i)
                    .isEmpty());
        }
        assertTrue(r.verdict().text().startsWith("front on reference: "), r.verdict().text());
    }

    @Test
    void dominanceNeedsNoHigherCostAndNoWorseAccuracy() {
        var cheap = new ResourceConstrained.Cost("e", "a", 100, 1.0, new double[0], 1000);
        var dear = new ResourceConstrained.Cost("e", "b", 200, 2.0, new double[0], 2000);
        var sameCost = new ResourceConstrained.Cost("e", "c", 100, 1.02, new double[0], 1000);
        assertTrue(ResourceConstrained.dominates(cheap, dear, Category.NO_DIFFERENCE));
        assertTrue(ResourceConstrained.dominates(cheap, dear, Category.BETTER));
        // cheaper but significantly less accurate: a trade-off, not dominance
        assertFalse(ResourceConstrained.dominates(cheap, dear, Category.WORSE));
        // the dearer one never dominates the cheaper
        assertFalse(ResourceConstrained.dominates(dear, cheap, Category.BETTER));
        // equal costs within the timing noise: only a significant accuracy gain dominates
        assertFalse(ResourceConstrained.dominates(sameCost, cheap, Category.NO_DIFFERENCE));
        assertTrue(ResourceConstrained.dominates(sameCost, cheap, Category.BETTER));
    }

    @Test
    void lengthScalingTimesEveryModelAtEveryLength(@TempDir Path dir) throws Exception {
        ClaimResult r = runAndCheck(new LengthScaling(LengthScaling.Config.tiny()), dir);
        // 4 models x 2 phases x 3 lengths on one engine
        assertEquals(24, r.table().rowCount());
        for (int i = 0; i < r.table().rowCount(); i++) {
            assertTrue(r.table().doubleColumn("ms_median").get(i) > 0, "time");
            assertEquals(3, r.table().intColumn("rounds").get(i));
        }
        assertTrue(r.verdict().text().startsWith("training-step growth exponent between the two longest lengths: rnn"),
                r.verdict().text());
    }

    /** One training-step row of the exponents table: a recurrent model's long-length exponent interval. */
    private static tech.tablesaw.api.Table exponent(double lo, double hi) {
        return tech.tablesaw.api.Table.create("e", tech.tablesaw.api.StringColumn.create("engine", "reference"),
                tech.tablesaw.api.StringColumn.create("model", "lstm"),
                tech.tablesaw.api.StringColumn.create("phase", "train"),
                tech.tablesaw.api.DoubleColumn.create("long_exponent", (lo + hi) / 2),
                tech.tablesaw.api.DoubleColumn.create("long_exponent_lower", lo),
                tech.tablesaw.api.DoubleColumn.create("long_exponent_upper", hi));
    }

    @Test
    void aWideExponentIntervalDecidesNothingAboutLinearity() {
        // nothing timed against the Transformer, so only the linearity part can decide
        assertEquals(ClaimVerdict.Outcome.PARTLY, LengthScaling.verdict(exponent(0.9, 1.1), List.of(), 50).outcome());
        assertEquals(ClaimVerdict.Outcome.DOES_NOT_HOLD, LengthScaling.verdict(exponent(1.8, 2.2), List.of(), 50)
                .outcome());
        // a loaded machine's interval spans linear and quadratic: undecided, not "does not hold"
        ClaimVerdict noisy = LengthScaling.verdict(exponent(-1.4, 4.9), List.of(), 50);
        assertEquals(ClaimVerdict.Outcome.INCONCLUSIVE, noisy.outcome());
        assertTrue(noisy.text().contains("0 of 1, clearly not linear: 0"), noisy.text());
    }

    @Test
    void growthExponentIsTheLogLogSlope() {
        double[] x = {Math.log(50), Math.log(100), Math.log(200), Math.log(400)};
        double[] y = new double[4];
        for (int i = 0; i < 4; i++) {
            y[i] = Math.log(3e-3 * Math.pow(Math.exp(x[i]), 2));
        }
        var k = LengthScaling.slope(x, y);
        assertEquals(2.0, k.estimate(), 1e-12);
        assertEquals(0.0, k.upper() - k.lower(), 1e-9, "an exact power law has no residual");
        y[2] += 0.1;
        var noisy = LengthScaling.slope(x, y);
        assertTrue(noisy.lower() < noisy.estimate() && noisy.estimate() < noisy.upper());
    }

    @Test
    void punctuationTagsAreTheMarksThatFollowEachWord() {
        var s = PunctuationTagging.sentences(List.of("A very, very slow-moving movie. Not good!", "Why? ", "Great"), 30);
        assertEquals(1, s.size(), "sentences of fewer than 2 words are left out");
        assertEquals(List.of("a", "very", "very", "slow", "moving", "movie", "not", "good"), s.get(0).words());
        // none=0 ,=1 .=2 ?=3 !=4; the hyphen is dropped
        assertEquals(List.of(0, 1, 0, 0, 0, 2, 0, 4), java.util.Arrays.stream(s.get(0).tags()).boxed().toList());
        assertEquals(List.of("it's", "fine", "isn't", "it", "yes"),
                PunctuationTagging.sentences(List.of("It's fine, isn't it? Yes."), 30).get(0).words(),
                "contractions stay one word");
    }

    @Test
    void punctuationF1IsTheMeanOverMarksPresent() {
        int[] actual = {0, 1, 0, 2, 0, 0, 3};
        int[] predicted = {0, 1, 1, 2, 0, 2, 0};
        // comma: tp 1, fp 1 -> 2/3; full stop: tp 1, fp 1 -> 2/3; question mark: fn 1 -> 0; "!" absent
        double[] c = PunctuationTagging.counts(predicted, actual);
        assertEquals((2 / 3.0 + 2 / 3.0 + 0) / 3, PunctuationTagging.marksF1(c), 1e-12);
        var o = new PunctuationTagging.Outcome(List.of(predicted), List.of(actual));
        assertEquals(PunctuationTagging.marksF1(c), o.macroF1(), 1e-12);
        assertEquals(4 / 7.0, o.wordAccuracy(), 1e-12);
        // the per-sentence statistics give the same score when summed over the test set
        assertEquals(o.macroF1(), PunctuationTagging.perExample(o).value(), 1e-12);
    }
}
