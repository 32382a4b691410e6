package seqlab.data;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;

/**
 * Cyclical calendar features: each {@link Cycle} becomes two columns, {@code sin(2 pi p)} and {@code cos(2 pi p)},
 * where {@code p} in [0, 1) is the position in the cycle. The pair puts December next to January and Sunday next to
 * Monday, which a plain month number does not; the two columns together identify the position uniquely.
 *
 * <p>Positions: month {@code (month - 1) / 12}; day of week {@code (ISO day - 1) / 7} (Monday = 0); day of month
 * {@code (day - 1) / length of that month}; day of year {@code (day - 1) / length of that year}; hour
 * {@code hour / 24} (needs date-times).
 */
public final class CalendarFeatures {
    private CalendarFeatures() {
    }

    /** A calendar cycle. */
    public enum Cycle {
        MONTH_OF_YEAR("month"),
        DAY_OF_WEEK("weekday"),
        DAY_OF_MONTH("monthday"),
        DAY_OF_YEAR("yearday"),
        HOUR_OF_DAY("hour");

        private final String label;

        Cycle(String label) {
            this.label = label;
        }

        /** Position in [0, 1) of {@code t} in this cycle. */
        public double position(TemporalAccessor t) {
            if (this == HOUR_OF_DAY && !t.isSupported(ChronoField.HOUR_OF_DAY)) {
                throw new IllegalArgumentException("CalendarFeatures: HOUR_OF_DAY needs date-times (LocalDateTime), got "
                        + t + "; drop the hour feature for daily or coarser data");
            }
            if (this != HOUR_OF_DAY && !t.isSupported(ChronoField.EPOCH_DAY)) {
                throw new IllegalArgumentException("CalendarFeatures: " + this + " needs dates, got " + t);
            }
            return switch (this) {
                case MONTH_OF_YEAR -> (t.get(ChronoField.MONTH_OF_YEAR) - 1) / 12.0;
                case DAY_OF_WEEK -> (DayOfWeek.from(t).getValue() - 1) / 7.0;
                case DAY_OF_MONTH -> (t.get(ChronoField.DAY_OF_MONTH) - 1) / (double) LocalDate.from(t).lengthOfMonth();
                case DAY_OF_YEAR -> (t.get(ChronoField.DAY_OF_YEAR) - 1) / (double) LocalDate.from(t).lengthOfYear();
                case HOUR_OF_DAY -> t.get(ChronoField.HOUR_OF_DAY) / 24.0;
            };
        }
    }

    /**
     * {@code [time][2 * cycles.length]}: for each cycle in the order given, its sin then its cos column.
     *
     * @param dates {@link LocalDate}s, or {@code LocalDateTime}s for {@link Cycle#HOUR_OF_DAY}
     */
    public static double[][] of(List<? extends TemporalAccessor> dates, Cycle... cycles) {
        if (cycles.length == 0) {
            throw new IllegalArgumentException("CalendarFeatures: name at least one cycle, e.g. Cycle.MONTH_OF_YEAR");
        }
        double[][] out = new double[dates.size()][2 * cycles.length];
        for (int t = 0; t < dates.size(); t++) {
            for (int c = 0; c < cycles.length; c++) {
                double angle = 2 * Math.PI * cycles[c].position(dates.get(t));
                out[t][2 * c] = Math.sin(angle);
                out[t][2 * c + 1] = Math.cos(angle);
            }
        }
        return out;
    }

    /** Column names matching {@link #of}: {@code month_sin, month_cos, ...}. */
    public static List<String> names(Cycle... cycles) {
        List<String> out = new ArrayList<>();
        for (Cycle c : cycles) {
            out.add(c.label + "_sin");
            out.add(c.label + "_cos");
        }
        return List.copyOf(out);
    }

    /**
     * Input features for {@link SeriesWindows}: the (scaled) series in column 0, then the calendar columns.
     *
     * @param series   one value per step
     * @param calendar {@code [time][k]} from {@link #of}, as many rows as the series
     */
    public static double[][] withSeries(double[] series, double[][] calendar) {
        if (calendar.length != series.length) {
            throw new IllegalArgumentException("CalendarFeatures: " + calendar.length + " calendar rows for a series of "
                    + series.length + " values; compute them from the series' own dates");
        }
        double[][] out = new double[series.length][];
        for (int t = 0; t < series.length; t++) {
            out[t] = new double[calendar[t].length + 1];
            out[t][0] = series[t];
            System.arraycopy(calendar[t], 0, out[t], 1, calendar[t].length);
        }
        return out;
    }
}
