package seqlab.plot;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A folder of reports that belong together, such as {@code ./seqlab compare}'s index page and its per-task reports:
 * they share one copy of plotly.js at the folder's top (charts load it by a relative path, so the folder still opens
 * offline from {@code file://}) and one {@link SeriesStyles} registry, so a model has one colour on every page.
 *
 * <pre>{@code
 * ReportSite site = ReportSite.at(Path.of("reports/run1"));
 * site.styles().models(List.of("rnn", "lstm", "gru"));
 * HtmlReport.create("Classification", site).figure(...).write(site.root().resolve("classification"));
 * HtmlReport.create("All tasks", site).figure(...).write(site.root());
 * }</pre>
 */
public final class ReportSite {
    private final Path root;
    private final SeriesStyles styles;

    private ReportSite(Path root, SeriesStyles styles) {
        this.root = root;
        this.styles = styles;
    }

    /** A site rooted at {@code root}, with an empty style registry. */
    public static ReportSite at(Path root) {
        Objects.requireNonNull(root, "root");
        if (root.toString().isBlank()) {
            throw new IllegalArgumentException("ReportSite.at: the folder is empty; name the report folder");
        }
        return new ReportSite(root.toAbsolutePath().normalize(), SeriesStyles.create());
    }

    /** The top folder, which holds plotly.js. */
    public Path root() {
        return root;
    }

    /** The styles every page of the site draws its series with. */
    public SeriesStyles styles() {
        return styles;
    }

    /**
     * Writes plotly.js into the root (once: an identical file is left alone) and returns the path a page in
     * {@code folder} loads it by, with forward slashes ({@code plotly-2.35.3.min.js}, {@code ../plotly-2.35.3.min.js}).
     */
    String library(Path folder) {
        Path dir = folder.toAbsolutePath().normalize();
        if (!dir.startsWith(root)) {
            throw new IllegalArgumentException("report folder " + folder + " is outside its site " + root
                    + "; write it inside the site's folder, or give it a site of its own (HtmlReport.create(title))");
        }
        Path lib = PlotlyJs.writeLibrary(root);
        return dir.relativize(lib).toString().replace('\\', '/');
    }

    @Override
    public String toString() {
        return "ReportSite[" + root + "]";
    }
}
