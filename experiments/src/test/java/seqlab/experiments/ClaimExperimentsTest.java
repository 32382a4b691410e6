package seqlab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import seqlab.plot.PlotlyJs;
import seqlab.testing.HeadlessChromium;

/** Every claim experiment at a seconds-sized budget: it runs, writes its report, and its verdict comes from its data. */
class ClaimExperimentsTest {
    private static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());

    static ClaimResult runAndCheck(ClaimExperiment e, Path dir) throws Exception {
        ClaimResult r = e.run(new ClaimExperiment.Context(List.of("reference"), dir, SILENT));
        assertEquals(e.name(), r.name());
        assertTrue(r.table().rowCount() > 0, "the experiment measured nothing");
        assertNotNull(r.verdict().outcome());
        assertTrue(r.verdict().text().length() > 20, r.verdict().text());
        String html = Files.readString(dir.resolve("index.html"), StandardCharsets.UTF_8);
        // the verdict, the budget and the configuration are on the page
        assertTrue(html.contains("class=\"note\""), "no verdict note in the report");
        assertTrue(html.contains(e.budget().substring(0, 10)), "the report does not state the budget");
        assertTrue(html.contains("Configuration and environment"), "no configuration JSON in the report");
        String csv = Files.readString(dir.resolve("results.csv"), StandardCharsets.UTF_8);
        assertEquals(r.table().rowCount() + 1, csv.strip().lines().count(), csv);
        assertTrue(r.toString().contains(r.verdict().toString()), "the terminal text lacks the verdict");
        return r;
    }

    @Test
    void gradientFlowReportsDecayForEachCellAtInitialisationAndAfterTraining(@TempDir Path dir) throws Exception {
        ClaimResult r = runAndCheck(new GradientFlow(GradientFlow.Config.tiny()), dir);
        // 3 cells x 2 phases x 1 length
        assertEquals(6, r.table().rowCount());
        assertTrue(r.verdict().text().contains("RNN") && r.verdict().text().contains("decades"), r.verdict().text());
        assertTrue(Files.exists(dir.resolve("charts")), "no charts written");
        for (double v : r.table().doubleColumn("norm_at_0").asDoubleArray()) {
            assertTrue(v > 0 && Double.isFinite(v), "gradient norm at the last step must be positive, got " + v);
        }
    }

    @Test
    void longMemoryScoresEveryModelOnBothTasksAtEachLength(@TempDir Path dir) throws Exception {
        ClaimResult r = runAndCheck(new LongMemory(LongMemory.Config.tiny()), dir);
        // 2 tasks x 2 lengths x 4 models
        assertEquals(16, r.table().rowCount());
        for (int i = 0; i < r.table().rowCount(); i++) {
            double m = r.table().doubleColumn("metric_mean").get(i);
            assertTrue(Double.isFinite(m) && m >= 0, "metric " + m);
        }
    }

    @Test
    void paramsAndSpeedCountsParametersAsPyTorch(@TempDir Path dir) throws Exception {
        ClaimResult r = runAndCheck(new ParamsAndSpeed(ParamsAndSpeed.Config.tiny()), dir);
        var t = r.table();
        // nn.LSTM(4, 8): 4 * 8 * (4 + 8 + 2) = 448; nn.GRU(4, 8): 3 * 8 * 14 = 336
        long lstm = t.longColumn("params").get(t.stringColumn("model").indexOf("lstm"));
        long gru = t.longColumn("params").get(t.stringColumn("model").indexOf("gru"));
        assertEquals(448, lstm);
        assertEquals(336, gru);
        assertTrue(r.verdict().text().startsWith("the GRU has 25.0% fewer parameters"), r.verdict().text());
    }

    @Test
    void bidirectionalRunsPairedTests(@TempDir Path dir) throws Exception {
        ClaimResult r = runAndCheck(new Bidirectional(Bidirectional.Config.tiny()), dir);
        // 4 models on sentiment, then on punctuation restoration
        assertEquals(List.of("sentiment", "sentiment", "sentiment", "sentiment", "punctuation", "punctuation",
                "punctuation", "punctuation"), r.table().stringColumn("task").asList());
        assertTrue(r.verdict().text().contains("bilstm (punctuation) vs lstm (punctuation)"), r.verdict().text());
        assertTrue(Files.exists(dir.resolve("trials/index.html")), "no full trial report");
        // the claim's page and its trials report share one plotly.js, at the top of the claim's folder
        assertTrue(Files.isRegularFile(dir.resolve(PlotlyJs.libraryFileName())));
        try (var all = Files.walk(dir)) {
            assertEquals(1, all.filter(p -> p.getFileName().toString().startsWith("plotly")).count());
        }
        // and in the browser: charts drawn, each trace told apart, no legend spilling out
        HeadlessChromium.skipReason().ifPresent(Assumptions::abort);
        for (Path page : List.of(dir.resolve("index.html"), dir.resolve("trials/index.html"))) {
            var rendering = HeadlessChromium.create().windowSize(1100, 3000).render(page);
            assertTrue(rendering.clean(), rendering.describe());
            assertEquals(List.of(), rendering.lookAlikes(), rendering.describe());
            assertEquals(List.of(), rendering.overflowingLegends(), rendering.describe());
        }
    }

    @Test
    void attentionLengthScoresBleuByLength(@TempDir Path dir) throws Exception {
        ClaimResult r = runAndCheck(new AttentionLength(AttentionLength.Config.tiny()), dir);
        assertTrue(r.table().stringColumn("model").asList().containsAll(List.of("gru", "gru+attention")));
    }
}
