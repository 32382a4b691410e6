package seqlab.plot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tech.tablesaw.plotly.components.Figure;
import seqlab.io.AtomicFiles;

/**
 * The bundled plotly.js and the HTML that draws a jsplot {@link Figure} with it, offline.
 *
 * <p>Four shapes of output:
 * <ul>
 *   <li>{@link #page(Figure, String)}: a whole HTML document, plotly.js inlined in its head;</li>
 *   <li>{@link #page(Figure, String, String)}: a whole HTML document that loads plotly.js from a file next to it
 *       ({@link #writeLibrary(Path)}), so a folder of pages holds the 4.5 MB library once and still opens offline
 *       from {@code file://};</li>
 *   <li>{@link #fragment(Figure, String)}: a self-contained {@code <div>} + scripts to paste into any page;</li>
 *   <li>{@link #chart(Figure, String)} + {@link #libraryTag()}: the chart alone, for hosts (the notebook
 *       kernel, a multi-chart report) that load the library once and draw many charts with it.</li>
 * </ul>
 */
public final class PlotlyJs {

    /** Classpath location of the bundled, unmodified {@code plotly.min.js}. */
    public static final String RESOURCE = "/seqlab/plot/plotly.min.js";

    private static final Pattern VERSION_PATTERN = Pattern.compile("plotly\\.js v(\\d+\\.\\d+\\.\\d+)");
    private static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final AtomicLong IDS = new AtomicLong();

    private static volatile String script;

    private PlotlyJs() {
    }

    /** The text of the bundled plotly.js. */
    public static String script() {
        String s = script;
        if (s == null) {
            synchronized (PlotlyJs.class) {
                s = script;
                if (s == null) {
                    script = s = load();
                }
            }
        }
        return s;
    }

    /** The bundled plotly.js version, read from the file's banner (for example {@code 2.35.3}). */
    public static String version() {
        Matcher m = VERSION_PATTERN.matcher(script().substring(0, Math.min(400, script().length())));
        return m.find() ? m.group(1) : "unknown";
    }

    /**
     * A {@code <script>} element that defines {@code window.Plotly} unless the page already has it.
     *
     * <p>plotly.js is a UMD bundle: on a page that carries require.js (classic Jupyter, nbconvert's
     * templates) it would register itself as an anonymous AMD module instead of setting
     * {@code window.Plotly}, and require.js rejects anonymous modules loaded outside it. Shadowing
     * {@code define}, {@code module} and {@code exports} makes it take the plain-global branch everywhere.
     */
    public static String libraryTag() {
        return "<script type=\"text/javascript\">\n"
                + "if (!window.Plotly) { (function () { var define, module, exports;\n"
                + script()
                + "\n}).call(window); }\n</script>\n";
    }

    /** The name of the library's file in a report folder, with its version: {@code plotly-2.35.3.min.js}. */
    public static String libraryFileName() {
        return "plotly-" + version() + ".min.js";
    }

    /**
     * Writes the bundled plotly.js into {@code folder} as {@link #libraryFileName()} unless the same file is already
     * there (atomically: a reader never sees half of it), and returns its path. Pages in and under the folder load it
     * with {@link #libraryTag(String)}.
     */
    public static Path writeLibrary(Path folder) {
        Objects.requireNonNull(folder, "folder");
        Path file = folder.resolve(libraryFileName());
        byte[] bytes = script().getBytes(StandardCharsets.UTF_8);
        try {
            if (Files.isRegularFile(file) && Files.size(file) == bytes.length
                    && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
                return file;
            }
        } catch (IOException e) {
            // unreadable: write it again below, which names the problem if it persists
        }
        AtomicFiles.writeBytes(file, bytes);
        return file;
    }

    /**
     * A {@code <script>} element that loads plotly.js from {@code src}, a path relative to the page. Should the file
     * be missing (a page copied without it), the page says which file it needs instead of showing empty charts.
     */
    public static String libraryTag(String src) {
        if (src == null || src.isBlank() || src.contains("://") || src.startsWith("/") || src.contains("\"")) {
            throw new IllegalArgumentException("plotly.js must load from a relative path next to the page, got '" + src
                    + "'; pass e.g. \"" + libraryFileName() + "\" or \"../" + libraryFileName() + "\"");
        }
        String file = escapeHtml(src);
        return "<script type=\"text/javascript\" src=\"" + file + "\" onerror=\"document.addEventListener("
                + "'DOMContentLoaded', function () { var p = document.createElement('p'); p.className = 'missing-library';"
                + " p.textContent = 'Charts need " + file.replace("'", "") + " next to this page: copy the whole report"
                + " folder.'; document.body.prepend(p); });\"></script>\n";
    }

