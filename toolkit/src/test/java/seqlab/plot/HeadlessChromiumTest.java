package seqlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import seqlab.testing.HeadlessChromium;
import tech.tablesaw.plotly.components.Figure;

/**
 * The report in a real browser: every chart draws, nothing errs, nothing is fetched. Skips when Chromium is
 * absent (saying to install Debian's chromium), fails instead under CI=true.
 */
class HeadlessChromiumTest {
    static final Path OUT = Path.of("target", "report-e2e");

    @BeforeEach
    void needsChromium() {
        HeadlessChromium.skipReason().ifPresent(Assumptions::abort);
    }

    @Test
    void reportWithEveryChartRendersOffline() throws Exception {
        HtmlReport report = ReportFixtures.everyChart();
        Path index = report.write(OUT.resolve("report"));
        Path shot = OUT.resolve("report-screenshot.png");
        HeadlessChromium.Rendering r = HeadlessChromium.create().windowSize(1280, 2000).render(index, shot);
        System.out.println(r.describe());

        assertEquals(report.chartIds(), r.charts().stream().map(HeadlessChromium.Chart::id).toList(), r.describe());
        for (HeadlessChromium.Chart c : r.charts()) {
            assertTrue(c.drawn() && c.traces() >= 1 && c.dataTraces() >= 1, "chart did not draw: " + c);
        }
        assertEquals(List.of(), r.consoleErrors(), r.describe());
        assertEquals(List.of(), r.externalRequests(), r.describe());
        assertTrue(r.clean());
        assertTrue(Files.size(shot) > 10_000, "screenshot is only " + Files.size(shot) + " bytes");
        byte[] png = Files.readAllBytes(shot);
        assertTrue(png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "screenshot is not a PNG");

        // the single-chart pages draw too
        Path alone = OUT.resolve("report").resolve("charts").resolve(report.chartFiles().get(5));
        HeadlessChromium.Rendering one = HeadlessChromium.create().windowSize(900, 700).render(alone);
        assertTrue(one.clean() && one.charts().size() == 1, one.describe());
    }

    @Test
    void brokenPageIsCaught() throws Exception {
        Figure ok = Charts.lines("fine", "x", "y", false, Map.of("a", new double[][] {{1, 2}, {3, 4}}));
        String page = PlotlyJs.page(ok, "broken")
                .replace("</body>", "<div id=\"never\"></div>\n"
                        + "<script>var never = document.getElementById('never'); undefinedFunction();"
                        + " Plotly.newPlot(never, [], {});</script>\n"
                        + "<img src=\"https://cdn.example.invalid/pixel.png\">\n"
                        + "<script>console.error('something went wrong');</script>\n</body>");
        Files.createDirectories(OUT);
        Path p = OUT.resolve("broken.html");
        Files.writeString(p, page);
        HeadlessChromium.Rendering r = HeadlessChromium.create().windowSize(800, 600).render(p);
        assertEquals(2, r.charts().size(), r.describe());
        assertTrue(r.charts().get(0).drawn(), r.describe());
        assertEquals("never", r.undrawn().get(0).id(), r.describe());
        assertFalse(r.allChartsDrawn());
        String errors = String.join("\n", r.consoleErrors());
        assertTrue(errors.contains("undefinedFunction"), errors);
        assertTrue(errors.contains("something went wrong"), errors);
        assertTrue(errors.contains("cdn.example.invalid"), errors);
        assertFalse(r.clean());
        // the instrumented copy is removed
        try (var files = Files.list(OUT)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".seqlab-chromium-")));
        }
    }

    @Test
    void lookAlikeTracesAndSpillingLegendsAreCaught() throws Exception {
        // two lines of one colour and dash, and forty entries in a side legend on a short chart
        java.util.List<tech.tablesaw.plotly.traces.Trace> traces = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            traces.add(JsonTrace.of("scatter").set("x", new double[] {0, 1}).set("y", new double[] {i, i + 1})
                    .set("mode", "lines").set("name", "series " + i)
                    .set("line", Map.of("color", i < 2 ? "#000000" : String.format("#%06x", i * 0x050403), "width", 2)));
        }
        JsonFigure bad = JsonFigure.of("bad", traces.toArray(new tech.tablesaw.plotly.traces.Trace[0]));
        bad.layout().put("height", 300);
        bad.layout().put("width", 500);
        // the same forty series drawn by Charts: told apart, legend below the plot in rows
        Map<String, double[][]> series = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            series.put("series " + i, new double[][] {{0, 1}, {i, i + 1}});
        }
        JsonFigure good = Charts.lines("good", "x", "y", false, series);
        Files.createDirectories(OUT);
        Path page = HtmlReport.create("probe").figure(bad, "bad").figure(good, "good").write(OUT.resolve("probe"));
        HeadlessChromium.Rendering r = HeadlessChromium.create().windowSize(1000, 2400).render(page);
        assertTrue(r.allChartsDrawn(), r.describe());
        HeadlessChromium.Chart b = r.charts().get(0), g = r.charts().get(1);
        assertEquals(40, b.styles().size(), r.describe());
        assertEquals(1, b.lookAlikes().size(), b.lookAlikes().toString());
        assertTrue(b.lookAlikes().get(0).contains("'series 0' looks like 'series 1'"), b.lookAlikes().toString());
        assertTrue(b.legendOverflows(), "forty entries do not fit beside a 300 px chart");
        assertEquals(40, g.styles().size(), r.describe());
        assertEquals(List.of(), g.lookAlikes());
        assertFalse(g.legendOverflows(), r.describe());
        assertEquals(40, g.legendEntries());
        assertEquals(List.of(r.charts().get(0).id()), r.overflowingLegends());
    }
}
