package seqlab.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import seqlab.engine.RandomSource;
import seqlab.metric.Bleu;
import seqlab.metric.BleuStatistics;
import seqlab.metric.Chrf;
import seqlab.metric.ClassificationMetrics;
import seqlab.metric.ForecastMetrics;

/**
 * The paired bootstrap against an independent implementation: {@code
 * src/test/resources/seqlab/stats/bootstrap_reference_values.py} re-implements seqlab's random source and
 * sacreBLEU's BLEU formula in Python/numpy, draws the same resamples and prints the numbers checked here. Also:
 * that per-example statistics reproduce every metric they stand for, and the worked limits of the method.
 */
class PairedBootstrapTest {
    @Test
    void drawsTheSameIndicesAsThePythonReimplementation() {
        RandomSource rng = new RandomSource(12345);
        int[] first = new int[5];
        for (int i = 0; i < 5; i++) {
            first[i] = rng.nextInt(1000);
        }
        assertArrayEquals(new int[] {743, 130, 963, 48, 555}, first);
    }

    @Test
    void accuracyMatchesReference() {
        int n = 60;
        double[] cand = new double[n];
        double[] ref = new double[n];
        for (int i = 0; i < n; i++) {
            cand[i] = (i * 7) % 10 < 8 ? 1 : 0;
            ref[i] = (i * 3 + 1) % 10 < 6 ? 1 : 0;
        }
        PairedBootstrap.Result r = PairedBootstrap.defaults()
                .test(PerExample.mean("accuracy", cand), PerExample.mean("accuracy", ref));
        assertResult(r, 0.20000000000000007, 0.0, 0.38333333333333336, 0.059940059940059943, 0.016983016983016984);
        // The interval touches 0 and p > 0.05: they agree, as interval inversion guarantees. sacreBLEU's p-value
        // would call the same data significant.
        assertEquals(1000, r.resamples());
        assertEquals(60, r.examples());
        assertEquals(1, r.seeds());
    }

    @Test
    void bleuFromSentenceStatisticsMatchesReference() {
        List<BleuStatistics> cand = bleuRows(true);
        List<BleuStatistics> ref = bleuRows(false);
        PerExample c = PerExample.bleu(Bleu.sacrebleu(), cand);
        PerExample r = PerExample.bleu(Bleu.sacrebleu(), ref);
        assertEquals(65.32107665285187, c.value(), 1e-12);
        assertEquals(36.455591981580234, r.value(), 1e-12);
        PairedBootstrap.Result result = PairedBootstrap.defaults().test(c, r);
        assertResult(result, 28.865484671271638, 19.346486337940973, 38.1344282716621, 0.001998001998001998,
                0.000999000999000999);
    }

