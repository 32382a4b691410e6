package seqlab.data;

import java.time.LocalDate;

/**
 * The calendar step between consecutive points of a regular {@link TimeSeries}. Each point is stamped with the
 * first day of its period (a month is {@code 1958-03-01}, a quarter {@code 1959-04-01}, a year {@code 1700-01-01});
 * weekly and daily points
 * keep their own date.
 */
public enum Frequency {
    DAILY, WEEKLY, MONTHLY, QUARTERLY, YEARLY;

    /** {@code date} moved {@code steps} periods on (back when negative). */
    public LocalDate plus(LocalDate date, long steps) {
        return switch (this) {
            case DAILY -> date.plusDays(steps);
            case WEEKLY -> date.plusWeeks(steps);
            case MONTHLY -> date.plusMonths(steps);
            case QUARTERLY -> date.plusMonths(3 * steps);
            case YEARLY -> date.plusYears(steps);
        };
    }

    /**
     * The season most series at this frequency have, used when none is given: 7 days, 52 weeks (a year is 52.18
     * weeks; the nearest whole lag), 12 months, 4 quarters, and 1 (none) for yearly data.
     */
    public int typicalSeasonalPeriod() {
        return switch (this) {
            case DAILY -> 7;
            case WEEKLY -> 52;
            case MONTHLY -> 12;
            case QUARTERLY -> 4;
            case YEARLY -> 1;
        };
    }

    /** Lower-case name, as in {@code "weekly"}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
