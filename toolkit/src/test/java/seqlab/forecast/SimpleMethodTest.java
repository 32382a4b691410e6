package seqlab.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static seqlab.forecast.EtsTest.assertClose;
import static seqlab.forecast.EtsTest.assertMessage;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The simple methods' point forecasts and FPP section 5.5 intervals against R's naive, snaive, rwf(drift) and meanf. */
class SimpleMethodTest {

    @ParameterizedTest
    @ValueSource(strings = {"oildata", "austourists", "airline", "nile", "elec-equip"})
    void matchRsForecastPackage(String series) {
        RReference r = RReference.load(series);
        int h = r.root.get("theta").get("h").asInt();
        for (JsonNode b : r.root.get("benchmarks")) {
            String name = b.get("method").asText().equals("snaive") ? "seasonal-naive" : b.get("method").asText();
            Forecast f = SimpleMethod.of(name).forecast(r.values(), r.period(), h);
            assertClose(RReference.doubles(b.get("mean")), f.mean(), 1e-12, series + " " + name + " mean");
            assertClose(RReference.doubles(b.get("lower80")), f.interval(0.8).lower(), 1e-12, series + " " + name + " lower 80");
            assertClose(RReference.doubles(b.get("upper80")), f.interval(0.8).upper(), 1e-12, series + " " + name + " upper 80");
            assertClose(RReference.doubles(b.get("lower95")), f.interval(0.95).lower(), 1e-12, series + " " + name + " lower 95");
            assertClose(RReference.doubles(b.get("upper95")), f.interval(0.95).upper(), 1e-12, series + " " + name + " upper 95");
        }
    }

    @Test
    void intervalsByHand() {
        double[] y = {1, 3, 2, 5, 4};
        // Naive: differences 2, -1, 3, -1 -> s^2 = 15/4; sd at h is sqrt(15/4 * h).
        Forecast naive = SimpleMethod.NAIVE.forecast(y, 1, 3);
        assertArrayEquals(new double[] {4, 4, 4}, naive.mean());
        assertArrayEquals(new double[] {Math.sqrt(15.0 / 4), Math.sqrt(15.0 / 2), Math.sqrt(45.0 / 4)}, naive.sd(), 1e-15);
        // Drift: slope 3/4; residuals 1.25, -1.75, 2.25, -1.75 -> s^2 = 12.75 / 3; sd_h = s sqrt(h (1 + h / 4)).
        Forecast drift = SimpleMethod.DRIFT.forecast(y, 1, 2);
        assertArrayEquals(new double[] {4.75, 5.5}, drift.mean(), 1e-15);
        assertEquals(Math.sqrt(12.75 / 3 * 1.25), drift.sd()[0], 1e-14);
        assertEquals(Math.sqrt(12.75 / 3 * 2 * 1.5), drift.sd()[1], 1e-14);
        // Seasonal naive, period 2: differences 1, 2, 2 -> s^2 = 9/3 = 3; steps 1, 1, 2, 2.
        Forecast snaive = SimpleMethod.SEASONAL_NAIVE.forecast(y, 2, 4);
        assertArrayEquals(new double[] {5, 4, 5, 4}, snaive.mean());
        assertArrayEquals(new double[] {Math.sqrt(3), Math.sqrt(3), Math.sqrt(6), Math.sqrt(6)}, snaive.sd(), 1e-15);
        // Mean: 3, sample sd sqrt(2.5), Student-t with 4 degrees of freedom and scale sqrt(2.5 * 1.2).
        Forecast mean = SimpleMethod.MEAN.forecast(y, 1, 1);
        assertEquals(3, mean.mean()[0], 1e-15);
        assertEquals(4, mean.degreesOfFreedom());
        assertEquals(Math.sqrt(3), mean.scale()[0], 1e-15);
    }

    @Test
    void pointForecastsAreTheForecastMeans() {
        double[] y = {112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, 115, 126};
        for (SimpleMethod b : SimpleMethod.values()) {
            assertArrayEquals(b.forecast(y, 12, 15).mean(), b.pointForecast(y, y.length, 12, 15), b.label());
        }
        // From an earlier origin only the values before it count.
        assertArrayEquals(new double[] {132, 132}, SimpleMethod.NAIVE.pointForecast(y, 3, 1, 2));
    }

    @Test
    void tooLittleDataIsNamed() {
        assertMessage(() -> SimpleMethod.DRIFT.forecast(new double[] {1, 2}, 1, 3), "at least 3");
        assertMessage(() -> SimpleMethod.SEASONAL_NAIVE.forecast(new double[] {1, 2, 3}, 4, 3), "one season of 4");
        assertMessage(() -> SimpleMethod.SEASONAL_NAIVE.forecast(new double[] {1, 2, 3}, 1, 3), "use naive");
        assertMessage(() -> SimpleMethod.of("snaive"), "seasonal-naive");
        assertTrue(SimpleMethod.of("seasonal-naive") == SimpleMethod.SEASONAL_NAIVE);
    }
}
