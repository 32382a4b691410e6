package seqlab.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** MAE, RMSE, sMAPE and MASE on cases computed by hand. */
class ForecastMetricsTest {
    static final double[] ACTUAL = {10, 20, 30, 40};
    static final double[] FORECAST = {12, 18, 33, 40};

    @Test
    void maeAndRmseByHand() {
        // Errors 2, -2, 3, 0.
        assertEquals(7.0 / 4, ForecastMetrics.mae(ACTUAL, FORECAST), 1e-15);
        assertEquals(Math.sqrt(17.0 / 4), ForecastMetrics.rmse(ACTUAL, FORECAST), 1e-15);
    }

    @Test
    void smapeByHand() {
        // 200/4 * (2/22 + 2/38 + 3/63 + 0/80).
        double expected = 50 * (2.0 / 22 + 2.0 / 38 + 3.0 / 63);
        assertEquals(expected, ForecastMetrics.smape(ACTUAL, FORECAST), 1e-12);
        // 0/0 counts as 0; a forecast of 0 for a non-zero actual gives the largest term, 200, averaged here with 0.
        assertEquals(0.0, ForecastMetrics.smape(new double[] {0, 0}, new double[] {0, 0}));
        assertEquals(100.0, ForecastMetrics.smape(new double[] {0, 5}, new double[] {0, 0}), 1e-12);
        // Negative values use absolute values in the denominator: |(-2) - 2| / (2 + 2) = 1 -> 200.
        assertEquals(200.0, ForecastMetrics.smape(new double[] {2}, new double[] {-2}), 1e-12);
    }

    @Test
    void maseByHand() {
        // Training 1 2 3 4 5 6 with period 1: naive in-sample errors all 1, scale 1, so MASE = MAE.
        double[] training = {1, 2, 3, 4, 5, 6};
        assertEquals(7.0 / 4, ForecastMetrics.mase(ACTUAL, FORECAST, training, 1), 1e-15);
        // Period 2 on 1 5 2 6 4 8: |2-1| + |6-5| + |4-2| + |8-6| = 6 over 4 -> scale 1.5.
        double[] seasonal = {1, 5, 2, 6, 4, 8};
        assertEquals(7.0 / 4 / 1.5, ForecastMetrics.mase(ACTUAL, FORECAST, seasonal, 2), 1e-15);
    }

    @Test
    void maseRejectsShortOrPerfectlyPeriodicTraining() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ForecastMetrics.mase(ACTUAL, FORECAST, new double[] {1, 2, 3, 4}, 4));
        assertTrue(e.getMessage().contains("4 values") && e.getMessage().contains("at least 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ForecastMetrics.mase(ACTUAL, FORECAST, new double[] {1, 2, 1, 2, 1, 2}, 2));
        assertTrue(e.getMessage().contains("undefined"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ForecastMetrics.mase(ACTUAL, FORECAST, new double[] {1, 2, 3}, 0));
    }

    @Test
    void inputErrorsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ForecastMetrics.mae(new double[] {1, 2, 3}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("actual has 3") && e.getMessage().contains("forecast has 2"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ForecastMetrics.rmse(new double[0], new double[0]));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ForecastMetrics.smape(new double[] {1, Double.NaN}, new double[] {1, 1}));
        assertTrue(e.getMessage().contains("actual[1] is NaN"), e.getMessage());
    }

    @Test
    void aForecastThatOverflowsSaysSoInsteadOfAskingToImpute() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ForecastMetrics.mae(new double[] {1, 2}, new double[] {1, Double.POSITIVE_INFINITY}));
        assertTrue(e.getMessage().contains("forecast[1] is Infinity, an overflow")
                && !e.getMessage().contains("impute"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ForecastMetrics.rmse(new double[] {1, 2}, new double[] {Double.NaN, 1}));
        assertTrue(e.getMessage().contains("forecast[0] is NaN") && e.getMessage().contains("diverge")
                && !e.getMessage().contains("impute"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ForecastMetrics.mae(new double[] {-Double.MAX_VALUE, 0}, new double[] {Double.MAX_VALUE, 0}));
        assertTrue(e.getMessage().startsWith("MAE: forecast[0] - actual[0] = ") && e.getMessage().contains("overflow"),
                e.getMessage());
    }

    @Test
    void farButFiniteForecastsScoreWhatTheyAreNotInfinity() {
        // the squares (1e400) and the sums (3e308) leave the double range; the scores do not
        assertEquals(1e200 / Math.sqrt(2), ForecastMetrics.rmse(new double[] {0, 1}, new double[] {1e200, 1}), 1e185);
        assertEquals(1.5e308, ForecastMetrics.mae(new double[] {0, 0}, new double[] {1.5e308, 1.5e308}), 1e293);
        // |F - A| / (|A| + |F|) = 0.5e308 / 2.5e308 = 0.2, so sMAPE = 200 * 0.2 = 40
        assertEquals(40.0, ForecastMetrics.smape(new double[] {1.5e308}, new double[] {1e308}), 1e-12);
        assertEquals(1.0, ForecastMetrics.mase(new double[] {0, 0}, new double[] {1.5e308, 1.5e308},
                new double[] {0, 1.5e308, 0}, 1), 1e-15);
    }
}
