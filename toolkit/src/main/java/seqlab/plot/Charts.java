package seqlab.plot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.traces.Trace;

/**
 * The charts seqlab draws, as {@link JsonFigure}s: learning curves with a band over seeds, dot plots of a metric with
 * confidence-interval whiskers and baselines as reference lines, scatter plots (a metric against parameter count),
 * line charts on linear or log axes (gradient norm against distance, BLEU by length), bars for quantities that start
 * at zero (parameters, seconds), forecasts against the actual series, and attention heatmaps. Each takes a Tablesaw
 * table (or arrays) with the columns it names, so a user can draw them from any slice of the results.
 *
 * <p>Every trace is tagged with the series it shows, and styled from a fresh {@link SeriesStyles} registry in the
 * order the series appear; {@link HtmlReport} and {@code Results.plot()} restyle them from the report's registry so
 * one model keeps one colour across charts. Titles are set in sentence case and axes use display names
 * ({@link Labels}): "Test MASE", not "Test mase". A line has a marker on every point only up to
 * {@value #MARKER_LIMIT} points; a long legend goes below the plot in rows instead of being cut off at its side.
 */
public final class Charts {
    /** Lines with more points than this are drawn without markers, which would merge into a thick smear. */
    static final int MARKER_LIMIT = 30;
    static final int WIDTH = 760;
    static final int HEIGHT = 440;
    /** A legend with more entries than this goes below the plot, in rows, where it has the chart's whole width. */
    static final int SIDE_LEGEND_ENTRIES = 6;
    /** Nor does a side legend take names longer than this: it would squeeze the plot. */
    static final int SIDE_LEGEND_CHARS = 18;
    private static final String DIM = "#59636e";

    private Charts() {
    }

    /**
     * One dot of a dot plot.
     *
     * @param label       the row's label on the category axis (a model, or a model on an engine)
     * @param series      the series whose style the dot takes (the model)
     * @param value       the dot's position (a mean)
     * @param ciHalfWidth half the whisker (a 95% confidence interval's half-width); NaN or 0 for none
     */
    public record Dot(String label, String series, double value, double ciHalfWidth) {
    }

    /**
     * Labels made distinct for a category axis, which would otherwise merge repeated tokens ("the ... the") into
     * one row: each repeat gets zero-width spaces appended, so it looks the same but is its own category.
     */
    static String[] distinct(String[] labels) {
        String[] out = new String[labels.length];
        Set<String> seen = new java.util.HashSet<>();
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

    private static double number(Table t, String column, int row) {
        if (!(t.column(column) instanceof NumericColumn<?> c)) {
            throw new IllegalArgumentException("Column '" + column + "' of table '" + t.name() + "' holds "
                    + t.column(column).type() + ", not numbers; name a numeric column");
        }
        return c.isMissing(row) ? Double.NaN : c.getDouble(row);
    }

    /** Axis settings: a title, no zero line (it is rarely meaningful and reads as data), room for long tick labels. */
    private static Map<String, Object> axis(String title) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("title", Map.of("text", title == null ? "" : title));
        a.put("zeroline", false);
        a.put("automargin", true);
        return a;
    }

    /** The standard layout: sentence-case title, axis titles, fixed size (the report fits it to narrow screens). */
    static JsonFigure figure(String title, String xTitle, String yTitle, List<Trace> traces) {
        JsonFigure f = JsonFigure.of(Labels.sentence(title), traces.toArray(new Trace[0]));
        Map<String, Object> l = f.layout();
        l.put("title", Map.of("text", Labels.sentence(title == null ? "" : title), "x", 0.02, "xanchor", "left"));
        l.put("width", WIDTH);
        l.put("height", HEIGHT);
        l.put("margin", new LinkedHashMap<>(Map.of("t", 56, "r", 24, "b", 64, "l", 72)));
        l.put("font", Map.of("family", "system-ui, -apple-system, 'Segoe UI', Roboto, 'Liberation Sans', Arial, sans-serif",
                "size", 13));
        l.put("xaxis", axis(xTitle));
        l.put("yaxis", axis(yTitle));
        l.put("hovermode", "closest");
        l.put("plot_bgcolor", "#ffffff");
        return f;
    }

