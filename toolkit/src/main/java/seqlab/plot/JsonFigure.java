package seqlab.plot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.Trace;

/**
 * A jsplot {@link Figure} whose layout is Plotly's own JSON, for what jsplot's {@link Layout} builder lacks: legend
 * placement, overlay axes for reference lines, annotations, tick spacing, hover modes. It renders wherever a jsplot
 * figure does (the notebook kernel, {@link PlotlyJs}, {@link HtmlReport}); {@link #getLayout()} carries the title.
 *
 * <pre>{@code
 * JsonFigure f = JsonFigure.of("Test MASE by model", trace0, trace1);
 * f.layout().put("legend", Map.of("orientation", "h"));
 * }</pre>
 */
public final class JsonFigure extends Figure {
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    /** No Plotly logo linking to plot.ly in the mode bar: seqlab's pages point nowhere outside themselves. */
    private static final Map<String, Object> CONFIG = Map.of("displaylogo", false, "responsive", false);

    private final Map<String, Object> layout;

    private JsonFigure(String title, Map<String, Object> layout, Trace... traces) {
        super(Layout.builder().title(title).build(), traces);
        this.layout = layout;
    }

    /** A figure with {@code title} and these traces; the layout holds the title until more is put into it. */
    public static JsonFigure of(String title, Trace... traces) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("title", Map.of("text", Objects.requireNonNullElse(title, "")));
        return new JsonFigure(title, l, traces);
    }

    /** Plotly's layout object, as Plotly receives it; change it freely before the figure is drawn. */
    public Map<String, Object> layout() {
        return layout;
    }

    /** The title given to {@link #of}. */
    public String title() {
        return getLayout().getTitle();
    }

    /**
     * The script that draws the figure into the element {@code divName}, in jsplot's shape: a {@code <script>} that
     * looks the element up, defines the layout and traces, and calls {@code Plotly.newPlot}.
     */
    @Override
    public String asJavascript(String divName) {
        Trace[] traces = getTraces();
        StringBuilder sb = new StringBuilder("<script>\n");
        String target = "target_" + divName;
        sb.append("var ").append(target).append(" = document.getElementById('").append(divName).append("');\n");
        sb.append("var layout = ").append(json(layout)).append(";\n");
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < traces.length; i++) {
            sb.append(traces[i].asJavascript(i));
            data.append(i == 0 ? "" : ", ").append("trace").append(i);
        }
        sb.append("var data = [").append(data).append("];\n");
        sb.append("Plotly.newPlot(").append(target).append(", data, layout, ").append(json(CONFIG)).append(");\n");
        return sb.append("</script>\n").toString();
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the figure's layout as JSON: " + e.getOriginalMessage()
                    + " (put only maps, lists, strings, numbers and booleans into layout())", e);
        }
    }
}
