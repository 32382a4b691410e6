package seqlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class HtmlReportTest {

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    /** The page without the inlined library, whose own source is not the report's markup. */
    private static String markup(String html) {
        assertEquals(1, count(html, PlotlyJs.script()), "plotly.js must be inlined exactly once");
        return html.replace(PlotlyJs.script(), "");
    }

    @Test
    void pageStructureHasEveryBlockInOrder() {
        HtmlReport r = ReportFixtures.everyChart();
        String html = r.html();
        String m = markup(html);
        assertTrue(m.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"));
        assertTrue(m.contains("<meta charset=\"UTF-8\">"));
        assertTrue(m.contains("<title>Sentiment: RNN vs LSTM vs GRU</title>"));
        assertTrue(m.indexOf("plotly.js v") < 0 || m.indexOf("</head>") > 0);
        assertTrue(html.indexOf(PlotlyJs.script()) < html.indexOf("</head>"), "library belongs in the head");
        assertEquals(1, count(m, "<h1>"));
        assertEquals(4, count(m, "<h2 id=\"s-"));
        assertEquals(6, count(m, "<figure class=\"card\">"));
        assertEquals(6, count(m, "Plotly.newPlot("));
        assertEquals(1, count(m, "<table>"));
        assertEquals(1, count(m, "<details class=\"json\">"));
        assertEquals(1, count(m, "<p class=\"note\">"));
        assertTrue(m.contains("<nav class=\"toc\">") && m.contains("href=\"#s-summary\""));
        assertEquals(List.of("chart_1", "chart_2", "chart_3", "chart_4", "chart_5", "chart_6"), r.chartIds());
        for (String id : r.chartIds()) {
            assertTrue(m.contains("<div id=\"" + id + "\"></div>"), id);
        }
        // order as added: note, summary table, bars, ..., provenance, link
        int note = m.indexOf("class=\"note\""), table = m.indexOf("<table>"), fig = m.indexOf("id=\"chart_1\""),
                json = m.indexOf("<details"), link = m.indexOf("href=\"results.csv\"");
        assertTrue(note < table && table < fig && fig < json && json < link, "blocks out of order");
    }

    @Test
    void tableIsFormattedWithCaptionAndAlignedNumbers() {
        String m = markup(HtmlReport.create("t").table(ReportFixtures.summary()).html());
        assertTrue(m.contains("<caption>summary <span class=\"dim\">(3 rows)</span></caption>"), m);
        assertTrue(m.contains("<th class=\"num\">params</th>"));
        assertTrue(m.contains("<th>model</th>"));
        assertTrue(m.contains("<td class=\"num\">16770</td>"), "integers plain");
        assertTrue(m.contains("<td class=\"num\">0.7412</td>"), "four significant digits");
        assertTrue(m.contains("<td class=\"num\">0.00412</td>"));
        assertTrue(m.contains("<td class=\"num\">1.235</td>"));
        assertTrue(m.contains("<td class=\"num\">15235</td>"), "large values rounded to whole numbers");
        assertTrue(m.contains("<td class=\"num\">6480</td>"), "integral doubles without .0");
        assertTrue(m.contains("<td>&lt;baseline&gt; &amp; &quot;vanilla&quot;</td>"), "cells escaped");
    }

    @Test
    void allTextIsEscaped() {
        String evil = "<script>alert('x')</script> & \"q\"";
        Table t = Table.create(evil, StringColumn.create(evil, evil));
        Map<String, Object> cfg = Map.of("k", evil);
        String m = markup(HtmlReport.create(evil).heading(evil).paragraph(evil).note(evil).table(t)
                .figure(Charts.lines("x", "x", "y", false, Map.of("a", new double[][] {{1}, {2}})), evil)
                .json(evil, cfg).link(evil, "a&b.csv").html());
        // the only <script> tags are the library's and the chart's, never the text's
        assertFalse(m.contains("<script>alert"), m);
        assertFalse(m.contains("alert('x')"));
        assertTrue(m.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"));
        assertTrue(m.contains("href=\"a&amp;b.csv\""));
        assertTrue(m.contains("\\&quot;q\\&quot;") || m.contains("&quot;k&quot;"), "JSON escaped too");
    }

    @Test
    void noNetworkReferences() {
        String m = markup(ReportFixtures.everyChart().html());
        Matcher refs = Pattern.compile("(?i)\\b(src|href)\\s*=\\s*[\"']?([^\"' >]*)").matcher(m);
        int n = 0;
        while (refs.find()) {
            n++;
            String url = refs.group(2);
            assertFalse(url.matches("(?i)^(https?:)?//.*") || url.matches("(?i)^[a-z][a-z0-9+.-]*:.*") && !url.startsWith("data:"),
                    "external reference " + refs.group());
        }
        assertTrue(n >= 6, "links to the charts and the CSV are relative hrefs");
        assertFalse(m.contains("http://") || m.contains("https://"), "no URL in the report's own markup");
        assertFalse(m.matches("(?s).*<script[^>]*\\bsrc=.*"), "no external script");
        assertFalse(m.matches("(?s).*<link[^>]*\\bhref=.*"), "no external stylesheet");
        assertFalse(m.contains("@import") || m.contains("url("), "CSS loads nothing");
    }

    @Test
    void linksMustBeRelative() {
        HtmlReport r = HtmlReport.create("t");
        for (String bad : List.of("https://cdn.plot.ly/x.js", "http://x", "//host/x", "/etc/passwd",
                "javascript:alert(1)", "file:///tmp/x", " ")) {
            var e = assertThrows(IllegalArgumentException.class, () -> r.link("x", bad), bad);
            assertTrue(e.getMessage().contains("relative"), e.getMessage());
        }
        r.link("ok", "charts/a.html").link("ok", "../other/index.html");
    }

    @Test
    void jsonIsPrettyAndHandlesTimesAndPaths() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("started", Instant.parse("2025-01-02T03:04:05Z"));
        p.put("took", Duration.ofSeconds(90));
        p.put("dir", Path.of("reports", "x"));
        p.put("seeds", List.of(1, 2));
        record Spec(String model, int hidden) {
        }
        p.put("spec", new Spec("lstm", 128));
        String m = markup(HtmlReport.create("t").json("Provenance", p).html());
        assertTrue(m.contains("<summary>Provenance</summary>"));
        assertTrue(m.contains("&quot;started&quot; : &quot;2025-01-02T03:04:05Z&quot;"), m);
        assertTrue(m.contains("&quot;took&quot; : &quot;PT1M30S&quot;"));
        assertTrue(m.contains("&quot;dir&quot; : &quot;reports/x&quot;"));
        assertTrue(m.contains("&quot;hidden&quot; : 128"));
        assertTrue(m.contains("\n  &quot;seeds&quot; : [ 1, 2 ]"), "indented");
    }

    @Test
    void writeIsAtomicAndWritesEachChartAlone(@TempDir Path dir) throws Exception {
        HtmlReport r = ReportFixtures.everyChart();
        Path index = r.write(dir.resolve("out"));
        assertEquals(dir.resolve("out").resolve("index.html"), index);
        String written = Files.readString(index);
        // the file loads plotly.js from the folder; otherwise it is the page html() gives with the library inlined
        String tag = PlotlyJs.libraryTag(PlotlyJs.libraryFileName());
        assertTrue(written.contains(tag), "the page loads the library next to it");
        assertEquals(markup(r.html()).replace("inlined: this page", "from " + PlotlyJs.libraryFileName()
                + " next to this page: this page").replace(PlotlyJs.libraryTag().replace(PlotlyJs.script(), ""), tag),
                written);
        assertEquals(PlotlyJs.script(), Files.readString(dir.resolve("out").resolve(PlotlyJs.libraryFileName())));
        assertEquals(List.of("test-accuracy-mean-over-seeds-with-95-ci.html", "accuracy-against-parameter-count.html",
                "learning-curves.html", "vanishing-gradients.html", "forecast.html", "attention-weights.html"),
                r.chartFiles());
        for (String f : r.chartFiles()) {
            String page = Files.readString(dir.resolve("out/charts").resolve(f));
            assertEquals(0, count(page, PlotlyJs.script()), "an open-alone page does not carry its own plotly.js");
            assertTrue(page.contains("src=\"../" + PlotlyJs.libraryFileName() + "\""), page);
            assertEquals(1, count(page, "Plotly.newPlot("));
            assertTrue(Files.readString(index).contains("href=\"charts/" + f + "\""));
        }
        // written again (a re-run): replaced, and no temporary file is left anywhere
        HtmlReport.create("second").paragraph("again").write(dir.resolve("out"));
        assertTrue(Files.readString(index).contains("<title>second</title>"));
        try (Stream<Path> all = Files.walk(dir)) {
            List<Path> files = all.filter(Files::isRegularFile).toList();
            List<String> leftovers = files.stream().map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".tmp") || n.startsWith(".")).toList();
            assertEquals(List.of(), leftovers);
            // a report of six charts: the library once, and well under a megabyte besides
            long rest = files.stream().filter(p -> !p.getFileName().toString().startsWith("plotly"))
                    .mapToLong(p -> p.toFile().length()).sum();
            assertTrue(rest < 200_000, rest + " bytes besides plotly.js");
        }
    }

    @Test
    void repeatedCaptionsAndHeadingsGetDistinctNames() {
        var fig = Charts.lines("x", "x", "y", false, Map.of("a", new double[][] {{1}, {2}}));
        HtmlReport r = HtmlReport.create("t").heading("Loss").heading("Loss").figure(fig, "Loss").figure(fig, "Loss")
                .figure(fig, null).figure(fig, "???");
        assertEquals(List.of("loss.html", "loss-2.html", "chart-3.html", "chart-4.html"), r.chartFiles());
        String m = markup(r.html());
        assertTrue(m.contains("id=\"s-loss\"") && m.contains("id=\"s-loss-2\""));
    }

    @Test
    void misuseIsExplained() {
        assertThrows(IllegalArgumentException.class, () -> HtmlReport.create(" "));
        var e = assertThrows(IllegalArgumentException.class, () -> HtmlReport.create("t").json("bad", new Object() {
            public Object getSelf() {
                return this;
            }
        }));
        assertTrue(e.getMessage().contains("JSON") && e.getMessage().contains("Map"), e.getMessage());
    }

    @Test
    void numbersReadWell() {
        assertEquals("0", Cells.number(0.0));
        assertEquals("-3", Cells.number(-3.0));
        assertEquals("0.1235", Cells.number(0.123456));
        assertEquals("12.35", Cells.number(12.3456));
        assertEquals("999.9", Cells.number(999.94));
        assertEquals("1235", Cells.number(1234.56));
        assertEquals("1.235e-05", Cells.number(1.23456e-5));
        assertEquals("0.001", Cells.number(0.001));
        assertEquals("", Cells.number(Double.NaN));
        assertEquals("inf", Cells.number(Double.POSITIVE_INFINITY));
        assertEquals("1.000e+20", Cells.number(1e20));
        Table t = Table.create("m", IntColumn.create("i", new int[] {7}), DoubleColumn.create("d", new double[] {Double.NaN}));
        assertEquals("7", Cells.text(t, 0, 0));
        assertEquals("", Cells.text(t, 1, 0));
    }

    @Test
    void chartDataCannotCloseTheScript() {
        String evil = "</script><b id=\"spill\">";
        var fig = Charts.heatmap("attn", new String[] {evil, "<!--"}, new String[] {"x"}, new double[][] {{0.5, 0.5}});
        String m = markup(HtmlReport.create("t").figure(fig, "c").html());
        assertEquals(count(m, "<script"), count(m.toLowerCase(java.util.Locale.ROOT), "</script>"),
                "every script closes where it was meant to");
        assertFalse(m.contains("<b id=\"spill\">"));
        assertTrue(m.contains("<\\/script><b id=\\\"spill\\\">"), "escaped inside the JSON string");
    }
}
