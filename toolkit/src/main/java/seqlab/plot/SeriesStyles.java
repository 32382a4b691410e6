package seqlab.plot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.traces.Trace;

/**
 * The registry that gives every series of a report (a model, a baseline, the actual data) one look in every chart:
 * the colour, dash and marker it got the first time it was named. Registering the models in the order a reader
 * meets them ({@link #models}) fixes their colours before any chart is drawn, so {@code lstm} is the same colour in
 * the dot plot, the learning curves and the forecast.
 *
 * <p>Models take the colours of Paul Tol's colour-blind-safe "muted" scheme (Tol, <i>Colour Schemes</i>, SRON
 * technical note SRON/EPS/TN/09-002, 2021), solid lines and round markers; past its nine colours the cycle repeats
 * with dash-dot lines and square markers, then dotted lines and diamonds, and so on through six dash patterns, so no
 * two of the first 54 models look the same (bars, which have no line, take a fill pattern per pass instead).
 * Baselines are dark grey and dashed (each its own dash pattern), and the actual data is a thick light-grey line drawn
 * under the forecasts: a reader tells measured from predicted and learned from trivial at a glance.
 *
 * <p>{@link Charts} tags the traces it draws with the series they show ({@link JsonTrace#series}); {@link #apply}
 * restyles a figure's tagged traces from this registry. {@link HtmlReport} applies its registry to
 * every figure it is given, so a chart built elsewhere still matches the rest of the report.
 */
public final class SeriesStyles {
    /** What a series is: a trained model, a baseline it is compared against, or the observed data. */
    public enum Kind { MODEL, BASELINE, ACTUAL }

    /**
     * How one series is drawn.
     *
     * @param kind   model, baseline or actual data
     * @param color  a {@code #rrggbb} colour
     * @param dash   a Plotly dash name ({@code solid}, {@code dash}, {@code dot}, ...)
     * @param symbol a Plotly marker symbol ({@code circle}, {@code square}, ...)
     * @param width  the line width in pixels
     */
    public record Style(Kind kind, String color, String dash, String symbol, double width) {
        public Style {
            Objects.requireNonNull(kind, "kind");
            if (color == null || !color.matches("#[0-9a-fA-F]{6}")) {
                throw new IllegalArgumentException("a style's colour must be #rrggbb, got '" + color + "'");
            }
            Objects.requireNonNull(dash, "dash");
            Objects.requireNonNull(symbol, "symbol");
        }

        /**
         * The fill pattern of a bar, which stands in for the dash where there is no line: none for solid, a
         * different hatching for each other dash, crosses for baselines.
         */
        public String pattern() {
            if (kind == Kind.BASELINE) {
                return "x";
            }
            return switch (dash) {
                case "dashdot" -> "/";
                case "dot" -> ".";
                case "dash" -> "\\";
                case "longdash" -> "-";
                case "longdashdot" -> "|";
                default -> "";
            };
        }

        /** The colour with the given opacity, for bands and fills: {@code rgba(r,g,b,alpha)}. */
        public String rgba(double alpha) {
            int r = Integer.parseInt(color.substring(1, 3), 16), g = Integer.parseInt(color.substring(3, 5), 16),
                    b = Integer.parseInt(color.substring(5, 7), 16);
            return "rgba(" + r + "," + g + "," + b + "," + alpha + ")";
        }
    }

    /** Tol's muted scheme, ordered so that the first few are the most distinct from each other. */
    static final List<String> MODEL_COLORS = List.of("#332288", "#CC6677", "#117733", "#88CCEE", "#882255", "#DDCC77",
            "#44AA99", "#AA4499", "#999933");
    /** Per pass through the colours: the line dash and the marker of that pass. */
    static final List<String> MODEL_DASHES = List.of("solid", "dashdot", "dot", "dash", "longdash", "longdashdot");
    static final List<String> MODEL_SYMBOLS = List.of("circle", "square", "diamond", "triangle-up", "triangle-down",
            "pentagon");
    static final List<String> BASELINE_DASHES = List.of("dash", "dot", "dashdot", "longdash", "longdashdot");
    static final List<String> BASELINE_GREYS = List.of("#4D4D4D", "#808080", "#262626");
    static final List<String> BASELINE_SYMBOLS = List.of("x", "cross", "star", "triangle-up", "triangle-down");
    /** The observed series: thick, light, under everything else. */
    static final Style ACTUAL = new Style(Kind.ACTUAL, "#A6A6A6", "solid", "circle", 4);

