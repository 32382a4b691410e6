package seqlab.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import seqlab.model.SpecSyntax;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** How {@link Experiment} carries out a {@link Tuning}: the trials it tries, the choice, and its table. */
final class Tunings {
    private Tunings() {
    }

    /**
     * One tuning trial.
     *
     * @param engine the engine's name
     * @param model  the model's name in the comparison
     * @param lr     the rate tried
     * @param spec   the trial
     */
    record Try(String engine, String model, double lr, TrialSpec spec) {
    }

    /** {@code lstm[lr=0.001]}, or {@code lstm[hidden=8,lr=0.001]} for a name that has settings already. */
    static String name(String model, double lr) {
        String setting = "lr=" + SpecSyntax.format(lr);
        return model.endsWith("]") ? model.substring(0, model.length() - 1) + "," + setting + "]"
                : model + "[" + setting + "]";
    }

    private static String key(String engine, String model) {
        return engine + "\u0000" + model;
    }

    /**
     * Picks each model's rate: the best mean validation score of the main metric over the tuning seeds, the model's
     * own rate (tried first) on ties; a rate none of whose trials finished with a validation score is not chosen.
     *
     * @param chosen filled with each (engine, model)'s rate
     * @return the table {@link Results#tuning()} shows
     */
    static Table choose(Task task, List<Try> plan, List<TrialResult> tried, Map<String, Double> chosen) {
        String metric = task.mainMetric();
        // (engine, model) -> lr -> validation scores
        Map<String, Map<Double, List<Double>>> scores = new LinkedHashMap<>();
        Map<String, Map<Double, List<String>>> failures = new LinkedHashMap<>();
        for (int i = 0; i < plan.size(); i++) {
            Try t = plan.get(i);
            TrialResult r = tried.get(i);
            String k = key(t.engine(), t.model());
            List<Double> s = scores.computeIfAbsent(k, x -> new LinkedHashMap<>())
                    .computeIfAbsent(t.lr(), x -> new ArrayList<>());
            List<String> f = failures.computeIfAbsent(k, x -> new LinkedHashMap<>())
                    .computeIfAbsent(t.lr(), x -> new ArrayList<>());
            double v = r.ok() ? r.validationMetric(metric) : Double.NaN;
            if (Double.isFinite(v)) {
                s.add(v);
            } else {
                f.add(r.ok() ? "no validation " + metric : r.status().name().toLowerCase(Locale.ROOT));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Try t : plan) {
            String k = key(t.engine(), t.model());
            if (chosen.containsKey(k) || rows.stream().anyMatch(r -> r.key.equals(k))) {
                continue;
            }
            Double best = null;
            double bestScore = Double.NaN;
            for (var e : scores.get(k).entrySet()) {
                if (e.getValue().isEmpty()) {
                    continue;
                }
                double mean = e.getValue().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                boolean better = task.higherIsBetter() ? mean > bestScore : mean < bestScore;
                if (best == null || better) {
                    best = e.getKey();
                    bestScore = mean;
                }
            }
            // with no score at all, the model's own rate (tried first)
            double pick = best != null ? best : scores.get(k).keySet().iterator().next();
            for (var e : scores.get(k).entrySet()) {
                List<String> f = failures.get(k).get(e.getKey());
                rows.add(new Row(k, t.engine(), t.model(), e.getKey(),
                        e.getValue().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                        e.getValue().size(), e.getKey() == pick, f.isEmpty() ? "" : String.join(", ", f)));
            }
            chosen.put(k, pick);
        }
        return table(task, rows);
    }

    private record Row(String key, String engine, String model, double lr, double score, int seeds, boolean chosen,
                       String failed) {
    }

    /** The table of an experiment that tuned nothing: {@link #table}'s columns, no rows. */
    static Table empty(Task task) {
        return table(task, List.of());
    }

    /** The table of rates tried: model, engine, lr, the mean validation score, seeds scored, chosen, failures. */
    private static Table table(Task task, List<Row> rows) {
        StringColumn model = StringColumn.create("model"), engine = StringColumn.create("engine"),
                chosen = StringColumn.create("chosen"), failed = StringColumn.create("not scored");
        DoubleColumn lr = DoubleColumn.create("lr"), score = DoubleColumn.create("validation_" + task.mainMetric());
        IntColumn seeds = IntColumn.create("seeds");
        for (Row r : rows) {
            model.append(r.model());
            engine.append(r.engine());
            lr.append(r.lr());
            if (Double.isNaN(r.score())) {
                score.appendMissing();
            } else {
                score.append(r.score());
            }
            seeds.append(r.seeds());
            chosen.append(r.chosen() ? "yes" : "");
            failed.append(r.failed());
        }
        return Table.create(task.name() + " learning rates tried (chosen on validation " + task.mainMetric() + ")",
                model, engine, lr, score, seeds, chosen, failed);
    }

    /** {@code specs} with every tuned model at its chosen rate (baselines unchanged). */
    static List<TrialSpec> apply(List<TrialSpec> specs, Map<String, Double> chosen) {
        List<TrialSpec> out = new ArrayList<>(specs.size());
        for (TrialSpec s : specs) {
            Double lr = chosen.get(key(s.engine(), s.model().name()));
            out.add(lr == null ? s : s.withTrain(s.train().lr(lr)));
        }
        return out;
    }
}
