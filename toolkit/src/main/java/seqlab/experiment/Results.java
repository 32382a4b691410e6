package seqlab.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import seqlab.stats.Stats;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The trials of an experiment as Tablesaw tables: {@link #table()} (one row per trial), {@link #summary()} (per model
 * and engine: mean, standard deviation and 95% confidence interval over seeds, sorted by the main metric),
 * {@link #curves()} (per epoch), {@link #compare(String, String)} (a paired test over seeds); {@link #plot()} draws
 * them and {@link #report(Path)} writes the HTML report.
 */
public final class Results {
    private final Task task;
    private final List<TrialResult> trials;
    private final Path dir;
    private final Map<String, Object> config;

    Results(Task task, List<TrialResult> trials, Path dir, Map<String, Object> config) {
        this.task = task;
        this.trials = List.copyOf(trials);
        this.dir = dir;
        this.config = config;
    }

    public Task task() {
        return task;
    }

    public List<TrialResult> trials() {
        return trials;
    }

    /** The folder results were written to. */
    public Path directory() {
        return dir;
    }

    public Map<String, Object> config() {
        return config;
    }

    /** The task's main metric, e.g. {@code accuracy}. */
    public String mainMetric() {
        return task.mainMetric();
    }

    /** One row per trial: task, dataset, model, spec, engine, seed, status, params, epochs, seconds, tokens/s, metrics. */
    public Table table() {
        StringColumn t = StringColumn.create("task"), ds = StringColumn.create("dataset"), model = StringColumn.create("model"),
                spec = StringColumn.create("spec"), engine = StringColumn.create("engine"), status = StringColumn.create("status");
        LongColumn seed = LongColumn.create("seed"), params = LongColumn.create("params");
        IntColumn hidden = IntColumn.create("hidden"), epochs = IntColumn.create("epochs");
        DoubleColumn secs = DoubleColumn.create("train_seconds"), tps = DoubleColumn.create("tokens_per_s");
        Map<String, DoubleColumn> metrics = new LinkedHashMap<>();
        for (String m : task.metrics()) {
            metrics.put(m, DoubleColumn.create(m));
        }
        for (TrialResult r : trials) {
            TrialSpec s = r.spec();
            t.append(s.task());
            ds.append(s.dataset());
            model.append(s.model().name());
            spec.append(s.model().toString());
            engine.append(s.engine());
            seed.append(s.seed());
            status.append(r.ok() ? "ok" : r.status().name().toLowerCase(java.util.Locale.ROOT) + ": " + r.error());
            params.append(r.parameters());
            hidden.append(s.model() instanceof seqlab.model.ModelSpec m ? m.hidden() : 0);
            epochs.append(r.epochs());
            secs.append(r.trainSeconds());
            tps.append(r.tokensPerSecond());
            for (var e : metrics.entrySet()) {
                e.getValue().append(r.metric(e.getKey()));
            }
        }
        Table out = Table.create(task.name() + " trials", t, ds, model, spec, engine, seed, status, params, hidden, epochs,
                secs, tps);
        metrics.values().forEach(out::addColumns);
        return out;
    }

    private record Group(String model, String engine) {
    }

    private Map<Group, List<TrialResult>> groups() {
        Map<Group, List<TrialResult>> g = new LinkedHashMap<>();
        for (TrialResult r : trials) {
            if (r.ok()) {
                g.computeIfAbsent(new Group(r.spec().model().name(), r.spec().engine()), k -> new ArrayList<>()).add(r);
            }
        }
        return g;
    }

    /**
     * Per model and engine over seeds: n, parameters, and for each metric its mean, sample standard deviation and the
     * half-width of the 95% confidence interval of the mean (Student's t), plus seconds per epoch; best first.
     */
    public Table summary() {
        StringColumn model = StringColumn.create("model"), engine = StringColumn.create("engine");
        IntColumn n = IntColumn.create("n");
        LongColumn params = LongColumn.create("params");
        Map<String, DoubleColumn[]> cols = new LinkedHashMap<>();
        for (String m : task.metrics()) {
            cols.put(m, new DoubleColumn[] {DoubleColumn.create(m + "_mean"), DoubleColumn.create(m + "_sd"),
                DoubleColumn.create(m + "_ci95")});
        }
        DoubleColumn spe = DoubleColumn.create("seconds_per_epoch"), tps = DoubleColumn.create("tokens_per_s");
        for (var e : groups().entrySet()) {
            List<TrialResult> rs = e.getValue();
            model.append(e.getKey().model());
            engine.append(e.getKey().engine());
            n.append(rs.size());
            params.append(rs.get(0).parameters());
            for (var c : cols.entrySet()) {
                double[] v = rs.stream().mapToDouble(r -> r.metric(c.getKey())).filter(x -> !Double.isNaN(x)).toArray();
                c.getValue()[0].append(v.length == 0 ? Double.NaN : Stats.mean(v));
                c.getValue()[1].append(v.length < 2 ? Double.NaN : Stats.sampleStd(v));
                c.getValue()[2].append(v.length < 2 ? Double.NaN : Stats.meanConfidenceInterval(v, 0.95).halfWidth());
            }
            spe.append(rs.stream().mapToDouble(r -> r.epochs() == 0 ? 0 : r.trainSeconds() / r.epochs()).average().orElse(0));
            tps.append(rs.stream().mapToDouble(TrialResult::tokensPerSecond).average().orElse(0));
        }
        Table out = Table.create(task.name() + " summary (" + task.dataset() + ")", model, engine, n, params);
        for (DoubleColumn[] c : cols.values()) {
            out.addColumns(c);
        }
        out.addColumns(spe, tps);
        if (out.rowCount() > 1) {
            String sortBy = task.mainMetric() + "_mean";
            out = task.higherIsBetter() ? out.sortDescendingOn(sortBy) : out.sortAscendingOn(sortBy);
            out.setName(task.name() + " summary (" + task.dataset() + ")");
        }
        return out;
    }

    /** Per-epoch training curves: model, engine, seed, epoch, train_loss, validation_loss, metric, seconds, grad_norm. */
    public Table curves() {
        StringColumn model = StringColumn.create("model"), engine = StringColumn.create("engine");
        LongColumn seed = LongColumn.create("seed");
        IntColumn epoch = IntColumn.create("epoch");
        DoubleColumn tl = DoubleColumn.create("train_loss"), vl = DoubleColumn.create("validation_loss"),
                m = DoubleColumn.create(task.mainMetric()), s = DoubleColumn.create("seconds"), g = DoubleColumn.create("grad_norm");
        for (TrialResult r : trials) {
            for (EpochStats e : r.curve()) {
                model.append(r.spec().model().name());
                engine.append(r.spec().engine());
                seed.append(r.spec().seed());
                epoch.append(e.epoch());
                tl.append(e.trainLoss());
                vl.append(e.validationLoss());
                m.append(e.metric());
                s.append(e.seconds());
                g.append(e.gradNorm());
            }
        }
        return Table.create(task.name() + " curves", model, engine, seed, epoch, tl, vl, m, s, g);
    }

    /** {@link #compare(String, String, String)} on the main metric. */
    public Table compare(String modelA, String modelB) {
        return compare(modelA, modelB, task.mainMetric());
    }

    /**
     * A paired comparison of two models over the seeds both ran (per engine): mean difference (a - b), the paired
     * t-test's and the Wilcoxon signed-rank test's two-sided p-values.
     */
    public Table compare(String modelA, String modelB, String metric) {
        StringColumn a = StringColumn.create("model_a"), b = StringColumn.create("model_b"), engine = StringColumn.create("engine"),
                met = StringColumn.create("metric");
        IntColumn n = IntColumn.create("n");
        DoubleColumn ma = DoubleColumn.create("mean_a"), mb = DoubleColumn.create("mean_b"), diff = DoubleColumn.create("mean_diff"),
                pt = DoubleColumn.create("paired_t_p"), pw = DoubleColumn.create("wilcoxon_p");
        Map<Group, List<TrialResult>> g = groups();
        java.util.Set<String> engines = new java.util.LinkedHashSet<>();
        g.keySet().forEach(k -> engines.add(k.engine()));
        boolean any = false;
        for (String e : engines) {
            List<TrialResult> ra = g.getOrDefault(new Group(modelA, e), List.of());
            List<TrialResult> rb = g.getOrDefault(new Group(modelB, e), List.of());
            Map<Long, Double> bySeed = new LinkedHashMap<>();
            rb.forEach(r -> bySeed.put(r.spec().seed(), r.metric(metric)));
            List<double[]> pairs = new ArrayList<>();
            for (TrialResult r : ra) {
                Double v = bySeed.get(r.spec().seed());
                if (v != null) {
                    pairs.add(new double[] {r.metric(metric), v});
                }
            }
            if (pairs.isEmpty()) {
                continue;
            }
            any = true;
            double[] xa = pairs.stream().mapToDouble(p -> p[0]).toArray(), xb = pairs.stream().mapToDouble(p -> p[1]).toArray();
            a.append(modelA);
            b.append(modelB);
            engine.append(e);
            met.append(metric);
            n.append(pairs.size());
            ma.append(Stats.mean(xa));
            mb.append(Stats.mean(xb));
            diff.append(Stats.mean(xa) - Stats.mean(xb));
            pt.append(pairs.size() < 2 ? Double.NaN : Stats.pairedTTest(xa, xb).pValue());
            pw.append(pairs.size() < 1 ? Double.NaN : Stats.wilcoxonSignedRank(xa, xb).pValue());
        }
        if (!any) {
            List<String> names = groups().keySet().stream().map(Group::model).distinct().toList();
            throw new IllegalArgumentException("compare: no seeds where both '" + modelA + "' and '" + modelB
                    + "' finished; models with results: " + names);
        }
        return Table.create(modelA + " vs " + modelB, a, b, engine, met, n, ma, mb, diff, pt, pw);
    }

    /** Charts of these results. */
    public ResultPlots plot() {
        return new ResultPlots(this);
    }

    /**
     * One line per trained model saying whether it beat the task's best trivial baseline on the main metric, with
     * both numbers (computed, never written by hand).
     */
    public List<String> verdicts() {
        Table s = summary();
        String col = task.mainMetric() + "_mean";
        java.util.Set<String> baselineNames = new java.util.HashSet<>();
        task.baselines().forEach(b -> baselineNames.add(b.name()));
        List<String> out = new ArrayList<>();
        for (String engine : s.stringColumn("engine").unique()) {
            Table e = s.where(s.stringColumn("engine").isEqualTo(engine));
            String bestBaseline = null;
            double best = Double.NaN;
            for (int i = 0; i < e.rowCount(); i++) {
                String m = e.stringColumn("model").get(i);
                double v = e.doubleColumn(col).get(i);
                if (baselineNames.contains(m) && !trivialExcluded(m)
                        && (bestBaseline == null || (task.higherIsBetter() ? v > best : v < best))) {
                    bestBaseline = m;
                    best = v;
                }
            }
            if (bestBaseline == null) {
                continue;
            }
            for (int i = 0; i < e.rowCount(); i++) {
                String m = e.stringColumn("model").get(i);
                if (baselineNames.contains(m)) {
                    continue;
                }
                double v = e.doubleColumn(col).get(i);
                boolean beats = task.higherIsBetter() ? v > best : v < best;
                out.add(String.format(java.util.Locale.ROOT, "%s %s the %s baseline on %s: %s %.4f vs %.4f%s", m,
                        beats ? "beats" : "does NOT beat", bestBaseline, task.mainMetric(), task.mainMetric(), v, best,
                        s.stringColumn("engine").unique().size() > 1 ? " (" + engine + ")" : ""));
            }
        }
        return out;
    }

    /** Learned baselines (bag-of-words) are reported but verdicts compare against the trivial ones only. */
    private static boolean trivialExcluded(String model) {
        return model.startsWith("bow");
    }

    /**
     * Writes the report into {@code dir}: {@code index.html} (summary, verdicts, charts, every trial, the
     * configuration and provenance; plotly.js inlined, so it opens offline), the charts one per file,
     * {@code results.csv} and {@code summary.csv}. Returns the index file.
     */
    public Path report(Path dir) {
        seqlab.plot.HtmlReport r = seqlab.plot.HtmlReport.create(task.name() + " on " + task.dataset());
        r.paragraph(trials.size() + " trials; main metric " + task.mainMetric()
                + (task.higherIsBetter() ? " (higher is better)" : " (lower is better)")
                + "; mean over seeds with 95% confidence intervals (Student's t).");
        for (String v : verdicts()) {
            r.note(v);
        }
        r.heading("Summary");
        r.table(summary());
        ResultPlots p = plot();
        r.heading("Charts");
        r.figure(p.bars(), "Test " + task.mainMetric() + " by model");
        if (!curves().isEmpty()) {
            r.figure(p.curves(), "Validation " + task.mainMetric() + " by epoch");
            r.figure(p.loss(), "Training loss by epoch");
        }
        r.figure(p.parameters(), task.mainMetric() + " against parameter count");
        r.figure(p.timePerEpoch(), "Training time per epoch");
        task.addToReport(this, r);
        r.heading("Trials");
        r.table(table());
        r.heading("Configuration and provenance");
        r.json("Experiment configuration", config);
        trials.stream().filter(TrialResult::ok).findFirst().ifPresent(t -> {
            r.json("Provenance (first trial)", t.provenance());
            r.json("Canonical spec of the first trial (what its id " + t.id() + " hashes)",
                    Json.COMPACT.convertValue(t.canonical(), Map.class));
        });
        Path index = r.write(dir);
        writeTables(dir);
        return index;
    }

    /** Writes {@code results.csv} and {@code summary.csv} into the output folder (atomically). */
    public void writeTables() {
        writeTables(dir);
    }

    private void writeTables(Path into) {
        try {
            ResultStore.writeAtomically(into.resolve("results.csv"), csv(table()).getBytes(StandardCharsets.UTF_8));
            ResultStore.writeAtomically(into.resolve("summary.csv"), csv(summary()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write results into " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The columns worth printing on a terminal: model, engine, n, params, each metric's mean and CI, time. */
    private String[] summaryColumns(Table s) {
        List<String> cols = new ArrayList<>(List.of("model", "engine", "n", "params"));
        for (String m : task.metrics()) {
            cols.add(m + "_mean");
            cols.add(m + "_ci95");
        }
        cols.add("seconds_per_epoch");
        return cols.toArray(new String[0]);
    }

    static String csv(Table t) {
        var out = new java.io.StringWriter();
        t.write().csv(out);
        return out.toString();
    }

    /** The summary as aligned text, best model first. */
    @Override
    public String toString() {
        Table s = summary();
        StringBuilder sb = new StringBuilder();
        sb.append(s.name()).append(" — ").append(trials.size()).append(" trials, main metric ").append(task.mainMetric())
                .append(task.higherIsBetter() ? " (higher is better)" : " (lower is better)").append('\n');
        sb.append(seqlab.plot.TextTables.format(s.selectColumns(summaryColumns(s))));
        for (String v : verdicts()) {
            sb.append('\n').append(v);
        }
        long failed = trials.stream().filter(r -> !r.ok()).count();
        if (failed > 0) {
            sb.append('\n').append(failed).append(" trial(s) failed: ");
            trials.stream().filter(r -> !r.ok()).limit(3)
                    .forEach(r -> sb.append("\n  ").append(r.spec()).append(": ").append(r.error()));
        }
        return sb.toString();
    }

    static Comparator<Double> order(boolean higherIsBetter) {
        return higherIsBetter ? Comparator.reverseOrder() : Comparator.naturalOrder();
    }
}
