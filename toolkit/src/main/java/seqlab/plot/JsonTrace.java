package seqlab.plot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tech.tablesaw.plotly.components.HoverLabel;
import tech.tablesaw.plotly.traces.Trace;

/**
 * A Plotly trace given as its JSON attributes, for what jsplot's builders do not cover (error bars, filled bands,
 * per-point text). It plugs into a jsplot {@link tech.tablesaw.plotly.components.Figure} like any other trace.
 *
 * <p>A trace tagged with the series it shows ({@link #series}) takes its colour, dash and marker from a
 * {@link SeriesStyles} registry, so one model looks the same in every chart of a report:
 * <pre>{@code
 * JsonTrace.of("scatter").set("x", xs).set("y", upper).set("fill", "tonexty").series("lstm", JsonTrace.Role.BAND)
 * }</pre>
 */
public final class JsonTrace implements Trace {
    /** What part of its series a tagged trace draws, which says which attributes the series' style sets. */
    public enum Role {
        /** A line (with markers if its mode has them): line colour, width and dash; marker colour and symbol. */
        LINE,
        /** Markers only (a dot plot, a scatter): marker colour and symbol, error-bar colour. */
        MARKERS,
        /** A filled band (an interval, a min-max range): a translucent fill of the series colour, no outline. */
        BAND,
        /** Bars, one per point, each its own series ({@link #pointSeries}): the bars' colours. */
        BARS
    }

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private final Map<String, Object> attributes;
    private String series;
    private SeriesStyles.Kind kind = SeriesStyles.Kind.MODEL;
    private Role role;
    private List<String> pointSeries;

    private JsonTrace(Map<String, Object> attributes) {
        this.attributes = attributes;
    }

    /** A trace of the given Plotly type ({@code scatter}, {@code bar}, {@code heatmap}, ...). */
    public static JsonTrace of(String type) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("type", type);
        return new JsonTrace(a);
    }

    /** Sets an attribute (a Plotly key such as {@code x}, {@code error_y}, {@code line}); returns this. */
    public JsonTrace set(String key, Object value) {
        attributes.put(key, value);
        return this;
    }

    /**
     * Tags the trace as drawing {@code name} (a model by default; {@link #series(String, Role, SeriesStyles.Kind)}
     * for a baseline or the actual data), styled from a registry by {@link SeriesStyles#apply}; returns this.
     */
    public JsonTrace series(String name, Role role) {
        return series(name, role, SeriesStyles.Kind.MODEL);
    }

    /**
     * Tags the trace as drawing {@code name}, which is of {@code kind} unless the registry already knows it (a
     * registered series keeps its style); returns this.
     */
    public JsonTrace series(String name, Role role, SeriesStyles.Kind kind) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("JsonTrace.series: name the series (the legend and the style use it)");
        }
        this.series = name;
        this.role = Objects.requireNonNull(role, "role");
        this.kind = Objects.requireNonNull(kind, "kind");
        return this;
    }

    /** Tags a bar trace whose bars are each their own series (of {@code kind}, in the order of the bars); returns this. */
    public JsonTrace pointSeries(List<String> names, SeriesStyles.Kind kind) {
        this.pointSeries = List.copyOf(names);
        this.role = Role.BARS;
        this.kind = Objects.requireNonNull(kind, "kind");
        return this;
    }

    /** The series this trace draws, or null when it is not tagged. */
    public String series() {
        return series;
    }

    /** The part of its series the trace draws, or null when it is not tagged. */
    public Role role() {
        return role;
    }

    /** Sets colour, dash and marker from the registry, by role; an untagged trace is left alone. */
    void restyle(SeriesStyles styles) {
        if (role == null) {
            return;
        }
        if (role == Role.BARS) {
            List<String> colors = new ArrayList<>(), patterns = new ArrayList<>();
            for (String p : pointSeries) {
                SeriesStyles.Style s = styles.style(p, kind);
                colors.add(s.color());
                patterns.add(s.pattern());
            }
            attributes.put("marker", merged("marker", Map.of("color", colors,
                    "pattern", Map.of("shape", patterns, "fgcolor", "#ffffff", "fgopacity", 0.6, "size", 8))));
            return;
        }
        SeriesStyles.Style s = styles.style(series, kind);
        switch (role) {
            case LINE -> {
                attributes.put("line", merged("line", Map.of("color", s.color(), "width", s.width(), "dash", s.dash())));
                attributes.put("marker", merged("marker", Map.of("color", s.color(), "symbol", s.symbol())));
            }
            case MARKERS -> {
                attributes.put("marker", merged("marker", Map.of("color", s.color(), "symbol", s.symbol())));
                for (String err : List.of("error_x", "error_y")) {
                    if (attributes.get(err) instanceof Map<?, ?>) {
                        attributes.put(err, merged(err, Map.of("color", s.color())));
                    }
                }
            }
            case BAND -> {
                attributes.put("fillcolor", s.rgba(s.kind() == SeriesStyles.Kind.MODEL ? 0.18 : 0.12));
                attributes.put("line", merged("line", Map.of("color", s.color(), "width", 0)));
            }
            default -> throw new IllegalStateException("unhandled role " + role);
        }
    }

    /** The attribute {@code key} (a nested object such as {@code line}) with {@code changes} laid over it. */
    private Map<String, Object> merged(String key, Map<String, Object> changes) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (attributes.get(key) instanceof Map<?, ?> old) {
            old.forEach((k, v) -> m.put(String.valueOf(k), v));
        }
        m.putAll(changes);
        return m;
    }

    /** The attributes, as Plotly receives them. */
    public Map<String, Object> attributes() {
        return attributes;
    }

    @Override
    public String asJavascript(int i) {
        try {
            return "var trace" + i + " = " + JSON.writeValueAsString(attributes) + ";\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write trace as JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        Object n = attributes.get("name");
        return n == null ? "" : n.toString();
    }

    @Override
    public HoverLabel hoverLabel() {
        return null;
    }

    @Override
    public boolean showLegend() {
        return !Boolean.FALSE.equals(attributes.get("showlegend"));
    }
}
