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
import seqlab.stats.Direction;
import seqlab.stats.Ranking;
import seqlab.model.Baseline;
import seqlab.plot.Cells;
import seqlab.plot.HtmlReport;
import seqlab.plot.Labels;
import seqlab.plot.ReportSite;
import seqlab.plot.SeriesStyles;
import seqlab.plot.TextTables;
import seqlab.stats.Stats;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The trials of an experiment as Tablesaw tables: {@link #table()} (one row per trial), {@link #summary()} (per model
 * and engine: mean, standard deviation and 95% confidence interval over seeds, sorted by the main metric),
 * {@link #curves()} (per epoch), {@link #verdicts()} (each model against the strongest baseline and the best against
 * the runner-up, tested over seeds and test examples, Holm-corrected), {@link #compare(String, String)} (a paired
 * test over seeds of any two); {@link #plot()} draws them and {@link #report(Path)} writes the HTML report.
 */
public final class Results {
    private final Task task;
    private final List<TrialResult> trials;
    private final Path dir;
    private final Map<String, Object> config;
    private final Table tuning;
    private volatile VerdictFamily verdicts;

    Results(Task task, List<TrialResult> trials, Path dir, Map<String, Object> config) {
        this(task, trials, dir, config, Tunings.empty(task));
    }

    Results(Task task, List<TrialResult> trials, Path dir, Map<String, Object> config, Table tuning) {
        this.task = task;
        this.trials = List.copyOf(trials);
        this.dir = dir;
        this.config = config;
        this.tuning = tuning;
    }

    /**
     * The learning rates tried for each model on the validation split and the one chosen ({@link Experiment#tune});
     * no rows when nothing was tuned. The chosen rate of every trial is also the {@code lr} column of {@link #table()}
     * and {@link #summary()}.
     */
    public Table tuning() {
        return tuning.copy();
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
        DoubleColumn lr = DoubleColumn.create("lr");
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
            lr.append(s.train().learningRate());
            epochs.append(r.epochs());
            secs.append(r.trainSeconds());
            tps.append(r.tokensPerSecond());
            for (var e : metrics.entrySet()) {
                e.getValue().append(r.metric(e.getKey()));
            }
        }
        Table out = Table.create(task.name() + " trials", t, ds, model, spec, engine, seed, status, params, hidden, lr,
                epochs, secs, tps);
        metrics.values().forEach(out::addColumns);
        return Cells.roundForPrinting(out);
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
        DoubleColumn lr = DoubleColumn.create("lr");
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
            lr.append(rs.get(0).spec().train().learningRate());
            for (var c : cols.entrySet()) {
                double[] v = rs.stream().mapToDouble(r -> r.metric(c.getKey())).filter(x -> !Double.isNaN(x)).toArray();
                c.getValue()[0].append(v.length == 0 ? Double.NaN : Stats.mean(v));
                c.getValue()[1].append(v.length < 2 ? Double.NaN : Stats.sampleStd(v));
                c.getValue()[2].append(v.length < 2 ? Double.NaN : Stats.meanConfidenceInterval(v, 0.95).halfWidth());
            }
            spe.append(rs.stream().mapToDouble(r -> r.epochs() == 0 ? 0 : r.trainSeconds() / r.epochs()).average().orElse(0));
            tps.append(rs.stream().mapToDouble(TrialResult::tokensPerSecond).average().orElse(0));
        }
        Table out = Table.create(task.name() + " summary (" + task.dataset() + ")", model, engine, n, params, lr);
        for (DoubleColumn[] c : cols.values()) {
            out.addColumns(c);
        }
        out.addColumns(spe, tps);
        if (out.rowCount() > 1) {
            String sortBy = task.mainMetric() + "_mean";
            out = task.higherIsBetter() ? out.sortDescendingOn(sortBy) : out.sortAscendingOn(sortBy);
            out.setName(task.name() + " summary (" + task.dataset() + ")");
        }
        return Cells.roundForPrinting(out);
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
        return Cells.roundForPrinting(Table.create(task.name() + " curves", model, engine, seed, epoch, tl, vl, m, s, g));
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
        return Cells.roundForPrinting(Table.create(modelA + " vs " + modelB, a, b, engine, met, n, ma, mb, diff, pt, pw));
    }

    /** Charts of these results. */
    public ResultPlots plot() {
        return new ResultPlots(this);
    }

    /**
     * The series styles of these results' charts: the models in the order they ran, then the task's baselines, so a
     * model's colour depends on the experiment, not on which chart is drawn first.
     */
    public SeriesStyles styles() {
        List<String> models = new ArrayList<>();
        for (TrialResult r : trials) {
            String name = r.spec().model().name();
            if (!isBaseline(name) && !models.contains(name)) {
                models.add(name);
            }
        }
        return SeriesStyles.create().models(models).baselines(task.baselines().stream().map(Baseline::name).toList());
    }

    /** Whether {@code model} is one of the task's baselines. */
    public boolean isBaseline(String model) {
        return task.baselines().stream().anyMatch(b -> b.name().equals(model));
    }

    /**
     * The verdicts on the main metric: each model against the strongest baseline of the task (chosen on the
     * validation split) and the best entry against the runner-up, each tested over seeds and over test examples,
     * Holm-corrected as one family ({@link VerdictFamily}). {@code verdicts().table()} is the Tablesaw view; printed,
     * it is the lines the console shows. Computed once (the bootstrap takes a moment) and kept.
     */
    public VerdictFamily verdicts() {
        VerdictFamily v = verdicts;
        if (v == null) {
            v = VerdictFamily.of(task, trials, task.mainMetric(), direction());
            verdicts = v;
        }
        return v;
    }

    /**
     * The verdicts on another metric of the task, e.g. {@code verdicts("macro_f1", Direction.HIGHER_IS_BETTER)}: a
     * family of its own (a secondary metric is otherwise descriptive).
     */
    public VerdictFamily verdicts(String metric, Direction direction) {
        if (!task.metrics().contains(metric)) {
            throw new IllegalArgumentException("verdicts: the " + task.name() + " task has no metric '" + metric
                    + "'; its metrics are " + task.metrics());
        }
        return metric.equals(task.mainMetric()) && direction == direction() ? verdicts()
                : VerdictFamily.of(task, trials, metric, direction);
    }

    /**
     * The verdicts of chosen comparisons on the main metric, such as the pairs a claim rests on: each candidate
     * against its reference, tested over seeds and test examples as {@link #verdicts()} tests them, Holm-corrected
     * among themselves (no ranking, no baseline added).
     *
     * @param pairs    candidate, reference and role of each comparison
     * @param minSeeds the fewest seeds a verdict may rest on: 3 for a verdict that generalises over training runs; 1
     *                 accepts a single run tested over test examples only (say so where it is reported)
     */
    public VerdictFamily verdicts(List<Ranking.Matchup> pairs, int minSeeds) {
        return VerdictFamily.ofPairs(task, trials, task.mainMetric(), direction(), pairs, minSeeds);
    }

    /**
     * One comparison on the main metric, uncorrected, for a family that mixes it with tests of its own (a claim
     * experiment's): the candidate against the reference over seeds and test examples, as {@link #verdicts()} tests
     * them, or the reason it could not be tested. {@link seqlab.stats.Verdicts#decide} corrects the family. The
     * results must come from one engine.
     */
    public seqlab.stats.Comparison comparison(String candidate, String reference) {
        return VerdictFamily.comparison(task, trials, task.mainMetric(), direction(), candidate, reference);
    }

    private Direction direction() {
        return task.higherIsBetter() ? Direction.HIGHER_IS_BETTER : Direction.LOWER_IS_BETTER;
    }

    /**
     * Writes the report into {@code dir}: {@code index.html} (summary, verdicts, charts, every trial, the
     * configuration and provenance), the charts one per file, plotly.js (loaded by a relative path, so the folder
     * opens offline), {@code results.csv} and {@code summary.csv}. Returns the index file.
     */
    public Path report(Path dir) {
        return report(dir, ReportSite.at(dir));
    }

    /**
     * {@link #report(Path)} as one page of {@code site} (a folder of reports, e.g. a comparison over several tasks):
     * {@code dir} must lie inside the site's folder, the site's single plotly.js is used, and the charts take the
     * site's series styles, with these results' models and baselines added to them.
     */
    public Path report(Path dir, ReportSite site) {
        site.styles().include(styles());
        HtmlReport r = HtmlReport.create(Labels.sentence(task.name() + " on " + task.dataset()), site);
        r.paragraph(trials.size() + " trials; main metric " + Labels.of(task.mainMetric())
                + (task.higherIsBetter() ? " (higher is better)" : " (lower is better)")
                + "; mean over seeds with 95% confidence intervals (Student's t) where a model has two or more seeds.");
        for (String d : dataLines(task)) {
            r.paragraph(d);
        }
        r.heading("Verdicts");
        verdicts().addTo(r);
        r.heading("Summary");
        r.table(brief()); // every column, under its machine name, is in summary.csv
        task.summaries(this).forEach(r::table);
        if (tuning.rowCount() > 0) {
            r.heading("Learning rates");
            r.paragraph("Each model's learning rate was chosen on the validation split before the comparison: "
                    + chosenRates() + ". Every rate tried:");
            r.table(tuning);
        }
        ResultPlots p = plot();
        r.heading("Charts");
        String metric = Labels.of(task.mainMetric());
        r.figure(p.dots(), Labels.sentence("test " + metric + " per model; baselines as dashed lines"));
        if (!curves().isEmpty()) {
            r.figure(p.curves(), Labels.sentence("validation " + metric + " after each epoch"));
            r.figure(p.loss(), "Training loss after each epoch");
        }
        r.figure(p.parameters(), Labels.sentence(metric + " against parameter count"));
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

    /**
     * Where the task's data came from, one line per dataset: {@code Data: sales (1,096 rows) from /path/sales.csv,
     * SHA-256 9f2c...}.
     */
    public static List<String> dataLines(Task task) {
        List<String> out = new ArrayList<>();
        for (seqlab.data.DatasetInfo i : task.sources()) {
            out.add("Data: " + i.name() + " (" + String.format(java.util.Locale.ROOT, "%,d", i.size()) + " "
                    + (i.task().equals(seqlab.data.DatasetInfo.FORECASTING) ? "points" : "rows") + ") from "
                    + i.source() + (i.sha256().isEmpty() ? "" : ", SHA-256 " + i.sha256()) + "; licence " + i.licence());
        }
        return out;
    }

    /** Writes {@code results.csv}, {@code summary.csv} and (after tuning) {@code tuning.csv} into the output folder. */
    public void writeTables() {
        writeTables(dir);
    }

    private void writeTables(Path into) {
        try {
            ResultStore.writeAtomically(into.resolve("results.csv"), csv(table()).getBytes(StandardCharsets.UTF_8));
            ResultStore.writeAtomically(into.resolve("summary.csv"), csv(summary()).getBytes(StandardCharsets.UTF_8));
            if (tuning.rowCount() > 0) {
                ResultStore.writeAtomically(into.resolve("tuning.csv"), csv(tuning).getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write results into " + dir + ": " + e.getMessage(), e);
        }
    }

    /** {@code lstm 0.003, gru 0.01 (pytorch: ...)}: the rate tuning chose for each model. */
    private String chosenRates() {
        List<String> parts = new ArrayList<>();
        boolean engines = tuning.stringColumn("engine").unique().size() > 1;
        for (int i = 0; i < tuning.rowCount(); i++) {
            if (tuning.stringColumn("chosen").get(i).equals("yes")) {
                parts.add(tuning.stringColumn("model").get(i) + (engines ? " on " + tuning.stringColumn("engine").get(i)
                        : "") + " " + seqlab.model.SpecSyntax.format(tuning.doubleColumn("lr").get(i)));
            }
        }
        return String.join(", ", parts);
    }

    /**
     * The summary as people read it (the terminal, JShell, a notebook's view of these results): model, n,
     * parameters, each metric's mean and 95% CI half-width, seconds per epoch, the columns named for people ("MASE",
     * "MASE ±CI", "s/epoch"); the engine column only when there are several engines. {@link #summary()} has every
     * column under its machine name.
     */
    public Table brief() {
        Table s = summary();
        boolean engines = s.stringColumn("engine").unique().size() > 1;
        List<String> cols = new ArrayList<>(List.of("model"));
        if (engines) {
            cols.add("engine");
        }
        cols.addAll(List.of("n", "params"));
        if (s.containsColumn("lr") && s.column("lr").unique().size() > 1) {
            cols.add("lr"); // only when the models' rates differ (per family, or tuned)
        }
        for (String m : task.metrics()) {
            cols.add(m + "_mean");
            cols.add(m + "_ci95");
        }
        cols.add("seconds_per_epoch");
        Table out = s.selectColumns(cols.toArray(new String[0]));
        out.setName(s.name());
        for (String m : task.metrics()) {
            out.column(m + "_mean").setName(Labels.of(m));
            out.column(m + "_ci95").setName(Labels.of(m) + " ±CI");
        }
        out.column("seconds_per_epoch").setName("s/epoch");
        return out;
    }

    static String csv(Table t) {
        var out = new java.io.StringWriter();
        t.write().csv(out);
        return out.toString();
    }

    /**
     * The summary as aligned text, best model first, under one title line; fitted to the terminal's width
     * ({@link TextTables#width()}), numbers rounded to four significant digits.
     */
    @Override
    public String toString() {
        Table s = brief();
        java.util.Set<String> engines = new java.util.LinkedHashSet<>();
        trials.forEach(r -> engines.add(r.spec().engine()));
        StringBuilder sb = new StringBuilder();
        sb.append(task.name()).append(" on ").append(task.dataset()).append(" — ").append(trials.size())
                .append(trials.size() == 1 ? " trial" : " trials").append(engines.size() == 1 ? " on " + engines.iterator().next() : "")
                .append("; main metric ").append(Labels.of(task.mainMetric()))
                .append(task.higherIsBetter() ? " (higher is better)" : " (lower is better)")
                .append(s.rowCount() > 0 && s.intColumn("n").max() >= 2 ? "; mean and 95% CI over seeds" : "")
                .append('\n');
        sb.append(TextTables.format(s, Integer.MAX_VALUE, TextTables.width(), false));
        for (Table t : task.summaries(this)) {
            sb.append('\n').append(t.name()).append('\n').append(TextTables.format(t));
        }
        if (tuning.rowCount() > 0) {
            sb.append("\nLearning rates chosen on validation ").append(task.mainMetric()).append(": ")
                    .append(chosenRates());
        }
        for (String v : verdicts().lines()) {
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
