package seqlab.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Statistics checked three ways: printed tables (t quantiles to three decimals), closed forms (the t distribution
 * with 1 and 2 degrees of freedom; Wilcoxon exact p-values counted by hand), and SciPy. The SciPy values were
 * produced by {@code src/test/resources/seqlab/stats/stats_reference_values.py} (SciPy 1.17.1), which is committed
 * next to the test resources; the build does not need Python.
 */
class StatsTest {
    @ParameterizedTest
    @CsvSource({"1, 12.706", "2, 4.303", "9, 2.262", "30, 2.042"})
    void tQuantileMatchesPrintedTables(int df, double table) {
        assertEquals(table, Stats.studentTQuantile(0.975, df), 5e-4);
    }

    @ParameterizedTest
    @CsvSource({
        "0.975, 1, 12.706204736174694",
        "0.975, 2, 4.302652729749462",
        "0.975, 3, 3.1824463052837078",
        "0.975, 9, 2.262157162798205",
        "0.975, 30, 2.0422724563012378",
        "0.975, 100, 1.9839715185235518",
        "0.995, 4, 4.604094871349992",
        "0.9, 7, 1.4149239276505086",
        "0.6, 3, 0.2766706623326898",
        "0.975, 2.5, 3.5746548420036817",
        "0.025, 5, -2.5705818356363155",
        "0.999999, 3, 103.29946777942898",
        "0.5000001, 10, 2.569978033880817e-07",
    })
    void tQuantileMatchesScipy(double p, double df, double expected) {
        assertEquals(expected, Stats.studentTQuantile(p, df), 1e-10 * Math.max(1, Math.abs(expected)));
    }

    @Test
    void tQuantileMatchesClosedFormsForOneAndTwoDegreesOfFreedom() {
        for (double p = 0.01; p < 1; p += 0.07) {
            // df = 1 is the Cauchy distribution.
            assertEquals(Math.tan(Math.PI * (p - 0.5)), Stats.studentTQuantile(p, 1), 1e-11, "df=1 p=" + p);
            // df = 2: t = (2p - 1) / sqrt(2 p (1 - p)).
            assertEquals((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), Stats.studentTQuantile(p, 2), 1e-11,
                    "df=2 p=" + p);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "2.0, 3, 0.9303370157205785",
        "-1.5, 8, 0.08600164597595561",
        "0.3, 1, 0.5927735790777423",
        "10.0, 4, 0.999718998188642",
        "0.001, 50, 0.5003969526122491",
    })
    void tCdfMatchesScipy(double t, double df, double expected) {
        assertEquals(expected, Stats.studentTCdf(t, df), 1e-13);
    }

    @ParameterizedTest
    @CsvSource({
        "-3.0, 0.0013498980316300933",
        "-1.0, 0.15865525393145707",
        "0.5, 0.6914624612740131",
        "1.959963984540054, 0.975",
        "6.0, 0.9999999990134123",
    })
    void normalCdfMatchesScipy(double z, double expected) {
        assertEquals(expected, Stats.normalCdf(z), 1e-14);
    }

    @Test
    void logGammaAtKnownPoints() {
        assertEquals(0.0, SpecialFunctions.logGamma(1), 1e-14);
        assertEquals(0.0, SpecialFunctions.logGamma(2), 1e-14);
        assertEquals(0.5 * Math.log(Math.PI), SpecialFunctions.logGamma(0.5), 1e-14);
        assertEquals(Math.log(362880), SpecialFunctions.logGamma(10), 1e-12);
        assertEquals(Math.log(Math.sqrt(Math.PI) / 2), SpecialFunctions.logGamma(1.5), 1e-14);
    }

    @Test
    void meanAndSampleStandardDeviationByHand() {
        double[] x = {2, 4, 4, 4, 5, 5, 7, 9};
        assertEquals(5.0, Stats.mean(x), 1e-15);
        // Squared deviations sum to 32; n - 1 = 7.
        assertEquals(Math.sqrt(32.0 / 7), Stats.sampleStd(x), 1e-15);
        assertTrue(Double.isNaN(Stats.sampleStd(new double[] {3})));
    }

    @Test
    void confidenceIntervalMatchesScipy() {
        double[] x = {0.81, 0.79, 0.84, 0.80, 0.83};
        ConfidenceInterval ci = Stats.meanConfidenceInterval(x);
        assertEquals(0.8140000000000001, ci.estimate(), 1e-15);
        assertEquals(0.7882523073207093, ci.lower(), 1e-12);
        assertEquals(0.8397476926792908, ci.upper(), 1e-12);
        assertEquals(0.95, ci.level());
        assertEquals(5, ci.n());
        assertEquals("0.8140 ± 0.0257 (95%, n=5)", ci.toString());
        // By hand: half width = t(0.975, 4) * s / sqrt(5).
        assertEquals(Stats.studentTQuantile(0.975, 4) * Stats.sampleStd(x) / Math.sqrt(5), ci.halfWidth(), 1e-15);
    }

    @Test
    void confidenceIntervalOfOneValueIsUndefinedNotAnError() {
        ConfidenceInterval ci = Stats.meanConfidenceInterval(new double[] {0.7});
        assertEquals(0.7, ci.estimate());
        assertTrue(Double.isNaN(ci.lower()) && Double.isNaN(ci.upper()));
    }