    private final Map<String, Style> styles = new LinkedHashMap<>();
    private int models;
    private int baselines;

    private SeriesStyles() {
    }

    /** An empty registry: series get their styles in the order they are first named. */
    public static SeriesStyles create() {
        return new SeriesStyles();
    }

    /** Registers models in this order (those already registered keep their style); returns this. */
    public synchronized SeriesStyles models(Iterable<String> names) {
        for (String n : names) {
            style(n, Kind.MODEL);
        }
        return this;
    }

    /** Registers baselines in this order (those already registered keep their style); returns this. */
    public synchronized SeriesStyles baselines(Iterable<String> names) {
        for (String n : names) {
            style(n, Kind.BASELINE);
        }
        return this;
    }

    /** Every series registered in {@code other}, in its order, with the kind it has there; returns this. */
    public SeriesStyles include(SeriesStyles other) {
        Map<String, Style> theirs;
        synchronized (other) {
            theirs = new LinkedHashMap<>(other.styles);
        }
        synchronized (this) {
            theirs.forEach((name, s) -> style(name, s.kind()));
        }
        return this;
    }

    /** The style of {@code name}: its registered one, or the next model style. */
    public synchronized Style style(String name) {
        return style(name, Kind.MODEL);
    }

    /**
     * The style of {@code name}: its registered one, or else the next style of {@code kind} (the name is registered
     * with it). A registered name keeps its style whatever kind is asked for, so one series looks the same everywhere.
     */
    public synchronized Style style(String name, Kind kind) {
        Objects.requireNonNull(kind, "kind");
        String key = key(name);
        Style s = styles.get(key);
        if (s == null) {
            s = switch (kind) {
                case MODEL -> modelStyle(models++);
                case BASELINE -> baselineStyle(baselines++);
                case ACTUAL -> ACTUAL;
            };
            styles.put(key, s);
        }
        return s;
    }

    /** Whether {@code name} is registered as a baseline. */
    public synchronized boolean isBaseline(String name) {
        Style s = styles.get(key(name));
        return s != null && s.kind() == Kind.BASELINE;
    }

    /** The registered names with their styles, in registration order. */
    public synchronized Map<String, Style> registered() {
        return Map.copyOf(styles);
    }

    /**
     * Restyles the figure's tagged traces ({@link JsonTrace#series}) from this registry; untagged traces are left as
     * they are. Changes the figure in place and returns it.
     */
    public Figure apply(Figure figure) {
        Objects.requireNonNull(figure, "figure");
        for (Trace t : figure.getTraces()) {
            if (t instanceof JsonTrace j) {
                j.restyle(this);
            }
        }
        return figure;
    }

    static Style modelStyle(int i) {
        int pass = (i / MODEL_COLORS.size()) % MODEL_DASHES.size();
        return new Style(Kind.MODEL, MODEL_COLORS.get(i % MODEL_COLORS.size()), MODEL_DASHES.get(pass),
                MODEL_SYMBOLS.get(pass), 2);
    }

    static Style baselineStyle(int i) {
        int pass = (i / BASELINE_DASHES.size()) % BASELINE_GREYS.size();
        return new Style(Kind.BASELINE, BASELINE_GREYS.get(pass), BASELINE_DASHES.get(i % BASELINE_DASHES.size()),
                BASELINE_SYMBOLS.get(i % BASELINE_SYMBOLS.size()), 1.5);
    }

    private static String key(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a series needs a name (the legend shows it)");
        }
        return name.strip().toLowerCase(Locale.ROOT);
    }
}
