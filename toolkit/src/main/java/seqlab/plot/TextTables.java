package seqlab.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

/**
 * A Tablesaw {@link Table} as plain text for a terminal: a caption, a header, a rule, then aligned rows, numbers
 * right-aligned and formatted as in the HTML report ({@link Cells}: integers plain, four significant digits, one
 * number of decimals per column).
 *
 * <pre>
 * summary (3 rows)
 * model  params  accuracy
 * -----  ------  --------
 * lstm    52360    0.8123
 * gru     39304    0.8011
 * </pre>
 *
 * <p>The table fits the width: when its columns do not, the rest continue in a further block below, each block
 * starting again with the first (label) column, so every value is shown and no line wraps. Columns with no value in
 * any row (the standard deviation of a one-seed run) are left out and named in a note. The width is that of the
 * terminal where the launcher passes it ({@value #PROPERTY}, else the {@code COLUMNS} variable), else
 * {@value #DEFAULT_WIDTH}.
 */
public final class TextTables {
    /** Cells longer than this are cut with an ellipsis, so one long value (a path, a config) keeps rows on one line. */
    static final int MAX_CELL = 48;
    /** System property with the terminal's width in characters. */
    public static final String PROPERTY = "seqlab.columns";
    static final int DEFAULT_WIDTH = 100;
    /** Narrower than this and a table would be all label column: tables are never fitted below it. */
    static final int MIN_WIDTH = 40;

    private TextTables() {
    }

    /** The width tables are fitted to: {@value #PROPERTY}, else {@code COLUMNS}, else {@value #DEFAULT_WIDTH}. */
    public static int width() {
        for (String s : new String[] {System.getProperty(PROPERTY), System.getenv("COLUMNS")}) {
            if (s != null && s.strip().matches("\\d{1,5}")) {
                int w = Integer.parseInt(s.strip());
                if (w > 0) {
                    return Math.max(MIN_WIDTH, w);
                }
            }
        }
        return DEFAULT_WIDTH;
    }

    /** The whole table as aligned text with its caption, fitted to {@link #width()}, ending in a newline. */
    public static String format(Table table) {
        return format(table, Integer.MAX_VALUE);
    }

    /** The first {@code maxRows} rows as aligned text, then a line saying how many rows were left out. */
    public static String format(Table table, int maxRows) {
        return format(table, maxRows, width(), true);
    }

    /**
     * The first {@code maxRows} rows as aligned text fitted to {@code width} characters, with the table's name and
     * row count as a caption line unless {@code caption} is false (for a caller that has already said what the table
     * is).
     */
    public static String format(Table table, int maxRows, int width, boolean caption) {
        if (table == null) {
            throw new IllegalArgumentException("TextTables.format: the table is null");
        }
        if (maxRows < 0) {
            throw new IllegalArgumentException("TextTables.format: maxRows must be >= 0, got " + maxRows);
        }
        if (width < 1) {
            throw new IllegalArgumentException("TextTables.format: width must be >= 1, got " + width);
        }
        width = Math.max(MIN_WIDTH, width);
        StringBuilder sb = new StringBuilder();
        if (caption) {
            String name = table.name() == null || table.name().isBlank() ? "table" : table.name();
            sb.append(name).append(" (").append(table.rowCount()).append(table.rowCount() == 1 ? " row" : " rows")
                    .append(")\n");
        }
        List<Integer> shown = Cells.shownColumns(table);
        if (shown.isEmpty()) {
            return sb.append("(no columns)\n").toString();
        }
        int rows = Math.min(maxRows, table.rowCount());
        int cols = shown.size();
        String[] header = new String[cols];
        String[][] cells = new String[rows][cols];
        int[] colWidth = new int[cols];
        boolean[] right = new boolean[cols];
        for (int k = 0; k < cols; k++) {
            var column = table.column(shown.get(k));
            IntFunction<String> text = Cells.formatter(column);
            header[k] = clip(column.name());
            colWidth[k] = header[k].length();
            right[k] = Cells.numeric(column);
            for (int r = 0; r < rows; r++) {
                cells[r][k] = clip(text.apply(r).replaceAll("[\\r\\n\\t]+", " "));
                colWidth[k] = Math.max(colWidth[k], cells[r][k].length());
            }
        }
        // blocks of columns that fit; a text first column (the label) starts every block after the first
        boolean repeatLabel = table.column(shown.get(0)).type() == ColumnType.STRING && cols > 1;
        List<List<Integer>> blocks = new ArrayList<>();
        List<Integer> block = new ArrayList<>();
        int used = 0;
        for (int k = 0; k < cols; k++) {
            int w = colWidth[k] + (block.isEmpty() ? 0 : 2);
            if (!block.isEmpty() && used + w > width && block.size() > (repeatLabel && !blocks.isEmpty() ? 1 : 0)) {
                blocks.add(block);
                block = new ArrayList<>();
                used = 0;
                if (repeatLabel) {
                    block.add(0);
                    used = colWidth[0];
                }
                w = colWidth[k] + (block.isEmpty() ? 0 : 2);
            }
            block.add(k);
            used += w;
        }
        blocks.add(block);
        for (int b = 0; b < blocks.size(); b++) {
            if (b > 0) {
                sb.append('\n');
            }
            List<Integer> ks = blocks.get(b);
            line(sb, ks, header, colWidth, right, width);
            String[] rule = new String[cols];
            for (int k : ks) {
                rule[k] = "-".repeat(colWidth[k]);
            }
            line(sb, ks, rule, colWidth, right, width);
            for (String[] row : cells) {
                line(sb, ks, row, colWidth, right, width);
            }
        }
        if (rows < table.rowCount()) {
            sb.append("... ").append(table.rowCount() - rows).append(" more rows\n");
        }
        List<String> empty = Cells.emptyColumns(table);
        if (!empty.isEmpty() && table.rowCount() > 0) {
            sb.append("(not shown, no values: ").append(String.join(", ", empty)).append(")\n");
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<Integer> ks, String[] cells, int[] width, boolean[] right, int max) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < ks.size(); i++) {
            int k = ks.get(i);
            if (i > 0) {
                l.append("  ");
            }
            String pad = " ".repeat(width[k] - cells[k].length());
            l.append(right[k] ? pad + cells[k] : cells[k] + pad);
        }
        String s = l.toString().stripTrailing();
        // a single column wider than the screen is cut rather than wrapped, which would break the alignment
        sb.append(s.length() > max ? s.substring(0, max - 1) + "…" : s).append('\n');
    }

    private static String clip(String s) {
        return s.length() <= MAX_CELL ? s : s.substring(0, MAX_CELL - 1) + "…";
    }
}
