package seqlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

class ChartsTest {
    private static Table curves() {
        return Table.create("curves",
                StringColumn.create("model", "lstm", "lstm", "lstm", "lstm", "gru", "gru"),
                IntColumn.create("seed", 1, 1, 2, 2, 1, 1),
                IntColumn.create("epoch", 1, 2, 1, 2, 1, 2),
                DoubleColumn.create("loss", 1.0, 0.5, 3.0, 0.7, 2.0, 1.0));
    }

    @Test
    void curvesDrawMeanOverSeedsWithABand() {
        Figure f = Charts.curves(curves(), "model", "epoch", "loss", "Loss");
        // lstm: band (2 traces) + mean; gru has one seed: mean only
        assertEquals(4, f.getTraces().length);
        String js = f.getTraces()[2].asJavascript(2);
        assertTrue(js.contains("\"y\":[2.0,0.6"), js); // mean of 1,3 and 0.5,0.7
        assertTrue(f.getTraces()[1].asJavascript(1).contains("tonexty"));
        // how to read the band is said under the title; the rotated axis title stays short
        JsonFigure j = (JsonFigure) f;
        assertEquals(Map.of("text", "loss"), axis(j, "yaxis").get("title"));
        assertTrue(j.asJavascript("d").contains("\"subtitle\":{"), j.asJavascript("d"));
    }

    @Test
    void barsCarryConfidenceWhiskers() {
        Table s = Table.create("summary", StringColumn.create("model", "rnn", "lstm"),
                DoubleColumn.create("accuracy_mean", 0.7, 0.8), DoubleColumn.create("accuracy_ci95", 0.05, 0.02));
        String js = Charts.bars(s, "model", "accuracy_mean", "accuracy_ci95", "Accuracy").getTraces()[0].asJavascript(0);
        assertTrue(js.contains("\"error_y\"") && js.contains("[0.05,0.02]"), js);
    }

