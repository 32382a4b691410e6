package seqlab.data;

import java.time.LocalDate;

/**
 * The calendar step between consecutive points of a regular {@link TimeSeries}. Each point is stamped with the
 * first day of its period (a month is {@code 1958-03-01}, a year {@code 1700-01-01}); weekly and daily points
 * keep their own date.
 */
public enum Frequency {
    DAILY, WEEKLY, MONTHLY, YEARLY;

    /** {@code date} moved {@code steps} periods on (back when negative). */
    public LocalDate plus(LocalDate date, long steps) {
        return switch (this) {
            case DAILY -> date.plusDays(steps);
            case WEEKLY -> date.plusWeeks(steps);
            case MONTHLY -> date.plusMonths(steps);
            case YEARLY -> date.plusYears(steps);
        };
    }

    /** Lower-case name, as in {@code "weekly"}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
