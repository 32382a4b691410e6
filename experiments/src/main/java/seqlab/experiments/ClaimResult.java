package seqlab.experiments;

import java.nio.file.Path;
import java.util.Locale;
import seqlab.plot.TextTables;
import tech.tablesaw.api.Table;

/**
 * A finished claim experiment: its measurements, the verdict computed from them, how long it ran and where its
 * report is.
 *
 * @param name    the experiment's name, e.g. {@code gradient-flow}
 * @param claim   the claim it tests, as the guide states it
 * @param budget  the budget it ran at, with what that means for this experiment
 * @param table   the main table of measurements (also {@code results.csv} next to the report)
 * @param verdict the outcome and its one-line reason
 * @param seconds wall-clock run time
 * @param cpuSeconds CPU time of the process during the run, all threads (what the budget costs on a busy machine)
 * @param report  the report's {@code index.html}
 */
public record ClaimResult(String name, String claim, String budget, Table table, ClaimVerdict verdict, double seconds,
                          double cpuSeconds, Path report) {

    /** Table, verdict, budget and run time as the terminal shows them. */
    @Override
    public String toString() {
        return TextTables.format(table) + "\n" + verdict + "\n"
                + String.format(Locale.ROOT, "(%s; budget %s; ran %.1f s, %.1f CPU-s)", name, budget, seconds, cpuSeconds);
    }
}