    @Test
    void missingColumnIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Charts.curves(curves(), "model", "step", "loss", "x"));
        assertTrue(e.getMessage().contains("step") && e.getMessage().contains("epoch"), e.getMessage());
    }

    @Test
    void figureScriptIsValidPlotlyCall() {
        Map<String, double[][]> m = new LinkedHashMap<>();
        m.put("rnn", new double[][] {{1, 2, 3}, {1e-1, 1e-3, 1e-6}});
        Figure f = Charts.lines("grad", "distance", "norm", true, m);
        String js = f.asJavascript("div1");
        assertTrue(js.contains("Plotly.newPlot") && js.contains("trace0") && js.contains("log"), js);
        Figure h = Charts.heatmap("attn", new String[] {"a", "b"}, new String[] {"x"}, new double[][] {{0.3, 0.7}});
        assertTrue(h.asJavascript("div2").contains("heatmap"));
        assertThrows(IllegalArgumentException.class,
                () -> Charts.heatmap("bad", new String[] {"a"}, new String[] {"x"}, new double[][] {{0.3, 0.7}}));
    }

    @Test
    void heatmapKeepsRepeatedTokensApart() {
        Figure h = Charts.heatmap("attn", new String[] {"the", "cat", "the"}, new String[] {"le", "le"},
                new double[][] {{0.2, 0.3, 0.5}, {0.1, 0.1, 0.8}});
        String js = h.getTraces()[0].asJavascript(0);
        // the repeat gets an invisible zero-width space (U+200B), which JSON carries as the character itself
        assertTrue(js.contains("\"x\":[\"the\",\"cat\",\"the\u200b\"]"), js);
        assertTrue(js.contains("\"y\":[\"le\",\"le\u200b\"]"), js);
    }

    @Test
    void logYAxisWritesPowersOfTen() {
        Map<String, double[][]> m = Map.of("rnn", new double[][] {{1, 2}, {1e-3, 1e-9}});
        assertTrue(Charts.lines("g", "d", "n", true, m).asJavascript("d1").contains("\"exponentformat\":\"power\""));
        assertEquals(null, axis(Charts.lines("g", "d", "n", true, m), "yaxis").get("tickvals"), "six decades: powers");
    }

    @Test
    void shortLogAxesTickAtOneTwoFiveAndBaselinesLookLikeBaselines() {
        Map<String, double[][]> m = new LinkedHashMap<>();
        m.put("rnn", new double[][] {{8, 12}, {1.83, 1.58}});
        m.put("gru", new double[][] {{8, 12}, {0.86, 0.68}});
        m.put("predict the mean", new double[][] {{8, 12}, {0.1667, 0.1667}});
        JsonFigure f = Charts.lines("Adding problem: test MSE by sequence length", "length", "MSE", true, m,
                java.util.Set.of("predict the mean"));
        assertEquals(List.of(0.2, 0.5, 1.0, 2.0), axis(f, "yaxis").get("tickvals"));
        assertEquals(List.of("0.2", "0.5", "1", "2"), axis(f, "yaxis").get("ticktext"));
        var baseline = SeriesStyles.create().style("x", SeriesStyles.Kind.BASELINE);
        JsonTrace mean = (JsonTrace) f.getTraces()[2];
        assertEquals(baseline.dash(), ((Map<?, ?>) mean.attributes().get("line")).get("dash"));
        assertEquals(baseline.color(), ((Map<?, ?>) mean.attributes().get("line")).get("color"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> axis(JsonFigure f, String name) {
        return (Map<String, Object>) f.layout().get(name);
    }

    @Test
    void dotsZoomToTheModelsAndNameFarBaselinesAtTheEdge() {
        List<Charts.Dot> dots = List.of(new Charts.Dot("cnn", "cnn", 0.44, Double.NaN),
                new Charts.Dot("gru", "gru", 0.53, 0.05), new Charts.Dot("rnn", "rnn", 0.66, Double.NaN));
        Map<String, Double> baselines = new LinkedHashMap<>();
        baselines.put("seasonal naive", 0.8);
        baselines.put("mean", 7.02);
        JsonFigure f = Charts.dots("Test MASE by model", "MASE", dots, baselines);
        List<?> range = (List<?>) axis(f, "xaxis").get("range");
        double lo = (Double) range.get(0), hi = (Double) range.get(1);
        assertTrue(lo > 0.3 && lo < 0.44 && hi > 0.8 && hi < 0.9, range.toString());
        String js = f.asJavascript("d");
        assertTrue(js.contains("mean 7.02 →"), "the far baseline is named at the edge: " + js);
        // the near baseline is a dashed reference line across the plot, in the legend
        JsonTrace ref = (JsonTrace) f.getTraces()[3];
        assertEquals("seasonal naive", ref.name());
        assertEquals("y2", ref.attributes().get("yaxis"));
        assertEquals("dash", ((Map<?, ?>) ref.attributes().get("line")).get("dash"));
        // whiskers only for the dot that has an interval
        assertTrue(!f.getTraces()[0].asJavascript(0).contains("error_x"));
        assertTrue(f.getTraces()[1].asJavascript(1).contains("\"error_x\""));
        assertEquals(List.of("cnn", "gru", "rnn"), axis(f, "yaxis").get("categoryarray"), "best first, top down");
    }

    @Test
    void dotsAllAtOneValueShowTheBaselinesOnAReadableAxis() {
        // two translation models at BLEU 0 against a copy baseline at 0.889: no "1n" axis, the baseline on the chart
        List<Charts.Dot> dots = List.of(new Charts.Dot("attention", "attention", 0, Double.NaN),
                new Charts.Dot("gru", "gru", 0, Double.NaN));
        JsonFigure f = Charts.dots("Test BLEU by model", "BLEU", dots, Map.of("copy", 0.889));
        List<?> range = (List<?>) axis(f, "xaxis").get("range");
        double lo = (Double) range.get(0), hi = (Double) range.get(1);
        assertTrue(lo < -0.05 && lo > -0.1 && hi > 0.889 && hi < 1, range.toString());
        assertTrue(!f.asJavascript("d").contains("off the scale"), "the baseline is drawn, not named at the edge");
        // one value and nothing else: one unit either side of zero, 5% of the value otherwise
        assertEquals(List.of(-1.0, 1.0), axis(Charts.dots("t", "x", dots, Map.of()), "xaxis").get("range"));
        List<?> r = (List<?>) axis(Charts.dots("t", "x", List.of(new Charts.Dot("a", "a", 2, Double.NaN)), Map.of()),
                "xaxis").get("range");
        assertEquals(1.9, (Double) r.get(0), 1e-12);
        assertEquals(2.1, (Double) r.get(1), 1e-12);
    }

    @Test
    void dotsFromATableSayNothingOfIntervalsTheyDoNotHave() {
        Table one = Table.create("s", StringColumn.create("model", "lstm", "gru"),
                DoubleColumn.create("accuracy_mean", 0.8, 0.7), DoubleColumn.create("accuracy_ci95", Double.NaN, Double.NaN));
        JsonFigure f = Charts.dots(one, "model", "accuracy_mean", "accuracy_ci95", "test accuracy");
        String js = f.asJavascript("d");
        assertTrue(!js.contains("95% CI") && !js.contains("error_x"), js);
        assertEquals("Test accuracy", f.title(), "sentence case");
        assertThrows(IllegalArgumentException.class, () -> Charts.dots("t", "x", List.of(), Map.of()));
    }

    @Test
    void longCurvesDropMarkersAndEpochsTickInWholeNumbers() {
        Table t = Table.create("c", StringColumn.create("model"), IntColumn.create("epoch"), DoubleColumn.create("loss"));
        for (int m = 0; m < 8; m++) {
            for (int e = 1; e <= 120; e++) {
                t.stringColumn("model").append("model number " + m);
                t.intColumn("epoch").append(e);
                t.doubleColumn("loss").append(1.0 / e + m);
            }
        }
        JsonFigure f = Charts.curves(t, "model", "epoch", "loss", "training loss by epoch");
        for (var tr : f.getTraces()) {
            assertEquals("lines", ((JsonTrace) tr).attributes().get("mode"));
        }
        assertEquals("d", axis(f, "xaxis").get("tickformat"));
        assertEquals(20L, axis(f, "xaxis").get("dtick"));
        // eight long names: the legend goes below the plot, and the chart grows to hold it
        Map<?, ?> legend = (Map<?, ?>) f.layout().get("legend");
        assertEquals("h", legend.get("orientation"));
        assertTrue((Integer) f.layout().get("height") > Charts.HEIGHT);
        Table shortCurves = t.where(t.intColumn("epoch").isLessThanOrEqualTo(10));
        JsonFigure g = Charts.curves(shortCurves, "model", "epoch", "loss", "t");
        assertEquals("lines+markers", ((JsonTrace) g.getTraces()[0]).attributes().get("mode"));
        assertEquals(1L, axis(g, "xaxis").get("dtick"));
    }

    @Test
    void scatterPutsLabelsOnHoverAndBaselinesAsHorizontalLines() {
        Table s = Table.create("s", StringColumn.create("model", "lstm", "gru", "majority"),
                DoubleColumn.create("params", 52_000, 39_000, 0), DoubleColumn.create("accuracy", 0.81, 0.80, 0.5));
        JsonFigure f = Charts.scatter(s, "params", "accuracy", "model", "accuracy against parameters", true,
                Map.of("bag-of-words", 0.79));
        String js = f.asJavascript("d");
        for (var tr : f.getTraces()) {
            assertTrue(!((JsonTrace) tr).attributes().containsKey("text"), "no labels printed on the markers");
        }
        assertTrue(js.contains("hovertemplate") && js.contains("not on the log axis") && js.contains("majority"), js);
        JsonTrace ref = (JsonTrace) f.getTraces()[2];
        assertEquals("bag-of-words", ref.name());
        assertEquals("x2", ref.attributes().get("xaxis"));
        assertEquals("log", axis(f, "xaxis").get("type"));
    }
}
