package seqlab.plot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Map;
import tech.tablesaw.plotly.components.HoverLabel;
import tech.tablesaw.plotly.traces.Trace;

/**
 * A Plotly trace given as its JSON attributes, for what jsplot's builders do not cover (error bars, filled bands,
 * per-point text). It plugs into a jsplot {@link tech.tablesaw.plotly.components.Figure} like any other trace.
 */
public final class JsonTrace implements Trace {
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private final Map<String, Object> attributes;

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
