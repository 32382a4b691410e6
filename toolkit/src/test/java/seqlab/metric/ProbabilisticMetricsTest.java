package seqlab.metric;

import seqlab.stats.Stats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The probabilistic scores against closed forms, numerical integration and cases worked by hand. */
class ProbabilisticMetricsTest {

    /** CRPS(F, y) = integral (F(x) - 1{x >= y})^2 dx by Simpson's rule on a fine grid, split at y. */
    private static double crpsByIntegration(double y, double mu, double sigma) {
        double lo = Math.min(mu - 15 * sigma, y);
        double hi = Math.max(mu + 15 * sigma, y);
        return simpson(x -> Math.pow(Stats.normalCdf((x - mu) / sigma), 2), lo, y)
                + simpson(x -> Math.pow(1 - Stats.normalCdf((x - mu) / sigma), 2), y, hi);
    }

    private static double simpson(java.util.function.DoubleUnaryOperator f, double a, double b) {
        if (b <= a) {
            return 0;
        }
        int n = 20_000;
        double h = (b - a) / n;
        double s = f.applyAsDouble(a) + f.applyAsDouble(b);
        for (int i = 1; i < n; i++) {
            s += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(a + i * h);
        }
        return s * h / 3;
    }

    @Test
    void gaussianCrpsMatchesItsDefinition() {
        // At the mean of N(0, 1) the closed form is 2 phi(0) - 1/sqrt(pi) = sqrt(2/pi) - 1/sqrt(pi).
        double atMean = Math.sqrt(2 / Math.PI) - 1 / Math.sqrt(Math.PI);
        assertEquals(0.2336949772551091, atMean, 1e-15);
        assertEquals(atMean, ProbabilisticMetrics.crpsGaussian(new double[] {0}, new double[] {0}, new double[] {1}), 1e-15);
        double[][] cases = {{0.3, 0, 1}, {-2.5, 1, 0.7}, {12, 10, 3}, {100, 0, 5}};
        for (double[] c : cases) {
            double closed = ProbabilisticMetrics.crpsGaussian(new double[] {c[0]}, new double[] {c[1]}, new double[] {c[2]});
            assertEquals(crpsByIntegration(c[0], c[1], c[2]), closed, 1e-9, "y=" + c[0] + " mu=" + c[1] + " sigma=" + c[2]);
        }
        // sd 0 is a point forecast: the absolute error. The mean over points averages.
        assertEquals((2 + atMean) / 2, ProbabilisticMetrics.crpsGaussian(new double[] {5, 0}, new double[] {3, 0},
                new double[] {0, 1}), 1e-15);
    }

    /**
     * The Student-t closed form against the integral of its definition (heavy tails: integrated far out, where the
     * t's CDF still differs from 0 or 1), and the Gaussian form as the degrees of freedom grow.
     */
    @Test
    void studentTCrpsMatchesItsDefinitionAndTendsToTheGaussian() {
        for (double df : new double[] {2.5, 4, 30}) {
            for (double y : new double[] {-3.2, 0.4, 7}) {
                double mu = 1.5, sigma = 2;
                java.util.function.DoubleUnaryOperator cdf = x -> Stats.studentTCdf((x - mu) / sigma, df);
                double span = 4000 * sigma;
                double byIntegral = simpson(x -> Math.pow(cdf.applyAsDouble(x), 2), mu - span, Math.min(y, mu - 200))
                        + simpson(x -> Math.pow(cdf.applyAsDouble(x), 2), Math.min(y, mu - 200), y)
                        + simpson(x -> Math.pow(1 - cdf.applyAsDouble(x), 2), y, Math.max(y, mu + 200))
                        + simpson(x -> Math.pow(1 - cdf.applyAsDouble(x), 2), Math.max(y, mu + 200), mu + span);
                double closed = ProbabilisticMetrics.crpsStudentT(new double[] {y}, new double[] {mu},
                        new double[] {sigma}, df);
                assertEquals(byIntegral, closed, 2e-4 * Math.max(1, closed), "df " + df + ", y " + y);
            }
        }
        double[] y = {0.3, -1.2}, mu = {0.1, 0.5}, sd = {1.3, 0.7};
        assertEquals(ProbabilisticMetrics.crpsGaussian(y, mu, sd), ProbabilisticMetrics.crpsStudentT(y, mu, sd, 1e7), 1e-6);
        assertEquals(ProbabilisticMetrics.crpsGaussian(y, mu, sd),
                ProbabilisticMetrics.crpsStudentT(y, mu, sd, Double.POSITIVE_INFINITY), 1e-15);
        assertEquals(0.65, ProbabilisticMetrics.crpsStudentT(new double[] {1, 2}, new double[] {1.5, 1.2},
                new double[] {0, 0}, 3), 1e-15);
        assertMessage(() -> ProbabilisticMetrics.crpsStudentT(y, mu, sd, 1), "more than 1 degree of freedom");
    }

