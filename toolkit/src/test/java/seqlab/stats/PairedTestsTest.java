package seqlab.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The paired tests against R. The numbers were printed by
 * {@code src/test/resources/seqlab/stats/verdict_reference_values.R} (R 4.2.2: {@code t.test}, {@code wilcox.test},
 * {@code binom.test}, {@code mcnemar.test}, {@code p.adjust}; forecast 8.20: {@code dm.test}); the build does not
 * need R.
 */
class PairedTestsTest {
    private static final double[] A = {0.812, 0.805, 0.821, 0.799, 0.830};
    private static final double[] B = {0.781, 0.790, 0.779, 0.785, 0.795};

    @Test
    void seedTestMatchesRsPairedTTest() {
        SeedTest s = SeedTest.of(A, B);
        assertEquals(4.9323354102122412, s.tTest().statistic(), 1e-11);
        assertEquals(0.0078597072072189907, s.pValue(), 1e-13);
        assertEquals(0.02739999999999998, s.difference().estimate(), 1e-15);
        assertEquals(0.011976353886049682, s.difference().lower(), 1e-13);
        assertEquals(0.04282364611395028, s.difference().upper(), 1e-13);
        assertEquals(2.2058074530127763, s.standardizedEffect(), 1e-12);
        assertEquals(5, s.seeds());
        assertEquals(0, s.examples());
        assertEquals("paired t over 5 seeds", s.test());
        // Five positive differences: the exact Wilcoxon p-value is 2 / 2^5.
        assertEquals(0.0625, s.wilcoxon().pValue(), 1e-15);
        assertFalse(s.identical());
    }

    @Test
    void seedTestEdgeCases() {
        SeedTest same = SeedTest.of(new double[] {0.5, 0.6, 0.7}, new double[] {0.5, 0.6, 0.7});
        assertTrue(same.identical());
        assertEquals(1.0, same.pValue());
        assertTrue(Double.isNaN(same.standardizedEffect()));
        SeedTest shifted = SeedTest.of(new double[] {0.75, 0.5, 0.625}, new double[] {0.5, 0.25, 0.375});
        assertFalse(shifted.identical());
        assertEquals(Double.POSITIVE_INFINITY, shifted.standardizedEffect());
        assertEquals(0.0, shifted.pValue());
        // Two seeds are testable (df = 1); one is not, and n = 0 is empty.
        assertEquals(2, SeedTest.of(new double[] {0.7, 0.8}, new double[] {0.6, 0.65}).seeds());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SeedTest.of(new double[] {0.7}, new double[] {0.6}));
        assertTrue(e.getMessage().contains("1 seed"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SeedTest.of(new double[0], new double[0]));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SeedTest.of(new double[] {0.7, Double.NaN, 0.8}, new double[] {0.6, 0.6, 0.6}));
        assertTrue(e.getMessage().contains("candidate[1] is NaN") && e.getMessage().contains("rerun"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SeedTest.of(new double[] {0.7, 0.8, 0.9}, new double[] {0.6, 0.6}));
        assertTrue(e.getMessage().contains("candidate has 3") && e.getMessage().contains("reference has 2"),
                e.getMessage());
    }

