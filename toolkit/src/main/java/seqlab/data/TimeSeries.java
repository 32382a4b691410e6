package seqlab.data;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One regularly spaced numeric series (one column of a dataset) for forecasting.
 *
 * @param info           provenance of the dataset the column belongs to; its size equals {@code values.length}
 * @param column         the column's name in the data file, e.g. {@code "co2"} or {@code "temp_max"}
 * @param timestamps     one date per value, each exactly one {@code frequency} step after the previous
 * @param values         finite values (missing points were already handled by {@code missingPolicy})
 * @param frequency      calendar step between points
 * @param seasonalPeriod steps in one season, for seasonal-naive forecasts and MASE; 1 when there is no fixed season
 * @param missingPolicy  how missing points were handled when the series was built
 * @param imputed        sorted indices of values that were filled in rather than observed
 */
public record TimeSeries(DatasetInfo info, String column, List<LocalDate> timestamps, double[] values,
                         Frequency frequency, int seasonalPeriod, MissingPolicy missingPolicy, List<Integer> imputed)
        implements Dataset {

    public TimeSeries {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(frequency, "frequency");
        Objects.requireNonNull(missingPolicy, "missingPolicy");
        timestamps = List.copyOf(timestamps);
        values = values.clone();
        imputed = List.copyOf(imputed);
        String what = "TimeSeries " + info.name() + "/" + column;
        if (timestamps.size() != values.length) {
            throw new IllegalArgumentException(what + " has " + timestamps.size() + " timestamps but " + values.length
                    + " values; give one timestamp per value");
        }
        if (info.size() != values.length) {
            throw new IllegalArgumentException(what + ": info says " + info.size() + " points but there are "
                    + values.length + "; build the info with info.withSize(values.length)");
        }
        if (seasonalPeriod < 1) {
            throw new IllegalArgumentException(what + " has seasonal period " + seasonalPeriod + "; use 1 for no season");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(what + " value " + i + " (" + timestamps.get(i) + ") is " + values[i]
                        + "; fill or drop missing values before building a series");
            }
            if (i > 0 && !frequency.plus(timestamps.get(i - 1), 1).equals(timestamps.get(i))) {
                throw new IllegalArgumentException(what + ": " + timestamps.get(i) + " does not follow "
                        + timestamps.get(i - 1) + " by one " + frequency.label() + " step; the series must be regular");
            }
        }
        int last = -1;
        for (int ix : imputed) {
            if (ix <= last || ix >= values.length) {
                throw new IllegalArgumentException(what + ": imputed indices " + imputed
                        + " must be increasing and below " + values.length);
            }
            last = ix;
        }
    }

    /** Wraps in-memory values observed at {@code start}, {@code start + 1 step}, ... with nothing imputed. */
    public static TimeSeries of(String name, LocalDate start, Frequency frequency, int seasonalPeriod, double... values) {
        LocalDate[] ts = new LocalDate[values.length];
        for (int i = 0; i < values.length; i++) {
            ts[i] = frequency.plus(start, i);
        }
        return new TimeSeries(new DatasetInfo(name, DatasetInfo.FORECASTING, values.length, "unknown", "in memory", ""),
                "value", List.of(ts), values, frequency, seasonalPeriod, MissingPolicy.REJECT, List.of());
    }

    /**
     * Reads one series from a CSV or TSV file with a header row, e.g.
     * {@code TimeSeries.fromCsv(Path.of("sales.csv"), "date", "units")}: the frequency is inferred from the dates, the
     * seasonal period is the frequency's usual one, and a missing value is an error. {@link SeriesFormat} reads several
     * series (keyed by a column, or several value columns) and takes the other options.
     *
     * @throws DataFileException naming the file, the row and the problem (missing column, unparsable date or number,
     *                           repeated or unsorted dates, gaps, bytes that are not UTF-8, a missing or empty file)
     */
    public static TimeSeries fromCsv(java.nio.file.Path file, String dateColumn, String valueColumn) {
        return SeriesFormat.of(dateColumn, valueColumn).read(file).get(0);
    }

    /** Reads one series from a Tablesaw table (see {@link #fromCsv}). */
    public static TimeSeries from(tech.tablesaw.api.Table table, String dateColumn, String valueColumn) {
        return SeriesFormat.of(dateColumn, valueColumn).read(table).get(0);
    }

    /**
     * The last {@code n} points (all of them when the series is no longer), with their dates and imputed positions;
     * the provenance is kept, its size updated.
     */
    public TimeSeries tail(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("TimeSeries " + info.name() + "/" + column + ": tail(" + n
                    + ") must keep at least 1 point");
        }
        return slice(Math.max(0, values.length - n), values.length);
    }

    /** Points {@code [from, to)}, with their dates and imputed positions; the provenance is kept, its size updated. */
    public TimeSeries slice(int from, int to) {
        if (from < 0 || to > values.length || from >= to) {
            throw new IllegalArgumentException("TimeSeries " + info.name() + "/" + column + ": slice [" + from + ", "
                    + to + ") is not a non-empty range of its " + values.length + " points");
        }
        if (from == 0 && to == values.length) {
            return this;
        }
        List<Integer> shifted = imputed.stream().filter(i -> i >= from && i < to).map(i -> i - from).toList();
        return new TimeSeries(info.withSize(to - from), column, timestamps.subList(from, to),
                Arrays.copyOfRange(values, from, to), frequency, seasonalPeriod, missingPolicy, shifted);
    }

    /** A copy of the values. */
    @Override
    public double[] values() {
        return values.clone();
    }

    public double value(int index) {
        return values[index];
    }

    @Override
    public int size() {
        return values.length;
    }

    /**
     * Over what a forecast depends on: the frequency and seasonal period, every date and every value's exact bits
     * (not the column's or the dataset's name).
     */
    @Override
    public String contentHash() {
        ContentHash h = new ContentHash("time-series").add(frequency.name()).add(seasonalPeriod).add(values.length);
        for (int i = 0; i < values.length; i++) {
            h.add(timestamps.get(i).toString()).add(values[i]);
        }
        return h.hex();
    }

    public LocalDate start() {
        return timestamps.isEmpty() ? null : timestamps.get(0);
    }

    public LocalDate end() {
        return timestamps.isEmpty() ? null : timestamps.get(timestamps.size() - 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeSeries t && info.equals(t.info) && column.equals(t.column)
                && timestamps.equals(t.timestamps) && Arrays.equals(values, t.values) && frequency == t.frequency
                && seasonalPeriod == t.seasonalPeriod && missingPolicy == t.missingPolicy && imputed.equals(t.imputed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(info, column, timestamps, Arrays.hashCode(values), frequency, seasonalPeriod, missingPolicy, imputed);
    }

    @Override
    public String toString() {
        return "TimeSeries[" + info.name() + "/" + column + ": " + values.length + " " + frequency.label() + " points"
                + (values.length == 0 ? "" : " " + start() + ".." + end()) + ", seasonal period " + seasonalPeriod
                + ", " + imputed.size() + " imputed; " + info.licence() + "]";
    }
}
