package seqlab.plot;

import tech.tablesaw.api.Table;

/**
 * A Tablesaw {@link Table} as plain text for a terminal: a caption, a header, a rule, then aligned rows, numbers
 * right-aligned and formatted as in the HTML report (integers plain, four significant digits otherwise).
 *
 * <pre>
 * summary (3 rows)
 * model  params  accuracy
 * -----  ------  --------
 * lstm    52360    0.8123
 * gru     39304    0.8011
 * </pre>
 */
public final class TextTables {
    /** Cells longer than this are cut with an ellipsis, so one long value (a path, a config) keeps rows on one line. */
    static final int MAX_CELL = 48;

    private TextTables() {
    }

    /** The whole table as aligned text, ending in a newline. */
    public static String format(Table table) {
        return format(table, Integer.MAX_VALUE);
    }

    /** The first {@code maxRows} rows as aligned text, then a line saying how many rows were left out. */
    public static String format(Table table, int maxRows) {
        if (table == null) {
            throw new IllegalArgumentException("TextTables.format: the table is null");
        }
        if (maxRows < 0) {
            throw new IllegalArgumentException("TextTables.format: maxRows must be >= 0, got " + maxRows);
        }
        int cols = table.columnCount();
        int rows = Math.min(maxRows, table.rowCount());
        String[][] cells = new String[rows][cols];
        int[] width = new int[cols];
        boolean[] right = new boolean[cols];
        for (int c = 0; c < cols; c++) {
            width[c] = clip(table.column(c).name()).length();
            right[c] = Cells.numeric(table.column(c));
            for (int r = 0; r < rows; r++) {
                cells[r][c] = clip(Cells.text(table, c, r).replaceAll("[\\r\\n\\t]+", " "));
                width[c] = Math.max(width[c], cells[r][c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        String name = table.name() == null || table.name().isBlank() ? "table" : table.name();
        sb.append(name).append(" (").append(table.rowCount()).append(table.rowCount() == 1 ? " row" : " rows")
                .append(")\n");
        if (cols == 0) {
            return sb.append("(no columns)\n").toString();
        }
        String[] header = new String[cols];
        String[] rule = new String[cols];
        for (int c = 0; c < cols; c++) {
            header[c] = clip(table.column(c).name());
            rule[c] = "-".repeat(width[c]);
        }
        line(sb, header, width, right);
        line(sb, rule, width, right);
        for (String[] row : cells) {
            line(sb, row, width, right);
        }
        if (rows < table.rowCount()) {
            sb.append("... ").append(table.rowCount() - rows).append(" more rows\n");
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] cells, int[] width, boolean[] right) {
        StringBuilder l = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                l.append("  ");
            }
            String pad = " ".repeat(width[c] - cells[c].length());
            l.append(right[c] ? pad + cells[c] : cells[c] + pad);
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }

    private static String clip(String s) {
        return s.length() <= MAX_CELL ? s : s.substring(0, MAX_CELL - 1) + "…";
    }
}
