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
}
