package seqlab.kernel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One rendering of a value: its representations by MIME type (Jupyter picks the richest it can show)
 * and the page-wide libraries it needs (see {@link Renderers#registerLibrary}).
 */
public final class MimeBundle {

    public static final String TEXT = "text/plain";
    public static final String HTML = "text/html";

    private final Map<String, String> data = new LinkedHashMap<>();
    private final Set<String> requires = new LinkedHashSet<>();

    /** A bundle with only a text/plain representation. */
    public static MimeBundle text(String text) {
        return new MimeBundle().put(TEXT, text);
    }

    /** Adds (or replaces) the representation for {@code mimeType}. */
    public MimeBundle put(String mimeType, String content) {
        data.put(mimeType, content);
        return this;
    }

    public MimeBundle html(String html) {
        return put(HTML, html);
    }

    /** Declares that the HTML needs a library (by name) loaded on the page before it. */
    public MimeBundle require(String library) {
        requires.add(library);
        return this;
    }

    public Map<String, String> data() {
        return Collections.unmodifiableMap(data);
    }

    public Set<String> requires() {
        return Collections.unmodifiableSet(requires);
    }

    /** The text/plain representation, or the empty string. */
    public String text() {
        return data.getOrDefault(TEXT, "");
    }

    @Override
    public String toString() {
        return "MimeBundle" + data.keySet() + (requires.isEmpty() ? "" : " requires " + requires);
    }
}
