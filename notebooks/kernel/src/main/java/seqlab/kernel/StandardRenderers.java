package seqlab.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import seqlab.experiment.Results;
import seqlab.experiment.VerdictFamily;
import seqlab.plot.Cells;
import seqlab.plot.PlotlyJs;
import seqlab.plot.TextTables;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.plotly.components.Figure;

/**
 * Renderers for the types every seqlab notebook shows: Tablesaw tables, jsplot figures, experiment results and their
 * verdicts.
 */
final class StandardRenderers {

    /** Library name for plotly.js, inlined once per kernel session before the first chart. */
    static final String PLOTLY = "plotly";
    /** Rows shown before a table is cut (head and tail are shown, the middle elided). */
    static final int MAX_ROWS = 60;

    private StandardRenderers() {
    }

    static void registerInto(Renderers r) {
        r.register(Table.class, StandardRenderers::table);
        r.register(Figure.class, f -> new MimeBundle()
                .put(MimeBundle.TEXT, "Figure (plotly.js " + PlotlyJs.version() + "): "
                        + f.getTraces().length + " trace(s)")
                .html(PlotlyJs.chart(f, PlotlyJs.newId()))
                .require(PLOTLY));
        r.register(Results.class, StandardRenderers::results);
        // results.verdicts() on its own: the styled verdict table, its method and headlines, as in the reports
        r.register(VerdictFamily.class, v -> new MimeBundle().put(MimeBundle.TEXT, v.toString()).html(v.html()));
        r.register(NotebookProgress.Block.class, NotebookProgress::render);
        r.registerLibrary(PLOTLY, () -> new MimeBundle()
                .put(MimeBundle.TEXT, "")
                .html(PlotlyJs.libraryTag()));
    }

    /**
     * A table as HTML (caption once, numbers rounded as in reports, columns with no value left out and named) and as
     * aligned text; past {@link #MAX_ROWS} rows the head and tail are shown and the middle elided.
     */
    static MimeBundle table(Table t) {
        int rows = t.rowCount();
        String text = TextTables.format(t, MAX_ROWS);
        List<Integer> shown = Cells.shownColumns(t);
        List<IntFunction<String>> cells = new ArrayList<>();
        StringBuilder html = new StringBuilder(256 + rows * 64);
        html.append("<div class=\"seqlab-table\">\n<table class=\"dataframe\" border=\"1\">\n");
        if (t.name() != null && !t.name().isBlank()) {
            html.append("<caption>").append(escape(t.name())).append("</caption>\n");
        }
        html.append("<thead><tr>");
        for (int c : shown) {
            Column<?> col = t.column(c);
            cells.add(Cells.formatter(col));
            html.append(Cells.numeric(col) ? "<th style=\"text-align: right\">" : "<th>").append(escape(col.name()))
                    .append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        int head = rows <= MAX_ROWS ? rows : MAX_ROWS / 2;
        appendRows(html, t, shown, cells, 0, head);
        if (rows > MAX_ROWS) {
            html.append("<tr><td colspan=\"").append(shown.size()).append("\">&hellip; ")
                    .append(rows - MAX_ROWS).append(" more rows &hellip;</td></tr>\n");
            appendRows(html, t, shown, cells, rows - MAX_ROWS / 2, rows);
        }
        html.append("</tbody>\n</table>\n<p>").append(rows).append(rows == 1 ? " row" : " rows").append(" &times; ")
                .append(shown.size()).append(shown.size() == 1 ? " column" : " columns");
        List<String> empty = Cells.emptyColumns(t);
        if (!empty.isEmpty() && rows > 0) {
            html.append("; not shown, no values: ").append(escape(String.join(", ", empty)));
        }
        html.append("</p>\n</div>\n");
        return new MimeBundle().put(MimeBundle.TEXT, text).html(html.toString());
    }

    /**
     * An experiment's results as its summary table (best first), then the verdicts against the baselines and any
     * failed trials; the text form is {@link Results#toString()}, what JShell prints.
     */
    static MimeBundle results(Results r) {
        StringBuilder html = new StringBuilder(table(r.brief()).data().get(MimeBundle.HTML));
        html.append(r.verdicts().html());
        List<String> failed = r.trials().stream().filter(t -> t != null && !t.ok())
                .map(t -> t.spec().model().name() + " seed " + t.spec().seed() + ": " + t.error()).toList();
        if (!failed.isEmpty()) {
            html.append("<p><b>").append(failed.size()).append(" trial(s) failed</b></p>\n<ul>\n");
            failed.forEach(f -> html.append("<li>").append(escape(f)).append("</li>\n"));
            html.append("</ul>\n");
        }
        return new MimeBundle().put(MimeBundle.TEXT, r.toString()).html(html.toString());
    }

    private static void appendRows(StringBuilder html, Table t, List<Integer> shown, List<IntFunction<String>> cells,
                                   int from, int to) {
        for (int r = from; r < to; r++) {
            html.append("<tr>");
            for (int k = 0; k < shown.size(); k++) {
                html.append(Cells.numeric(t.column(shown.get(k))) ? "<td style=\"text-align: right\">" : "<td>")
                        .append(escape(cells.get(k).apply(r))).append("</td>");
            }
            html.append("</tr>\n");
        }
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
