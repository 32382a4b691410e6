package seqlab.plot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.TickSettings;
import tech.tablesaw.plotly.traces.Trace;

/**
 * The charts seqlab draws, as jsplot {@link Figure}s: learning curves with a band over seeds, metric bars with
 * confidence-interval whiskers, scatter plots (e.g. accuracy against parameter count), line charts on linear or
 * log axes (gradient norm against distance, BLEU by length), forecasts against actual values, and attention
 * heatmaps. Each takes a Tablesaw table (or arrays) with the columns it names, so a user can draw them from any
 * slice of the results.
 */
public final class Charts {
    /** A qualitative palette (Okabe &amp; Ito 2008, colour-blind safe), used in model order. */
    static final String[] PALETTE = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
        "#000000", "#999999"};

    private Charts() {
    }

    static String color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    private static String rgba(String hex, double alpha) {
        int r = Integer.parseInt(hex.substring(1, 3), 16), g = Integer.parseInt(hex.substring(3, 5), 16),
                b = Integer.parseInt(hex.substring(5, 7), 16);
        return "rgba(" + r + "," + g + "," + b + "," + alpha + ")";
    }

    static Layout layout(String title, String xTitle, String yTitle, boolean logX, boolean logY) {
        return Layout.builder()
                .title(title)
                .width(760)
                .height(440)
                .xAxis(Axis.builder().title(xTitle).type(logX ? Axis.Type.LOG : Axis.Type.DEFAULT).build())
                .yAxis(logY
                        // Plotly's default SI prefixes read "100p" for 1e-10, which on a gradient norm looks like a
                        // unit; powers of ten say what they mean.
                        ? Axis.builder().title(yTitle).type(Axis.Type.LOG).tickSettings(TickSettings.builder()
                                .exponentFormat(TickSettings.ExponentFormat.POWER).build()).build()
                        : Axis.builder().title(yTitle).type(Axis.Type.DEFAULT).build())
                .build();
    }

    /**
     * Labels made distinct for a category axis, which would otherwise merge repeated tokens ("the ... the") into
     * one row: each repeat gets zero-width spaces appended, so it looks the same but is its own category.
     */
    static String[] distinct(String[] labels) {
        String[] out = new String[labels.length];
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < labels.length; i++) {
            String l = labels[i] == null ? "" : labels[i];
            while (!seen.add(l)) {
                l = l + "\u200b";
            }
            out[i] = l;
        }
        return out;
    }

    private static void require(Table t, String... columns) {
        for (String c : columns) {
            if (!t.containsColumn(c)) {
                throw new IllegalArgumentException("Table '" + t.name() + "' has no column '" + c + "'; its columns are "
                        + t.columnNames());
            }
        }
    }

    /**
     * Learning curves: for each value of {@code group} (e.g. model), the mean of {@code value} over seeds at each
     * {@code x} (e.g. epoch), drawn as a line, with a shaded band from the minimum to the maximum over seeds.
     */
    public static Figure curves(Table table, String group, String x, String value, String title) {
        require(table, group, x, value);
        Map<String, TreeMap<Double, List<Double>>> byGroup = new LinkedHashMap<>();
        for (Row r : table) {
            double v = ((NumericColumn<?>) table.column(value)).getDouble(r.getRowNumber());
            if (Double.isNaN(v)) {
                continue;
            }
            double xv = ((NumericColumn<?>) table.column(x)).getDouble(r.getRowNumber());
            byGroup.computeIfAbsent(r.getObject(group).toString(), k -> new TreeMap<>())
                    .computeIfAbsent(xv, k -> new ArrayList<>()).add(v);
        }
        List<Trace> traces = new ArrayList<>();
        int i = 0;
        for (var e : byGroup.entrySet()) {
            String c = color(i++);
            int n = e.getValue().size();
            double[] xs = new double[n], mean = new double[n], lo = new double[n], hi = new double[n];
            int j = 0;
            boolean band = false;
            for (var p : e.getValue().entrySet()) {
                xs[j] = p.getKey();
                double s = 0, mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
                for (double v : p.getValue()) {
                    s += v;
                    mn = Math.min(mn, v);
                    mx = Math.max(mx, v);
                }
                mean[j] = s / p.getValue().size();
                lo[j] = mn;
                hi[j] = mx;
                band |= p.getValue().size() > 1;
                j++;
            }
            if (band) {
                traces.add(JsonTrace.of("scatter").set("x", xs).set("y", lo).set("mode", "lines")
                        .set("line", Map.of("width", 0)).set("showlegend", false).set("hoverinfo", "skip")
                        .set("legendgroup", e.getKey()));
                traces.add(JsonTrace.of("scatter").set("x", xs).set("y", hi).set("mode", "lines")
                        .set("line", Map.of("width", 0)).set("fill", "tonexty").set("fillcolor", rgba(c, 0.2))
                        .set("showlegend", false).set("hoverinfo", "skip").set("legendgroup", e.getKey()));
            }
            traces.add(JsonTrace.of("scatter").set("x", xs).set("y", mean).set("mode", "lines+markers")
                    .set("name", e.getKey()).set("line", Map.of("color", c, "width", 2)).set("legendgroup", e.getKey()));
        }
        return new Figure(layout(title, x, value + (byGroup.values().stream().anyMatch(m -> m.values().stream()
                .anyMatch(l -> l.size() > 1)) ? " (mean, band: min-max over seeds)" : ""), false, false),
                traces.toArray(new Trace[0]));
    }

    /**
     * Bars of {@code mean} per {@code label} with whiskers of {@code ciHalfWidth} (e.g. a 95% confidence interval);
     * an optional {@code reference} line (e.g. a baseline's score) is drawn across.
     */
    public static Figure bars(Table table, String label, String mean, String ciHalfWidth, String title) {
        require(table, label, mean);
        int n = table.rowCount();
        String[] xs = new String[n];
        double[] ys = new double[n], err = new double[n];
        String[] colors = new String[n];
        for (int i = 0; i < n; i++) {
            xs[i] = table.row(i).getObject(label).toString();
            ys[i] = ((NumericColumn<?>) table.column(mean)).getDouble(i);
            err[i] = ciHalfWidth == null || !table.containsColumn(ciHalfWidth) ? 0
                    : ((NumericColumn<?>) table.column(ciHalfWidth)).getDouble(i);
            if (Double.isNaN(err[i])) {
                err[i] = 0;
            }
            colors[i] = color(i);
        }
        JsonTrace bar = JsonTrace.of("bar").set("x", xs).set("y", ys).set("name", mean)
                .set("marker", Map.of("color", colors));
        if (ciHalfWidth != null) {
            bar.set("error_y", Map.of("type", "data", "array", err, "visible", true, "thickness", 1.5, "width", 6));
        }
        return new Figure(layout(title, label, mean + (ciHalfWidth != null ? " (whiskers: 95% CI)" : ""), false, false), bar);
    }

    /** A scatter of {@code y} against {@code x}, one marker per row, labelled by {@code label}. */
    public static Figure scatter(Table table, String x, String y, String label, String title, boolean logX) {
        require(table, x, y, label);
        List<Trace> traces = new ArrayList<>();
        Map<String, List<Integer>> rows = new LinkedHashMap<>();
        for (int i = 0; i < table.rowCount(); i++) {
            rows.computeIfAbsent(table.row(i).getObject(label).toString(), k -> new ArrayList<>()).add(i);
        }
        int c = 0;
        for (var e : rows.entrySet()) {
            double[] xs = e.getValue().stream().mapToDouble(i -> ((NumericColumn<?>) table.column(x)).getDouble(i)).toArray();
            double[] ys = e.getValue().stream().mapToDouble(i -> ((NumericColumn<?>) table.column(y)).getDouble(i)).toArray();
            traces.add(JsonTrace.of("scatter").set("x", xs).set("y", ys).set("mode", "markers+text")
                    .set("name", e.getKey()).set("text", java.util.Collections.nCopies(xs.length, e.getKey()))
                    .set("textposition", "top center").set("marker", Map.of("size", 10, "color", color(c++))));
        }
        return new Figure(layout(title, x, y, logX, false), traces.toArray(new Trace[0]));
    }

    /** One line per entry of {@code series}: {@code {x[], y[]}}. */
    public static Figure lines(String title, String xTitle, String yTitle, boolean logY, Map<String, double[][]> series) {
        List<Trace> traces = new ArrayList<>();
        int c = 0;
        for (var e : series.entrySet()) {
            traces.add(JsonTrace.of("scatter").set("x", e.getValue()[0]).set("y", e.getValue()[1])
                    .set("mode", "lines+markers").set("name", e.getKey()).set("line", Map.of("color", color(c++))));
        }
        return new Figure(layout(title, xTitle, yTitle, false, logY), traces.toArray(new Trace[0]));
    }

    /**
     * A forecast chart: the actual series as a black line, and each named forecast over its own x positions
     * ({@code {x[], y[]}}), dashed for baselines whose name starts with "baseline".
     */
    public static Figure forecast(String title, double[] x, double[] actual, Map<String, double[][]> forecasts) {
        List<Trace> traces = new ArrayList<>();
        traces.add(JsonTrace.of("scatter").set("x", x).set("y", actual).set("mode", "lines").set("name", "actual")
                .set("line", Map.of("color", "#000000", "width", 2)));
        int c = 0;
        for (var e : forecasts.entrySet()) {
            boolean baseline = e.getKey().startsWith("baseline");
            traces.add(JsonTrace.of("scatter").set("x", e.getValue()[0]).set("y", e.getValue()[1]).set("mode", "lines")
                    .set("name", e.getKey())
                    .set("line", Map.of("color", color(c++), "width", baseline ? 1 : 2, "dash", baseline ? "dash" : "solid")));
        }
        return new Figure(layout(title, "time step", "value", false, false), traces.toArray(new Trace[0]));
    }

    /**
     * One forecast on a {@link #forecast(String, String, List, List, List)} chart: its points, optionally its 80% and
     * 95% prediction intervals as bands, drawn dashed for a baseline, and shown at first or only listed in the legend
     * (a click shows it).
     *
     * @param name     the legend entry
     * @param x        the x value (a date) of every point
     * @param y        the point forecasts; null entries break the line (between backtest origins, say)
     * @param lower80  lower 80% bounds per point, or null for no band (the four bounds go together)
     * @param upper80  upper 80% bounds per point, or null
     * @param lower95  lower 95% bounds per point, or null
     * @param upper95  upper 95% bounds per point, or null
     * @param baseline drawn thin and dashed
     * @param shown    drawn at first; otherwise listed in the legend only
     */
    public record ForecastLine(String name, List<String> x, List<Double> y, List<Double> lower80, List<Double> upper80,
                               List<Double> lower95, List<Double> upper95, boolean baseline, boolean shown) {
        public ForecastLine {
            if (x.size() != y.size() || lower80 != null && (lower80.size() != y.size() || upper80 == null
                    || upper80.size() != y.size() || lower95 == null || lower95.size() != y.size() || upper95 == null
                    || upper95.size() != y.size())) {
                throw new IllegalArgumentException("forecast line " + name + ": give one x, y and (if any) four interval"
                        + " bounds per point; got " + x.size() + " x and " + y.size() + " y");
            }
        }
    }

    /**
     * A forecast chart over dates: the actual series as a black line, each forecast in its own colour (baselines thin
     * and dashed) and, where it has them, its 95% and 80% prediction intervals as two shaded bands that the legend
     * entry toggles with it.
     */
    public static Figure forecast(String title, String yTitle, List<String> x, List<Double> actual,
                                  List<ForecastLine> lines) {
        List<Trace> traces = new ArrayList<>();
        traces.add(JsonTrace.of("scatter").set("x", x).set("y", actual).set("mode", "lines").set("name", "actual")
                .set("line", Map.of("color", "#000000", "width", 2)));
        int c = 0;
        for (ForecastLine l : lines) {
            String color = color(c++);
            Object visible = l.shown() ? Boolean.TRUE : "legendonly";
            if (l.lower80() != null) {
                band(traces, l, l.lower95(), l.upper95(), rgba(color, 0.12), "95%", visible);
                band(traces, l, l.lower80(), l.upper80(), rgba(color, 0.25), "80%", visible);
            }
            traces.add(JsonTrace.of("scatter").set("x", l.x()).set("y", l.y()).set("mode", "lines")
                    .set("name", l.name()).set("legendgroup", l.name()).set("visible", visible)
                    .set("line", Map.of("color", color, "width", l.baseline() ? 1 : 2, "dash",
                            l.baseline() ? "dash" : "solid")));
        }
        return new Figure(layout(title, "date", yTitle, false, false), traces.toArray(new Trace[0]));
    }

    /** A filled band between two bounds: the lower edge, then the upper edge filled down to it. */
    private static void band(List<Trace> traces, ForecastLine l, List<Double> lower, List<Double> upper, String fill,
                             String level, Object visible) {
        traces.add(JsonTrace.of("scatter").set("x", l.x()).set("y", lower).set("mode", "lines")
                .set("name", l.name() + " " + level).set("legendgroup", l.name()).set("showlegend", false)
                .set("visible", visible).set("hoverinfo", "skip").set("line", Map.of("width", 0)));
        traces.add(JsonTrace.of("scatter").set("x", l.x()).set("y", upper).set("mode", "lines")
                .set("name", l.name() + " " + level).set("legendgroup", l.name()).set("showlegend", false)
                .set("visible", visible).set("fill", "tonexty").set("fillcolor", fill).set("hoverinfo", "skip")
                .set("line", Map.of("width", 0)));
    }

    /** A heatmap of {@code z[row][col]} (e.g. attention: rows = target tokens, columns = source tokens). */
    public static Figure heatmap(String title, String[] columns, String[] rows, double[][] z) {
        if (z.length != rows.length || (z.length > 0 && z[0].length != columns.length)) {
            throw new IllegalArgumentException("heatmap: z is " + z.length + " x " + (z.length == 0 ? 0 : z[0].length)
                    + " but there are " + rows.length + " row and " + columns.length + " column labels");
        }
        JsonTrace t = JsonTrace.of("heatmap").set("x", distinct(columns)).set("y", distinct(rows)).set("z", z).set("colorscale", "Viridis");
        Layout l = Layout.builder().title(title).width(760).height(Math.max(300, 40 * rows.length + 160))
                .xAxis(Axis.builder().title("source").type(Axis.Type.CATEGORY).build())
                .yAxis(Axis.builder().title("target").type(Axis.Type.CATEGORY).autoRange(Axis.AutoRange.REVERSED).build())
                .build();
        return new Figure(l, t);
    }
}
