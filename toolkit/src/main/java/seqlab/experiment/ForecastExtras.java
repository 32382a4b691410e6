package seqlab.experiment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A forecasting trial's test outputs, series by series: every forecast point with its actual value, origin by origin,
 * its prediction intervals when the forecast is probabilistic, the series' own metrics, and the tail of the series a
 * chart draws them against. The flat accessors ({@link #forecast()}, {@link #actual()}, {@link #errors()},
 * {@link #scaledErrors()}, {@link #aheads()}) list every point of every series in one fixed order (series, then
 * origin, then step), so two trials of one task pair point by point for tests such as Diebold-Mariano.
 *
 * @param baseline whether the forecast was computed by a baseline rather than a trained model
 * @param series   one entry per series of the task, in the task's order
 */
public record ForecastExtras(boolean baseline, List<SeriesForecast> series) implements Extras {

    public ForecastExtras {
        series = List.copyOf(series);
        if (series.isEmpty()) {
            throw new IllegalArgumentException("forecast extras: no series");
        }
    }

    /**
     * One series' test forecasts.
     *
     * @param name            the series, as the task names it ({@code airline:passengers})
     * @param lookback        steps each input window held
     * @param horizon         steps forecast from each origin
     * @param seasonalPeriod  the series' season, which MASE scales by
     * @param origins         the forecast origins (series steps), earliest first
     * @param scales          per origin, the MASE scale: the in-sample seasonal naive MAE of what precedes it
     * @param validationStart the first validation step of the first origin
     * @param steps           the series step of every forecast point, origin by origin
     * @param dates           the date of every forecast point
     * @param forecast        every point forecast (the mean or median of a probabilistic one), on the original scale
     * @param actual          the actual value at every forecast point
     * @param lower80         the lower bound of the 80% prediction interval at every point; empty for a point forecast
     * @param upper80         the upper bound of the 80% interval; empty for a point forecast
     * @param lower95         the lower bound of the 95% interval; empty for a point forecast
     * @param upper95         the upper bound of the 95% interval; empty for a point forecast
     * @param historyStart    the series step where {@code history} starts (one lookback before the first validation
     *                        point)
     * @param historyDates    the date of every {@code history} value
     * @param history         the series from {@code historyStart} to its end
     * @param metrics         this series' test metrics, by the task's metric names
     */
    public record SeriesForecast(String name, int lookback, int horizon, int seasonalPeriod, List<Integer> origins,
                                 List<Double> scales, int validationStart, List<Integer> steps, List<String> dates,
                                 List<Double> forecast, List<Double> actual, List<Double> lower80, List<Double> upper80,
                                 List<Double> lower95, List<Double> upper95, int historyStart, List<String> historyDates,
                                 List<Double> history, Map<String, Double> metrics) {

        public SeriesForecast {
            origins = List.copyOf(origins);
            scales = List.copyOf(scales);
            steps = List.copyOf(steps);
            dates = List.copyOf(dates);
            forecast = List.copyOf(forecast);
            actual = List.copyOf(actual);
            lower80 = lower80 == null ? List.of() : List.copyOf(lower80);
            upper80 = upper80 == null ? List.of() : List.copyOf(upper80);
            lower95 = lower95 == null ? List.of() : List.copyOf(lower95);
            upper95 = upper95 == null ? List.of() : List.copyOf(upper95);
            historyDates = List.copyOf(historyDates);
            history = List.copyOf(history);
            metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
            int n = steps.size();
            if (dates.size() != n || forecast.size() != n || actual.size() != n) {
                throw new IllegalArgumentException("forecast extras of " + name + ": " + n + " steps, " + dates.size()
                        + " dates, " + forecast.size() + " forecasts and " + actual.size() + " actuals; one each per point");
            }
            for (List<Double> bound : List.of(lower80, upper80, lower95, upper95)) {
                if (!bound.isEmpty() && bound.size() != n) {
                    throw new IllegalArgumentException("forecast extras of " + name + ": an interval bound has "
                            + bound.size() + " values for " + n + " points; give one per point or none");
                }
            }
            if (origins.size() != scales.size() || n != origins.size() * horizon) {
                throw new IllegalArgumentException("forecast extras of " + name + ": " + origins.size() + " origins, "
                        + scales.size() + " MASE scales and " + n + " points for horizon " + horizon
                        + "; one scale per origin and one point per origin and step");
            }
            if (historyDates.size() != history.size()) {
                throw new IllegalArgumentException("forecast extras of " + name + ": " + history.size()
                        + " history values but " + historyDates.size() + " dates");
            }
        }

        /** Whether the forecast came with prediction intervals. */
        public boolean probabilistic() {
            return !lower80.isEmpty();
        }

        /** Forecast errors {@code forecast - actual}, point by point. */
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

        /** This series' test metric {@code name}, NaN when it has none. */
        public double metric(String name) {
            Double v = metrics.get(name);
            return v == null ? Double.NaN : v;
        }
    }

    /** The only series; fails naming the series when the task forecast several. */
    public SeriesForecast only() {
        if (series.size() != 1) {
            throw new IllegalStateException("these extras hold " + series.size() + " series ("
                    + series.stream().map(SeriesForecast::name).toList() + "); pick one with series().get(i)");
        }
        return series.get(0);
    }

    /** Every point forecast, series by series. */
    public List<Double> forecast() {
        return flat(SeriesForecast::forecast);
    }

    /** Every actual value, series by series. */
    public List<Double> actual() {
        return flat(SeriesForecast::actual);
    }

    /** Every point's series step, series by series. */
    public List<Integer> steps() {
        return flat(SeriesForecast::steps);
    }

    /** Forecast errors {@code forecast - actual}, point by point (for paired tests such as Diebold-Mariano). */
    public double[] errors() {
        List<Double> f = forecast(), a = actual();
        double[] e = new double[f.size()];
        for (int i = 0; i < e.length; i++) {
            e[i] = f.get(i) - a.get(i);
        }
        return e;
    }

    /**
     * Errors divided by the MASE scale of their origin, so points of series on different scales pool into one test
     * (their mean absolute value per origin is that origin's MASE).
     */
    public double[] scaledErrors() {
        double[] e = errors();
        int i = 0;
        for (SeriesForecast s : series) {
            for (int o = 0; o < s.origins().size(); o++) {
                for (int h = 0; h < s.horizon(); h++, i++) {
                    e[i] /= s.scales().get(o);
                }
            }
        }
        return e;
    }

    /** How many steps ahead each point is (1 .. its series' horizon), series by series. */
    public int[] aheads() {
        List<Integer> out = new ArrayList<>();
        for (SeriesForecast s : series) {
            for (int i = 0; i < s.steps().size(); i++) {
                out.add(i % s.horizon() + 1);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The forecast points' steps as numbers, for charts (one series only). */
    public double[] stepsAsDoubles() {
        return only().stepsAsDoubles();
    }

    /** The horizon (one series only). */
    public int horizon() {
        return only().horizon();
    }

    /** The lookback (one series only). */
    public int lookback() {
        return only().lookback();
    }

    /** The seasonal period (one series only). */
    public int seasonalPeriod() {
        return only().seasonalPeriod();
    }

    /** The forecast origins (one series only). */
    public List<Integer> origins() {
        return only().origins();
    }

    /** The tail of the series the chart draws (one series only). */
    public List<Double> history() {
        return only().history();
    }

    /** Where {@link #history()} starts (one series only). */
    public int historyStart() {
        return only().historyStart();
    }

    private <T> List<T> flat(java.util.function.Function<SeriesForecast, List<T>> part) {
        List<T> out = new ArrayList<>();
        series.forEach(s -> out.addAll(part.apply(s)));
        return out;
    }
}
