package seqlab.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import seqlab.experiment.Results;
import seqlab.io.AtomicFiles;
import seqlab.plot.HtmlReport;
import seqlab.plot.Labels;
import seqlab.plot.ReportSite;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The report of a comparison over several tasks, as {@code ./seqlab compare} writes it: one full report per task in
 * {@code DIR/<task>/}, and {@code DIR/index.html} with each task's verdicts, headline chart (the main metric per model)
 * and summary, linking the task reports; {@code results.csv} and {@code summary.csv} hold every task's rows.
 *
 * <p>The folder is one {@link ReportSite}: plotly.js is written once at its top and every page loads it by a relative
 * path (the default comparison's folder stays a few megabytes, and opens offline from {@code file://}), and a model
 * has one colour on every page, in the order of {@link Canonical#MODEL_NAMES}.
 */
public final class ComparisonReport {
    private final Path dir;
    private final ReportSite site;
    private final HtmlReport index;
    private final List<Table> trials = new ArrayList<>();
    private final List<Table> summaries = new ArrayList<>();

    private ComparisonReport(Path dir, String intro) {
        this.dir = dir;
        this.site = ReportSite.at(dir);
        site.styles().models(Canonical.MODEL_NAMES);
        this.index = HtmlReport.create("seqlab comparison", site);
        if (intro != null && !intro.isBlank()) {
            index.paragraph(intro);
        }
    }

    /** A comparison report to be written into {@code dir}, its index page opening with {@code intro}. */
    public static ComparisonReport create(Path dir, String intro) {
        return new ComparisonReport(Objects.requireNonNull(dir, "dir"), intro);
    }

    /** Writes the task's full report into {@code DIR/<task>/} and adds its section to the index; returns that report. */
    public Path add(String task, Results r) {
        Path report = r.report(dir.resolve(task), site);
        index.heading(Labels.sentence(task + " (" + r.task().dataset() + ")"));
        Results.dataLines(r.task()).forEach(index::paragraph);
        r.verdicts().addTo(index);
        index.figure(r.plot().dots(), Labels.sentence(task + " (" + r.task().dataset() + "): test "
                + Labels.of(r.mainMetric()) + " per model"));
        index.table(r.brief());
        r.task().summaries(r).forEach(index::table);
        index.link("Full " + task + " report", task + "/index.html");
        trials.add(r.table());
        summaries.add(r.summary().copy().addColumns(
                StringColumn.create("task", Collections.nCopies(r.summary().rowCount(), task))));
        return report;
    }

    /** Writes the index page, {@code results.csv} and {@code summary.csv}; returns the index page. */
    public Path write() {
        Path page = index.write(dir);
        AtomicFiles.writeString(dir.resolve("results.csv"), concatCsv(trials));
        AtomicFiles.writeString(dir.resolve("summary.csv"), concatCsv(summaries));
        return page;
    }

    /** Tables with possibly different metric columns, as one CSV with the union of columns. */
    static String concatCsv(List<Table> tables) {
        List<String> cols = new ArrayList<>();
        for (Table t : tables) {
            for (String c : t.columnNames()) {
                if (!cols.contains(c)) {
                    cols.add(c);
                }
            }
        }
        StringBuilder sb = new StringBuilder(String.join(",", cols)).append('\n');
        for (Table t : tables) {
            for (int i = 0; i < t.rowCount(); i++) {
                List<String> cells = new ArrayList<>();
                for (String c : cols) {
                    // unformatted: the tables round for printing, the CSV keeps every digit
                    cells.add(t.containsColumn(c) ? csvCell(t.column(c).getUnformattedString(i)) : "");
                }
                sb.append(String.join(",", cells)).append('\n');
            }
        }
        return sb.toString();
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
