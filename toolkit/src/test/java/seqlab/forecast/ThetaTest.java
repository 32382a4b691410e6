package seqlab.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static seqlab.forecast.EtsTest.assertClose;
import static seqlab.forecast.EtsTest.assertMessage;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Theta against R's thetaf (forecast 8.20) on the five reference series. */
class ThetaTest {

    /**
     * Rebuilt on R's own SES estimate, the Theta forecast equals thetaf's to rounding: this pins the seasonality test,
     * the classical decomposition, the drift and the Hyndman-Billah correction term. Intervals equal R's for
     * non-seasonal series; for seasonal ones R adds an un-reseasonalised sd, ours is that sd times the index.
     */
    @ParameterizedTest
    @ValueSource(strings = {"oildata", "austourists", "airline", "nile", "elec-equip"})
    void matchesThetafOnRsSesEstimate(String series) {
        RReference r = RReference.load(series);
        JsonNode t = r.root.get("theta");
        double[] y = r.values();
        Theta.Fit ours = new Theta().fit(y, r.period());
        assertEquals(t.get("seasonal").asBoolean(), ours.seasonal(), "seasonality test");
        assertEquals(t.get("drift").asDouble(), ours.drift(), 1e-12 * Math.abs(t.get("drift").asDouble()), "drift");
        double[] x = ours.seasonal() ? ours.decomposition().adjust(y) : y;
        EtsFit rSes = Ets.ses().withParameters(x, 1, new Ets.Parameters(t.get("ses_alpha").asDouble(), Double.NaN,
                Double.NaN, Double.NaN), new double[] {t.get("ses_level0").asDouble()});
        assertEquals(t.get("sigma2").asDouble(), rSes.sigma2(), 1e-10 * t.get("sigma2").asDouble(), "SES sigma2");
        int h = t.get("h").asInt();
        Forecast f = new Theta.Fit(ours.seasonal(), ours.decomposition(), rSes, ours.drift(), y.length).forecast(h);
        double[] mean = RReference.doubles(t.get("mean"));
        assertClose(mean, f.mean(), 1e-11, series + " mean");
        double[] rUpper = RReference.doubles(t.get("upper95"));
        double[] rLower = RReference.doubles(t.get("lower80"));
        double[] upper = f.interval(0.95).upper();
        double[] lower = f.interval(0.8).lower();
        for (int k = 0; k < h; k++) {
            double index = ours.seasonal() ? ours.decomposition().seasonalAhead(k + 1) : 1;
            assertEquals((rUpper[k] - mean[k]) * index, upper[k] - f.mean()[k], 1e-9 * Math.abs(rUpper[k]), "upper 95 " + k);
            assertEquals((rLower[k] - mean[k]) * index, lower[k] - f.mean()[k], 1e-9 * Math.abs(rLower[k]), "lower 80 " + k);
        }
    }

    /** Fitted here, SES reaches at least R's likelihood, so the forecasts agree with thetaf's closely. */
    @ParameterizedTest
    @ValueSource(strings = {"oildata", "austourists", "airline", "nile", "elec-equip"})
    void fittedForecastsAgreeWithThetaf(String series) {
        RReference r = RReference.load(series);
        JsonNode t = r.root.get("theta");
        Theta.Fit ours = new Theta().fit(r.values(), r.period());
        double[] x = ours.seasonal() ? ours.decomposition().adjust(r.values()) : r.values();
        EtsFit rSes = Ets.ses().withParameters(x, 1, new Ets.Parameters(t.get("ses_alpha").asDouble(), Double.NaN,
                Double.NaN, Double.NaN), new double[] {t.get("ses_level0").asDouble()});
        assertTrue(ours.ses().logLikelihood() >= rSes.logLikelihood() - 1e-6, "SES likelihood at least R's");
        assertClose(RReference.doubles(t.get("mean")), ours.forecast(t.get("h").asInt()).mean(), 1e-4, series);
    }

    @Test
    void shortOrNonPositiveSeriesSkipTheSeasonalAdjustment() {
        double[] y = {3, 5, 2, 4, 3, 5, 2, 4};  // seasonal, but only two seasons of period 4: no test (needs n > 2m)
        assertTrue(!new Theta().fit(y, 4).seasonal());
        double[] withZero = new double[40];
        for (int i = 0; i < withZero.length; i++) {
            withZero[i] = 10 * (i % 4) + i * 0.1;  // strongly seasonal, but a 0 forbids the multiplicative adjustment
        }
        assertTrue(!new Theta().fit(withZero, 4).seasonal());
        assertMessage(() -> new Theta().fit(new double[] {1, 2}, 1), "too few");
        assertMessage(() -> new Theta().fit(new double[] {1, 2, 3}, 0), "period 0");
    }
}