    /** A fresh element id usable as a jsplot div name (jsplot also turns it into a JavaScript variable). */
    public static String newId() {
        return "seqlab_plot_" + IDS.incrementAndGet() + "_" + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    /**
     * The chart's {@code <div>} and the script that draws it, without the library. The script waits for
     * {@code window.Plotly} (the host inlines {@link #libraryTag()} once, possibly in an earlier output)
     * and, if it never comes, says so inside the div instead of failing silently.
     */
    public static String chart(Figure figure, String divId) {
        Objects.requireNonNull(figure, "figure");
        checkId(divId);
        String body = scriptSafe(stripScriptTags(figure.asJavascript(divId)));
        return "<div id=\"" + divId + "\"></div>\n"
                + "<script type=\"text/javascript\">\n"
                + "(function () {\n"
                + "  function draw() {\n" + body + "\n  }\n"
                + "  var tries = 0;\n"
                + "  (function wait() {\n"
                + "    if (window.Plotly) { draw(); }\n"
                + "    else if (tries++ < 200) { setTimeout(wait, 50); }\n"
                + "    else { document.getElementById('" + divId + "').textContent ="
                + " 'plotly.js is not loaded on this page: in a notebook, re-run the cell that first drew a chart;"
                + " a report needs its plotly-*.min.js file in the report folder.'; }\n"
                + "  })();\n"
                + "})();\n"
                + "</script>\n";
    }

    /** A self-contained HTML fragment: the library (unless already on the page) and the chart. */
    public static String fragment(Figure figure, String divId) {
        return libraryTag() + chart(figure, divId);
    }

    /** A self-contained fragment with a fresh div id. */
    public static String fragment(Figure figure) {
        return fragment(figure, newId());
    }

    /** A complete HTML page showing the figure, plotly.js inlined: opens offline in any browser. */
    public static String page(Figure figure, String title) {
        return document(figure, title, libraryTag());
    }

    /**
     * A complete HTML page showing the figure, loading plotly.js from {@code librarySrc}, a path relative to the page
     * (the file {@link #writeLibrary(Path)} wrote): opens offline, and many such pages share one library file.
     */
    public static String page(Figure figure, String title, String librarySrc) {
        return document(figure, title, libraryTag(librarySrc));
    }

    private static String document(Figure figure, String title, String libraryElement) {
        String t = title == null ? "chart" : escapeHtml(title);
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"UTF-8\">\n<title>" + t + "</title>\n"
                + "<style>body { margin: 16px; font-family: system-ui, sans-serif; }</style>\n"
                + libraryElement
                + "</head>\n<body>\n"
                + chart(figure, newId())
                + "</body>\n</html>\n";
    }

    /**
     * Chart data is user text (tokens, model names): a {@code </script} in it would end the inline script early
     * and spill the rest into the page. Inside a JavaScript string {@code <\/} is the same as {@code </}, so the
     * escape changes nothing but the HTML parse; {@code <!--} is neutralised the same way.
     */
    static String scriptSafe(String js) {
        return js.replaceAll("(?i)</(script)", "<\\\\/$1").replace("<!--", "<\\!--");
    }

    static String stripScriptTags(String js) {
        String s = js.strip();
        if (s.startsWith("<script>")) {
            s = s.substring("<script>".length());
        }
        if (s.endsWith("</script>")) {
            s = s.substring(0, s.length() - "</script>".length());
        }
        return s;
    }

    private static void checkId(String divId) {
        if (divId == null || !ID_PATTERN.matcher(divId).matches()) {
            throw new IllegalArgumentException("chart id '" + divId + "' must be a JavaScript identifier"
                    + " (letters, digits, '_', not starting with a digit): jsplot uses it as a variable name;"
                    + " use PlotlyJs.newId() for a fresh one");
        }
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String load() {
        try (InputStream in = PlotlyJs.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("bundled plotly.js is missing from the class path (" + RESOURCE
                        + "): rebuild seqlab-toolkit; toolkit/plotly/update-plotly.sh regenerates the file");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled plotly.js " + RESOURCE, e);
        }
    }
}
