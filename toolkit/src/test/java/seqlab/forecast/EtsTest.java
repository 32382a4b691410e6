package seqlab.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import seqlab.engine.RandomSource;

/**
 * ETS against R's forecast 8.20 ({@link RReference}): the recursions, likelihood, variance and every forecast and
 * interval at R's own estimates; fits that reach at least R's likelihood; R's heuristic starting states; and, where
 * R's analytic intervals are wrong, simulation.
 */
class EtsTest {
    static final String[] SERIES = {"oildata", "austourists", "airline", "nile", "elec-equip"};

    /**
     * R's class-1/2 variance puts gamma on the wrong seasonal state when the model has no trend (ETS(A,N,A) and
     * ETS(M,N,A)), and R's class-3 matrices drop the damping (ETS(M,Ad,M)); {@link #intervalsMatchSimulation}
     * checks those models against simulation instead.
     */
    static final Set<String> R_INTERVALS_DIFFER = Set.of("ANA", "MNA", "MAdM");

    static Stream<Arguments> rFits() {
        List<Arguments> out = new ArrayList<>();
        for (String s : SERIES) {
            RReference r = RReference.load(s);
            for (JsonNode e : r.ets()) {
                out.add(Arguments.of(s, e.get("model").asText()));
            }
        }
        return out.stream();
    }

