package seqlab.plot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.nio.file.Path;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;
import seqlab.io.AtomicFiles;

/**
 * One HTML page: headings, text, tables, Plotly charts and collapsible JSON (configuration, provenance), in the order
 * they are added.
 *
 * <pre>{@code
 * HtmlReport.create("Sentiment: RNN vs LSTM vs GRU")
 *     .note("LSTM is best: 0.861 ± 0.004 accuracy")
 *     .heading("Summary").table(results.summary())
 *     .figure(Charts.dots(summary, "model", "accuracy_mean", "accuracy_ci95", "Test accuracy"), "Test accuracy")
 *     .json("Configuration", config)
 *     .link("All trials (CSV)", "results.csv")
 *     .write(Path.of("reports/sentiment"));
 * }</pre>
 *
 * <p>The page works offline and makes no network request: styles are inline, links may only be relative, and
 * plotly.js comes from the bundled resource. {@link #write(Path)} writes the library once per report folder (or once
 * at the top of a {@link ReportSite}) and the page loads it by a relative path, so it opens from {@code file://};
 * {@link #html()} is the page as one self-contained string with the library inlined. {@link #write(Path)} also writes
 * each chart as its own page under {@code charts/}, for sharing a single figure.
 *
 * <p>Every figure is restyled from the report's {@link SeriesStyles} ({@link #styles()}) as it is added, so a model
 * has one colour, dash and marker in every chart of the report, whoever drew the chart.
 */
public final class HtmlReport {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .registerModule(new SimpleModule("seqlab-report")
                    // Times, durations and paths read best as their ISO / plain text; without this Jackson
                    // refuses java.time values (no JSR-310 module on the class path).
                    .addSerializer(TemporalAccessor.class, ToStringSerializer.instance)
                    .addSerializer(TemporalAmount.class, ToStringSerializer.instance)
                    .addSerializer(Path.class, ToStringSerializer.instance));
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    /**
     * How a highlighted line reads, for a shared visual language across reports: {@code POSITIVE} (a claim holds, a
     * model beats its baseline), {@code NEGATIVE} (it does not, a model is worse), {@code NEUTRAL} (no difference, not
     * tested) and {@code CAUTION} (holds partly, too few seeds). Each is a CSS class, {@code tone-positive} etc.
     */
    public enum Tone {
        POSITIVE, NEGATIVE, NEUTRAL, CAUTION;

        /** The CSS class: {@code tone-positive}, {@code tone-negative}, ... */
        public String cssClass() {
            return "tone-" + name().toLowerCase(Locale.ROOT);
        }
    }

    private final String title;
    private final ReportSite site;
    private final SeriesStyles styles;
    private final StringBuilder body = new StringBuilder();
    private final List<String[]> toc = new ArrayList<>();
    private final List<ChartPage> charts = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();

    private record ChartPage(String file, String caption, Figure figure) {
    }

    private HtmlReport(String title, ReportSite site, SeriesStyles styles) {
        this.title = title;
        this.site = site;
        this.styles = styles;
    }

    /**
     * A new, empty report with a style registry of its own; the title is the page's {@code <title>} and top heading.
     * {@link #write(Path)} puts plotly.js in the page's folder.
     */
    public static HtmlReport create(String title) {
        return new HtmlReport(checkTitle(title), null, SeriesStyles.create());
    }

    /**
     * A new, empty report that is one page of {@code site}: it draws with the site's styles, is written inside the
     * site's folder and loads the site's single copy of plotly.js.
     */
    public static HtmlReport create(String title, ReportSite site) {
        Objects.requireNonNull(site, "site");
        return new HtmlReport(checkTitle(title), site, site.styles());
    }

