package seqlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.ScatterTrace;

class PlotlyJsTest {

    private static Figure figure() {
        ScatterTrace trace = ScatterTrace.builder(new double[] {1, 2, 3}, new double[] {0.9, 0.5, 0.2})
                .mode(ScatterTrace.Mode.LINE).name("loss").build();
        return new Figure(Layout.builder().title("training loss").build(), trace);
    }

    @Test
    void bundledScriptIsTheMinifiedPlotly() {
        String js = PlotlyJs.script();
        assertTrue(js.length() > 1_000_000, "plotly.min.js looks truncated: " + js.length() + " chars");
        assertTrue(js.startsWith("/**\n* plotly.js v"), "unexpected banner");
        assertTrue(PlotlyJs.version().matches("\\d+\\.\\d+\\.\\d+"), PlotlyJs.version());
        // The library must never close the inline <script> element it is pasted into.
        assertFalse(js.contains("</script"));
    }

    @Test
    void pageIsSelfContained() {
        String html = PlotlyJs.page(figure(), "loss <1>");
        assertTrue(html.contains("<title>loss &lt;1&gt;</title>"));
        assertTrue(html.contains("plotly.js v" + PlotlyJs.version()));
        assertTrue(html.contains("Plotly.newPlot("));
        assertTrue(html.contains("training loss"));
        assertFalse(html.matches("(?s).*<script[^>]*src=.*"), "no external script may be referenced");
        assertFalse(html.contains("cdn.plot.ly/plotly"));
    }

    @Test
    void chartWaitsForTheLibraryAndUsesTheGivenId() {
        String html = PlotlyJs.chart(figure(), "curve_1");
        assertTrue(html.startsWith("<div id=\"curve_1\"></div>"));
        assertTrue(html.contains("document.getElementById('curve_1')"));
        assertTrue(html.contains("window.Plotly"));
        assertFalse(html.contains("plotly.js v"), "chart() must not inline the library");
        assertEquals(1, html.split("<script", -1).length - 1, "one script element");
    }

    @Test
    void fragmentCarriesLibraryThenChart() {
        String html = PlotlyJs.fragment(figure(), "f");
        assertTrue(html.indexOf("plotly.js v") < html.indexOf("<div id=\"f\">"));
    }

    @Test
    void badIdIsRejectedWithTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlotlyJs.chart(figure(), "my-chart"));
        assertTrue(e.getMessage().contains("PlotlyJs.newId()"), e.getMessage());
    }

    @Test
    void newIdsAreDistinctIdentifiers() {
        String a = PlotlyJs.newId();
        String b = PlotlyJs.newId();
        assertFalse(a.equals(b));
        assertTrue(a.matches("[A-Za-z_][A-Za-z0-9_]*"));
    }
}
