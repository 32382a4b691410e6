package seqlab.forecast;

import java.util.ArrayList;
import java.util.List;

/**
 * A statistical forecasting method: fitted to a history (no training loop, no engine), it gives a
 * {@link Forecast} with point forecasts and prediction intervals.
 *
 * <pre>{@code
 * for (ForecastMethod m : ForecastMethod.standard(12)) {
 *     Forecast f = m.forecast(history, 12, 24);   // 24 steps after the last observed value
 * }
 * }</pre>
 */
public interface ForecastMethod {

    /** Short lower-case name used in tables, e.g. {@code "seasonal-naive"}, {@code "ses"}, {@code "theta"}. */
    String label();

    /**
     * Fits to {@code history} and forecasts the {@code horizon} steps after it.
     *
     * @param history observed values in time order, finite
     * @param period  steps in one season (12 for monthly data with a yearly cycle), 1 for none
     * @param horizon steps to forecast, at least 1
     * @throws IllegalArgumentException when the history is too short or unsuitable (e.g. a multiplicative model on
     *                                  data with zeros), with a message that names the fix
     */
    Forecast forecast(double[] history, int period, int horizon);

    /**
     * The statistical baselines a forecasting comparison reports: naive, seasonal naive (seasonal
     * series only), drift, mean, SES, Holt (damped), Holt-Winters (additive and multiplicative; seasonal series with
     * period at most {@link Ets#MAX_PERIOD}) and Theta. Multiplicative Holt-Winters refuses series with values at
     * or below zero.
     */
    static List<ForecastMethod> standard(int period) {
        List<ForecastMethod> methods = new ArrayList<>();
        methods.add(SimpleMethod.NAIVE);
        if (period > 1) {
            methods.add(SimpleMethod.SEASONAL_NAIVE);
        }
        methods.add(SimpleMethod.DRIFT);
        methods.add(SimpleMethod.MEAN);
        methods.add(Ets.ses());
        methods.add(Ets.holt(true));
        if (period > 1 && period <= Ets.MAX_PERIOD) {
            methods.add(Ets.holtWinters(Ets.Season.ADDITIVE));
            methods.add(Ets.holtWinters(Ets.Season.MULTIPLICATIVE));
        }
        methods.add(new Theta());
        return List.copyOf(methods);
    }
}
