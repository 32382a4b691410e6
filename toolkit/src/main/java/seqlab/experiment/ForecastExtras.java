package seqlab.experiment;

import java.util.List;

/**
 * A forecasting trial's test outputs: every forecast point with its actual value, origin by origin, and the tail of
 * the series a chart draws them against.
 *
 * @param baseline       whether the forecast was computed by a baseline rather than a trained model
 * @param lookback       steps each input window held
 * @param horizon        steps forecast from each origin
 * @param seasonalPeriod the series' season, which MASE scales by
 * @param origins        the forecast origins (series steps), earliest first
 * @param validationStart the first validation step of the first origin
 * @param steps          the series step of every forecast point, origin by origin
 * @param dates          the date of every forecast point
 * @param forecast       every forecast value, on the original scale
 * @param actual         the actual value at every forecast point
 * @param historyStart   the series step where {@code history} starts (one lookback before the first validation point)
 * @param history        the series from {@code historyStart} to its end
 */
public record ForecastExtras(boolean baseline, int lookback, int horizon, int seasonalPeriod, List<Integer> origins,
                             int validationStart, List<Integer> steps, List<String> dates, List<Double> forecast,
                             List<Double> actual, int historyStart, List<Double> history) implements Extras {

    public ForecastExtras {
        origins = List.copyOf(origins);
        steps = List.copyOf(steps);
        dates = List.copyOf(dates);
        forecast = List.copyOf(forecast);
        actual = List.copyOf(actual);
        history = List.copyOf(history);
        if (steps.size() != forecast.size() || steps.size() != actual.size() || steps.size() != dates.size()) {
            throw new IllegalArgumentException("forecast extras: " + steps.size() + " steps, " + dates.size()
                    + " dates, " + forecast.size() + " forecasts and " + actual.size() + " actuals; one each per point");
        }
    }

    /** Forecast errors {@code forecast - actual}, point by point (for paired tests such as Diebold-Mariano). */
    public double[] errors() {
        double[] e = new double[steps.size()];
        for (int i = 0; i < e.length; i++) {
            e[i] = forecast.get(i) - actual.get(i);
        }
        return e;
    }

    /** The forecast points' steps as numbers, for charts. */
    public double[] stepsAsDoubles() {
        return steps.stream().mapToDouble(Integer::doubleValue).toArray();
    }
}
