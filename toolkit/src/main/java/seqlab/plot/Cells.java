package seqlab.plot;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.NumberColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * How a table cell reads, shared by the HTML report, the terminal tables, the notebook kernel and Tablesaw's own
 * printing, so all show the same numbers: integers plain; other numbers to four significant digits (enough to compare
 * models whose scores differ in the third digit, short enough to scan a column), with one number of decimals per
 * column so the decimal points line up (0.7833 above 0.8000, not above 0.8), but no more than give the column's
 * largest value five significant digits; missing values blank. A column with tiny
 * values (p-values below 0.001) shows each in scientific notation instead.
 */
public final class Cells {
    private static final MathContext FOUR = new MathContext(4, RoundingMode.HALF_EVEN);
    /** More decimals than this means the value needs scientific notation to show four significant digits. */
    private static final int MAX_DECIMALS = 6;

    private Cells() {
    }

    /** Whether the column holds numbers (right-aligned in every rendering). */
    public static boolean numeric(Column<?> c) {
        ColumnType t = c.type();
        return t == ColumnType.DOUBLE || t == ColumnType.FLOAT || t == ColumnType.INTEGER || t == ColumnType.LONG
                || t == ColumnType.SHORT;
    }

    private static boolean floating(Column<?> c) {
        return c.type() == ColumnType.DOUBLE || c.type() == ColumnType.FLOAT;
    }

    /** The text of one cell; "" for a missing value. */
    public static String text(Table table, int column, int row) {
        return formatter(table.column(column)).apply(row);
    }

    /** The text of each cell of {@code column} by row, the column's number of decimals worked out once. */
    public static IntFunction<String> formatter(Column<?> column) {
        if (floating(column)) {
            NumberColumn<?, ?> n = (NumberColumn<?, ?>) column;
            int decimals = decimals(n);
            return r -> n.isMissing(r) ? "" : format(n.getDouble(r), decimals);
        }
        return r -> {
            if (column.isMissing(r)) {
                return "";
            }
            Object v = column.get(r);
            return v == null ? "" : v.toString();
        };
    }

    /**
     * The indices of the columns that have at least one value, in order: a column empty in every row (the standard
     * deviation and interval of a one-seed run) says nothing, so renderings leave it out and name it in a note.
     */
    public static List<Integer> shownColumns(Table table) {
        List<Integer> shown = new ArrayList<>();
        for (int c = 0; c < table.columnCount(); c++) {
            if (table.rowCount() == 0 || table.column(c).countMissing() < table.rowCount()) {
                shown.add(c);
            }
        }
        return shown;
    }

    /** The names of the columns {@link #shownColumns} leaves out. */
    public static List<String> emptyColumns(Table table) {
        List<Integer> shown = shownColumns(table);
        List<String> empty = new ArrayList<>();
        for (int c = 0; c < table.columnCount(); c++) {
            if (!shown.contains(c)) {
                empty.add(table.column(c).name());
            }
        }
        return empty;
    }

    /**
     * Sets every floating-point column's print format to these rules, so Tablesaw's own printing (JShell showing a
     * table, {@code table.print()}) reads like seqlab's renderings; the values themselves and the CSV files keep every
     * digit. Returns the table.
     */
    public static Table roundForPrinting(Table table) {
        for (Column<?> c : table.columns()) {
            if (floating(c)) {
                int decimals = decimals((NumberColumn<?, ?>) c);
                ((NumberColumn<?, ?>) c).setPrintFormatter(new Rounded(decimals), "");
            }
        }
        return table;
    }

    /**
     * How many decimals the column needs to show each finite value to four significant digits (trailing zeros
     * dropped), or -1 when one of them needs scientific notation (below 0.001 or from 1e15).
     */
    static int decimals(NumberColumn<?, ?> c) {
        int d = 0;
        double largest = 0;
        for (int r = 0; r < c.size(); r++) {
            if (c.isMissing(r)) {
                continue;
            }
            double v = c.getDouble(r);
            if (!Double.isFinite(v) || v == Math.rint(v) && Math.abs(v) < 1e15) {
                continue;
            }
            double a = Math.abs(v);
            if (a < 1e-3 || a >= 1e15) {
                return -1;
            }
            if (a >= 1000) {
                continue;
            }
            largest = Math.max(largest, a);
            int scale = Math.max(0, new BigDecimal(v).round(FOUR).stripTrailingZeros().scale());
            d = Math.max(d, Math.min(scale, MAX_DECIMALS));
        }
        // but not more decimals than give the column's largest value five significant digits: seconds of 28.64 and
        // 0.4726 read as 28.640 and 0.473, not 28.6402
        if (largest > 0) {
            d = Math.min(d, Math.max(0, 4 - (int) Math.floor(Math.log10(largest))));
        }
        return d;
    }

    /** {@code v} with {@code decimals} decimals, or by {@link #number} when the column has none fixed (-1). */
    static String format(double v, int decimals) {
        if (decimals < 0 || !Double.isFinite(v)) {
            return number(v);
        }
        if (Math.abs(v) >= 1e15) {
            return number(v);
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /**
     * A floating-point number for people: integral values without a fraction, magnitudes from 0.001 to 9999 to
     * four significant digits, larger ones rounded to a whole number (a throughput of 15234.6 tokens/s reads
     * better as 15235 than as 1.523e+04), tiny ones in scientific notation.
     */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        double a = Math.abs(v);
        if (v == Math.rint(v) && a < 1e15) {
            return Long.toString((long) v);
        }
        if (a >= 1e15) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        if (a >= 1000) {
            return Long.toString(Math.round(v));
        }
        if (a < 1e-3) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return new BigDecimal(v).round(FOUR).stripTrailingZeros().toPlainString();
    }

    /** The print format Tablesaw uses for a column after {@link #roundForPrinting}. */
    private static final class Rounded extends NumberFormat {
        private static final long serialVersionUID = 1L;
        private final int decimals;

        Rounded(int decimals) {
            this.decimals = decimals;
        }

        @Override
        public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(Cells.format(number, decimals));
        }

        @Override
        public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(number);
        }

        @Override
        public Number parse(String source, ParsePosition parsePosition) {
            throw new UnsupportedOperationException("a print format only formats; parse the CSV, which keeps every digit");
        }
    }
}
