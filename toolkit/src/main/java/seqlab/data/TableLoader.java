package seqlab.data;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Builds the dataset types from {@link TabularData}, checking every cell: the work behind the fromCsv loaders. */
final class TableLoader {

    /** Cells read as a missing value: empty, and the spellings R, pandas and SQL exports use. */
    private static final Set<String> MISSING = Set.of("", "NA", "NaN", "nan", "null", "NULL");

    private TableLoader() {
    }

    // ------------------------------------------------------------------ classification

    static TextDataset text(TabularData d, String textColumn, String labelColumn) {
        int text = d.column(textColumn, "text");
        int label = d.column(labelColumn, "label");
        if (text == label) {
            throw d.error("the text and label columns are both '" + textColumn + "'; choose two different columns");
        }
        List<LabeledText> rows = new ArrayList<>(d.rows().size());
        Set<String> labels = new TreeSet<>();
        for (int i = 0; i < d.rows().size(); i++) {
            String[] cells = d.rows().get(i);
            if (cells[text].isBlank()) {
                throw d.error(i, "the text column '" + textColumn + "' is empty; remove the row or fill in its text");
            }
            String l = cells[label].strip();
            if (l.isEmpty()) {
                throw d.error(i, "the label column '" + labelColumn + "' is empty; every row needs a label");
            }
            rows.add(new LabeledText(cells[text], l));
            labels.add(l);
        }
        if (labels.size() < 2) {
            throw d.error("the label column '" + labelColumn + "' holds a single class, '" + labels.iterator().next()
                    + "', in all " + rows.size() + " rows; classification needs at least two classes");
        }
        return new TextDataset(d.info(DatasetInfo.CLASSIFICATION, rows.size(), d.name()), rows, List.copyOf(labels));
    }

    // ------------------------------------------------------------------ translation

    static ParallelCorpus pairs(TabularData d, String sourceColumn, String targetColumn) {
        int source = d.column(sourceColumn, "source");
        int target = d.column(targetColumn, "target");
        if (source == target) {
            throw d.error("the source and target columns are both '" + sourceColumn + "'; choose two different columns");
        }
        List<SentencePair> pairs = new ArrayList<>(d.rows().size());
        for (int i = 0; i < d.rows().size(); i++) {
            String[] cells = d.rows().get(i);
            for (int c : new int[] {source, target}) {
                if (cells[c].isBlank()) {
                    throw d.error(i, "the " + (c == source ? "source" : "target") + " column '" + d.header().get(c)
                            + "' is empty; every pair needs both sentences");
                }
            }
            pairs.add(new SentencePair(cells[source].strip(), cells[target].strip()));
        }
        return new ParallelCorpus(d.info(DatasetInfo.TRANSLATION, pairs.size(), d.name()), sourceColumn, targetColumn, pairs);
    }

    // ------------------------------------------------------------------ forecasting

    /** How a date was written: the form decides the frequency of yyyy and yyyy-MM columns. */
    private enum Written { DAY, MONTH, QUARTER, YEAR }

    private record Stamp(LocalDate date, Written written) {
    }

