package seqlab.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Finding the browser, and preparing the page for it: runs everywhere, no Chromium needed. */
class HeadlessChromiumSetupTest {

    @Test
    void missingBrowserSkipsWithTheDebianPackageNamed() {
        Optional<String> reason = HeadlessChromium.skipReason(Map.of("PATH", "/nonexistent-dir"));
        assertTrue(reason.isPresent());
        assertTrue(reason.get().contains("apt-get install chromium"), reason.get());
    }

    @Test
    void missingBrowserFailsUnderCi() {
        var e = assertThrows(IllegalStateException.class,
                () -> HeadlessChromium.skipReason(Map.of("PATH", "/nonexistent-dir", "CI", "true")));
        assertTrue(e.getMessage().contains("chromium") && e.getMessage().contains(".ci/apt-packages.txt"), e.getMessage());
    }

    @Test
    void badOverrideIsNamed() {
        Map<String, String> env = Map.of(HeadlessChromium.ENV_EXECUTABLE, "/no/such/chromium", "PATH", "/usr/bin:/bin");
        assertFalse(HeadlessChromium.executable(env).isPresent(), "a bad override is not silently replaced");
        assertTrue(HeadlessChromium.skipReason(env).orElseThrow().contains("SEQLAB_CHROMIUM=/no/such/chromium"));
    }

    @Test
    void expectedChartsComeFromThePlotlyCallsNotFromTheLibrary() {
        // a stand-in for plotly.js: its banner, and the calls the real library makes internally
        String library = "<script>/**\n* plotly.js v2.35.3\n*/ Plotly.newPlot('inside'); document.getElementById('x');"
                + "</script>";
        String html = "<html><head>" + library + "</head><body><div id='c1'></div>"
                + "<script>var d = document.getElementById('c1'); Plotly.newPlot(d, [], {});</script>"
                + "<div id='c2'></div><script>Plotly.newPlot('c2', [], {});</script>"
                + "<script>document.getElementById('unrelated').focus();</script></body></html>";
        assertEquals(List.of("c2", "c1"), HeadlessChromium.expectedCharts(html));
        String instrumented = HeadlessChromium.instrument(html, List.of("c1", "c2"));
        assertTrue(instrumented.indexOf("__seqlabExpectedCharts = [\"c1\",\"c2\"]") < instrumented.indexOf("plotly.js v"),
                "the probe must run before the library");
    }
}
