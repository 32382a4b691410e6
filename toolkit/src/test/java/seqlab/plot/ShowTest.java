package seqlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.ScatterTrace;

class ShowTest {

    private static Figure figure(String title) {
        return new Figure(Layout.builder().title(title).build(),
                ScatterTrace.builder(new double[] {1, 2}, new double[] {3, 4}).build());
    }

    /** Runs {@code action} and returns what it printed. */
    private static String printed(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesAnOfflinePageAndPrintsItsPath(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("sub/loss.html");
        Path[] written = new Path[1];
        String out = printed(() -> written[0] = Show.html(figure("training loss"), target));
        assertEquals(target.toAbsolutePath(), written[0]);
        assertEquals("chart: " + target.toAbsolutePath(), out.strip());
        String html = Files.readString(target);
        // plotly.js sits next to the page, once per folder, and the page loads it by a relative path
        Path library = target.resolveSibling(PlotlyJs.libraryFileName());
        assertEquals(PlotlyJs.script(), Files.readString(library));
        assertTrue(html.contains("src=\"" + PlotlyJs.libraryFileName() + "\""), "the page loads the library next to it");
        assertTrue(!html.contains("* plotly.js v"), "the library is not inlined");
        assertTrue(html.contains("Plotly.newPlot(") && html.contains("training loss"));
        assertTrue(html.contains("<title>training loss</title>"), "the page is titled after the chart");
    }

    @Test
    void eachCallGetsItsOwnFileInTheConfiguredFolder(@TempDir Path dir) throws Exception {
        String before = System.getProperty(Show.PROPERTY);
        System.setProperty(Show.PROPERTY, dir.toString());
        try {
            Path[] files = new Path[2];
            printed(() -> {
                files[0] = Show.html(figure("Test MASE (mean over seeds)"));
                files[1] = Show.html(figure("Test MASE (mean over seeds)"));
            });
            assertNotEquals(files[0], files[1], "a second chart must not overwrite the first");
            try (var all = Files.list(dir)) {
                assertEquals(1, all.filter(f -> f.getFileName().toString().startsWith("plotly")).count(),
                        "one plotly.js for both pages");
            }
            for (Path f : files) {
                assertEquals(dir, f.getParent());
                assertTrue(f.getFileName().toString().startsWith("test-mase-mean-over-seeds-"), f.toString());
                assertTrue(Files.isRegularFile(f));
            }
        } finally {
            if (before == null) {
                System.clearProperty(Show.PROPERTY);
            } else {
                System.setProperty(Show.PROPERTY, before);
            }
        }
    }

    @Test
    void slugsAreFileNameSafe() {
        assertEquals("validation-accuracy-by-epoch", Show.slug("Validation accuracy by epoch"));
        assertEquals("chart", Show.slug("??"));
        assertEquals("gradient-norm-vs-distance-rnn-lstm-and-g", Show.slug("Gradient norm vs distance: RNN, LSTM and GRU"));
    }
}
