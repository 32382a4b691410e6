package seqlab.plot;

import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import tech.tablesaw.plotly.components.Figure;
import seqlab.io.AtomicFiles;

/**
 * Charts outside a notebook: in JShell or a script, {@code Show.html(results.plot().curves())} writes the chart as
 * an HTML page, with plotly.js next to it (written once per folder, so it opens offline), and prints its path;
 * {@link #browse(Figure)} also opens it in the desktop browser when there is one.
 *
 * <p>Pages go to the folder named by the system property {@value #PROPERTY}, or else a {@code seqlab-charts} folder
 * in the system temporary directory, one file per call (never overwritten, so earlier charts stay open).
 */
public final class Show {

    /** System property naming the folder {@link #html(Figure)} writes into. */
    public static final String PROPERTY = "seqlab.charts";

    private Show() {
    }

    /** Writes the figure as a page into the charts folder, prints {@code chart: PATH} and returns the path. */
    public static Path html(Figure figure) {
        Objects.requireNonNull(figure, "figure");
        Path dir = folder();
        try {
            Files.createDirectories(dir);
            Path file = Files.createTempFile(dir, slug(title(figure)) + "-", ".html");
            return html(figure, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a chart file in " + dir + ": " + e.getMessage()
                    + " (make the folder writable, or choose another with -D" + PROPERTY + "=DIR)", e);
        }
    }

    /**
     * Writes the figure as a page to {@code file} (folders created) and plotly.js next to it unless it is there,
     * prints {@code chart: PATH} and returns it.
     */
    public static Path html(Figure figure, Path file) {
        Objects.requireNonNull(figure, "figure");
        Path target = file.toAbsolutePath();
        // one copy of plotly.js per folder, next to the pages: a session's fifty charts do not take 220 MB
        Path library = PlotlyJs.writeLibrary(target.getParent());
        AtomicFiles.writeString(target, PlotlyJs.page(figure, title(figure), library.getFileName().toString()));
        System.out.println("chart: " + target);
        return target;
    }

    /**
     * {@link #html(Figure)}, then opens the page in the desktop browser; on a headless machine (a server, CI) the
     * printed path is all there is.
     */
    public static Path browse(Figure figure) {
        Path file = html(figure);
        if (!GraphicsEnvironment.isHeadless() && Desktop.isDesktopSupported()
                && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
            try {
                Desktop.getDesktop().browse(file.toUri());
            } catch (IOException | UnsupportedOperationException e) {
                System.out.println("(could not open a browser: " + e.getMessage() + "; open the file above)");
            }
        }
        return file;
    }

    static Path folder() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "seqlab-charts");
    }

    private static String title(Figure figure) {
        String t = figure.getLayout() == null ? null : figure.getLayout().getTitle();
        return t == null || t.isBlank() ? "chart" : t;
    }

    /** A file-name-safe short form of a title: {@code "Test MASE (mean)"} becomes {@code test-mase-mean}. */
    static String slug(String title) {
        String s = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > 40) {
            s = s.substring(0, 40).replaceAll("-+$", "");
        }
        // createTempFile needs a prefix of at least 3 characters
        return s.length() < 3 ? "chart" : s;
    }
}
