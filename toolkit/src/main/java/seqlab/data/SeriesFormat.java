package seqlab.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import tech.tablesaw.api.Table;

/**
 * How to read time series from a CSV/TSV file or a Tablesaw table: which column holds the dates, which the values,
 * and optionally which column tells several series apart (long format, one row per series and date).
 *
 * <pre>{@code
 * TimeSeries sales = TimeSeries.fromCsv(Path.of("sales.csv"), "date", "units");       // one series
 * List<TimeSeries> stores = SeriesFormat.of("date", "units").keyedBy("store")
 *     .missing(MissingPolicy.LINEAR_INTERPOLATION).read(Path.of("stores.csv"));        // one per store
 * List<TimeSeries> weather = SeriesFormat.of("date", "temp_max", "wind").read(table); // aligned columns
 * }</pre>
 *
 * <p>Dates are ISO 8601: {@code yyyy-MM-dd} (a midnight time, {@code 2020-01-31T00:00}, is accepted),
 * {@code yyyy-MM} for months and {@code yyyy} for years; other forms ({@code 03/04/2020} is ambiguous) are refused.
 * Monthly and yearly points are stamped with the first day of their period, so month-end dates work too. Values are
 * numbers with a '.' decimal point; an empty cell, {@code NA}, {@code NaN} or {@code null} is a missing value.
 * Within a series the rows must be in increasing date order without repeats. Missing values and dates absent from
 * the regular grid are handled by {@link #missing()}: {@link MissingPolicy#REJECT} (the default) names the first,
 * {@link MissingPolicy#LINEAR_INTERPOLATION} fills interior gaps and trims the ends (for several value columns, to
 * the span where all are observed, so they stay aligned).
 *
 * @param dateColumn     the column of dates
 * @param valueColumns   the numeric columns to read, each giving one series (per key)
 * @param keyColumn      the column naming the series each row belongs to, or null for a single series per column
 * @param frequency      the calendar step, or null to infer it from the dates (and check it either way)
 * @param seasonalPeriod steps in one season; 0 for the frequency's {@link Frequency#typicalSeasonalPeriod()}
 * @param missing        what to do with missing values and absent dates
 * @param name           the dataset name; null for the file name without extension (or the table's name)
 */
public record SeriesFormat(String dateColumn, List<String> valueColumns, String keyColumn, Frequency frequency,
                           int seasonalPeriod, MissingPolicy missing, String name) {

    public SeriesFormat {
        Objects.requireNonNull(dateColumn, "dateColumn");
        Objects.requireNonNull(missing, "missing");
        valueColumns = List.copyOf(valueColumns);
        if (valueColumns.isEmpty()) {
            throw new IllegalArgumentException("SeriesFormat: no value column given; name the column(s) holding the numbers");
        }
        if (valueColumns.size() != new java.util.HashSet<>(valueColumns).size()) {
            throw new IllegalArgumentException("SeriesFormat: value columns " + valueColumns + " repeat a column; list each once");
        }
        if (valueColumns.contains(dateColumn) || keyColumn != null && (keyColumn.equals(dateColumn)
                || valueColumns.contains(keyColumn))) {
            throw new IllegalArgumentException("SeriesFormat: the date column '" + dateColumn + "', key column "
                    + (keyColumn == null ? "(none)" : "'" + keyColumn + "'") + " and value columns " + valueColumns
                    + " must all be different columns");
        }
        if (seasonalPeriod < 0) {
            throw new IllegalArgumentException("SeriesFormat: seasonal period " + seasonalPeriod
                    + " must be >= 1, or 0 for the frequency's usual one");
        }
    }

    /** Dates in {@code dateColumn}, one series per value column; frequency inferred; missing values rejected. */
    public static SeriesFormat of(String dateColumn, String... valueColumns) {
        return new SeriesFormat(dateColumn, List.of(valueColumns), null, null, 0, MissingPolicy.REJECT, null);
    }

    /** Rows belong to the series named in {@code column} (long format). */
    public SeriesFormat keyedBy(String column) {
        return new SeriesFormat(dateColumn, valueColumns, column, frequency, seasonalPeriod, missing, name);
    }

    /** The calendar step, checked against the dates instead of inferred. */
    public SeriesFormat frequency(Frequency step) {
        return new SeriesFormat(dateColumn, valueColumns, keyColumn, step, seasonalPeriod, missing, name);
    }

    /** Steps in one season (12 for monthly data with a yearly cycle; 1 for none). */
    public SeriesFormat seasonalPeriod(int steps) {
        return new SeriesFormat(dateColumn, valueColumns, keyColumn, frequency, steps, missing, name);
    }

    /** What to do with missing values and absent dates. */
    public SeriesFormat missing(MissingPolicy policy) {
        return new SeriesFormat(dateColumn, valueColumns, keyColumn, frequency, seasonalPeriod, policy, name);
    }

    /** The dataset name the series carry (keyed series get {@code name:key}). */
    public SeriesFormat named(String datasetName) {
        return new SeriesFormat(dateColumn, valueColumns, keyColumn, frequency, seasonalPeriod, missing, datasetName);
    }

    /**
     * Reads every series in the file: for each key (in order of first appearance), one series per value column.
     *
     * @throws DataFileException naming the file, the row and the problem
     */
    public List<TimeSeries> read(Path file) {
        return TableLoader.series(TabularData.read(file), this);
    }

    /** Reads every series in a Tablesaw table (see {@link #read(Path)}). */
    public List<TimeSeries> read(Table table) {
        return TableLoader.series(TabularData.of(table), this);
    }
}