    static EtsFit atRParameters(RReference r, JsonNode e) {
        Ets model = Ets.of(e.get("model").asText());
        Ets.Parameters p = new Ets.Parameters(RReference.number(e, "alpha"), RReference.number(e, "beta"),
                RReference.number(e, "gamma"), RReference.number(e, "phi"));
        return model.withParameters(r.values(), r.period(), p, RReference.doubles(e.get("init_state")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rFits")
    void recursionLikelihoodAndForecastsMatchRAtItsEstimates(String series, String code) {
        RReference r = RReference.load(series);
        JsonNode e = r.ets(code);
        EtsFit fit = atRParameters(r, e);
        int n = r.values().length;
        assertClose(RReference.doubles(e.get("fitted")), fit.fitted(), 1e-10, code + " fitted");
        assertEquals(RReference.fullLogLikelihood(e.get("loglik").asDouble(), n), fit.logLikelihood(), 1e-8, code + " loglik");
        assertEquals(e.get("sigma2").asDouble(), fit.sigma2(), 1e-10 * e.get("sigma2").asDouble(), code + " sigma2");
        // R's information criteria use its loglik, without the constant: the same offset for all three.
        double offset = n * (Math.log(2 * Math.PI / n) + 1);
        assertEquals(e.get("aic").asDouble() + offset, fit.aic(), 1e-8, code + " AIC");
        assertEquals(e.get("aicc").asDouble() + offset, fit.aicc(), 1e-8, code + " AICc");
        assertEquals(e.get("bic").asDouble() + offset, fit.bic(), 1e-8, code + " BIC");
        Forecast f = fit.forecast(e.get("h").asInt());
        if (code.equals("MAdM")) {
            return;  // R's damped class-3 mean is off from step 1; see intervalsMatchSimulation
        }
        assertClose(RReference.doubles(e.get("mean")), f.mean(), 1e-10, code + " mean");
        if (!R_INTERVALS_DIFFER.contains(code)) {
            assertClose(RReference.doubles(e.get("lower80")), f.interval(0.8).lower(), 1e-10, code + " lower 80");
            assertClose(RReference.doubles(e.get("upper80")), f.interval(0.8).upper(), 1e-10, code + " upper 80");
            assertClose(RReference.doubles(e.get("lower95")), f.interval(0.95).lower(), 1e-10, code + " lower 95");
            assertClose(RReference.doubles(e.get("upper95")), f.interval(0.95).upper(), 1e-10, code + " upper 95");
        }
    }

    /** Maximum likelihood: never worse than R's optimum (R's Nelder-Mead often stops early; ours restarts). */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rFitsToRefit")
    void fitsReachAtLeastRsLikelihood(String series, String code) {
        RReference r = RReference.load(series);
        JsonNode e = r.ets(code);
        EtsFit fit = Ets.of(code).fit(r.values(), r.period());
        double rLogLik = RReference.fullLogLikelihood(e.get("loglik").asDouble(), r.values().length);
        assertTrue(fit.logLikelihood() >= rLogLik - 1e-6, code + ": log-likelihood " + fit.logLikelihood()
                + " is below R's " + rLogLik);
        Ets.Parameters p = fit.parameters();
        assertTrue(p.alpha() >= EtsMath.LOWER && p.alpha() <= EtsMath.UPPER, "alpha in bounds: " + p);
        if (!Double.isNaN(p.beta())) {
            assertTrue(p.beta() >= EtsMath.LOWER && p.beta() <= p.alpha(), "beta in bounds: " + p);
        }
        if (!Double.isNaN(p.gamma())) {
            assertTrue(p.gamma() >= EtsMath.LOWER && p.gamma() <= 1 - p.alpha(), "gamma in bounds: " + p);
        }
        if (Ets.of(code).trend() == Ets.Trend.DAMPED) {
            assertTrue(p.phi() >= EtsMath.PHI_LOWER && p.phi() <= EtsMath.PHI_UPPER, "phi in bounds: " + p);
        }
    }

    /** Every non-seasonal and quarterly fit, and the two Holt-Winters models on the monthly airline series. */
    static Stream<Arguments> rFitsToRefit() {
        return rFits().filter(a -> {
            Object[] v = a.get();
            return !v[0].equals("airline") && !v[0].equals("elec-equip") || v[1].equals("AAA") || v[1].equals("MAM");
        });
    }

    @Test
    void heuristicStartingStatesMatchRsInitstate() {
        for (String s : SERIES) {
            RReference r = RReference.load(s);
            for (JsonNode i : r.root.get("initial_states")) {
                double[] expected = RReference.doubles(i.get("init_state"));
                String trend = i.get("trend").asText();
                String season = i.get("season").asText();
                int n = i.get("n").asInt();  // some cases use only the first values (the Fourier start)
                double[] y = java.util.Arrays.copyOf(r.values(), n);
                Ets model = new Ets(season.equals("M") ? Ets.Error.MULTIPLICATIVE : Ets.Error.ADDITIVE,
                        trend.equals("A") ? Ets.Trend.ADDITIVE : Ets.Trend.NONE,
                        season.equals("A") ? Ets.Season.ADDITIVE : season.equals("M") ? Ets.Season.MULTIPLICATIVE
                                : Ets.Season.NONE);
                assertClose(expected, EtsMath.heuristicState(model, y, season.equals("N") ? 1 : r.period()), 1e-10,
                        s + " " + trend + season + " n=" + n);
            }
        }
    }

    /**
     * The analytic mean and variance against 40,000 simulated paths (5 standard errors for the mean; 3-4% for the
     * variance, about 5 standard errors of a sample variance), for the models where R's analytic intervals
     * are wrong (ETS(A,N,A): R's variance at step 4 equals its simulation's only after moving gamma; ETS(M,Ad,M)),
     * and for ETS(M,A,M), whose class-3 variance is an approximation.
     */
    @Test
    void intervalsMatchSimulation() {
        checkSimulation(atRParameters(RReference.load("austourists"), RReference.load("austourists").ets("ANA")), 8, 0.03);
        checkSimulation(atRParameters(RReference.load("austourists"), RReference.load("austourists").ets("MNA")), 8, 0.03);
        RReference airline = RReference.load("airline");
        checkSimulation(atRParameters(airline, airline.ets("MAdM")), 24, 0.04);
        checkSimulation(atRParameters(airline, airline.ets("MAM")), 24, 0.04);
        // R's own ETS(A,N,A) 95% bound at step 4 is wider than the model's: gamma is applied a step early.
        RReference aus = RReference.load("austourists");
        double rUpper = RReference.doubles(aus.ets("ANA").get("upper95"))[3];
        double ours = atRParameters(aus, aus.ets("ANA")).forecast(8).interval(0.95).upper()[3];
        assertTrue(rUpper - ours > 0.5, "R's step-4 bound " + rUpper + " vs the model's " + ours);
    }

    private static void checkSimulation(EtsFit fit, int horizon, double varianceTolerance) {
        int paths = 40_000;
        double[][] sim = fit.simulate(horizon, paths, new RandomSource(2024));
        Forecast f = fit.forecast(horizon);
        for (int h = 0; h < horizon; h++) {
            double mean = 0;
            for (double[] path : sim) {
                mean += path[h] / paths;
            }
            double var = 0;
            for (double[] path : sim) {
                var += (path[h] - mean) * (path[h] - mean) / (paths - 1);
            }
            double sd = f.sd()[h];
            assertEquals(f.mean()[h], mean, 5 * sd / Math.sqrt(paths) + 1e-9 * Math.abs(mean),
                    fit.model() + " mean at step " + (h + 1));
            assertEquals(sd * sd, var, varianceTolerance * sd * sd + 1e-12, fit.model() + " variance at step " + (h + 1));
        }
    }

    @Test
    void dampedClassThreeStartsAtTheOneStepForecast() {
        RReference airline = RReference.load("airline");
        EtsFit fit = atRParameters(airline, airline.ets("MAdM"));
        double[] s = fit.lastState();
        double phi = fit.parameters().phi();
        // l, b, s[0..11]: step 1 reuses s[-11], the last state.
        assertEquals((s[0] + phi * s[1]) * s[13], fit.forecast(1).mean()[0], 1e-9);
    }

    @Test
    void namedModelsAndCodes() {
        assertEquals("ANN", Ets.ses().code());
        assertEquals("ses", Ets.ses().label());
        assertEquals("holt-damped", Ets.holt(true).label());
        assertEquals(Ets.of("MAM"), Ets.holtWinters(Ets.Season.MULTIPLICATIVE));
        assertEquals(Ets.of("ETS(A,Ad,A)"), Ets.holtWinters(Ets.Season.ADDITIVE, true));
        assertEquals("holt-winters-multiplicative-damped", Ets.of("MAdM").label());
        assertEquals("ets(M,N,M)", Ets.of("MNM").label());
        assertEquals("ETS(M,Ad,N)", Ets.of("MAdN").toString());
    }

    @Test
    void unsuitableModelsAndDataAreRefusedWithTheFix() {
        assertMessage(() -> Ets.of("AAM"), "numerically unstable");
        assertMessage(() -> Ets.of("XYZ"), "error A|M");
        double[] y = {5, 6, 7, 6, 5, 6, 7, 6, 5, 6, 7, 6, 5, 6};
        assertMessage(() -> Ets.holtWinters(Ets.Season.ADDITIVE).fit(y, 1), "period of at least 2");
        assertMessage(() -> Ets.holtWinters(Ets.Season.ADDITIVE).fit(y, 52), "above 24");
        assertMessage(() -> Ets.holtWinters(Ets.Season.ADDITIVE).fit(java.util.Arrays.copyOf(y, 8), 4), "needs at least");
        assertMessage(() -> Ets.of("MNN").fit(new double[] {3, 0, 2, 4, 5}, 1), "history[1] is 0.0");
        assertMessage(() -> Ets.ses().fit(new double[] {1, Double.NaN, 2}, 1), "history[1] is NaN");
        assertMessage(() -> Ets.ses().fit(new double[0], 1), "empty");
        assertMessage(() -> Ets.ses().fit(new double[] {1, 2, 3, 4}, 1).forecast(0), "horizon 0");
    }

    @Test
    void aPerfectlyFlatSeriesStillFits() {
        double[] flat = new double[30];
        java.util.Arrays.fill(flat, 7);
        Forecast f = Ets.ses().forecast(flat, 1, 3);
        assertClose(new double[] {7, 7, 7}, f.mean(), 1e-9, "flat SES");
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable call, String fragment) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, call);
        assertTrue(ex.getMessage().contains(fragment), ex.getMessage());
    }

    static void assertClose(double[] expected, double[] actual, double relative, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relative * Math.max(1, Math.abs(expected[i])), what + " [" + i + "]");
        }
    }
}