    @Test
    void sampleCrpsByHandAndInTheLimit() {
        // Samples {1, 2, 3}, y = 2: mean |X - y| = 2/3; sum_ij |X_i - X_j| = 8, over 2 * 9 -> 4/9; CRPS = 2/9.
        assertEquals(2.0 / 9, ProbabilisticMetrics.crpsSamples(new double[] {2}, new double[][] {{3, 1, 2}}), 1e-15);
        // One sample is a point forecast.
        assertEquals(1.5, ProbabilisticMetrics.crpsSamples(new double[] {0.5}, new double[][] {{2}}), 0);
        // Many draws from N(1, 2^2) approach the closed form.
        Random rng = new Random(7);
        double[] draws = new double[200_000];
        for (int i = 0; i < draws.length; i++) {
            draws[i] = 1 + 2 * rng.nextGaussian();
        }
        double closed = ProbabilisticMetrics.crpsGaussian(new double[] {2.2}, new double[] {1}, new double[] {2});
        assertEquals(closed, ProbabilisticMetrics.crpsSamples(new double[] {2.2}, new double[][] {draws}), 0.01 * closed);
    }

    @Test
    void quantileCrpsApproachesTheClosedForm() {
        double mu = 3;
        double sigma = 1.5;
        double y = 4.1;
        int k = 99;
        double[] levels = new double[k];
        double[][] q = new double[k][1];
        for (int i = 0; i < k; i++) {
            levels[i] = (i + 1) / 100.0;
            q[i][0] = mu + sigma * Stats.normalQuantile(levels[i]);
        }
        double closed = ProbabilisticMetrics.crpsGaussian(new double[] {y}, new double[] {mu}, new double[] {sigma});
        double approx = ProbabilisticMetrics.crpsQuantiles(new double[] {y}, levels, q);
        assertEquals(closed, approx, 0.02 * closed);
    }

    @Test
    void pinballByHand() {
        double[] actual = {10, 10, 10};
        double[] q = {8, 10, 13};
        // tau 0.9: under-forecast by 2 costs 0.9 * 2, exact 0, over-forecast by 3 costs 0.1 * 3.
        assertEquals((1.8 + 0 + 0.3) / 3, ProbabilisticMetrics.pinball(actual, q, 0.9), 1e-15);
        // tau 0.5 is half the absolute error.
        assertEquals(0.5 * ForecastMetrics.mae(actual, q), ProbabilisticMetrics.pinball(actual, q, 0.5), 1e-15);
        // Several levels average over levels and points.
        double both = (ProbabilisticMetrics.pinball(actual, q, 0.1) + ProbabilisticMetrics.pinball(actual, q, 0.9)) / 2;
        assertEquals(both, ProbabilisticMetrics.pinball(actual, new double[] {0.1, 0.9}, new double[][] {q, q}), 1e-15);
    }

