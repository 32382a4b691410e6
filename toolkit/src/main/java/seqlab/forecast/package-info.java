/**
 * Statistical forecasting baselines with prediction intervals, fitted in milliseconds without an engine: the
 * yardsticks a neural forecaster must beat.
 *
 * <ul>
 *   <li>{@link seqlab.forecast.SimpleMethod}: naive, seasonal naive, drift and mean (Hyndman and Athanasopoulos,
 *       "Forecasting: principles and practice", 3rd ed., sections 5.2 and 5.5).</li>
 *   <li>{@link seqlab.forecast.Ets}: exponential smoothing state-space models fitted by maximum likelihood: simple
 *       exponential smoothing, Holt's linear trend (optionally damped), Holt-Winters with additive or multiplicative
 *       seasonality, and the rest of the ETS(A|M, N|A|Ad, N|A|M) family (Hyndman, Koehler, Ord and Snyder 2008).</li>
 *   <li>{@link seqlab.forecast.Theta}: the Theta method as in the M3 competition (Assimakopoulos and Nikolopoulos
 *       2000; Hyndman and Billah 2003).</li>
 *   <li>{@link seqlab.forecast.ClassicalDecomposition}: seasonal decomposition by moving averages.</li>
 * </ul>
 *
 * <p>Each is a {@link seqlab.forecast.ForecastMethod}; {@code forecast(history, period, horizon)} returns a
 * {@link seqlab.forecast.Forecast}: point forecasts and a Gaussian (Student-t for the mean method) predictive
 * distribution per step, from which {@link seqlab.forecast.PredictionInterval}s and quantiles follow, ready for
 * {@link seqlab.metric.ProbabilisticMetrics}.
 *
 * <pre>{@code
 * double[] history = Datasets.airline().values();
 * Forecast hw = Ets.holtWinters(Ets.Season.MULTIPLICATIVE).forecast(history, 12, 24);
 * hw.mean();                        // 24 point forecasts
 * hw.interval(0.95);                // 95% prediction interval per step
 * Theta.Fit theta = new Theta().fit(history, 12);
 * theta.seasonal();                 // true: the M3 seasonality test found the yearly cycle
 * }</pre>
 *
 * <p>Every method is tested against R's forecast package 8.20 (the reference implementation of these methods) on
 * the fpp2 {@code oildata} and {@code austourists} series and the shipped airline, Nile and electrical-equipment
 * series: point forecasts and intervals agree to about 1e-10 at R's estimates, and fits reach at least R's
 * likelihood. Where R's own intervals are wrong (ETS(A,N,A), ETS(M,N,A), ETS(M,Ad,M)) the analytic variances
 * are checked against simulation instead; see {@link seqlab.forecast.Ets} and {@link seqlab.forecast.Theta} for
 * what differs from R and why.
 */
package seqlab.forecast;