    static List<TimeSeries> series(TabularData d, SeriesFormat f) {
        int date = d.column(f.dateColumn(), "date");
        int key = f.keyColumn() == null ? -1 : d.column(f.keyColumn(), "key");
        int[] value = new int[f.valueColumns().size()];
        for (int c = 0; c < value.length; c++) {
            value[c] = d.column(f.valueColumns().get(c), "value");
        }
        int n = d.rows().size();
        Stamp[] stamps = new Stamp[n];
        double[][] values = new double[n][value.length];
        Map<String, List<Integer>> byKey = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String[] cells = d.rows().get(i);
            String k = key < 0 ? "" : cells[key].strip();
            if (key >= 0 && k.isEmpty()) {
                throw d.error(i, "the key column '" + f.keyColumn() + "' is empty; every row needs the name of its series");
            }
            stamps[i] = parseDate(d, i, f.dateColumn(), cells[date]);
            for (int c = 0; c < value.length; c++) {
                values[i][c] = parseNumber(d, i, f.valueColumns().get(c), cells[value[c]]);
            }
            byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<String, List<Integer>> e : byKey.entrySet()) {
            checkOrder(d, e.getValue(), stamps, e.getKey());
        }
        Frequency frequency = f.frequency() != null ? f.frequency() : infer(d, byKey, stamps);
        int period = f.seasonalPeriod() > 0 ? f.seasonalPeriod() : frequency.typicalSeasonalPeriod();
        String base = f.name() != null ? f.name() : d.name();
        List<TimeSeries> out = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : byKey.entrySet()) {
            String name = key < 0 ? base : base + ":" + e.getKey();
            out.addAll(build(d, f, e.getValue(), stamps, values, frequency, period, name, e.getKey()));
        }
        return List.copyOf(out);
    }

    private static Stamp parseDate(TabularData d, int i, String column, String raw) {
        String cell = raw.strip();
        try {
            if (cell.matches("\\d{4}(\\.0)?")) {
                return new Stamp(LocalDate.of(Integer.parseInt(cell.substring(0, 4)), 1, 1), Written.YEAR);
            }
            if (cell.matches("\\d{4}-?Q[1-4]")) {
                int quarter = cell.charAt(cell.length() - 1) - '0';
                return new Stamp(LocalDate.of(Integer.parseInt(cell.substring(0, 4)), 3 * quarter - 2, 1), Written.QUARTER);
            }
            if (cell.matches("\\d{4}-\\d{2}")) {
                return new Stamp(YearMonth.parse(cell).atDay(1), Written.MONTH);
            }
            if (cell.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return new Stamp(LocalDate.parse(cell), Written.DAY);
            }
            if (cell.matches("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?")) {
                LocalDateTime t = LocalDateTime.parse(cell.replace(' ', 'T'));
                if (!t.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)) {
                    throw d.error(i, "the date '" + cell + "' in column '" + column + "' has a time of day; series here"
                            + " are daily or coarser, so aggregate to one row per day first");
                }
                return new Stamp(t.toLocalDate(), Written.DAY);
            }
        } catch (DateTimeParseException ex) {
            throw d.error(i, "the date '" + cell + "' in column '" + column + "' does not exist ("
                    + ex.getMessage().replaceAll(".*: ", "") + ")");
        }
        throw d.error(i, (cell.isEmpty() ? "the date column '" + column + "' is empty"
                : "the date '" + cell + "' in column '" + column + "' is not in a form read here")
                + "; write dates as yyyy-MM-dd, months as yyyy-MM, quarters as yyyy-Qn and years as yyyy (ISO 8601)");
    }

    private static double parseNumber(TabularData d, int i, String column, String raw) {
        String cell = raw.strip();
        if (MISSING.contains(cell)) {
            return Double.NaN;
        }
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException ex) {
            throw d.error(i, "column '" + column + "' holds '" + cell + "', which is not a number; write numbers with a"
                    + " '.' decimal point and no thousands separators, or leave the cell empty for a missing value");
        }
        if (!Double.isFinite(v) || cell.startsWith("0x") || cell.startsWith("-0x")) {
            throw d.error(i, "column '" + column + "' holds '" + cell + "', which is not a finite decimal number;"
                    + " leave the cell empty for a missing value");
        }
        return v;
    }

    /** Dates of one series must increase strictly, row after row. */
    private static void checkOrder(TabularData d, List<Integer> rows, Stamp[] stamps, String key) {
        String which = key.isEmpty() ? "" : " of series '" + key + "'";
        for (int j = 1; j < rows.size(); j++) {
            int prev = rows.get(j - 1);
            int cur = rows.get(j);
            LocalDate a = stamps[prev].date();
            LocalDate b = stamps[cur].date();
            if (b.equals(a)) {
                throw d.error(cur, "the date " + b + which + " repeats row " + d.rowNumbers().get(prev)
                        + "; keep one row per date");
            }
            if (b.isBefore(a)) {
                throw d.error(cur, "the date " + b + which + " comes before " + a + " on row " + d.rowNumbers().get(prev)
                        + "; sort the rows by date");
            }
        }
    }

    /**
     * The calendar step the dates follow: yearly when every date of a series has the same month and day, monthly when
     * they share the day of the month (or are all month ends), weekly when they are whole weeks apart, daily when some
     * are one day apart.
     */
    private static Frequency infer(TabularData d, Map<String, List<Integer>> byKey, Stamp[] stamps) {
        boolean allYear = true;
        boolean allMonth = true;
        boolean allQuarter = true;
        for (Stamp s : stamps) {
            allYear &= s.written() == Written.YEAR;
            allMonth &= s.written() == Written.MONTH;
            allQuarter &= s.written() == Written.QUARTER;
        }
        if (allYear) {
            return Frequency.YEARLY;
        }
        if (allQuarter) {
            return Frequency.QUARTERLY;
        }
        if (allMonth) {
            return quarterlyOrMonthly(byKey, stamps);
        }
        boolean yearly = true;
        boolean monthly = true;
        boolean weekly = true;
        long smallest = Long.MAX_VALUE;
        int pairs = 0;
        for (List<Integer> rows : byKey.values()) {
            LocalDate first = stamps[rows.get(0)].date();
            boolean monthEnds = true;
            for (int j = 0; j < rows.size(); j++) {
                LocalDate t = stamps[rows.get(j)].date();
                yearly &= t.getMonthValue() == first.getMonthValue() && t.getDayOfMonth() == first.getDayOfMonth();
                monthly &= t.getDayOfMonth() == first.getDayOfMonth();
                monthEnds &= t.getDayOfMonth() == t.lengthOfMonth();
                if (j > 0) {
                    long days = ChronoUnit.DAYS.between(stamps[rows.get(j - 1)].date(), t);
                    weekly &= days % 7 == 0;
                    smallest = Math.min(smallest, days);
                    pairs++;
                }
            }
            monthly |= monthEnds;
        }
        if (pairs == 0) {
            throw d.error("every series has a single date, so the frequency cannot be inferred and nothing can be"
                    + " forecast; a series needs at least two dates");
        }
        if (yearly) {
            return Frequency.YEARLY;
        }
        if (monthly) {
            return quarterlyOrMonthly(byKey, stamps);
        }
        if (weekly) {
            return Frequency.WEEKLY;
        }
        if (smallest == 1) {
            return Frequency.DAILY;
        }
        throw d.error("the dates are at least " + smallest + " days apart, which fits none of daily, weekly, monthly,"
                + " quarterly or yearly; give the frequency (SeriesFormat.frequency) if it is daily with gaps");
    }

    /** Month-aligned dates are quarterly when every series steps by whole quarters, and some step is one quarter. */
    private static Frequency quarterlyOrMonthly(Map<String, List<Integer>> byKey, Stamp[] stamps) {
        boolean quarters = true;
        long smallest = Long.MAX_VALUE;
        for (List<Integer> rows : byKey.values()) {
            for (int j = 1; j < rows.size(); j++) {
                long months = ChronoUnit.MONTHS.between(YearMonth.from(stamps[rows.get(j - 1)].date()),
                        YearMonth.from(stamps[rows.get(j)].date()));
                quarters &= months % 3 == 0;
                smallest = Math.min(smallest, months);
            }
        }
        return quarters && smallest == 3 ? Frequency.QUARTERLY : Frequency.MONTHLY;
    }

    private static List<TimeSeries> build(TabularData d, SeriesFormat f, List<Integer> rows, Stamp[] stamps,
                                          double[][] values, Frequency frequency, int period, String name, String key) {
        String which = key.isEmpty() ? "" : " of series '" + key + "'";
        // Lay the rows on the regular grid from the first date; dates the file lacks become missing points.
        List<LocalDate> grid = new ArrayList<>();
        List<Integer> rowAt = new ArrayList<>();  // data-row index at each grid point, or -1 where no row exists
        LocalDate origin = null;
        for (int r : rows) {
            LocalDate t = onPeriod(stamps[r].date(), frequency);
            if (origin == null) {
                origin = t;
            } else {
                LocalDate prev = grid.get(grid.size() - 1);
                if (!t.isAfter(prev)) {
                    throw d.error(r, "the date " + stamps[r].date() + which + " falls in the same " + frequency.label()
                            + " period as row " + d.rowNumbers().get(rowAt.get(rowAt.size() - 1)) + " (" + prev
                            + "); keep one row per period, or give a finer frequency");
                }
                LocalDate next = frequency.plus(prev, 1);
                while (next.isBefore(t)) {
                    grid.add(next);
                    rowAt.add(-1);
                    next = frequency.plus(next, 1);
                }
                if (!next.equals(t)) {
                    throw d.error(r, "the date " + stamps[r].date() + which + " is off the " + frequency.label()
                            + " grid that starts at " + origin + " (the nearest grid dates are " + frequency.plus(next, -1)
                            + " and " + next + ")");
                }
            }
            grid.add(t);
            rowAt.add(r);
        }
        int m = f.valueColumns().size();
        int size = grid.size();
        double[][] raw = new double[m][size];
        for (int g = 0; g < size; g++) {
            for (int c = 0; c < m; c++) {
                raw[c][g] = rowAt.get(g) < 0 ? Double.NaN : values[rowAt.get(g)][c];
            }
        }
        if (f.missing() == MissingPolicy.REJECT) {
            rejectMissing(d, f, frequency, grid, rowAt, raw, which);
        }
        // Trim to the span where every column is observed at both ends, so multivariate series stay aligned.
        int from = 0;
        int to = size;
        for (int c = 0; c < m; c++) {
            int first = 0;
            while (first < size && Double.isNaN(raw[c][first])) {
                first++;
            }
            int last = size - 1;
            while (last >= 0 && Double.isNaN(raw[c][last])) {
                last--;
            }
            if (first > last) {
                throw d.error("column '" + f.valueColumns().get(c) + "'" + which + " has no values at all");
            }
            from = Math.max(from, first);
            to = Math.min(to, last + 1);
        }
        if (to - from < 2) {
            throw d.error("series" + which + " has " + Math.max(0, to - from) + " observed point(s) where all value"
                    + " columns are observed; a series needs at least two");
        }
        List<LocalDate> span = List.copyOf(grid.subList(from, to));
        List<TimeSeries> out = new ArrayList<>(m);
        for (int c = 0; c < m; c++) {
            MissingPolicy.Filled filled = MissingPolicy.interpolate(raw[c], from, to);
            DatasetInfo info = d.info(DatasetInfo.FORECASTING, span.size(), name);
            out.add(new TimeSeries(info, f.valueColumns().get(c), span, filled.values(), frequency, period, f.missing(),
                    filled.imputed()));
        }
        return out;
    }

    private static void rejectMissing(TabularData d, SeriesFormat f, Frequency frequency, List<LocalDate> grid,
                                      List<Integer> rowAt, double[][] raw, String which) {
        int count = 0;
        String first = null;
        int firstRow = 0;
        for (int g = 0; g < grid.size(); g++) {
            for (int c = 0; c < raw.length; c++) {
                if (!Double.isNaN(raw[c][g])) {
                    continue;
                }
                count++;
                if (first == null) {
                    if (rowAt.get(g) < 0) {
                        int before = d.rowNumbers().get(rowAt.get(g - 1));
                        first = "there is no row for " + grid.get(g) + which + " (after row " + before + ")";
                        firstRow = before;
                    } else {
                        first = "column '" + f.valueColumns().get(c) + "'" + which + " is missing on "
                                + grid.get(g);
                        firstRow = d.rowNumbers().get(rowAt.get(g));
                    }
                }
                if (rowAt.get(g) < 0) {
                    break;  // an absent row counts once, not once per column
                }
            }
        }
        if (first != null) {
            throw new DataFileException(d.source(), firstRow, d.where() + " row " + firstRow + ": " + first + "; "
                    + count + " missing point(s) in all on the " + frequency.label() + " grid, and the missing-value"
                    + " policy is REJECT. Fill them in, or load with"
                    + " MissingPolicy.LINEAR_INTERPOLATION to interpolate interior gaps and trim the ends");
        }
    }

    /** The first day of the period a date falls in: months and years are stamped with their first day. */
    private static LocalDate onPeriod(LocalDate t, Frequency frequency) {
        return switch (frequency) {
            case MONTHLY -> t.withDayOfMonth(1);
            case QUARTERLY -> LocalDate.of(t.getYear(), (t.getMonthValue() - 1) / 3 * 3 + 1, 1);
            case YEARLY -> t.withDayOfYear(1);
            case DAILY, WEEKLY -> t;
        };
    }
}
