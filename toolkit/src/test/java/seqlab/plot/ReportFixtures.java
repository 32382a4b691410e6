package seqlab.plot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Made-up experiment tables, shaped like seqlab's results, for report tests. */
final class ReportFixtures {
    static final String[] MODELS = {"rnn", "lstm", "gru"};

    private ReportFixtures() {
    }

    static Table curves() {
        Table t = Table.create("curves", StringColumn.create("model"), IntColumn.create("seed"),
                IntColumn.create("epoch"), DoubleColumn.create("val_loss"));
        for (int m = 0; m < MODELS.length; m++) {
            for (int seed = 1; seed <= 2; seed++) {
                for (int e = 1; e <= 10; e++) {
                    t.stringColumn("model").append(MODELS[m]);
                    t.intColumn("seed").append(seed);
                    t.intColumn("epoch").append(e);
                    t.doubleColumn("val_loss").append(0.35 + (0.6 - 0.08 * m) * Math.exp(-e / 3.0) + 0.02 * seed * (m + 1) / e);
                }
            }
        }
        return t;
    }

    static Table summary() {
        return Table.create("summary",
                StringColumn.create("model", MODELS),
                LongColumn.create("params", 16_770L, 66_306L, 49_794L),
                DoubleColumn.create("accuracy_mean", 0.7412345, 0.8613, 0.85),
                DoubleColumn.create("accuracy_ci95", 0.0213, 0.00412, 0.0061),
                DoubleColumn.create("s_per_epoch", 1.23456, 3.5, 2.75),
                DoubleColumn.create("tokens_per_s", 15234.6, 5012.25, 6480.0),
                StringColumn.create("note", "<baseline> & \"vanilla\"", "best", ""));
    }

    static Map<String, double[][]> gradientNorms() {
        Map<String, double[][]> m = new LinkedHashMap<>();
        double[] d = {1, 2, 4, 8, 16, 32, 64};
        for (int i = 0; i < MODELS.length; i++) {
            double[] y = new double[d.length];
            for (int j = 0; j < d.length; j++) {
                y[j] = Math.pow(i == 0 ? 0.7 : 0.93 + 0.02 * i, d[j]);
            }
            m.put(MODELS[i], new double[][] {d, y});
        }
        return m;
    }

    static double[] series(int n) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 10 + 3 * Math.sin(2 * Math.PI * i / 24.0) + 0.05 * i;
        }
        return y;
    }

    /** A report with every chart Charts draws, a table, JSON and a link. */
    static HtmlReport everyChart() {
        Table summary = summary();
        double[] x = new double[96];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        double[] actual = series(96);
        double[] fx = new double[24];
        double[] lstm = new double[24];
        double[] naive = new double[24];
        for (int i = 0; i < 24; i++) {
            fx[i] = 72 + i;
            lstm[i] = actual[72 + i] + 0.4 * Math.sin(i);
            naive[i] = actual[71];
        }
        Map<String, double[][]> forecasts = new LinkedHashMap<>();
        forecasts.put("lstm", new double[][] {fx, lstm});
        forecasts.put("baseline: last value", new double[][] {fx, naive});
        String[] src = {"the", "cat", "sat", "on", "the", "mat", "<eos>"};
        String[] tgt = {"le", "chat", "s'est", "assis", "sur", "le", "tapis"};
        double[][] attn = new double[tgt.length][src.length];
        for (int r = 0; r < tgt.length; r++) {
            double s = 0;
            for (int c = 0; c < src.length; c++) {
                attn[r][c] = Math.exp(-Math.abs(r - c) * 1.5);
                s += attn[r][c];
            }
            for (int c = 0; c < src.length; c++) {
                attn[r][c] /= s;
            }
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("task", "classify");
        config.put("dataset", "sentiment");
        config.put("models", List.of("rnn(128)", "lstm(128)", "gru(128)"));
        config.put("epochs", 10);
        config.put("seeds", List.of(1, 2));
        return HtmlReport.create("Sentiment: RNN vs LSTM vs GRU")
                .note("LSTM is best: 0.8613 ± 0.0041 accuracy (95% CI), ahead of GRU by 0.011")
                .paragraph("Three recurrent classifiers, two seeds each, made-up numbers for the report test.")
                .heading("Summary")
                .table(summary)
                .figure(Charts.bars(summary, "model", "accuracy_mean", "accuracy_ci95", "Test accuracy"),
                        "Test accuracy, mean over seeds with 95% CI")
                .figure(Charts.scatter(summary, "params", "accuracy_mean", "model", "Accuracy vs parameters", true),
                        "Accuracy against parameter count")
                .heading("Training")
                .figure(Charts.curves(curves(), "model", "epoch", "val_loss", "Validation loss"), "Learning curves")
                .figure(Charts.lines("Gradient norm vs distance", "time distance", "gradient norm", true, gradientNorms()),
                        "Vanishing gradients")
                .heading("Forecast and attention")
                .figure(Charts.forecast("Hourly load: forecast vs actual", x, actual, forecasts), "Forecast")
                .figure(Charts.heatmap("Attention", src, tgt, attn), "Attention weights")
                .heading("Provenance")
                .json("Configuration", config)
                .link("All trials (CSV)", "results.csv");
    }
}
