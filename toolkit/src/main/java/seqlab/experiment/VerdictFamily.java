package seqlab.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import seqlab.model.Baseline;
import seqlab.stats.Comparison;
import seqlab.stats.Direction;
import seqlab.stats.Evidence;
import seqlab.stats.Ranking;
import seqlab.stats.SeedTest;
import seqlab.stats.Stats;
import seqlab.stats.Verdict;
import seqlab.stats.Verdict.Category;
import seqlab.stats.Verdicts;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The verdicts of one set of results on one metric: one Holm family ({@link Verdicts#decide}) holding, per engine,
 * every model against the strongest baseline of the task and the best entry against the runner-up
 * ({@link Ranking#family}). Entries are ranked on the validation split where every entry has a validation score,
 * so choosing the reference does not look at the test data the verdicts are computed on; otherwise on the test
 * split, and {@link #notes()} says so.
 *
 * <p>Each comparison's evidence is the intersection–union test of a paired t-test over seeds ({@link SeedTest})
 * and a paired test over test examples on seed-averaged outputs ({@link ExampleTests}: Koehn's bootstrap for
 * accuracy, macro-F1, BLEU and chrF; Diebold–Mariano for MAE and MASE), as {@code seqlab.stats} describes; its
 * p-value is the larger of the two. Where no test over examples applies (a single forecast origin, a metric without
 * per-example statistics) the seeds alone are tested and the row's note says why. Fewer than 3 seeds make a
 * comparison NOT_TESTED.
 *
 * @param metric    the metric judged
 * @param direction whether higher or lower is better
 * @param rows      the comparisons, per engine: models against the strongest baseline in the order they ran, then
 *                  the best entry against the runner-up
 * @param standings per engine: the baselines, the strongest one, the best entry and the runner-up
 * @param notes     how the family was formed where it departs from the rule (ranked on test scores, entries with no
 *                  finished trial)
 */
public record VerdictFamily(String metric, Direction direction, List<Row> rows, List<Standing> standings,
                            List<String> notes) {

    /** The role of a model's comparison with the strongest baseline ({@link Ranking.Matchup#role()}). */
    public static final String VS_BASELINE = "vs strongest baseline";
    /** The role of the best entry's comparison with the runner-up ({@link Ranking.Matchup#role()}). */
    public static final String VS_RUNNER_UP = "best vs runner-up";

    /**
     * One comparison.
     *
     * @param engine  the engine both ran on
     * @param role    {@link #VS_BASELINE} or {@link #VS_RUNNER_UP}
     * @param verdict its verdict, Holm-corrected over the family
     * @param note    why the test covers seeds only (no test over examples applied), or null
     */
    public record Row(String engine, String role, Verdict verdict, String note) {
    }

    /**
     * How one engine's entries ranked.
     *
     * @param engine    the engine
     * @param baselines the task's baselines that ran, simplest first
     * @param strongest the strongest of them: every model's reference
     * @param best      the best entry (model or baseline)
     * @param runnerUp  the second best, or null with a single entry
     * @param rankedOn  {@code validation} or {@code test}: the split the ranking used
     * @param means     each entry's mean score over seeds on that split
     */
    public record Standing(String engine, List<String> baselines, String strongest, String best, String runnerUp,
                           String rankedOn, Map<String, Double> means) {
    }

    public VerdictFamily {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(direction, "direction");
        rows = List.copyOf(rows);
        standings = List.copyOf(standings);
        notes = List.copyOf(notes);
    }

    /** The verdicts, in row order. */
    public List<Verdict> verdicts() {
        return rows.stream().map(Row::verdict).toList();
    }

    /** How the family was corrected, e.g. {@code Holm over 10 comparisons, α = 0.05}. */
    public String correction() {
        return rows.isEmpty() ? "nothing tested" : rows.get(0).verdict().correction();
    }

    /**
     * The verdicts as a Tablesaw table named {@code verdicts (METRIC)}: engine, role, then {@link Verdicts#table}'s
     * columns (candidate, reference, metric, better, verdict, difference with its interval, p and Holm p, test,
     * seeds, examples, reason, correction) and a note where the test covers seeds only.
     */
    public Table table() {
        Table t = Verdicts.table(verdicts());
        StringColumn engine = StringColumn.create("engine"), role = StringColumn.create("role"),
                note = StringColumn.create("note");
        for (Row r : rows) {
            engine.append(r.engine());
            role.append(r.role());
            note.append(r.note() == null ? "" : r.note());
        }
        t.insertColumn(0, role);
        t.insertColumn(0, engine);
        t.addColumns(note);
        t.setName("verdicts (" + metric + ")");
        return t;
    }

    /**
     * The verdicts as a report shows them, one row per comparison: engine (with several), verdict (mark and words),
     * candidate, reference, role, the difference with its 95% interval, the Holm-adjusted p-value, and the test or,
     * for an untested comparison, the reason.
     */
    public Table compact() {
        boolean engines = rows.stream().map(Row::engine).distinct().count() > 1;
        StringColumn engine = StringColumn.create("engine"), verdict = StringColumn.create("verdict"),
                candidate = StringColumn.create("model"), reference = StringColumn.create("against"),
                role = StringColumn.create("role"), difference = StringColumn.create("difference [95% CI]"),
                p = StringColumn.create("Holm p"), how = StringColumn.create("test, or why not tested");
        for (Row r : rows) {
            Verdict v = r.verdict();
            engine.append(r.engine());
            verdict.append(v.category().mark() + " " + v.category().label());
            candidate.append(v.candidate());
            reference.append(v.reference());
            role.append(r.role());
            var d = v.difference();
            difference.append(d == null || !v.tested() ? "" : String.format(Locale.ROOT, "%+.4f [%+.4f, %+.4f]",
                    d.estimate(), d.lower(), d.upper()));
            p.append(Double.isNaN(v.adjustedPValue()) ? "" : v.adjustedPValue() < 1e-4 ? "<0.0001"
                    : String.format(Locale.ROOT, "%.4f", v.adjustedPValue()));
            how.append(!v.tested() ? v.reason() : v.test() + (r.note() == null ? "" : "; seeds only: " + r.note()));
        }
        Table t = Table.create("verdicts on " + metric + " (" + correction() + ")");
        if (engines) {
            t.addColumns(engine);
        }
        return t.addColumns(verdict, candidate, reference, role, difference, p, how);
    }

    /** The CSS class of each row of {@link #compact()} and {@link #table()}: its verdict's category. */
    public String cssClass(int row) {
        return rows.get(row).verdict().category().cssClass();
    }

    /** The headlines, the method and {@link #compact()} as an HTML fragment with its styles (Jupyter output). */
    public String html() {
        StringBuilder h = new StringBuilder();
        for (String line : headlines()) {
            h.append("<p><b>").append(seqlab.plot.HtmlReport.escape(line)).append("</b></p>\n");
        }
        h.append("<p>").append(seqlab.plot.HtmlReport.escape(method())).append("</p>\n");
        h.append(seqlab.plot.HtmlReport.tableFragment(compact(), this::cssClass));
        for (String n : notes) {
            h.append("<p>Note: ").append(seqlab.plot.HtmlReport.escape(n)).append("</p>\n");
        }
        return h.toString();
    }

    /** Adds the verdicts to a report: the headlines highlighted, the method, the table, the notes. */
    public void addTo(seqlab.plot.HtmlReport report) {
        headlines().forEach(report::note);
        report.paragraph(method());
        report.table(compact(), this::cssClass);
        notes.forEach(n -> report.paragraph("Note: " + n));
    }

    /** What was compared and how, in one sentence: the family, the tests, the correction. */
    public String method() {
        Set<String> strongest = new LinkedHashSet<>();
        Set<String> bases = new LinkedHashSet<>();
        for (Standing s : standings) {
            strongest.add(s.strongest());
            bases.add(s.rankedOn());
        }
        String split = bases.size() == 1 ? bases.iterator().next() : "validation or test";
        return String.format(Locale.ROOT, "Verdicts on %s (%s is better): each model against the strongest baseline "
                + "(%s, by %s %s), and the best entry against the runner-up. Each difference is tested by a paired "
                + "t-test over seeds and a paired test over test examples together (both must reject: p is the "
                + "larger); %s (Holm-Bonferroni over this report's comparisons).", metric, direction.word(),
                String.join(", ", strongest), split, metric, correction());
    }

    /**
     * The headline of each engine: the best entry and whether it is significantly better than the runner-up, e.g.
     * {@code Best: bilstm (accuracy 0.812 on validation); significantly better than the runner-up gru (+0.0210
     * [+0.0040, +0.0380], Holm p = 0.012)}.
     */
    public List<String> headlines() {
        List<String> out = new ArrayList<>();
        for (Standing s : standings) {
            String on = standings.size() > 1 ? " on " + s.engine() : "";
            String best = String.format(Locale.ROOT, "Best%s: %s%s (%s %.4f, mean on %s)", on, s.best(),
                    s.baselines().contains(s.best()) ? ", a baseline" : "", metric, s.means().get(s.best()),
                    s.rankedOn());
            if (s.runnerUp() == null) {
                out.add(best + "; nothing to compare it with.");
                continue;
            }
            Row row = rows.stream().filter(r -> r.engine().equals(s.engine()) && pairOf(r.verdict(), s.best(),
                    s.runnerUp())).findFirst().orElse(null);
            out.add(best + "; " + againstRunnerUp(row, s) + ".");
        }
        return out;
    }

    private static boolean pairOf(Verdict v, String a, String b) {
        return v.candidate().equals(a) && v.reference().equals(b) || v.candidate().equals(b) && v.reference().equals(a);
    }

    private String againstRunnerUp(Row row, Standing s) {
        String r = "the runner-up " + s.runnerUp();
        if (row == null) {
            return "not compared with " + r + " (both are baselines)";
        }
        Verdict v = row.verdict();
        boolean bestIsCandidate = v.candidate().equals(s.best());
        return switch (v.category()) {
            case NOT_TESTED -> "not tested against " + r + " (" + v.reason() + ")";
            case NO_DIFFERENCE -> "not significantly better than " + r + " (" + v.candidate() + " vs "
                    + v.reference() + ": no detectable difference, " + holm(v) + ")";
            case EQUIVALENT -> "equivalent to " + r + " (" + v.reason() + ")";
            case BETTER, WORSE -> {
                boolean bestWins = (v.category() == Category.BETTER) == bestIsCandidate;
                yield (bestWins ? "significantly better than " : "significantly WORSE on test than ") + r + " ("
                        + v.candidate() + " vs " + v.reference() + String.format(Locale.ROOT,
                        " %+.4f [%+.4f, %+.4f], ", v.difference().estimate(), v.difference().lower(),
                        v.difference().upper()) + holm(v) + ")";
            }
        };
    }

    private static String holm(Verdict v) {
        double p = v.adjustedPValue();
        return p < 1e-4 ? "Holm p < 0.0001" : String.format(Locale.ROOT, "Holm p = %.4f", p);
    }

    /** The console form: the method, one line per verdict (per engine when several), the notes and headlines. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(method());
        Set<String> engines = new LinkedHashSet<>();
        rows.forEach(r -> engines.add(r.engine()));
        for (String e : engines) {
            List<Row> mine = rows.stream().filter(r -> r.engine().equals(e)).toList();
            if (engines.size() > 1) {
                out.add(" on " + e + ":");
            }
            List<String> lines = Verdicts.lines(mine.stream().map(Row::verdict).toList());
            for (int i = 0; i < mine.size(); i++) {
                Row r = mine.get(i);
                out.add("  " + lines.get(i) + (r.note() != null && r.verdict().tested() ? "  (seeds only: " + r.note()
                        + ")" : ""));
            }
        }
        notes.forEach(n -> out.add("Note: " + n));
        out.addAll(headlines());
        return out;
    }

    @Override
    public String toString() {
        return String.join("\n", lines());
    }

    // ------------------------------------------------------------------------------------------------ building

    /**
     * The family of {@code trials} on {@code metric}: see the class comment.
     *
     * @param task      the task they ran on (its baselines, and what the tests over examples need)
     * @param trials    every trial, finished or not
     * @param metric    the metric judged
     * @param direction whether higher or lower is better
     */
    static VerdictFamily of(Task task, List<TrialResult> trials, String metric, Direction direction) {
        Set<String> baselineNames = new LinkedHashSet<>();
        for (Baseline b : task.baselines()) {
            baselineNames.add(b.name());
        }
        // engine -> entry -> trials (seed order of the run)
        Map<String, Map<String, List<TrialResult>>> byEngine = new LinkedHashMap<>();
        for (TrialResult t : trials) {
            if (t != null) {
                byEngine.computeIfAbsent(t.spec().engine(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(t.spec().model().name(), k -> new ArrayList<>()).add(t);
            }
        }
        List<Planned> planned = new ArrayList<>();
        List<Standing> standings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (var engine : byEngine.entrySet()) {
            String e = engine.getKey();
            String where = byEngine.size() > 1 ? " on " + e : "";
            Map<String, List<TrialResult>> done = new LinkedHashMap<>();
            List<String> failed = new ArrayList<>();
            for (var entry : engine.getValue().entrySet()) {
                List<TrialResult> ok = entry.getValue().stream()
                        .filter(t -> t.ok() && Double.isFinite(t.metric(metric))).toList();
                if (ok.isEmpty()) {
                    failed.add(entry.getKey());
                } else {
                    done.put(entry.getKey(), ok);
                }
            }
            // baselines simplest first, in the task's order, as Ranking breaks ties
            List<String> bases = baselineNames.stream().filter(done::containsKey).toList();
            if (bases.isEmpty()) {
                notes.add("no baseline finished" + where + ", so no model is judged against one; run the task's "
                        + "baselines (do not call withoutBaselines())");
                continue;
            }
            List<String> noValidation = done.entrySet().stream()
                    .filter(x -> x.getValue().stream().anyMatch(t -> !Double.isFinite(t.validationMetric(metric))))
                    .map(Map.Entry::getKey).toList();
            boolean onValidation = noValidation.isEmpty();
            if (!onValidation) {
                notes.add("ranked on test " + metric + where + ": " + String.join(", ", noValidation)
                        + (noValidation.size() == 1 ? " has" : " have") + " no validation score");
            }
            Map<String, double[]> models = new LinkedHashMap<>(), baselines = new LinkedHashMap<>();
            Map<String, Double> means = new LinkedHashMap<>();
            for (var x : done.entrySet()) {
                double[] scores = x.getValue().stream().mapToDouble(t -> onValidation ? t.validationMetric(metric)
                        : t.metric(metric)).toArray();
                (baselineNames.contains(x.getKey()) ? baselines : models).put(x.getKey(), scores);
                means.put(x.getKey(), Stats.mean(scores));
            }
            Map<String, double[]> ordered = new LinkedHashMap<>();
            bases.forEach(b -> ordered.put(b, baselines.get(b)));
            List<Ranking.Matchup> matchups = Ranking.family(models, ordered, direction);
            Map<String, double[]> all = new LinkedHashMap<>(ordered);
            all.putAll(models);
            List<String> rank = Ranking.order(all, direction);
            String strongest = Ranking.best(ordered, direction);
            standings.add(new Standing(e, bases, strongest, rank.get(0), rank.size() > 1 ? rank.get(1) : null,
                    onValidation ? "validation" : "test", means));
            for (String f : failed) {
                if (!baselineNames.contains(f)) {
                    TrialResult t = engine.getValue().get(f).get(0);
                    planned.add(new Planned(e, VS_BASELINE, Comparison.notTested(f, strongest, metric, direction,
                            "no trial finished" + (t.error().isEmpty() ? "" : ": " + t.error())), null));
                }
            }
            for (Ranking.Matchup m : matchups) {
                planned.add(compare(task, e, m.role(), metric, direction, m.candidate(), m.reference(), done));
            }
        }
        return decide(planned, Verdicts.MIN_SEEDS, metric, direction, standings, notes);
    }

    private static VerdictFamily decide(List<Planned> planned, int minSeeds, String metric, Direction direction,
            List<Standing> standings, List<String> notes) {
        List<Verdict> verdicts = Verdicts.decide(planned.stream().map(Planned::comparison).toList(), Verdicts.ALPHA,
                minSeeds);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++) {
            Planned p = planned.get(i);
            rows.add(new Row(p.engine(), p.role(), verdicts.get(i), p.note()));
        }
        return new VerdictFamily(metric, direction, rows, standings, notes);
    }

    /**
     * The family of chosen pairs, e.g. the comparisons a claim rests on: each candidate against its reference on
     * {@code metric}, per engine, tested as {@link #of} tests them and Holm-corrected among themselves. No ranking.
     *
     * @param pairs    the comparisons, each with its role
     * @param minSeeds the fewest seeds a verdict may rest on (1 accepts a single run, tested over examples only)
     */
    static VerdictFamily ofPairs(Task task, List<TrialResult> trials, String metric, Direction direction,
            List<Ranking.Matchup> pairs, int minSeeds) {
        Map<String, Map<String, List<TrialResult>>> byEngine = new LinkedHashMap<>();
        for (TrialResult t : trials) {
            if (t != null && t.ok() && Double.isFinite(t.metric(metric))) {
                byEngine.computeIfAbsent(t.spec().engine(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(t.spec().model().name(), k -> new ArrayList<>()).add(t);
            }
        }
        List<Planned> planned = new ArrayList<>();
        for (var engine : byEngine.entrySet()) {
            for (Ranking.Matchup m : pairs) {
                for (String name : List.of(m.candidate(), m.reference())) {
                    if (!engine.getValue().containsKey(name)) {
                        engine.getValue().put(name, List.of());
                    }
                }
                planned.add(compare(task, engine.getKey(), m.role(), metric, direction, m.candidate(), m.reference(),
                        engine.getValue()));
            }
        }
        return decide(planned, minSeeds, metric, direction, List.of(), List.of());
    }

    private record Planned(String engine, String role, Comparison comparison, String note) {
    }

    /**
     * The comparison of two entries of a single-engine run, before any correction: its evidence (over seeds and over
     * test examples), or why none could be made.
     */
    static Comparison comparison(Task task, List<TrialResult> trials, String metric, Direction direction,
            String candidate, String reference) {
        Map<String, Map<String, List<TrialResult>>> byEngine = new LinkedHashMap<>();
        for (TrialResult t : trials) {
            if (t != null) {
                byEngine.computeIfAbsent(t.spec().engine(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(t.spec().model().name(), k -> new ArrayList<>());
                if (t.ok() && Double.isFinite(t.metric(metric))) {
                    byEngine.get(t.spec().engine()).get(t.spec().model().name()).add(t);
                }
            }
        }
        if (byEngine.size() != 1) {
            throw new IllegalArgumentException("comparison(" + candidate + ", " + reference + "): the results hold "
                    + byEngine.size() + " engines " + byEngine.keySet() + "; compare within one with verdicts(pairs, "
                    + "minSeeds)");
        }
        Map<String, List<TrialResult>> done = byEngine.values().iterator().next();
        for (String name : List.of(candidate, reference)) {
            if (!done.containsKey(name)) {
                throw new IllegalArgumentException("comparison: no model or baseline named '" + name + "'; the results "
                        + "hold " + done.keySet());
            }
        }
        return compare(task, "", "", metric, direction, candidate, reference, done).comparison();
    }

    /** Pairs the two entries' trials by seed and tests them over seeds and over test examples. */
    private static Planned compare(Task task, String engine, String role, String metric, Direction direction,
            String candidate, String reference, Map<String, List<TrialResult>> done) {
        Map<Long, TrialResult> ref = new LinkedHashMap<>();
        done.get(reference).forEach(t -> ref.put(t.spec().seed(), t));
        List<TrialResult> c = new ArrayList<>(), r = new ArrayList<>();
        for (TrialResult t : done.get(candidate)) {
            TrialResult u = ref.get(t.spec().seed());
            if (u != null) {
                c.add(t);
                r.add(u);
            }
        }
        if (c.isEmpty()) {
            return new Planned(engine, role, Comparison.notTested(candidate, reference, metric, direction,
                    done.get(candidate).isEmpty() || done.get(reference).isEmpty()
                            ? "no finished trial of " + (done.get(candidate).isEmpty() ? candidate : reference)
                            : "no seed where both finished"), null);
        }
        double[] cs = c.stream().mapToDouble(t -> t.metric(metric)).toArray();
        double[] rs = r.stream().mapToDouble(t -> t.metric(metric)).toArray();
        SeedTest seeds = cs.length >= 2 ? SeedTest.of(cs, rs) : null;
        ExampleTests.Outcome examples = ExampleTests.test(task, metric, c, r);
        Evidence evidence = seeds != null && examples.evidence() != null
                ? Evidence.joint(seeds, examples.evidence())
                : seeds != null ? seeds : examples.evidence();
        if (evidence == null) {
            return new Planned(engine, role, Comparison.notTested(candidate, reference, metric, direction,
                    "1 seed and no test over examples (" + examples.missing() + "): run at least "
                            + Verdicts.MIN_SEEDS + " seeds"), null);
        }
        return new Planned(engine, role, Comparison.of(candidate, reference, metric, direction, evidence),
                examples.missing());
    }
}