    private static List<BleuStatistics> bleuRows(boolean candidate) {
        List<BleuStatistics> out = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int hyp = candidate ? 10 + (i * 7) % 6 : 9 + (i * 3) % 6;
            int margin = candidate ? 1 + i % 3 : 2 + (i * 2) % 3;
            int[] totals = new int[4];
            int[] matches = new int[4];
            for (int k = 0; k < 4; k++) {
                totals[k] = Math.max(hyp - k, 0);
                matches[k] = Math.max(0, totals[k] - k - margin);
            }
            out.add(new BleuStatistics(hyp, 11 + (i * 5) % 4, matches, totals));
        }
        return out;
    }

    @Test
    void seedAveragedMaeMatchesReference() {
        int n = 40;
        List<PerExample> cand = new ArrayList<>();
        List<PerExample> ref = new ArrayList<>();
        double[] zero = new double[n];
        for (int s = 0; s < 3; s++) {
            double[] ec = new double[n];
            double[] er = new double[n];
            for (int i = 0; i < n; i++) {
                ec[i] = ((i * 13 + s * 7) % 17 - 8) / 10.0;
                er[i] = ((i * 11 + s * 5) % 19 - 9) / 10.0;
            }
            cand.add(PerExample.mae(zero, ec));
            ref.add(PerExample.mae(zero, er));
        }
        PairedBootstrap.Result r = PairedBootstrap.defaults().resamples(500).seed(7).test(cand, ref);
        assertResult(r, -0.050000000000000044, -0.07916666666666677, -0.020833333333333332, 0.003992015968063872,
                0.003992015968063872);
        assertEquals(3, r.seeds());
        assertTrue(r.test().contains("40 examples × 3 seeds"), r.test());
    }

    private static void assertResult(PairedBootstrap.Result r, double observed, double lower, double upper,
            double p, double sacrebleuP) {
        assertEquals(observed, r.difference().estimate(), 1e-12);
        assertEquals(lower, r.difference().lower(), 1e-12);
        assertEquals(upper, r.difference().upper(), 1e-12);
        assertEquals(p, r.pValue(), 1e-15);
        assertEquals(sacrebleuP, r.sacrebleuPValue(), 1e-15);
    }

    @Test
    void perExampleStatisticsReproduceEveryMetric() {
        List<String> hyps = List.of("the cat sat on the mat", "a dog barked loudly", "it is raining today",
                "hello world");
        List<String> refs = List.of("the cat sat on a mat", "the dog barked loudly", "it rains today", "hello there");
        assertEquals(Bleu.corpus(hyps, refs).score(), PerExample.bleu(hyps, refs).value(), 1e-12);
        assertEquals(Chrf.corpus(hyps, refs).score(), PerExample.chrf(hyps, refs).value(), 1e-12);
        Chrf chrfpp = Chrf.sacrebleu().wordOrder(2);
        assertEquals(chrfpp.corpusScore(hyps, List.of(refs)).score(),
                PerExample.chrf(chrfpp, hyps, List.of(refs)).value(), 1e-12);

        int[] pred = {0, 1, 2, 2, 1, 0, 0, 2, 1, 1};
        int[] gold = {0, 1, 1, 2, 1, 0, 2, 2, 0, 1};
        assertEquals(ClassificationMetrics.accuracy(pred, gold), PerExample.accuracy(pred, gold).value(), 1e-15);
        assertEquals(ClassificationMetrics.macroF1(pred, gold, 3), PerExample.macroF1(pred, gold, 3).value(), 1e-15);

        double[] actual = {112, 118, 132, 129, 121, 135, 148, 148};
        double[] forecast = {110, 121, 130, 133, 119, 131, 150, 145};
        double[] training = {104, 99, 115, 120, 118, 126, 131, 137, 140, 136, 142, 150, 149, 155};
        assertEquals(ForecastMetrics.mae(actual, forecast), PerExample.mae(actual, forecast).value(), 1e-12);
        assertEquals(ForecastMetrics.rmse(actual, forecast), PerExample.rmse(actual, forecast).value(), 1e-12);
        assertEquals(ForecastMetrics.mase(actual, forecast, training, 4),
                PerExample.mase(actual, forecast, training, 4).value(), 1e-12);
        double rmse = ForecastMetrics.rmse(actual, forecast);
        assertEquals(rmse * rmse, PerExample.mse(actual, forecast).value(), 1e-9);
    }

    @Test
    void bootstrapOfAMeanHasTheClosedFormSpread() {
        // For a mean, the bootstrap distribution of the paired difference has variance (1/n) * (1/n) Σ (d_i - d̄)²
        // exactly (Efron and Tibshirani 1993, section 6.2); with 4000 resamples the sample variance is within ~5%.
        RandomSource rng = new RandomSource(11);
        int n = 200;
        double[] a = new double[n];
        double[] b = new double[n];
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextGaussian() + 0.3;
            b[i] = rng.nextGaussian();
            d[i] = a[i] - b[i];
        }
        double mean = Stats.mean(d);
        double exact = 0;
        for (double x : d) {
            exact += (x - mean) * (x - mean);
        }
        exact /= (double) n * n;
        PairedBootstrap.Result r = PairedBootstrap.defaults().resamples(4000).test(PerExample.mean("m", a),
                PerExample.mean("m", b));
        double[] star = r.resampledDifferences();
        double sampleVariance = Math.pow(Stats.sampleStd(star), 2);
        assertEquals(1.0, sampleVariance / exact, 0.08);
        assertEquals(mean, r.difference().estimate(), 1e-12);
        // The 95% percentile interval is close to the normal one, mean ± 1.96 sqrt(exact).
        assertEquals(mean - 1.96 * Math.sqrt(exact), r.difference().lower(), 0.15 * Math.sqrt(exact));
        assertEquals(mean + 1.96 * Math.sqrt(exact), r.difference().upper(), 0.15 * Math.sqrt(exact));
    }

    @Test
    void identicalOutputsGiveOneNotSacrebleusSmallestValue() {
        double[] x = {1, 0, 1, 1, 0, 1};
        PairedBootstrap.Result r = PairedBootstrap.defaults().test(PerExample.mean("accuracy", x),
                PerExample.mean("accuracy", x));
        assertTrue(r.identical());
        assertEquals(1.0, r.pValue());
        assertEquals(1.0 / 1001, r.sacrebleuPValue(), 1e-15);
        assertEquals(0.0, r.difference().lower());
        assertEquals(0.0, r.difference().upper());
        assertEquals(1.0, ApproximateRandomization.test(PerExample.mean("accuracy", x),
                PerExample.mean("accuracy", x), 200, 1).pValue());
    }

    @Test
    void resultsRepeatForASeedAndChangeWithIt() {
        double[] a = {0.3, 0.5, 0.9, 0.1, 0.7, 0.4, 0.8};
        double[] b = {0.2, 0.6, 0.5, 0.1, 0.4, 0.4, 0.6};
        PairedBootstrap.Result r1 = PairedBootstrap.defaults().test(PerExample.mean("m", a), PerExample.mean("m", b));
        PairedBootstrap.Result r2 = PairedBootstrap.defaults().test(PerExample.mean("m", a), PerExample.mean("m", b));
        assertEquals(r1, r2);
        PairedBootstrap.Result r3 = PairedBootstrap.defaults().seed(99).test(PerExample.mean("m", a),
                PerExample.mean("m", b));
        assertFalse(java.util.Arrays.equals(r1.resampledDifferences(), r3.resampledDifferences()));
    }

    @Test
    void equivalenceOnTheResamples() {
        RandomSource rng = new RandomSource(5);
        int n = 400;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = rng.nextGaussian();
            a[i] = b[i] + 0.01 * rng.nextGaussian();
        }
        PairedBootstrap.Result r = PairedBootstrap.defaults().test(PerExample.mean("m", a), PerExample.mean("m", b));
        Equivalence close = r.equivalence(0.01);
        assertTrue(close.pValue() < 0.01, close.toString());
        assertEquals(0.90, close.difference().level(), 1e-12);
        assertTrue(close.difference().lower() > -0.01 && close.difference().upper() < 0.01);
        Equivalence tight = r.equivalence(0.0001);
        assertTrue(tight.pValue() > 0.05, tight.toString());
    }

    @Test
    void approximateRandomizationFindsAClearDifference() {
        int n = 80;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = i % 10 < 9 ? 1 : 0;
            b[i] = i % 10 < 6 ? 1 : 0;
        }
        TestResult r = ApproximateRandomization.test(PerExample.mean("accuracy", a), PerExample.mean("accuracy", b));
        assertEquals(0.3, r.statistic(), 1e-12);
        assertTrue(r.pValue() < 0.001, r.toString());
        // Only the 24 discordant examples can swap: the exact permutation p-value is the two-sided binomial one,
        // 2 * P(X >= 24 | n = 24) = 2^-23, which the Monte Carlo estimate cannot go below 1/(trials + 1) of.
        assertEquals(1.0 / 10001, r.pValue(), 1e-12);
    }

    @Test
    void badInputsAreNamed() {
        PerExample acc = PerExample.mean("accuracy", new double[] {1, 0, 1});
        PerExample mae = PerExample.mean("MAE", new double[] {1, 0, 1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PairedBootstrap.defaults().test(acc, mae));
        assertTrue(e.getMessage().contains("accuracy") && e.getMessage().contains("MAE"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PairedBootstrap.defaults().test(acc,
                PerExample.mean("accuracy", new double[] {1, 0})));
        assertTrue(e.getMessage().contains("has 3") && e.getMessage().contains("has 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PerExample.mean("accuracy", new double[0]));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PerExample.mean("accuracy", new double[] {1, Double.NaN}));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PairedBootstrap.defaults().resamples(10));
        assertTrue(e.getMessage().contains("at least 100"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PairedBootstrap.defaults().test(List.of(), List.of()));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PerExample.macroF1(new int[] {0, 3}, new int[] {0, 1},
                3));
        assertTrue(e.getMessage().contains("class 3"), e.getMessage());
        // A single example is a valid (if useless) test: every resample is that example, so the interval is a point.
        PairedBootstrap.Result one = PairedBootstrap.defaults().test(PerExample.mean("m", new double[] {1}),
                PerExample.mean("m", new double[] {0}));
        assertEquals(1.0, one.difference().lower());
        assertEquals(1.0, one.difference().upper());
    }
}