    @Test
    void pairedTTestMatchesScipy() {
        double[] a = {0.812, 0.805, 0.821, 0.799, 0.830, 0.815};
        double[] b = {0.801, 0.800, 0.809, 0.802, 0.812, 0.806};
        TestResult r = Stats.pairedTTest(a, b);
        assertEquals(2.982404540317301, r.statistic(), 1e-10);
        assertEquals(0.03071472918463673, r.pValue(), 1e-12);
        assertEquals(6, r.n());
        assertTrue(r.significantAt(0.05));
    }

    @Test
    void pairedTTestDegenerateDifferences() {
        assertEquals(1.0, Stats.pairedTTest(new double[] {1, 2, 3}, new double[] {1, 2, 3}).pValue());
        assertEquals(0.0, Stats.pairedTTest(new double[] {2, 3, 4}, new double[] {1, 2, 3}).pValue());
    }

    @Test
    void wilcoxonExactByHand() {
        // Five positive differences: W- = 0, and only the all-positive and all-negative sign patterns are as
        // extreme, so p = 2 / 2^5.
        TestResult r = Stats.wilcoxonSignedRank(new double[] {0.1, 0.2, 0.3, 0.4, 0.5});
        assertEquals(0.0, r.statistic());
        assertEquals(2.0 / 32, r.pValue(), 1e-15);
        assertTrue(r.method().contains("exact"));
        // Ten differences, negatives of rank 1 and 2: W- = 3. Sign patterns with W <= 3: {}, {1}, {2}, {3},
        // {1,2}: 5 of 1024, doubled. SciPy (method="exact") agrees: 0.009765625.
        double[] d1 = {1.83, -0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30, -0.21};
        r = Stats.wilcoxonSignedRank(d1);
        assertEquals(3.0, r.statistic());
        assertEquals(10.0 / 1024, r.pValue(), 1e-15);
    }

    @Test
    void wilcoxonExactMatchesScipy() {
        double[] d2 = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 2.4, 0.9, 1.1, -2.3, 5.5};
        TestResult r = Stats.wilcoxonSignedRank(d2);
        assertEquals(27.0, r.statistic());
        assertEquals(0.21630859375, r.pValue(), 1e-15);
        assertEquals(13, r.n());
    }

    @Test
    void wilcoxonDropsZeroDifferences() {
        // zero_method "wilcox": the two zeros are discarded, leaving 6 differences (SciPy exact on those: 0.15625).
        double[] a = {1.0, 3.0, 1.0, 4.5, 2.0, 6.25, 7.0, 1.5};
        double[] b = {1.0, 1.0, 2.0, 1.0, 2.0, 2.0, 2.0, 2.0};
        TestResult r = Stats.wilcoxonSignedRank(a, b);
        assertEquals(6, r.n());
        assertEquals(3.0, r.statistic());
        assertEquals(0.15625, r.pValue(), 1e-15);
        assertEquals(1.0, Stats.wilcoxonSignedRank(new double[] {0, 0, 0}).pValue());
    }

    @Test
    void wilcoxonNormalApproximationWithTiesMatchesScipy() {
        double[] d4 = {1, 2, 2, -3, 4, 4, 4, -1, 5, 6, 0, 7};
        TestResult r = Stats.wilcoxonSignedRank(d4);
        assertTrue(r.method().contains("normal"), r.method());
        assertEquals(11, r.n());
        assertEquals(6.5, r.statistic());
        assertEquals(0.02041861285961375, r.pValue(), 1e-13);
    }

    @Test
    void wilcoxonNormalApproximationAboveTwentyFiveMatchesScipy() {
        double[] d5 = {0.301, 0.599, 0.026, -0.591, -0.155, -0.692, 0.36, 1.64, -0.192, -0.32, 0.79, 0.657, 0.405,
            -0.63, 0.271, 0.995, -1.044, -0.158, -1.601, -0.99, -1.542, 0.065, -0.967, 0.571, 0.457, 0.113, -2.217,
            -0.239, 0.251, 0.413};
        TestResult r = Stats.wilcoxonSignedRank(d5);
        assertTrue(r.method().contains("normal"), r.method());
        assertEquals(217.0, r.statistic());
        assertEquals(0.7576828114579746, r.pValue(), 1e-13);
    }

    @Test
    void inputErrorsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Stats.pairedTTest(new double[] {1, 2, 3}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("a has 3") && e.getMessage().contains("b has 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Stats.mean(new double[0]));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Stats.mean(new double[] {1, Double.NaN}));
        assertTrue(e.getMessage().contains("values[1] is NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Stats.pairedTTest(new double[] {1}, new double[] {2}));
        assertThrows(IllegalArgumentException.class, () -> Stats.studentTQuantile(1.0, 3));
        assertThrows(IllegalArgumentException.class, () -> Stats.studentTQuantile(0.9, 0));
        assertThrows(IllegalArgumentException.class, () -> Stats.meanConfidenceInterval(new double[] {1, 2}, 1.5));
    }
}
