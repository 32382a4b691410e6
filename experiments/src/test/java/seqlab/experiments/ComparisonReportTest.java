package seqlab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import seqlab.datasets.Datasets;
import seqlab.experiment.ClassificationTask;
import seqlab.experiment.Experiment;
import seqlab.experiment.ForecastingTask;
import seqlab.experiment.Results;
import seqlab.experiment.TranslationTask;
import seqlab.experiment.TrialResult;
import seqlab.model.ModelSpec;
import seqlab.model.Models;
import seqlab.plot.PlotlyJs;
import seqlab.testing.HeadlessChromium;

/**
 * A comparison report as {@code ./seqlab compare} writes it, over the three tasks at a seconds-sized budget, opened in
 * headless Chromium: every page draws every chart offline with no console error; no two traces of a chart look the
 * same (colour, dash and marker, read from the rendered SVG), even in the forecast chart with ten models, nine
 * baselines and the actual series; no legend spills out of its chart; plotly.js is in the folder once and the whole
 * folder stays under the 10 MB target.
 */
class ComparisonReportTest {
    static final Path DIR = Path.of("target", "report-e2e-comparison");
    static final long TARGET_BYTES = 10L * 1024 * 1024;

    private static ModelSpec[] recurrentFamily(int h) {
        return new ModelSpec[] {Models.rnn(h).named("rnn"), Models.lstm(h).named("lstm"),
            Models.lstm(h).bidirectional().named("bilstm"), Models.gru(h).named("gru"),
            Models.gru(h).bidirectional().named("bigru"), Models.peephole(h).named("peephole"),
            Models.cifg(h).named("cifg"), Models.cnn(h).named("cnn"), Models.transformer(1, h, 2).named("transformer"),
            Models.lstm(h).with("layers", 2).named("lstm2")};
    }

    @Test
    void threeTaskReportRendersOfflineWithDistinctSeriesAndOneLibrary() throws Exception {
        delete(DIR);
        ComparisonReport report = ComparisonReport.create(DIR, "A seconds-sized budget, for the test.");
        var cls = new ClassificationTask(Datasets.sentiment("yelp"),
                ClassificationTask.Options.defaults().maxExamples(300).embedding(16).maxLength(20));
        Results c = Experiment.on(cls).compare(Models.lstm(16).named("lstm"), Models.gru(16).named("gru"),
                Models.cnn(16).named("cnn")).train(t -> t.epochs(2).batchSize(32).adam(1e-2)).seeds(2)
                .engine("reference").out(DIR.resolve("classification")).quiet().run();
        assertEquals(10, c.trials().size()); // (2 baselines + 3 models) x 2 seeds
        report.add("classification", c);
        var tr = new TranslationTask(Datasets.deEn(),
                TranslationTask.Options.defaults().subset(200).maxWords(6).embedding(16).validationBleuSentences(10));
        Results t = Experiment.on(tr).compare(Models.gru(16).with("attention", "additive").named("attention"),
                Models.gru(16).named("gru")).train(x -> x.epochs(1).batchSize(32).adam(5e-3))
                .engine("reference").out(DIR.resolve("translation")).quiet().run();
        report.add("translation", t);
        Results f = Experiment.on(new ForecastingTask(Datasets.airline())).compare(recurrentFamily(8))
                .train(x -> x.epochs(3).batchSize(16).adam(3e-3)).engine("reference").out(DIR.resolve("forecasting"))
                .quiet().run();
        report.add("forecasting", f);
        for (Results r : List.of(c, t, f)) {
            assertTrue(r.trials().stream().allMatch(TrialResult::ok), r.toString());
        }
        Path index = report.write();
        // each verdict row of a task page carries its category's class, which the page styles
        String classification = Files.readString(DIR.resolve("classification/index.html"));
        for (var row : c.verdicts().rows()) {
            assertTrue(classification.contains("<tr class=\"" + row.verdict().category().cssClass() + "\">"),
                    row.verdict().toString());
        }

        // plotly.js once, at the top; the task pages and the "open alone" pages load it from there
        List<Path> libraries;
        long bytes;
        try (Stream<Path> all = Files.walk(DIR)) {
            List<Path> files = all.filter(Files::isRegularFile).toList();
            libraries = files.stream().filter(p -> p.getFileName().toString().startsWith("plotly")).toList();
            bytes = files.stream().mapToLong(p -> p.toFile().length()).sum();
        }
        assertEquals(List.of(DIR.resolve(PlotlyJs.libraryFileName())), libraries);
        assertTrue(bytes < TARGET_BYTES, "the report folder holds " + bytes + " bytes; the target is " + TARGET_BYTES);
        String task = Files.readString(DIR.resolve("forecasting/index.html"));
        assertTrue(task.contains("src=\"../" + PlotlyJs.libraryFileName() + "\""), "task page loads the shared library");
        assertTrue(!task.contains("* plotly.js v"), "task page does not inline the library");

        HeadlessChromium.skipReason().ifPresent(Assumptions::abort);
        HeadlessChromium browser = HeadlessChromium.create().windowSize(1100, 3000);
        List<Path> pages = List.of(index, DIR.resolve("classification/index.html"), DIR.resolve("translation/index.html"),
                DIR.resolve("forecasting/index.html"));
        for (Path page : pages) {
            String name = DIR.relativize(page).toString().replace('/', '-').replace(".html", "");
            var rendering = browser.render(page, DIR.resolve("screenshot-" + name + ".png"));
            assertTrue(rendering.clean(), rendering.describe());
            assertEquals(List.of(), rendering.lookAlikes(), rendering.describe());
            assertEquals(List.of(), rendering.overflowingLegends(), rendering.describe());
        }
        // the forecast chart has more series than the palette has colours
        Path forecastPage;
        try (Stream<Path> charts = Files.list(DIR.resolve("forecasting/charts"))) {
            forecastPage = charts.filter(p -> p.getFileName().toString().startsWith("test-forecasts-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no forecast chart page in forecasting/charts"));
        }
        var forecast = browser.render(forecastPage);
        assertTrue(forecast.clean(), forecast.describe());
        // drawn at first: the actual series, the best model and the best baseline; all 20 (actual, 10 models and 9
        // statistical baselines) are in the legend, one click from being drawn
        assertEquals(3, forecast.charts().get(0).styles().size(), forecast.describe());
        assertEquals(20, forecast.charts().get(0).legendEntries(), forecast.describe());
        assertEquals(List.of(), forecast.lookAlikes(), forecast.describe());
        assertEquals(List.of(), forecast.overflowingLegends(), forecast.describe());
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
