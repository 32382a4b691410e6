package seqlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import seqlab.engine.Engine;
import seqlab.experiment.Experiment;
import seqlab.experiment.Results;
import seqlab.experiment.Task;
import seqlab.experiment.TrialListener;
import seqlab.experiment.TrialResult;
import seqlab.experiment.TrialSpec;
import seqlab.model.ModelSpec;
import seqlab.model.Models;
import seqlab.plot.PlotlyJs;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.ScatterTrace;

class RenderersTest {

    @Test
    void tableRendersAsEscapedHtmlAndText() {
        Table t = Table.create("results <v1>", StringColumn.create("model", "lstm", "a<b"),
                DoubleColumn.create("acc", 0.5, 0.25));
        MimeBundle b = Renderers.standard().render(t);
        String html = b.data().get(MimeBundle.HTML);
        assertTrue(html.contains("<caption>results &lt;v1&gt;</caption>"), html);
        assertTrue(html.contains("<th>model</th><th style=\"text-align: right\">acc</th>"), html);
        assertTrue(html.contains("<td>a&lt;b</td>"), html);
        assertTrue(html.contains("2 rows &times; 2 columns"), html);
        assertTrue(b.text().contains("lstm"), b.text());
        assertTrue(b.requires().isEmpty());
    }

    @Test
    void longTablesShowHeadAndTail() {
        int n = 1000;
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        String html = Renderers.standard().render(Table.create("big", IntColumn.create("i", v)))
                .data().get(MimeBundle.HTML);
        assertTrue(html.contains("<td style=\"text-align: right\">0</td>") && html.contains("<td style=\"text-align: right\">999</td>"), "head and tail");
        assertFalse(html.contains("<td style=\"text-align: right\">500</td>"), "the middle is elided");
        assertTrue(html.contains((n - StandardRenderers.MAX_ROWS) + " more rows"), html);
    }

    @Test
    void figureRendersAsAChartThatNeedsPlotly() {
        Figure f = new Figure(Layout.builder().title("loss").build(),
                ScatterTrace.builder(new double[] {1, 2}, new double[] {3, 4}).build());
        MimeBundle b = Renderers.standard().render(f);
        assertEquals(List.of(StandardRenderers.PLOTLY), List.copyOf(b.requires()));
        String html = b.data().get(MimeBundle.HTML);
        assertTrue(html.contains("Plotly.newPlot("), html);
        assertFalse(html.contains("plotly.js v"), "the library travels separately, once per session");
        String lib = Renderers.standard().library(StandardRenderers.PLOTLY).orElseThrow().data().get(MimeBundle.HTML);
        assertTrue(lib.contains("plotly.js v" + PlotlyJs.version()));
    }

    @Test
    void nearestRegisteredTypeWinsAndInterfacesCount() {
        Renderers r = new Renderers()
                .register(CharSequence.class, s -> MimeBundle.text("chars:" + s))
                .register(List.class, l -> MimeBundle.text("list of " + l.size()))
                .register(ArrayList.class, l -> MimeBundle.text("array list of " + l.size()));
        assertEquals("chars:x", r.render("x").text());
        assertEquals("array list of 1", r.render(new ArrayList<>(List.of(1))).text());
        assertEquals("list of 2", r.render(List.of(1, 2)).text());
        assertEquals("7", r.render(7).text());
        assertEquals("[1, 2]", r.render(new int[] {1, 2}).text());
    }

    @Test
    void aFailingRendererFallsBackToTextAndSaysWhy() {
        Renderers r = new Renderers().register(Integer.class, i -> {
            throw new IllegalStateException("broken");
        });
        String text = r.render(5).text();
        assertTrue(text.startsWith("5\n(rendering as Integer failed: java.lang.IllegalStateException: broken)"), text);
    }

    /** A task whose trials finish at once with a made-up accuracy; "broken" models fail. */
    private static final class InstantTask implements Task {
        @Override public String name() { return "classification"; }
        @Override public String dataset() { return "toy"; }
        @Override public String dataHash() { return "0"; }
        record NoOptions() { }
        @Override public Record options() { return new NoOptions(); }
        @Override public String mainMetric() { return "accuracy"; }
        @Override public boolean higherIsBetter() { return true; }
        @Override public List<String> metrics() { return List.of("accuracy"); }
        @Override public List<seqlab.model.Baseline> baselines() { return List.of(seqlab.model.Baseline.of("majority")); }
        @Override public List<String> families() { return List.of("rnn", "lstm", "gru"); }
        @Override public long parameterCount(ModelSpec spec) { return 10L * spec.hidden(); }

        @Override
        public TrialResult run(TrialSpec spec, Engine engine, TrialListener listener) {
            if (spec.model().name().equals("broken")) {
                throw new IllegalStateException("diverged <nan>");
            }
            double acc = spec.model().name().equals("majority") ? 0.5 : 0.8 + spec.seed() / 100.0;
            return new TrialResult(spec, TrialResult.Status.OK, "", spec.model() instanceof ModelSpec m
                    ? parameterCount(m) : 0, 1, 1, false, 0.1, 100, Map.of("accuracy", acc), Map.of(), List.of(), null, Map.of());
        }
    }

    @Test
    void resultsRenderAsTheirSummaryTableWithVerdicts(@TempDir Path dir) {
        Results results = Experiment.on(new InstantTask())
                .compare(Models.lstm(8).named("lstm"), Models.gru(8).named("broken"))
                .seeds(2).engine("reference").out(dir).quiet().run();
        MimeBundle b = Renderers.standard().render(results);
        String html = b.data().get(MimeBundle.HTML);
        assertTrue(html.contains("<caption>classification summary (toy)</caption>"), html);
        assertTrue(html.contains("<th style=\"text-align: right\">accuracy</th>") && html.contains("<td>lstm</td>"), html);
        assertTrue(html.indexOf("<td>lstm</td>") < html.indexOf("<td>majority</td>"), "best model first");
        // two seeds are too few for a verdict: the row says so, styled as untested
        assertTrue(html.contains("<tr class=\"verdict-not-tested\"><td>[?] not tested</td><td>lstm</td><td>majority</td>"),
                html);
        assertTrue(html.contains("2 seeds: at least 3 needed; run more seeds"), html);
        assertTrue(html.contains("2 trial(s) failed") && html.contains("diverged &lt;nan&gt;"), html);
        assertEquals(results.toString(), b.text(), "text/plain is what JShell prints");
        assertTrue(b.requires().isEmpty(), "a results table needs no library");
        // the verdicts alone render as the same styled table, and print as the console lines
        MimeBundle v = Renderers.standard().render(results.verdicts());
        assertTrue(v.data().get(MimeBundle.HTML).contains("<tr class=\"verdict-not-tested\"><td>[?] not tested</td>"),
                v.data().get(MimeBundle.HTML));
        assertEquals(results.verdicts().toString(), v.text());
    }
}
