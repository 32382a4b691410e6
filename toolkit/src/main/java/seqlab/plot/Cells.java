package seqlab.plot;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * How a table cell reads, shared by the HTML report and the terminal tables so both show the same numbers:
 * integers plain, other numbers to four significant digits (enough to compare models whose scores differ in
 * the third digit, short enough to scan a column), missing values blank.
 */
final class Cells {
    private static final MathContext FOUR = new MathContext(4, RoundingMode.HALF_EVEN);

    private Cells() {
    }

    /** Whether the column holds numbers (right-aligned in both renderings). */
    static boolean numeric(Column<?> c) {
        ColumnType t = c.type();
        return t == ColumnType.DOUBLE || t == ColumnType.FLOAT || t == ColumnType.INTEGER || t == ColumnType.LONG
                || t == ColumnType.SHORT;
    }

    /** The text of one cell; "" for a missing value. */
    static String text(Table table, int column, int row) {
        Column<?> c = table.column(column);
        if (c.isMissing(row)) {
            return "";
        }
        ColumnType t = c.type();
        if (t == ColumnType.DOUBLE || t == ColumnType.FLOAT) {
            return number(((Number) c.get(row)).doubleValue());
        }
        Object v = c.get(row);
        return v == null ? "" : v.toString();
    }

    /**
     * A floating-point number for people: integral values without a fraction, magnitudes from 0.001 to 9999 to
     * four significant digits, larger ones rounded to a whole number (a throughput of 15234.6 tokens/s reads
     * better as 15235 than as 1.523e+04), tiny ones in scientific notation.
     */
    static String number(double v) {
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
            return String.format(java.util.Locale.ROOT, "%.3e", v);
        }
        if (a >= 1000) {
            return Long.toString(Math.round(v));
        }
        if (a < 1e-3) {
            return String.format(java.util.Locale.ROOT, "%.3e", v);
        }
        return new BigDecimal(v).round(FOUR).stripTrailingZeros().toPlainString();
    }
}
