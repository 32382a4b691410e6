package seqlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import seqlab.datasets.Datasets;
import seqlab.model.Models;
import seqlab.testing.HeadlessChromium;

/**
 * Issue 8's end-to-end check: a three-model, three-seed classification experiment on real data, its report written
 * and rendered offline in headless Chromium, every chart drawn, no console errors, a screenshot saved.
 */
class ReportEndToEndTest {
    @Test
    void threeModelsThreeSeedsReportRendersOfflineWithEveryChartDrawn() throws Exception {
        Path dir = Path.of("target", "report-e2e-classification");
        var task = new ClassificationTask(Datasets.sentiment("yelp"),
                ClassificationTask.Options.defaults().maxExamples(300).embedding(16).maxLength(20));
        Results r = Experiment.on(task).compare(Models.lstm(16), Models.gru(16), Models.cnn(16))
                .train(t -> t.epochs(2).batchSize(32).adam(1e-2)).seeds(3).engine("reference").out(dir).quiet().run();
        assertEquals(15, r.trials().size()); // (2 baselines + 3 models) x 3 seeds
        assertTrue(r.trials().stream().allMatch(TrialResult::ok), r.toString());
        Path index = r.report(dir);
        assertTrue(Files.isRegularFile(dir.resolve("results.csv")) && Files.isRegularFile(dir.resolve("summary.csv")));
        String html = Files.readString(index);
        // one verdict row per model against the strongest baseline, each styled by its category, and the correction
        assertEquals(3, r.verdicts().rows().stream().filter(v -> v.role().equals(VerdictFamily.VS_BASELINE)).count());
        for (var row : r.verdicts().rows()) {
            assertTrue(row.verdict().tested(), row.verdict().toString());
            assertTrue(html.contains("<tr class=\"" + row.verdict().category().cssClass() + "\"><td>"
                    + row.verdict().category().mark() + " " + row.verdict().category().label() + "</td><td>"
                    + row.verdict().candidate() + "</td>"), row.verdict().toString());
        }
        assertTrue(html.contains("Holm over " + r.verdicts().rows().size() + " comparisons"), "the correction is named");

        HeadlessChromium.skipReason().ifPresent(Assumptions::abort);
        var rendering = HeadlessChromium.create().render(index, dir.resolve("screenshot.png"));
        assertTrue(rendering.clean(), rendering.describe());
        assertTrue(rendering.allChartsDrawn(), rendering.describe());
        assertTrue(rendering.charts().size() >= 5, rendering.describe());
        assertTrue(Files.size(dir.resolve("screenshot.png")) > 10_000);
    }
}
