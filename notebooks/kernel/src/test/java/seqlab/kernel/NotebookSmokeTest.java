package seqlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import seqlab.plot.PlotlyJs;

/**
 * Executes {@code smoke.ipynb} headless with nbconvert against the seqlab kernel (any cell error fails),
 * then converts the result to HTML and checks it shows the table and the chart offline.
 */
class NotebookSmokeTest {

    @Test
    void smokeNotebookRunsAndConvertsToOfflineHtml(@TempDir Path home) throws Exception {
        Jupyter jupyter = Jupyter.withKernel(home);
        Path work = Files.createDirectories(home.resolve("work"));
        Path notebook = work.resolve("smoke.ipynb");
        Files.copy(Objects.requireNonNull(getClass().getResourceAsStream("/smoke.ipynb")), notebook);

        Jupyter.Result executed = jupyter.run(List.of("jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.kernel_name=" + Jupyter.KERNEL_NAME, "--ExecutePreprocessor.timeout=300",
                "--output", "executed", "--output-dir", work.toString(), notebook.toString()), 600);
        assertEquals(0, executed.code(), "executing smoke.ipynb failed:\n" + executed.out());
        String ipynb = Files.readString(work.resolve("executed.ipynb"), StandardCharsets.UTF_8);
        assertFalse(ipynb.contains("\"output_type\": \"error\""), "a cell failed:\n" + ipynb);
        // nbclient applies update_display_data to the saved output: only the last state remains.
        assertTrue(ipynb.contains("epoch 3 loss 0.216"), "live display was not updated");
        assertFalse(ipynb.contains("\"epoch 0\""), "the first state of an updated display must be gone");
        assertTrue(ipynb.contains("shape "), "stdout of the last cell is missing");

        Jupyter.Result html = jupyter.run(List.of("jupyter", "nbconvert", "--to", "html",
                "--output-dir", work.toString(), work.resolve("executed.ipynb").toString()), 300);
        assertEquals(0, html.code(), "HTML conversion failed:\n" + html.out());
        String page = Files.readString(work.resolve("executed.html"), StandardCharsets.UTF_8);
        assertTrue(page.contains("<td>lstm</td>") && page.contains("<th style=\"text-align: right\">accuracy</th>"), "table missing from HTML");
        assertTrue(page.contains("plotly.js v" + PlotlyJs.version()), "plotly.js is not inlined in the HTML");
        assertEquals(1, count(page, "plotly.js v" + PlotlyJs.version()),
                "plotly.js must be inlined once per notebook, not once per chart");
        assertTrue(page.contains("accuracy by model") && page.contains("Plotly.newPlot("), "chart missing from HTML");
        Matcher cdn = Pattern.compile("<script[^>]+src=\"[^\"]*plot\\.ly[^\"]*\"").matcher(page);
        assertFalse(cdn.find(), "the page loads plotly.js from a CDN: " + (cdn.find(0) ? cdn.group() : ""));
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }
}
