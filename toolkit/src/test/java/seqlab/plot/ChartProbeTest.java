package seqlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import seqlab.testing.HeadlessChromium;

/** The browser probe finds the charts of seqlab's own pages by id, skipping the bundled library; no Chromium needed. */
class ChartProbeTest {

    @Test
    void expectedChartsComeFromThePlotlyCalls() {
        String html = "<html><head>" + PlotlyJs.libraryTag() + "</head><body>"
                + PlotlyJs.chart(Charts.lines("t", "x", "y", false, Map.of("a", new double[][] {{1}, {2}})), "c1")
                + "<div id='c2'></div><script>Plotly.newPlot('c2', [], {});</script>"
                + "<script>document.getElementById('unrelated').focus();</script></body></html>";
        assertEquals(List.of("c2", "c1"), HeadlessChromium.expectedCharts(html));
    }
}