    @Test
    void wilcoxonAgreesWithR() {
        // The same differences StatsTest checks against SciPy; R's wilcox.test(exact = TRUE) agrees.
        double[] d1 = {1.83, -0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30, -0.21};
        assertEquals(0.009765625, Stats.wilcoxonSignedRank(d1).pValue(), 1e-15);
        double[] d2 = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 2.4, 0.9, 1.1, -2.3, 5.5};
        assertEquals(0.21630859375000014, Stats.wilcoxonSignedRank(d2).pValue(), 1e-14);
    }

    @Test
    void wilcoxonApproximationStaysFiniteForLargeSamples() {
        // n(n+1)(2n+1) overflows an int from n = 1,291 and n(n+1)/2 from n = 65,536; the variance must stay right.
        int n = 70_000;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = (i % 2 == 0 ? 1 : -1) * (1 + i / 2);
        }
        TestResult r = Stats.wilcoxonSignedRank(d);
        assertTrue(r.pValue() > 0.9 && r.pValue() <= 1, "symmetric differences: p = " + r.pValue());
    }

    @Test
    void tostMatchesRsOneSidedTTests() {
        double[] x = {0.8012, 0.7987, 0.8051, 0.7995, 0.8030};
        double[] y = {0.8003, 0.8010, 0.8022, 0.7990, 0.8041};
        Equivalence e = Equivalence.overSeeds(x, y, 0.01);
        assertEquals(0.00016598093507398759, e.pLower(), 1e-15);
        assertEquals(0.00019098669717745688, e.pUpper(), 1e-15);
        assertEquals(e.pUpper(), e.pValue());
        assertEquals(-0.0017153065127787689, e.difference().lower(), 1e-14);
        assertEquals(0.0020753065127787291, e.difference().upper(), 1e-14);
        assertEquals(0.90, e.difference().level());
        // A margin the interval does not fit in: equivalence not shown.
        assertTrue(Equivalence.overSeeds(x, y, 0.001).pValue() > 0.05);
        // No spread: decided by whether the exact difference lies inside the margin.
        double[] same = {0.8, 0.8, 0.8};
        assertEquals(0.0, Equivalence.overSeeds(same, same, 0.01).pValue());
        assertEquals(1.0, Equivalence.overSeeds(new double[] {0.9, 0.9}, new double[] {0.8, 0.8}, 0.01).pValue());
        IllegalArgumentException err = assertThrows(IllegalArgumentException.class,
                () -> Equivalence.overSeeds(x, y, 0));
        assertTrue(err.getMessage().contains("margin"), err.getMessage());
        err = assertThrows(IllegalArgumentException.class,
                () -> Equivalence.overSeeds(new double[] {0.8}, new double[] {0.7}, 0.01));
        assertTrue(err.getMessage().contains("at least 2"), err.getMessage());
    }

    @Test
    void mcNemarMatchesRsBinomAndChiSquareTests() {
        McNemar.Result exact = McNemar.fromCounts(9, 3, 100, 0.95);
        assertTrue(exact.exact());
        assertEquals(0.14599609375000008, exact.pValue(), 1e-15);
        assertEquals(0.06, exact.difference().estimate(), 1e-15);
        McNemar.Result chi = McNemar.fromCounts(20, 40, 300, 0.95);
        assertFalse(chi.exact());
        assertEquals(6.0166666666666666, chi.statistic(), 1e-13);
        assertEquals(0.014171388254012368, chi.pValue(), 1e-14);
        assertEquals(-20.0 / 300, chi.difference().estimate(), 1e-15);
        assertEquals(-0.11635995199731153, chi.difference().lower(), 1e-12);
        assertEquals(-0.01609037912851629, chi.difference().upper(), 1e-12);
        assertEquals(1.0, McNemar.fromCounts(1, 0, 10, 0.95).pValue(), 1e-15);
        // The switch: 24 discordant pairs are exact, 25 use the chi-square.
        assertTrue(McNemar.fromCounts(12, 12, 50, 0.95).exact());
        assertFalse(McNemar.fromCounts(13, 12, 50, 0.95).exact());
    }

    @Test
    void mcNemarFromPredictions() {
        int[] targets = {0, 1, 1, 0, 2, 2, 1, 0};
        int[] cand = {0, 1, 1, 0, 2, 1, 1, 0}; // wrong on 5
        int[] ref = {0, 0, 1, 1, 2, 1, 0, 0}; // wrong on 1, 3, 5, 6
        McNemar.Result r = McNemar.test(cand, ref, targets);
        assertEquals(3, r.candidateOnly());
        assertEquals(0, r.referenceOnly());
        assertEquals(8, r.examples());
        assertEquals(0.25, r.pValue(), 1e-15); // 2 * (1/2)^3
        assertTrue(McNemar.test(ref, ref, targets).identical());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> McNemar.fromCounts(5, 6, 10, 0.95));
        assertTrue(e.getMessage().contains("impossible"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> McNemar.test(new boolean[0], new boolean[0]));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    private static final double[] E1 = {0.52, -1.10, 0.33, 0.91, -0.47, 1.25, -0.08, 0.64, -0.95, 0.21, 1.02, -0.36,
        0.77, -1.31, 0.45, 0.12, -0.69, 0.88, -0.23, 0.57};
    private static final double[] E2 = {0.61, -0.98, 0.52, 0.85, -0.66, 1.31, 0.21, 0.49, -1.12, 0.35, 0.96, -0.52,
        0.70, -1.18, 0.63, -0.25, -0.74, 1.02, -0.41, 0.48};

    @Test
    void dieboldMarianoMatchesForecastDmTest() {
        check(DieboldMariano.test(E1, E2, DieboldMariano.Loss.SQUARED, 1), -0.97208296859079624, 0.34322302933914184);
        check(DieboldMariano.test(E1, E2, DieboldMariano.Loss.ABSOLUTE, 1), -2.0492752805657655, 0.054499759369111514);
        check(DieboldMariano.test(E1, E2, DieboldMariano.Loss.SQUARED, 3), -1.9478524213613126, 0.066361891703655959);
        check(DieboldMariano.test(E1, E2, DieboldMariano.Loss.ABSOLUTE, 3), -5.2307736746659552, 4.760481780402582e-05);
    }

    private static void check(DieboldMariano.Result r, double statistic, double p) {
        assertEquals(statistic, r.statistic(), 1e-11);
        assertEquals(p, r.pValue(), 1e-12 * Math.max(p, 1e-3));
        assertFalse(r.bartlett());
        // The interval inverts the corrected statistic: it excludes 0 exactly when p < 0.05.
        assertEquals(p < 0.05, !r.difference().contains(0), r.toString());
    }

    @Test
    void dieboldMarianoIntervalAndSeedsByHand() {
        DieboldMariano.Result r = DieboldMariano.test(E1, E2, DieboldMariano.Loss.ABSOLUTE, 1);
        double[] d = new double[E1.length];
        for (int t = 0; t < d.length; t++) {
            d[t] = Math.abs(E1[t]) - Math.abs(E2[t]);
        }
        assertEquals(Stats.mean(d), r.difference().estimate(), 1e-15);
        // h = 1: V = γ0 / n with γ0 the biased variance, and k = sqrt((n - 1) / n), so se / k = sd / sqrt(n).
        double half = Stats.studentTQuantile(0.975, 19) * Stats.sampleStd(d) / Math.sqrt(20);
        assertEquals(half, r.difference().halfWidth(), 1e-14);
        // The same errors on three seeds average to the same differential.
        DieboldMariano.Result three = DieboldMariano.test(List.of(E1, E1, E1), List.of(E2, E2, E2),
                DieboldMariano.Loss.ABSOLUTE, 1, 0.95);
        assertEquals(r.statistic(), three.statistic(), 1e-12);
        assertEquals(3, three.seeds());
    }

    @Test
    void dieboldMarianoFallsBackToBartlettWeightsWhenTheVarianceIsNegative() {
        // An alternating differential has a large negative lag-1 autocovariance: γ0 + 2γ1 < 0 for h = 2.
        double[] e1 = new double[30];
        double[] e2 = new double[30];
        for (int t = 0; t < 30; t++) {
            e1[t] = t % 2 == 0 ? 1.0 : 0.2;
            e2[t] = 0.5 + 0.01 * t;
        }
        DieboldMariano.Result r = DieboldMariano.test(e1, e2, DieboldMariano.Loss.ABSOLUTE, 2);
        assertTrue(r.bartlett());
        assertTrue(r.test().contains("Bartlett"), r.test());
        assertTrue(r.pValue() >= 0 && r.pValue() <= 1);
    }

    @Test
    void dieboldMarianoEdgeCases() {
        DieboldMariano.Result same = DieboldMariano.test(E1, E1, DieboldMariano.Loss.SQUARED, 1);
        assertTrue(same.identical());
        assertEquals(1.0, same.pValue());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DieboldMariano.test(new double[] {1, 2}, new double[] {1, 3}, DieboldMariano.Loss.SQUARED, 1));
        assertTrue(e.getMessage().contains("too few"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DieboldMariano.test(new double[] {1, 2, 3},
                new double[] {1, 3, 2}, DieboldMariano.Loss.SQUARED, 5));
        assertTrue(e.getMessage().contains("too few for horizon 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DieboldMariano.test(E1, E2, DieboldMariano.Loss.SQUARED, 0));
        assertTrue(e.getMessage().contains("horizon"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DieboldMariano.test(new double[] {1, Double.NaN, 2, 3},
                new double[] {1, 2, 3, 4}, DieboldMariano.Loss.SQUARED, 1));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void holmMatchesTheWorkedExampleAndR() {
        // Wikipedia, "Holm–Bonferroni method", Example: four hypotheses at α = 0.05; H1 and H4 are rejected.
        double[] p = {0.01, 0.04, 0.03, 0.005};
        double[] adjusted = Holm.adjust(p);
        assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02}, adjusted, 1e-15);
        boolean[] rejected = new boolean[4];
        for (int i = 0; i < 4; i++) {
            rejected[i] = adjusted[i] < 0.05;
        }
        assertArrayEquals(new boolean[] {true, false, false, true}, rejected);
        // Ties, the running maximum and the cap at 1, as R's p.adjust(p, "holm").
        assertArrayEquals(new double[] {0.4, 0.006, 0.08, 0.08, 0.6, 0.055},
                Holm.adjust(new double[] {0.2, 0.001, 0.02, 0.02, 0.6, 0.011}), 1e-15);
        assertArrayEquals(new double[] {1.0, 1.0}, Holm.adjust(new double[] {0.7, 0.9}), 0);
        assertArrayEquals(new double[0], Holm.adjust(new double[0]), 0);
        assertArrayEquals(new double[] {0.3}, Holm.adjust(new double[] {0.3}), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Holm.adjust(new double[] {0.1, Double.NaN}));
        assertTrue(e.getMessage().contains("p-value 1 is NaN"), e.getMessage());
    }

    @Test
    void holmAdjustedValuesAreMonotoneInTheRawOnes() {
        seqlab.engine.RandomSource rng = new seqlab.engine.RandomSource(3);
        for (int rep = 0; rep < 200; rep++) {
            double[] p = new double[1 + rng.nextInt(12)];
            for (int i = 0; i < p.length; i++) {
                p[i] = rng.nextDouble() * rng.nextDouble();
            }
            double[] a = Holm.adjust(p);
            for (int i = 0; i < p.length; i++) {
                assertTrue(a[i] >= p[i] && a[i] <= 1);
                for (int j = 0; j < p.length; j++) {
                    if (p[i] <= p[j]) {
                        assertTrue(a[i] <= a[j], "monotone");
                    }
                }
            }
        }
    }
}
