package seqlab.experiments;

import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.experiment.Parallelism;
import seqlab.experiment.Verbosity;
import seqlab.plot.HtmlReport;
import seqlab.plot.ReportSite;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;
import seqlab.io.AtomicFiles;

/**
 * An experiment that tests one claim of the guide seqlab grew from. Each subclass measures (its {@link #measure}
 * reads as the method section of a small paper) and computes its {@link ClaimVerdict} from the numbers; this class times
 * the run and writes the report every claim shares: the claim, the budget, the verdict, the charts, the table
 * ({@code results.csv} too) and the configuration as JSON.
 *
 * <p>A subclass is built from a configuration record with a factory per {@link Budget} and a {@code tiny()} one for
 * tests; {@link Claims} makes them by name.
 */
public abstract class ClaimExperiment {

    /**
     * Where and how an experiment runs.
     *
     * @param engines     the engines to run on (one, except for experiments that compare engines)
     * @param out         the report folder
     * @param log         where progress lines go (the terminal, or a sink in tests)
     * @param parallelism how trials share the machine (experiments that time things run them one at a time anyway)
     * @param progress    what runs of trials show while they go
     */
    public record Context(List<String> engines, Path out, PrintStream log, Parallelism parallelism,
                          Verbosity progress) {
        public Context {
            engines = List.copyOf(engines);
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(log, "log");
            Objects.requireNonNull(parallelism, "parallelism");
            Objects.requireNonNull(progress, "progress");
            if (engines.isEmpty()) {
                throw new IllegalArgumentException("give at least one engine");
            }
        }

        /** Trials sized to the machine, their progress shown only through {@code log}. */
        public Context(List<String> engines, Path out, PrintStream log) {
            this(engines, out, log, Parallelism.auto(), Verbosity.QUIET);
        }

        /** The single engine of an experiment that runs on one. */
        public Engine engine() {
            return Engines.get(engines.get(0));
        }

        /**
         * The report folder as a {@link ReportSite}: the claim's page and any report written under it (a
         * {@code trials/} report) share one copy of plotly.js at the top.
         */
        public ReportSite site() {
            return ReportSite.at(out);
        }

        /** A progress line, e.g. "lstm at length 200: MSE 0.012 (4.1 s)". */
        public void log(String format, Object... args) {
            log.println(String.format(Locale.ROOT, format, args));
            log.flush();
        }
    }

    /** A chart for the report and its caption. */
    protected record Chart(Figure figure, String caption) {
    }

    /**
     * What {@link #measure} found.
     *
     * @param table   the main measurements (written as {@code results.csv}, printed on the terminal)
     * @param verdict computed from {@code table}'s numbers
     * @param charts  drawn above the table
     * @param more    further tables (paired tests, per-seed values), shown after the main one
     * @param notes   paragraphs on how to read the results (method, caveats that depend on the data)
     */
    protected record Findings(Table table, ClaimVerdict verdict, List<Chart> charts, List<Table> more, List<String> notes) {
    }

    /** The name on the command line, e.g. {@code gradient-flow}. */
    public abstract String name();

    /** The claim under test, as the guide states it. */
    public abstract String claim();

    /** What the budget means for this experiment: sizes, steps, seeds, and what a larger budget adds. */
    public abstract String budget();

    /** The configuration record (shown as JSON in the report). */
    public abstract Object config();

    /** Whether this experiment compares engines (runs on each given engine) rather than running on one. */
    public boolean comparesEngines() {
        return false;
    }

    /** Runs the measurements and computes the verdict. */
    protected abstract Findings measure(Context context);

    /** Measures, writes the report into {@code context.out()} and returns the result. */
    public final ClaimResult run(Context context) {
        if (!comparesEngines() && context.engines().size() != 1) {
            throw new IllegalArgumentException(name() + " runs on one engine; got " + context.engines()
                    + ". Give one --engine");
        }
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        Findings f = measure(context);
        double seconds = (System.nanoTime() - start) / 1e9;
        // CPU time is what a budget costs on a machine shared with other work; wall time depends on that work
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        HtmlReport r = HtmlReport.create(name() + ": " + claim(), context.site());
        r.paragraph("Claim under test: " + claim());
        r.paragraph(String.format(Locale.ROOT, "Budget %s. Engine%s: %s. Ran in %.1f s (%.1f CPU-seconds).", budget(),
                context.engines().size() == 1 ? "" : "s", String.join(", ", context.engines()), seconds, cpuSeconds));
        r.note(f.verdict().toString());
        for (String n : f.notes()) {
            r.paragraph(n);
        }
        if (!f.charts().isEmpty()) {
            r.heading("Charts");
            for (Chart c : f.charts()) {
                r.figure(c.figure(), c.caption());
            }
        }
        r.heading("Measurements");
        r.table(f.table());
        r.link("Measurements (CSV)", "results.csv");
        for (Table t : f.more()) {
            r.table(t);
        }
        r.heading("Configuration");
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("experiment", name());
        cfg.put("claim", claim());
        cfg.put("budget", budget());
        cfg.put("config", config());
        cfg.put("engines", engineVersions(context.engines()));
        cfg.put("seconds", seconds);
        cfg.put("cpu_seconds", cpuSeconds);
        cfg.put("java", System.getProperty("java.version"));
        cfg.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        cfg.put("cores", Runtime.getRuntime().availableProcessors());
        cfg.put("verdict", Map.of("outcome", f.verdict().outcome().words(), "text", f.verdict().text()));
        r.json("Configuration and environment", cfg);
        Path index = r.write(context.out());
        AtomicFiles.writeString(context.out().resolve("results.csv"), csv(f.table()));
        return new ClaimResult(name(), claim(), budget(), f.table(), f.verdict(), seconds, cpuSeconds, index);
    }

    /** CPU time of the whole process (every thread), or -1 where the JVM cannot tell. */
    private static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    private static Map<String, String> engineVersions(List<String> names) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, Engines.get(n).version());
        }
        return m;
    }

    static String csv(Table t) {
        StringWriter w = new StringWriter();
        t.write().csv(w);
        return w.toString();
    }

    /** Findings with no extra tables. */
    protected static Findings findings(Table table, ClaimVerdict verdict, List<Chart> charts, List<String> notes) {
        return new Findings(table, verdict, charts, List.of(), notes);
    }

    /** {@code 10^x} for a verdict line, e.g. "10^3.2". */
    protected static String decades(double x) {
        return Double.isFinite(x) ? String.format(Locale.ROOT, "10^%.1f", x) : String.valueOf(x);
    }

    /** A number to three significant digits for a verdict line. */
    protected static String num(double x) {
        return String.format(Locale.ROOT, "%.3g", x);
    }

    /** The list {@code [a, b, c]} without brackets: "a, b, c". */
    protected static String join(List<?> items) {
        List<String> s = new ArrayList<>();
        items.forEach(i -> s.add(String.valueOf(i)));
        return String.join(", ", s);
    }
}