    /** A line of small grey text under the figure's title, saying how to read the chart. */
    static void subtitle(JsonFigure f, String text) {
        Map<String, Object> l = f.layout();
        l.put("title", Map.of("text", Labels.sentence(f.title() == null ? "" : f.title()), "x", 0.02, "xanchor", "left",
                "subtitle", Map.of("text", text, "font", Map.of("size", 12, "color", DIM))));
        @SuppressWarnings("unchecked")
        Map<String, Object> margin = (Map<String, Object>) l.get("margin");
        margin.put("t", 76);
    }

    /**
     * Styles the figure's traces from a fresh registry, in trace order, and places its legend: at the side when it is
     * short, else below the plot in rows, the chart growing to hold it, so no entry is ever cut off.
     */
    static JsonFigure finish(JsonFigure f) {
        SeriesStyles.create().apply(f);
        List<String> names = new ArrayList<>();
        for (Trace t : f.getTraces()) {
            if (t instanceof JsonTrace j && !Boolean.FALSE.equals(j.attributes().get("showlegend"))
                    && !"skip".equals(j.attributes().get("hoverinfo")) && !j.name().isEmpty()) {
                names.add(j.name());
            }
        }
        Map<String, Object> l = f.layout();
        if (names.size() <= 1 && !Boolean.TRUE.equals(l.get("showlegend"))) {
            l.put("showlegend", false);
            return f;
        }
        int longest = names.stream().mapToInt(String::length).max().orElse(0);
        if (names.size() <= SIDE_LEGEND_ENTRIES && longest <= SIDE_LEGEND_CHARS) {
            l.put("legend", Map.of("x", 1.02, "xanchor", "left", "y", 1, "yanchor", "top", "tracegroupgap", 2,
                    "traceorder", "normal"));
            return f;
        }
        // Below the plot: each entry is about 7 px a character plus 40 px of symbol and gap, rows wrap at the width.
        int plotWidth = ((Number) l.get("width")).intValue() - 100;
        int entryWidth = 46 + 7 * longest;
        // Plotly adds its own symbol width and padding (about 70 px) to each entry's width when it fills a row
        int perRow = Math.max(1, plotWidth / (entryWidth + 70));
        int rows = (names.size() + perRow - 1) / perRow;
        int legendHeight = 22 * rows + 8;
        @SuppressWarnings("unchecked")
        Map<String, Object> margin = (Map<String, Object>) l.get("margin");
        int bottom = 64 + legendHeight;
        margin.put("b", bottom);
        int height = ((Number) l.get("height")).intValue() + legendHeight;
        l.put("height", height);
        int plotHeight = height - ((Number) margin.get("t")).intValue() - bottom;
        // the legend's top sits below the x axis' tick labels and title (about 60 px)
        l.put("legend", Map.of("orientation", "h", "x", 0, "xanchor", "left", "y", -60.0 / plotHeight,
                "yanchor", "top", "entrywidth", entryWidth, "entrywidthmode", "pixels", "tracegroupgap", 2,
                "traceorder", "normal"));
        return f;
    }

    /** Whole-number ticks, about eight of them, for an axis of counts such as epochs running to {@code max}. */
    static void integerTicks(Map<String, Object> axis, double min, double max) {
        double span = Math.max(1, max - min);
        long step = 1;
        for (long s : new long[] {1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000}) {
            step = s;
            if (span / s <= 10) {
                break;
            }
        }
        axis.put("tickmode", "linear");
        axis.put("tick0", step == 1 ? Math.floor(min) : 0);
        axis.put("dtick", step);
        axis.put("tickformat", "d");
    }

