package seqlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import seqlab.testing.HeadlessChromium;

/** The browser probe reads seqlab's own pages right (no Chromium needed): charts by id, the bundled library skipped. */
class ChartProbeTest {

    @Test
    void expectedChartsComeFromThePlotlyCalls() {
        String html = "<html><head>" + PlotlyJs.libraryTag() + "</head><body>"
                + PlotlyJs.chart(Charts.lines("t", "x", "y", false, Map.of("a", new double[][] {{1}, {2}})), "c1")
                + "<div id='c2'></div><script>Plotly.newPlot('c2', [], {});</script>"
                + "<script>document.getElementById('unrelated').focus();</script></body></html>";
        assertEquals(List.of("c2", "c1"), HeadlessChromium.expectedCharts(html));
        String instrumented = HeadlessChromium.instrument(html, List.of("c1", "c2"));
        assertTrue(instrumented.indexOf("__seqlabExpectedCharts = [\"c1\",\"c2\"]") < instrumented.indexOf("plotly.js v"),
                "the probe must run before the library");
    }
}
