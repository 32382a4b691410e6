package seqlab.forecast;

import seqlab.stats.Stats;

/**
 * The Theta method of Assimakopoulos and Nikolopoulos (2000, "The theta model: a decomposition approach to
 * forecasting", International Journal of Forecasting 16(4)), the best method of the M3 competition, in the form
 * Hyndman and Billah (2003, "Unmasking the Theta method", IJF 19(2)) showed it equals: simple exponential smoothing
 * with drift, the drift being half the slope of a straight line fitted to the series.
 *
 * <p>As in the M3 setup (and R's {@code forecast::thetaf}): a series with period m &gt; 1 and more than 2m values
 * is tested for seasonality at lag m with a 90% two-sided test on its autocorrelation,
 * {@code |r_m| > 1.645 sqrt((1 + 2 sum_{k<m} r_k^2) / n)}; a seasonal series is adjusted by a classical multiplicative
 * decomposition ({@link ClassicalDecomposition}) and the forecasts re-seasonalised with the last season's indices.
 * On the (adjusted) series x of length n, SES (ETS(A,N,N) by maximum likelihood, {@link Ets#ses()}) gives the level
 * and alpha; with b the least-squares slope of x on time, the forecast h steps ahead is
 * {@code SES forecast + (b / 2) ((h - 1) + (1 - (1 - alpha)^n) / alpha)} (Hyndman and Billah, section 3).
 *
 * <p>Intervals are SES's, {@code sd_h = sigma sqrt(1 + (h - 1) alpha^2)} around the Theta forecast; for a seasonal
 * series the interval of the adjusted series is re-seasonalised, so the sd at step h is multiplied by the season's
 * index. R's thetaf adds the unscaled SES sd to the re-seasonalised mean instead; the two agree for non-seasonal
 * series and differ by the seasonal index otherwise.
 */
public record Theta() implements ForecastMethod {

    /** The two-sided 90% critical value of the M3 seasonality test, {@code Φ⁻¹(0.95)}. */
    private static final double SEASONALITY_CRITICAL = Stats.normalQuantile(0.95);

    /**
     * What the method found.
     *
     * @param seasonal      whether the seasonality test decided to adjust the series
     * @param decomposition the multiplicative decomposition used (null when not seasonal)
     * @param ses           SES fitted to the (adjusted) series
     * @param drift         half the least-squares slope of the (adjusted) series, per step
     * @param observations  the series length n
     */
    public record Fit(boolean seasonal, ClassicalDecomposition decomposition, EtsFit ses, double drift,
                      int observations) {

        /** Theta forecasts of {@code horizon} steps with SES-based intervals (see {@link Theta}). */
        public Forecast forecast(int horizon) {
            Forecast base = ses.forecast(horizon);
            double alpha = Math.max(1e-10, ses.parameters().alpha());
            double correction = (1 - Math.pow(1 - alpha, observations)) / alpha;
            double[] mean = base.mean();
            double[] sd = new double[horizon];
            double sigma = Math.sqrt(ses.sigma2());
            for (int h = 1; h <= horizon; h++) {
                mean[h - 1] += drift * ((h - 1) + correction);
                sd[h - 1] = sigma * Math.sqrt(1 + (h - 1) * alpha * alpha);
                if (seasonal) {
                    double index = decomposition.seasonalAhead(h);
                    mean[h - 1] *= index;
                    sd[h - 1] *= index;
                }
            }
            return Forecast.gaussian("theta", mean, sd);
        }
    }

    @Override
    public String label() {
        return "theta";
    }

    @Override
    public Forecast forecast(double[] history, int period, int horizon) {
        return fit(history, period).forecast(horizon);
    }

    /** Tests for seasonality, adjusts, fits SES and the drift. */
    public Fit fit(double[] y, int period) {
        Series.check("theta", y);
        if (period < 1) {
            throw new IllegalArgumentException("theta: seasonal period " + period + " must be at least 1 (1 = none)");
        }
        int n = y.length;
        if (n < 3) {
            throw new IllegalArgumentException("theta: " + n + " values are too few; SES with drift needs at least 3");
        }
        boolean seasonal = period > 1 && n > 2 * period && !constant(y) && seasonalityTest(y, period);
        ClassicalDecomposition decomposition = null;
        double[] x = y;
        if (seasonal) {
            for (double v : y) {
                if (!(v > 0)) {
                    seasonal = false;  // a multiplicative adjustment needs positive data; forecast without it
                    break;
                }
            }
        }
        if (seasonal) {
            decomposition = ClassicalDecomposition.of(y, period, ClassicalDecomposition.Type.MULTIPLICATIVE);
            for (double s : decomposition.figure()) {
                if (Math.abs(s) < 1e-4) {
                    seasonal = false;  // indices near zero would blow the forecasts up; R falls back the same way
                    decomposition = null;
                    break;
                }
            }
            if (seasonal) {
                x = decomposition.adjust(y);
            }
        }
        EtsFit ses = Ets.ses().fit(x, 1);
        double drift = Series.line(x, n, 0)[1] / 2;
        return new Fit(seasonal, decomposition, ses, drift, n);
    }

    /** The M3 test: |r_m| against 1.645 times its standard error under Bartlett's formula. */
    static boolean seasonalityTest(double[] y, int m) {
        int n = y.length;
        double mean = Series.mean(y, 0, n);
        double c0 = 0;
        for (double v : y) {
            c0 += (v - mean) * (v - mean);
        }
        double sumSquares = 0;
        double rm = 0;
        for (int k = 1; k <= m; k++) {
            double ck = 0;
            for (int t = 0; t + k < n; t++) {
                ck += (y[t] - mean) * (y[t + k] - mean);
            }
            double r = ck / c0;
            if (k < m) {
                sumSquares += r * r;
            } else {
                rm = r;
            }
        }
        return Math.abs(rm) / Math.sqrt((1 + 2 * sumSquares) / n) > SEASONALITY_CRITICAL;
    }

    private static boolean constant(double[] y) {
        for (double v : y) {
            if (v != y[0]) {
                return false;
            }
        }
        return true;
    }
}