    @Test
    void coverageAndIntervalScoreByHand() {
        double[] actual = {5, 12, 1, 7};
        double[] lower = {4, 8, 2, 7};
        double[] upper = {6, 10, 3, 9};
        // Inside, above by 2, below by 1, on the lower bound (inside).
        assertEquals(0.5, ProbabilisticMetrics.coverage(actual, lower, upper), 0);
        // alpha 0.2: widths 2+2+1+2 = 7, penalties (2/0.2)(2) + (2/0.2)(1) = 30; mean 37/4.
        assertEquals(37.0 / 4, ProbabilisticMetrics.intervalScore(actual, lower, upper, 0.8), 1e-12);
        // MSIS divides by the seasonal naive in-sample MAE: training 1 3 2 4 with period 2 -> |2-1| + |4-3| over 2 = 1;
        // period 1 -> (2 + 1 + 2) / 3.
        assertEquals(37.0 / 4, ProbabilisticMetrics.msis(actual, lower, upper, 0.8, new double[] {1, 3, 2, 4}, 2), 1e-12);
        assertEquals(37.0 / 4 / (5.0 / 3), ProbabilisticMetrics.msis(actual, lower, upper, 0.8,
                new double[] {1, 3, 2, 4}, 1), 1e-12);
    }

    @Test
    void badInputsAreNamed() {
        assertMessage(() -> ProbabilisticMetrics.crpsGaussian(new double[] {1}, new double[] {1}, new double[] {-1}),
                "sd[0] is -1.0");
        assertMessage(() -> ProbabilisticMetrics.pinball(new double[] {1}, new double[] {1}, 90), "not 90");
        assertMessage(() -> ProbabilisticMetrics.pinball(new double[] {1}, new double[] {0.9, 0.1},
                new double[][] {{1}, {1}}), "levels must increase");
        assertMessage(() -> ProbabilisticMetrics.coverage(new double[] {1}, new double[] {2}, new double[] {1}),
                "lower[0] = 2.0 is above upper[0] = 1.0");
        assertMessage(() -> ProbabilisticMetrics.crpsSamples(new double[] {1}, new double[][] {{}}), "samples[0] is empty");
        assertMessage(() -> ProbabilisticMetrics.intervalScore(new double[] {1, 2}, new double[] {0}, new double[] {3}, 0.9),
                "actual has 2");
        assertMessage(() -> ProbabilisticMetrics.msis(new double[] {1}, new double[] {0}, new double[] {3}, 0.9,
                new double[] {2, 2, 2}, 1), "repeats itself");
    }

    @Test
    void normalQuantileInvertsTheCdf() {
        // Reference values: Phi^-1 at 0.975, 0.9, 0.995 and 1e-10 (Abramowitz and Stegun table 26.5; the last by
        // inverting the CDF in the tail).
        assertEquals(1.959963984540054, Stats.normalQuantile(0.975), 1e-14);
        assertEquals(1.2815515655446004, Stats.normalQuantile(0.9), 1e-14);
        assertEquals(-2.5758293035489004, Stats.normalQuantile(0.005), 1e-14);
        assertEquals(0, Stats.normalQuantile(0.5), 0);
        for (double p : new double[] {1e-300, 1e-10, 0.001, 0.2, 0.6, 0.999, 1 - 1e-12}) {
            double z = Stats.normalQuantile(p);
            assertEquals(p, Stats.normalCdf(z), 1e-13 * Math.min(p, 1 - p) + 1e-16, "Phi(Phi^-1(" + p + "))");
        }
        assertEquals(-Stats.normalQuantile(0.3), Stats.normalQuantile(0.7), 1e-15, "symmetry");
        assertThrows(IllegalArgumentException.class, () -> Stats.normalQuantile(1));
        assertTrue(Stats.normalPdf(0) > 0.3989 && Stats.normalPdf(0) < 0.399);
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