    /**
     * Learning curves: for each value of {@code group} (e.g. model), the mean of {@code value} over seeds at each
     * {@code x} (e.g. epoch), drawn as a line, with a shaded band from the minimum to the maximum over seeds. An
     * integer {@code x} column gets whole-number ticks.
     */
    public static JsonFigure curves(Table table, String group, String x, String value, String title) {
        require(table, group, x, value);
        Map<String, TreeMap<Double, List<Double>>> byGroup = new LinkedHashMap<>();
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
        for (Row r : table) {
            double v = number(table, value, r.getRowNumber());
            double xv = number(table, x, r.getRowNumber());
            if (Double.isNaN(v) || Double.isNaN(xv)) {
                continue;
            }
            xMin = Math.min(xMin, xv);
            xMax = Math.max(xMax, xv);
            byGroup.computeIfAbsent(r.getObject(group).toString(), k -> new TreeMap<>())
                    .computeIfAbsent(xv, k -> new ArrayList<>()).add(v);
        }
        List<Trace> traces = new ArrayList<>();
        boolean anyBand = false;
        for (var e : byGroup.entrySet()) {
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
                anyBand = true;
                traces.add(JsonTrace.of("scatter").set("x", xs).set("y", lo).set("mode", "lines")
                        .set("showlegend", false).set("hoverinfo", "skip").set("legendgroup", e.getKey())
                        .series(e.getKey(), JsonTrace.Role.BAND));
                traces.add(JsonTrace.of("scatter").set("x", xs).set("y", hi).set("mode", "lines").set("fill", "tonexty")
                        .set("showlegend", false).set("hoverinfo", "skip").set("legendgroup", e.getKey())
                        .series(e.getKey(), JsonTrace.Role.BAND));
            }
            traces.add(JsonTrace.of("scatter").set("x", xs).set("y", mean).set("mode", markers(n))
                    .set("name", e.getKey()).set("legendgroup", e.getKey())
                    .set("hovertemplate", e.getKey() + ", " + Labels.of(x) + " %{x}: %{y:.4g}<extra></extra>")
                    .series(e.getKey(), JsonTrace.Role.LINE));
        }
        JsonFigure f = figure(title, Labels.of(x), Labels.of(value), traces);
        if (anyBand) {
            // under the title, not in the axis title: a long rotated axis title runs into the chart's title
            subtitle(f, "Lines: mean over seeds; bands: lowest to highest seed");
        }
        if (integral(table, x) && xMin <= xMax) {
            @SuppressWarnings("unchecked")
            Map<String, Object> xa = (Map<String, Object>) f.layout().get("xaxis");
            integerTicks(xa, xMin, xMax);
        }
        return finish(f);
    }

    private static boolean integral(Table t, String column) {
        ColumnType type = t.column(column).type();
        return type == ColumnType.INTEGER || type == ColumnType.LONG || type == ColumnType.SHORT;
    }

    private static String markers(int points) {
        return points <= MARKER_LIMIT ? "lines+markers" : "lines";
    }

    /**
     * A dot plot: one row per dot, best first as given, the axis zoomed to the dots and their whiskers rather than
     * starting at zero, so the differences that matter fill the chart. Whiskers are drawn only for dots that have
     * them. Each of {@code references} (e.g. a baseline's score) is a dashed line across the plot when it falls
     * near the dots; one far away is named at the plot's edge ("mean 7.02 →") instead of flattening the dots.
     *
     * @param axisTitle the value axis' title, e.g. "accuracy (higher is better; whiskers: 95% CI over 3 seeds)"
     */
    public static JsonFigure dots(String title, String axisTitle, List<Dot> dots, Map<String, Double> references) {
        if (dots.isEmpty()) {
            throw new IllegalArgumentException("dots: nothing to plot; give at least one dot");
        }
        List<Trace> traces = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Dot d : dots) {
            if (labels.contains(d.label())) {
                throw new IllegalArgumentException("dots: the label '" + d.label() + "' is given twice; each row needs its own");
            }
            labels.add(d.label());
            if (!Double.isFinite(d.value())) {
                continue;
            }
            boolean whisker = Double.isFinite(d.ciHalfWidth()) && d.ciHalfWidth() > 0;
            double w = whisker ? d.ciHalfWidth() : 0;
            lo = Math.min(lo, d.value() - w);
            hi = Math.max(hi, d.value() + w);
            JsonTrace t = JsonTrace.of("scatter").set("x", new double[] {d.value()}).set("y", new String[] {d.label()})
                    .set("mode", "markers").set("name", d.label()).set("showlegend", false)
                    .set("marker", Map.of("size", 11))
                    .set("hovertemplate", d.label() + ": %{x:.4g}" + (whisker ? " ± " + fmt(w) + " (95% CI)" : "")
                            + "<extra></extra>")
                    .series(d.series(), JsonTrace.Role.MARKERS);
            if (whisker) {
                t.set("error_x", Map.of("type", "data", "array", new double[] {w}, "visible", true, "thickness", 2,
                        "width", 6));
            }
            traces.add(t);
        }
        if (lo > hi) {
            throw new IllegalArgumentException("dots: no dot has a finite value (all NaN or infinite)");
        }
        References placed = References.place(lo, hi, references);
        for (var r : placed.near().entrySet()) {
            traces.add(JsonTrace.of("scatter").set("x", new double[] {r.getValue(), r.getValue()})
                    .set("y", new double[] {0, 1}).set("yaxis", "y2").set("mode", "lines").set("name", r.getKey())
                    .set("hovertemplate", r.getKey() + ": " + fmt(r.getValue()) + "<extra></extra>")
                    .series(r.getKey(), JsonTrace.Role.LINE, SeriesStyles.Kind.BASELINE));
        }
        JsonFigure f = figure(title, axisTitle, "", traces);
        Map<String, Object> l = f.layout();
        l.put("height", Math.max(240, 150 + 34 * dots.size()));
        @SuppressWarnings("unchecked")
        Map<String, Object> xa = (Map<String, Object>) l.get("xaxis");
        xa.put("range", placed.range());
        xa.put("showgrid", true);
        @SuppressWarnings("unchecked")
        Map<String, Object> ya = (Map<String, Object>) l.get("yaxis");
        ya.put("type", "category");
        ya.put("categoryorder", "array");
        ya.put("categoryarray", labels);
        ya.put("autorange", "reversed");
        ya.put("showgrid", true);
        ya.put("gridcolor", "#eef1f4");
        if (!placed.near().isEmpty()) {
            l.put("yaxis2", Map.of("overlaying", "y", "range", List.of(0, 1), "visible", false, "fixedrange", true));
            l.put("showlegend", true);
        }
        placed.annotate(l, "←", "→");
        return finish(f);
    }

    /**
     * Reference values (baselines) against the range the data spans: those near it (within one data span either
     * side) widen the axis to include them; those farther off are named in a note instead, so one weak baseline
     * (a mean forecast with MASE 7) does not squeeze the differences between models into a corner.
     */
    record References(double lo, double hi, Map<String, Double> near, List<String> low, List<String> high) {
        static References place(double lo, double hi, Map<String, Double> references) {
            double span = hi - lo;
            // every dot at one value (all models at BLEU 0): nothing to flatten, so every reference is near
            double nearLo = span > 0 ? lo - span : Double.NEGATIVE_INFINITY;
            double nearHi = span > 0 ? hi + span : Double.POSITIVE_INFINITY;
            Map<String, Double> near = new LinkedHashMap<>();
            List<String> low = new ArrayList<>(), high = new ArrayList<>();
            for (var r : references.entrySet()) {
                double v = r.getValue() == null ? Double.NaN : r.getValue();
                if (!Double.isFinite(v)) {
                    continue;
                }
                if (v < nearLo) {
                    low.add(r.getKey() + " " + fmt(v));
                } else if (v > nearHi) {
                    high.add(r.getKey() + " " + fmt(v));
                } else {
                    near.put(r.getKey(), v);
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            return new References(lo, hi, near, low, high);
        }

        /**
         * The axis range: the data and the near references, padded by 8% of the span; a single value gets 5% of
         * itself either side (one unit around zero), not a range of rounding noise.
         */
        List<Double> range() {
            double span = hi - lo;
            double pad = span > 1e-12 * Math.max(1, Math.abs(hi)) ? span * 0.08
                    : hi != 0 ? Math.abs(hi) * 0.05 : 1;
            return List.of(lo - pad, hi + pad);
        }

        /** Notes naming the off-scale references above the plot: low ones at the left, high ones at the right. */
        void annotate(Map<String, Object> layout, String lowArrow, String highArrow) {
            List<Map<String, Object>> notes = new ArrayList<>();
            if (!low.isEmpty()) {
                notes.add(edgeNote(lowArrow + " " + String.join(", ", low), 0, "left"));
            }
            if (!high.isEmpty()) {
                notes.add(edgeNote(String.join(", ", high) + " " + highArrow, 1, "right"));
            }
            if (!notes.isEmpty()) {
                layout.put("annotations", notes);
            }
        }
    }

    /** Off-scale references, named above the plot at the side they lie on. */
    static Map<String, Object> edgeNote(String text, double x, String anchor) {
        return Map.of("xref", "paper", "yref", "paper", "x", x, "y", 1, "xanchor", anchor, "yanchor", "bottom",
                "showarrow", false, "text", "off the scale: " + text, "font", Map.of("size", 11, "color", DIM));
    }

    /**
     * A dot plot of {@code mean} per {@code label}, in table order, with whiskers of {@code ciHalfWidth} where the
     * table has them (null: none). See {@link #dots(String, String, List, Map)}.
     */
    public static JsonFigure dots(Table table, String label, String mean, String ciHalfWidth, String title) {
        require(table, label, mean);
        if (ciHalfWidth != null) {
            require(table, ciHalfWidth);
        }
        List<Dot> dots = new ArrayList<>();
        boolean whiskers = false;
        for (int i = 0; i < table.rowCount(); i++) {
            double ci = ciHalfWidth == null ? Double.NaN : number(table, ciHalfWidth, i);
            whiskers |= Double.isFinite(ci) && ci > 0;
            String name = table.row(i).getObject(label).toString();
            dots.add(new Dot(name, name, number(table, mean, i), ci));
        }
        return dots(title, Labels.of(mean) + (whiskers ? " (whiskers: 95% CI)" : ""), dots, Map.of());
    }

    /**
     * Bars of {@code value} per {@code label}, for quantities whose zero means something (parameters, seconds), each
     * bar in its series' colour; whiskers of {@code ciHalfWidth} where the table has them (null: none).
     */
    public static JsonFigure bars(Table table, String label, String value, String ciHalfWidth, String title) {
        require(table, label, value);
        int n = table.rowCount();
        String[] xs = new String[n];
        double[] ys = new double[n], err = new double[n];
        boolean whiskers = false;
        for (int i = 0; i < n; i++) {
            xs[i] = table.row(i).getObject(label).toString();
            ys[i] = number(table, value, i);
            err[i] = ciHalfWidth == null || !table.containsColumn(ciHalfWidth) ? 0 : number(table, ciHalfWidth, i);
            if (!Double.isFinite(err[i])) {
                err[i] = 0;
            }
            whiskers |= err[i] > 0;
        }
        JsonTrace bar = JsonTrace.of("bar").set("x", xs).set("y", ys).set("name", Labels.of(value))
                .set("hovertemplate", "%{x}: %{y:.4g}<extra></extra>").pointSeries(List.of(xs), SeriesStyles.Kind.MODEL);
        if (whiskers) {
            bar.set("error_y", Map.of("type", "data", "array", err, "visible", true, "thickness", 1.5, "width", 6,
                    "color", "#333333"));
        }
        JsonFigure f = figure(title, Labels.of(label), Labels.of(value) + (whiskers ? " (whiskers: 95% CI)" : ""),
                List.of(bar));
        return finish(f);
    }

    /** A scatter of {@code y} against {@code x}, one marker per row, one legend entry per {@code label}. */
    public static JsonFigure scatter(Table table, String x, String y, String label, String title, boolean logX) {
        return scatter(table, x, y, label, title, logX, Map.of());
    }

    /**
     * A scatter of {@code y} against {@code x}: one legend entry per {@code label}, the label, x and y on hover (not
     * printed next to the markers, where they collide). Each of {@code references} (e.g. a baseline with no
     * parameters, which a log axis cannot place) is a dashed horizontal line at its value. Rows a log axis cannot show
     * (x &le; 0) are named in a note on the chart.
     */
    public static JsonFigure scatter(Table table, String x, String y, String label, String title, boolean logX,
                                     Map<String, Double> references) {
        require(table, x, y, label);
        List<Trace> traces = new ArrayList<>();
        Map<String, List<Integer>> rows = new LinkedHashMap<>();
        for (int i = 0; i < table.rowCount(); i++) {
            rows.computeIfAbsent(table.row(i).getObject(label).toString(), k -> new ArrayList<>()).add(i);
        }
        List<String> hidden = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (var e : rows.entrySet()) {
            List<Integer> shown = new ArrayList<>();
            for (int i : e.getValue()) {
                double xv = number(table, x, i), yv = number(table, y, i);
                if (logX && xv <= 0) {
                    hidden.add(e.getKey());
                } else if (Double.isFinite(xv) && Double.isFinite(yv)) {
                    shown.add(i);
                    lo = Math.min(lo, yv);
                    hi = Math.max(hi, yv);
                }
            }
            if (shown.isEmpty()) {
                continue;
            }
            double[] xs = shown.stream().mapToDouble(i -> number(table, x, i)).toArray();
            double[] ys = shown.stream().mapToDouble(i -> number(table, y, i)).toArray();
            traces.add(JsonTrace.of("scatter").set("x", xs).set("y", ys).set("mode", "markers").set("name", e.getKey())
                    .set("marker", Map.of("size", 11))
                    .set("hovertemplate", e.getKey() + "<br>" + Labels.of(x) + " %{x:,}<br>" + Labels.of(y)
                            + " %{y:.4g}<extra></extra>")
                    .series(e.getKey(), JsonTrace.Role.MARKERS));
        }
        References placed = lo <= hi ? References.place(lo, hi, references)
                : new References(lo, hi, new LinkedHashMap<>(references), List.of(), List.of());
        for (var r : placed.near().entrySet()) {
            traces.add(JsonTrace.of("scatter").set("x", new double[] {0, 1})
                    .set("y", new double[] {r.getValue(), r.getValue()}).set("xaxis", "x2").set("mode", "lines")
                    .set("name", r.getKey()).set("hovertemplate", r.getKey() + ": " + fmt(r.getValue()) + "<extra></extra>")
                    .series(r.getKey(), JsonTrace.Role.LINE, SeriesStyles.Kind.BASELINE));
        }
        JsonFigure f = figure(title, Labels.of(x) + (logX ? " (log scale)" : ""), Labels.of(y), traces);
        Map<String, Object> l = f.layout();
        @SuppressWarnings("unchecked")
        Map<String, Object> xa = (Map<String, Object>) l.get("xaxis");
        if (logX) {
            xa.put("type", "log");
        }
        if (lo <= hi) {
            @SuppressWarnings("unchecked")
            Map<String, Object> ya = (Map<String, Object>) l.get("yaxis");
            ya.put("range", placed.range());
        }
        if (!placed.near().isEmpty()) {
            l.put("xaxis2", Map.of("overlaying", "x", "range", List.of(0, 1), "visible", false, "fixedrange", true));
        }
        placed.annotate(l, "↓", "↑");
        if (!hidden.isEmpty()) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> notes = new ArrayList<>((List<Map<String, Object>>) l.getOrDefault("annotations",
                    List.of()));
            notes.add(Map.of("xref", "paper", "yref", "paper", "x", 0, "y", 0, "xanchor", "left", "yanchor", "bottom",
                    "showarrow", false, "font", Map.of("size", 11, "color", DIM),
                    "text", "not on the log axis (" + Labels.of(x) + " ≤ 0): " + String.join(", ",
                            new LinkedHashSet<>(hidden))));
            l.put("annotations", notes);
        }
        return finish(f);
    }

    /** One line per entry of {@code series}: {@code {x[], y[]}}; markers only on short lines. */
    public static JsonFigure lines(String title, String xTitle, String yTitle, boolean logY, Map<String, double[][]> series) {
        return lines(title, xTitle, yTitle, logY, series, Set.of());
    }

    /**
     * {@link #lines(String, String, String, boolean, Map)} with the series named in {@code baselines} (chance, predict
     * the mean) drawn as baselines: dark grey and dashed, told apart from the models at a glance.
     */
    public static JsonFigure lines(String title, String xTitle, String yTitle, boolean logY, Map<String, double[][]> series,
            Set<String> baselines) {
        List<Trace> traces = new ArrayList<>();
        double yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
        for (var e : series.entrySet()) {
            double[][] xy = e.getValue();
            if (xy.length != 2 || xy[0].length != xy[1].length) {
                throw new IllegalArgumentException("lines: series '" + e.getKey() + "' must be {x[], y[]} of equal length");
            }
            for (double y : xy[1]) {
                if (Double.isFinite(y) && y > 0) {
                    yMin = Math.min(yMin, y);
                    yMax = Math.max(yMax, y);
                }
            }
            traces.add(JsonTrace.of("scatter").set("x", xy[0]).set("y", xy[1]).set("mode", markers(xy[0].length))
                    .set("name", e.getKey())
                    .set("hovertemplate", e.getKey() + ": %{y:.4g} at %{x}<extra></extra>")
                    .series(e.getKey(), JsonTrace.Role.LINE,
                            baselines.contains(e.getKey()) ? SeriesStyles.Kind.BASELINE : SeriesStyles.Kind.MODEL));
        }
        JsonFigure f = figure(title, xTitle, yTitle, traces);
        if (logY) {
            @SuppressWarnings("unchecked")
            Map<String, Object> ya = (Map<String, Object>) f.layout().get("yaxis");
            ya.put("type", "log");
            // Plotly's default SI prefixes read "100p" for 1e-10, which on a gradient norm looks like a unit; powers
            // of ten say what they mean.
            ya.put("exponentformat", "power");
            if (yMin <= yMax && yMax / yMin < 100) {
                // under two decades Plotly labels every digit (2, 3, ... 9) in small type; 0.2, 0.5, 1, 2 reads better
                logTicks(ya, yMin, yMax);
            }
        }
        return finish(f);
    }

    /** Ticks at 1, 2 and 5 times the powers of ten from {@code min} to {@code max}, labelled as plain numbers. */
    static void logTicks(Map<String, Object> axis, double min, double max) {
        List<Double> values = new ArrayList<>();
        List<String> text = new ArrayList<>();
        for (int k = (int) Math.floor(Math.log10(min)) - 1; k <= (int) Math.ceil(Math.log10(max)); k++) {
            for (int m : new int[] {1, 2, 5}) {
                double v = Double.parseDouble(m + "e" + k);
                if (v >= min / 1.25 && v <= max * 1.25) {
                    values.add(v);
                    text.add(new java.math.BigDecimal(m + "e" + k).stripTrailingZeros().toPlainString());
                }
            }
        }
        if (values.size() >= 2) {
            axis.put("tickmode", "array");
            axis.put("tickvals", values);
            axis.put("ticktext", text);
        }
    }

    /**
     * A forecast chart: the actual series as a thick light-grey line under everything, and each named forecast over
     * its own x positions ({@code {x[], y[]}}) in its model's colour; a forecast whose name starts with "baseline", or
     * that the report's registry knows as a baseline, is dark grey and dashed.
     */
    public static JsonFigure forecast(String title, double[] x, double[] actual, Map<String, double[][]> forecasts) {
        List<Trace> traces = new ArrayList<>();
        traces.add(JsonTrace.of("scatter").set("x", x).set("y", actual).set("mode", "lines").set("name", "actual")
                .set("hovertemplate", "actual: %{y:.4g} at %{x}<extra></extra>")
                .series("actual", JsonTrace.Role.LINE, SeriesStyles.Kind.ACTUAL));
        for (var e : forecasts.entrySet()) {
            boolean baseline = e.getKey().toLowerCase(Locale.ROOT).startsWith("baseline");
            traces.add(JsonTrace.of("scatter").set("x", e.getValue()[0]).set("y", e.getValue()[1])
                    .set("mode", markers(e.getValue()[0].length)).set("name", e.getKey())
                    .set("hovertemplate", e.getKey() + ": %{y:.4g} at %{x}<extra></extra>")
                    .series(e.getKey(), JsonTrace.Role.LINE,
                            baseline ? SeriesStyles.Kind.BASELINE : SeriesStyles.Kind.MODEL));
        }
        return finish(figure(title, "time step", "value", traces));
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
     * A forecast chart over dates: the actual series as the report's "actual" line, each forecast in its series style
     * (baselines in the baseline looks) and, where it has them, its 95% and 80% prediction intervals as two translucent
     * bands of its colour, shown with the forecast at first. No legend groups: Plotly lays a grouped legend out as a
     * column that spills out of the chart when there are many forecasts.
     */
    public static JsonFigure forecast(String title, String yTitle, List<String> x, List<Double> actual,
                                      List<ForecastLine> lines) {
        List<Trace> traces = new ArrayList<>();
        traces.add(JsonTrace.of("scatter").set("x", x).set("y", actual).set("mode", "lines").set("name", "actual")
                .set("hovertemplate", "actual: %{y:.4g} at %{x}<extra></extra>")
                .series("actual", JsonTrace.Role.LINE, SeriesStyles.Kind.ACTUAL));
        for (ForecastLine l : lines) {
            Object visible = l.shown() ? Boolean.TRUE : "legendonly";
            SeriesStyles.Kind kind = l.baseline() ? SeriesStyles.Kind.BASELINE : SeriesStyles.Kind.MODEL;
            if (l.lower80() != null) {
                band(traces, l, l.lower95(), l.upper95(), "95%", visible, kind);
                band(traces, l, l.lower80(), l.upper80(), "80%", visible, kind);
            }
            traces.add(JsonTrace.of("scatter").set("x", l.x()).set("y", l.y()).set("mode", "lines")
                    .set("name", l.name()).set("visible", visible)
                    .set("hovertemplate", l.name() + ": %{y:.4g} at %{x}<extra></extra>")
                    .series(l.name(), JsonTrace.Role.LINE, kind));
        }
        return finish(figure(title, "date", yTitle, traces));
    }

    /** A filled band between two bounds: the lower edge, then the upper edge filled down to it. */
    private static void band(List<Trace> traces, ForecastLine l, List<Double> lower, List<Double> upper, String level,
                             Object visible, SeriesStyles.Kind kind) {
        traces.add(JsonTrace.of("scatter").set("x", l.x()).set("y", lower).set("mode", "lines")
                .set("name", l.name() + " " + level).set("showlegend", false)
                .set("visible", visible).set("hoverinfo", "skip").set("line", Map.of("width", 0)));
        traces.add(JsonTrace.of("scatter").set("x", l.x()).set("y", upper).set("mode", "lines")
                .set("name", l.name() + " " + level).set("showlegend", false)
                .set("visible", visible).set("fill", "tonexty").set("hoverinfo", "skip")
                .series(l.name(), JsonTrace.Role.BAND, kind));
    }

    /** A heatmap of {@code z[row][col]} (e.g. attention: rows = target tokens, columns = source tokens). */
    public static JsonFigure heatmap(String title, String[] columns, String[] rows, double[][] z) {
        if (z.length != rows.length || (z.length > 0 && z[0].length != columns.length)) {
            throw new IllegalArgumentException("heatmap: z is " + z.length + " x " + (z.length == 0 ? 0 : z[0].length)
                    + " but there are " + rows.length + " row and " + columns.length + " column labels");
        }
        JsonTrace t = JsonTrace.of("heatmap").set("x", distinct(columns)).set("y", distinct(rows)).set("z", z)
                .set("colorscale", "Viridis").set("colorbar", Map.of("title", Map.of("text", "weight")))
                .set("hovertemplate", "%{y} ← %{x}: %{z:.3f}<extra></extra>");
        JsonFigure f = figure(title, "source", "target", List.of(t));
        Map<String, Object> l = f.layout();
        l.put("height", Math.max(300, 40 * rows.length + 160));
        @SuppressWarnings("unchecked")
        Map<String, Object> xa = (Map<String, Object>) l.get("xaxis");
        xa.put("type", "category");
        @SuppressWarnings("unchecked")
        Map<String, Object> ya = (Map<String, Object>) l.get("yaxis");
        ya.put("type", "category");
        ya.put("autorange", "reversed");
        l.put("showlegend", false);
        return f;
    }

    /** Names of the series in {@code table}'s {@code column}, in order of first appearance. */
    static List<String> seriesNames(Table table, String column) {
        Collection<String> names = new LinkedHashSet<>();
        for (int i = 0; i < table.rowCount(); i++) {
            names.add(table.row(i).getObject(column).toString());
        }
        return List.copyOf(names);
    }

    /** A number to four significant digits for hover text and notes. */
    static String fmt(double v) {
        return Cells.number(v);
    }
}