    private static String checkTitle(String title) {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("HtmlReport.create: give the report a title (it names the page)");
        }
        return title.strip();
    }

    /** The registry this report's figures take their series styles from; register models here to fix their order. */
    public SeriesStyles styles() {
        return styles;
    }

    /** A section heading; listed in the page's table of contents. */
    public HtmlReport heading(String text) {
        String id = unique("s-" + slug(text, "section"));
        toc.add(new String[] {id, text});
        body.append("<h2 id=\"").append(id).append("\">").append(escape(text)).append("</h2>\n");
        return this;
    }

    /** A paragraph of plain text (escaped: markup shows as typed). */
    public HtmlReport paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A highlighted line, for the verdict a reader should not miss. */
    public HtmlReport note(String text) {
        body.append("<p class=\"note\">").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A highlighted line in the given tone: green for positive, red for negative, grey for neutral, amber for caution. */
    public HtmlReport note(Tone tone, String text) {
        Objects.requireNonNull(tone, "tone");
        body.append("<p class=\"note ").append(tone.cssClass()).append("\">").append(escape(text)).append("</p>\n");
        return this;
    }

    /**
     * The table as it is now (later changes to it do not show), with its name as caption; numbers right-aligned,
     * integers plain, others to four significant digits with one number of decimals per column ({@link Cells});
     * columns without any value are left out and named below the table.
     */
    public HtmlReport table(Table table) {
        return table(table, r -> null);
    }

    /**
     * {@link #table(Table)} with a CSS class on each row ({@code rowClass.apply(row)}, null for none), such as a
     * verdict category's {@link seqlab.stats.Verdict.Category#cssClass()} or a {@link Tone#cssClass()}; the page
     * styles both. The cells must still say what the class shows, since colour alone carries no meaning for every
     * reader.
     */
    public HtmlReport table(Table table, IntFunction<String> rowClass) {
        body.append(tableHtml(table, rowClass));
        return this;
    }

    /**
     * The HTML of {@link #table(Table, IntFunction)} alone, with the styles of the verdict row classes, for a page
     * that is not a report (a Jupyter cell's output).
     */
    public static String tableFragment(Table table, IntFunction<String> rowClass) {
        return "<style>\n" + VERDICT_CSS + "</style>\n" + tableHtml(table, rowClass);
    }

    private static String tableHtml(Table table, IntFunction<String> rowClass) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(rowClass, "rowClass");
        StringBuilder t = new StringBuilder("<div class=\"table-wrap\"><table>\n<caption>");
        String name = table.name() == null || table.name().isBlank() ? "table" : table.name();
        t.append(escape(name)).append(" <span class=\"dim\">(").append(table.rowCount())
                .append(table.rowCount() == 1 ? " row" : " rows").append(")</span></caption>\n<thead><tr>");
        List<Integer> shown = Cells.shownColumns(table);
        List<IntFunction<String>> text = new ArrayList<>();
        boolean[] num = new boolean[shown.size()];
        for (int k = 0; k < shown.size(); k++) {
            var column = table.column(shown.get(k));
            num[k] = Cells.numeric(column);
            text.add(Cells.formatter(column));
            t.append(num[k] ? "<th class=\"num\">" : "<th>").append(escape(column.name())).append("</th>");
        }
        t.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < table.rowCount(); r++) {
            String css = rowClass.apply(r);
            t.append(css == null ? "<tr>" : "<tr class=\"" + escape(css) + "\">");
            for (int k = 0; k < shown.size(); k++) {
                t.append(num[k] ? "<td class=\"num\">" : "<td>").append(escape(text.get(k).apply(r))).append("</td>");
            }
            t.append("</tr>\n");
        }
        t.append("</tbody></table>");
        List<String> empty = Cells.emptyColumns(table);
        if (!empty.isEmpty() && table.rowCount() > 0) {
            t.append("<p class=\"table-note dim\">Not shown, no values: ").append(escape(String.join(", ", empty)))
                    .append("</p>");
        }
        return t.append("</div>\n").toString();
    }

    /**
     * A chart in a card with its caption, drawn by the page's single copy of plotly.js and restyled from
     * {@link #styles()} (the figure changes in place); {@link #write(Path)} also saves it alone as
     * {@code charts/<caption as a file name>.html}.
     */
    public HtmlReport figure(Figure figure, String caption) {
        Objects.requireNonNull(figure, "figure");
        styles.apply(figure);
        String cap = caption == null ? "" : caption.strip();
        String file = unique(slug(cap, "chart-" + (charts.size() + 1))) + ".html";
        String divId = "chart_" + (charts.size() + 1);
        charts.add(new ChartPage(file, cap, figure));
        body.append("<figure class=\"card\">\n<div class=\"chart\">\n").append(PlotlyJs.chart(figure, divId))
                .append("</div>\n<figcaption>").append(escape(cap))
                .append(" <a class=\"alone\" href=\"charts/").append(escape(file)).append("\">open alone</a>")
                .append("</figcaption>\n</figure>\n");
        return this;
    }

    /**
     * A value as pretty JSON in a collapsed section titled {@code title} (configuration, provenance, environment).
     * The value is serialised now: maps, lists, records, beans; times, durations and paths as text.
     */
    public HtmlReport json(String title, Object value) {
        String text;
        try {
            text = JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("HtmlReport.json('" + title + "'): cannot write a "
                    + (value == null ? "null" : value.getClass().getName()) + " as JSON (" + e.getOriginalMessage()
                    + "); pass a Map or a record of plain values instead", e);
        }
        body.append("<details class=\"json\"><summary>").append(escape(title == null ? "JSON" : title))
                .append("</summary>\n<pre>").append(escape(text)).append("</pre></details>\n");
        return this;
    }

    /**
     * A link to a file next to the report (for example {@code results.csv}); the href must be relative, so the
     * report stays self-contained and never points the reader's browser at the network.
     */
    public HtmlReport link(String text, String relativeHref) {
        if (relativeHref == null || relativeHref.isBlank() || SCHEME.matcher(relativeHref.strip()).find()
                || relativeHref.strip().startsWith("//") || relativeHref.strip().startsWith("/")) {
            throw new IllegalArgumentException("HtmlReport.link: '" + relativeHref + "' is not a relative path;"
                    + " link only files inside or next to the report folder (e.g. \"results.csv\", \"charts/a.html\")");
        }
        body.append("<p class=\"link\"><a href=\"").append(escape(relativeHref.strip())).append("\">")
                .append(escape(text == null || text.isBlank() ? relativeHref : text)).append("</a></p>\n");
        return this;
    }

    /** The whole page as one self-contained string, plotly.js inlined once. */
    public String html() {
        return html(PlotlyJs.libraryTag(), "inlined");
    }

    private String html(String library, String whereLibrary) {
        StringBuilder sb = new StringBuilder(library.length() + body.length() + 8192);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"UTF-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"seqlab\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<style>\n").append(CSS).append(VERDICT_CSS).append("</style>\n")
                .append(library)
                .append("</head>\n<body>\n<main>\n<header><h1>").append(escape(title)).append("</h1></header>\n");
        if (toc.size() > 1) {
            sb.append("<nav class=\"toc\"><ul>");
            for (String[] h : toc) {
                sb.append("<li><a href=\"#").append(h[0]).append("\">").append(escape(h[1])).append("</a></li>");
            }
            sb.append("</ul></nav>\n");
        }
        sb.append(body)
                .append("<footer>Made by seqlab. Charts drawn with plotly.js ").append(escape(PlotlyJs.version()))
                .append(", ").append(escape(whereLibrary)).append(": this page needs no network.</footer>\n</main>\n");
        if (!charts.isEmpty()) {
            sb.append(FIT_CHARTS);
        }
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    /**
     * Writes {@code dir/index.html} and {@code dir/charts/*.html} (creating the folders), each atomically (a
     * temporary file renamed over the target), and returns the path of {@code index.html}. plotly.js is written once,
     * as {@link PlotlyJs#libraryFileName()}, into {@code dir} or, for a page of a {@link ReportSite}, into the site's
     * folder; the pages load it by a relative path.
     */
    public Path write(Path dir) {
        Objects.requireNonNull(dir, "dir");
        if (dir.toString().isBlank()) {
            throw new IllegalArgumentException("HtmlReport.write: the folder is empty; name the folder to write into");
        }
        String library = site != null ? site.library(dir)
                : PlotlyJs.writeLibrary(dir).getFileName().toString();
        for (ChartPage c : charts) {
            AtomicFiles.writeString(dir.resolve("charts").resolve(c.file()),
                    PlotlyJs.page(c.figure(), c.caption().isEmpty() ? title : c.caption(), "../" + library));
        }
        Path index = dir.resolve("index.html");
        String where = library.contains("/") ? "loaded from " + library : "from " + library + " next to this page";
        AtomicFiles.writeString(index, html(PlotlyJs.libraryTag(library), where));
        return index;
    }

    /** The file names (under {@code charts/}) the figures are written to, in order. */
    public List<String> chartFiles() {
        return charts.stream().map(ChartPage::file).toList();
    }

    /** The element ids of the chart divs in {@link #html()}, in order. */
    public List<String> chartIds() {
        List<String> l = new ArrayList<>();
        for (int i = 1; i <= charts.size(); i++) {
            l.add("chart_" + i);
        }
        return l;
    }

    @Override
    public String toString() {
        return "HtmlReport[" + title + ", " + toc.size() + " sections, " + charts.size() + " charts]";
    }

    private String unique(String base) {
        String id = base;
        for (int i = 2; !ids.add(id); i++) {
            id = base + "-" + i;
        }
        return id;
    }

    static String slug(String text, String fallback) {
        String s = text == null ? "" : text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (s.length() > 60) {
            s = s.substring(0, 60).replaceAll("-+$", "");
        }
        return s.isEmpty() ? fallback : s;
    }

    /** HTML-escapes text for element content and quoted attribute values. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }

    /*
     * Charts carry a fixed width (Charts lays them out at 760 px); on a narrower screen (a phone, a side panel)
     * each is narrowed to its card and widened back, never past its own width, when the window grows.
     */
    private static final String FIT_CHARTS = """
            <script>
            (function () {
              function fit() {
                if (!window.Plotly) { return; }
                document.querySelectorAll('.chart > .js-plotly-plot').forEach(function (el) {
                  if (!el.layout) { return; }
                  if (el.seqlabWidth === undefined) { el.seqlabWidth = el.layout.width || null; }
                  if (!el.seqlabWidth) { return; }
                  var w = Math.max(280, Math.min(el.seqlabWidth, el.parentNode.clientWidth));
                  if (el.layout.width !== w) { Plotly.relayout(el, {width: w}); }
                });
              }
              var pending;
              window.addEventListener('resize', function () { clearTimeout(pending); pending = setTimeout(fit, 150); });
              window.addEventListener('load', fit);
            })();
            </script>
            """;

    /*
     * Verdict rows: a coloured left edge and tint per category (Okabe-Ito colours, distinct under colour-vision
     * deficiency), untested rows dimmed; the first cell spells the category out, so colour only repeats it.
     */
    private static final String VERDICT_CSS = """
            tbody tr.verdict-better { background: #e3f4ee; }
            tbody tr.verdict-better td:first-child { border-left: 4px solid #009e73; font-weight: 600; }
            tbody tr.verdict-worse { background: #fbece3; }
            tbody tr.verdict-worse td:first-child { border-left: 4px solid #d55e00; font-weight: 600; }
            tbody tr.verdict-equivalent { background: #e6f1f9; }
            tbody tr.verdict-equivalent td:first-child { border-left: 4px solid #0072b2; font-weight: 600; }
            tbody tr.verdict-no-difference td:first-child { border-left: 4px solid #8c959f; }
            tbody tr.verdict-not-tested { color: #59636e; font-style: italic; }
            tbody tr.verdict-not-tested td:first-child { border-left: 4px dashed #8c959f; }
            """;

    private static final String CSS = """
            :root { --fg: #1f2328; --dim: #59636e; --line: #d1d9e0; --bg: #f6f8fa; --card: #ffffff;
                    --accent: #0072b2; --zebra: #f3f6f9; }
            * { box-sizing: border-box; }
            body { margin: 0; background: var(--bg); color: var(--fg); line-height: 1.5;
                   font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", "DejaVu Sans",
                         Arial, sans-serif; }
            main { max-width: 1000px; margin: 0 auto; padding: 24px 20px 48px; }
            header h1 { font-size: 26px; margin: 8px 0 16px; line-height: 1.25; }
            h2 { font-size: 20px; margin: 32px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
            p { margin: 8px 0; max-width: 80ch; }
            a { color: var(--accent); }
            .dim { color: var(--dim); font-weight: normal; }
            .note { max-width: none; background: #e8f3fb; border-left: 4px solid var(--accent); padding: 10px 14px;
                    border-radius: 4px; font-weight: 600; }
            .note.tone-positive { background: #e6f4ea; border-left-color: #1a7f37; }
            .note.tone-negative { background: #fdecea; border-left-color: #cf222e; }
            .note.tone-neutral { background: #f0f2f4; border-left-color: #8c959f; font-weight: normal; }
            .note.tone-caution { background: #fff8e1; border-left-color: #bf8700; }
            tr.tone-positive td:first-child { box-shadow: inset 4px 0 #1a7f37; }
            tr.tone-negative td:first-child { box-shadow: inset 4px 0 #cf222e; }
            tr.tone-neutral td:first-child { box-shadow: inset 4px 0 #8c959f; }
            tr.tone-caution td:first-child { box-shadow: inset 4px 0 #bf8700; }
            .missing-library { background: #fdecea; border-left: 4px solid #cf222e; padding: 10px 14px; margin: 0; }
            nav.toc { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 8px 16px; }
            nav.toc ul { margin: 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 4px 20px; }
            .table-wrap { overflow-x: auto; margin: 12px 0 20px; background: var(--card); border: 1px solid var(--line);
                          border-radius: 8px; }
            table { border-collapse: collapse; width: 100%; font-size: 14px; font-variant-numeric: tabular-nums; }
            caption { caption-side: top; text-align: left; font-weight: 600; padding: 10px 12px 6px; }
            th, td { padding: 6px 12px; text-align: left; white-space: nowrap; }
            th { border-bottom: 2px solid var(--line); font-weight: 600; }
            td { border-bottom: 1px solid #eaeef2; }
            tbody tr:nth-child(even) { background: var(--zebra); }
            tbody tr:hover { background: #e6f0f8; }
            .num { text-align: right; }
            .table-note { margin: 0; padding: 4px 12px 8px; font-size: 13px; }
            figure.card { margin: 16px 0 24px; background: var(--card); border: 1px solid var(--line);
                          border-radius: 8px; padding: 12px; }
            .chart { overflow-x: auto; }
            .chart > div { width: fit-content; margin: 0 auto; }
            figcaption { color: var(--dim); font-size: 14px; padding: 6px 4px 0; text-align: center; }
            figcaption a.alone { margin-left: 8px; font-size: 12px; }
            details.json { margin: 12px 0; background: var(--card); border: 1px solid var(--line); border-radius: 8px; }
            details.json summary { cursor: pointer; padding: 8px 12px; font-weight: 600; }
            details.json pre { margin: 0; padding: 12px; border-top: 1px solid var(--line); overflow: auto;
                               max-height: 480px; font: 13px/1.45 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas,
                               monospace; }
            p.link { margin: 4px 0; }
            footer { margin-top: 40px; color: var(--dim); font-size: 13px; border-top: 1px solid var(--line);
                     padding-top: 10px; }
            """;
}
