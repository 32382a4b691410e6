package seqlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
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
        assertTrue(Charts.lines("g", "d", "n", true, m).asJavascript("d1").contains("exponentformat: 'power'"));
    }
}
