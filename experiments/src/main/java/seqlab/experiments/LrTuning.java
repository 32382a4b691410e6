package seqlab.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import seqlab.experiment.EpochStats;
import seqlab.experiment.Experiment;
import seqlab.experiment.Results;
import seqlab.experiment.Task;
import seqlab.experiment.TrainConfig;
import seqlab.experiment.TrialResult;
import seqlab.model.ModelSpec;

/**
 * A learning rate per model, chosen on the validation split: each rate of a small grid trains once (seed 1), and
 * the rate whose run scored best on validation at its kept epoch wins (the task's validation metric, or the
 * validation loss where the task records none). The test split is never looked at, so the verdicts computed on it
 * afterwards are not biased by the choice. The chosen rate's seed-1 run is the first seed of the final runs (an
 * experiment run into the same folder reuses it).
 */
final class LrTuning {
    private LrTuning() {
    }

    /**
     * What tuning found for one model.
     *
     * @param model      the model (its name as tables show it)
     * @param chosen     the rate that scored best on validation
     * @param validation each rate of the grid with its validation score (higher is better: the metric, or minus
     *                   the validation loss)
     * @param byMetric   whether the scores are the task's validation metric (else minus the validation loss)
     */
    record Choice(ModelSpec model, double chosen, Map<Double, Double> validation, boolean byMetric) {
    }

    /** Rates tried beyond the grid, at most, when the best rate sits at its edge. */
    static final int EXTENSIONS = 2;

    /**
     * Tunes each model's rate over its grid on {@code task}, one trial per rate, into {@code out}. When the best rate
     * is the grid's highest or lowest, the grid is extended that way by its own ratio, up to {@link #EXTENSIONS}
     * times, until a rate scores no better: a best rate on the edge says the grid missed the optimum, and the
     * comparison would be unfair to that model.
     *
     * @param train          the model's training configuration (its rate is replaced by each of the grid's)
     * @param grid           the rates to try for the model, ascending, at least two
     * @param higherIsBetter whether the task's validation metric is better when higher
     */
    static List<Choice> tune(Task task, List<ModelSpec> models, java.util.function.Function<ModelSpec, TrainConfig> train,
                             java.util.function.Function<ModelSpec, List<Double>> grid, boolean higherIsBetter,
                             String engine, Path out, ClaimExperiment.Context ctx) {
        List<Choice> choices = new ArrayList<>();
        for (ModelSpec m : models) {
            List<Double> rates = new ArrayList<>(grid.apply(m));
            if (rates.size() < 2) {
                throw new IllegalArgumentException("learning-rate tuning of " + m.name() + ": give at least 2 rates, got "
                        + rates);
            }
            Map<Double, TrialResult> trials = new java.util.TreeMap<>();
            run(task, m, train, rates, engine, out, ctx).forEach(t -> trials.put(t.spec().train().learningRate(),
                    t));
            double up = rates.get(rates.size() - 1) / rates.get(rates.size() - 2), down = rates.get(0) / rates.get(1);
            for (int extended = 0; extended < EXTENSIONS; extended++) {
                Map<Double, Double> scores = scores(trials, higherIsBetter);
                double best = best(scores);
                List<Double> tried = new ArrayList<>(trials.keySet());
                double next;
                if (best == tried.get(tried.size() - 1)) {
                    next = threeDigits(best * up);
                } else if (best == tried.get(0)) {
                    next = threeDigits(best * down);
                } else {
                    break;
                }
                run(task, m, train, List.of(next), engine, out, ctx).forEach(t -> trials.put(
                        t.spec().train().learningRate(), t));
                if (!(scores(trials, higherIsBetter).get(next) > scores.get(best))) {
                    break;
                }
            }
            Map<Double, Double> scores = scores(trials, higherIsBetter);
            boolean byMetric = byMetric(trials.values());
            choices.add(new Choice(m, best(scores), scores, byMetric));
        }
        return choices;
    }

    private static List<TrialResult> run(Task task, ModelSpec m,
                                         java.util.function.Function<ModelSpec, TrainConfig> train, List<Double> rates,
                                         String engine, Path out, ClaimExperiment.Context ctx) {
        Results r = ClaimTrials.within(Experiment.on(task).withoutBaselines().compare(m).vary("lr", rates.toArray())
                .train(t -> train.apply(m)).seeds(1).engine(engine).out(out), ctx).run();
        return r.trials();
    }

    private static boolean byMetric(java.util.Collection<TrialResult> trials) {
        return trials.stream().filter(t -> t.ok() && !t.curve().isEmpty())
                .allMatch(t -> Double.isFinite(kept(t).metric()));
    }

    /** Each rate's validation score, higher is better; a failed run scores minus infinity. */
    private static Map<Double, Double> scores(Map<Double, TrialResult> trials, boolean higherIsBetter) {
        boolean byMetric = byMetric(trials.values());
        Map<Double, Double> scores = new LinkedHashMap<>();
        trials.forEach((lr, t) -> {
            if (!t.ok() || t.curve().isEmpty()) {
                scores.put(lr, Double.NEGATIVE_INFINITY);
                return;
            }
            EpochStats e = kept(t);
            double s = byMetric ? (higherIsBetter ? e.metric() : -e.metric()) : -e.validationLoss();
            scores.put(lr, Double.isNaN(s) ? Double.NEGATIVE_INFINITY : s);
        });
        return scores;
    }

    /** The best-scoring rate; of equal scores, the first (the lowest rate). */
    private static double best(Map<Double, Double> scores) {
        double best = Double.NaN;
        for (var e : scores.entrySet()) {
            if (Double.isNaN(best) || e.getValue() > scores.get(best)) {
                best = e.getKey();
            }
        }
        return best;
    }

    /** {@code x} to 3 significant digits, so an extended rate reads 0.009 in names and logs, not 0.009000000000000001. */
    static double threeDigits(double x) {
        return new java.math.BigDecimal(x).round(new java.math.MathContext(3)).doubleValue();
    }

    /** The epoch whose weights the trial kept (its best under early stopping, else its last). */
    static EpochStats kept(TrialResult t) {
        List<EpochStats> c = t.curve();
        int i = t.bestEpoch() >= 1 && t.bestEpoch() <= c.size() ? t.bestEpoch() - 1 : c.size() - 1;
        return c.get(i);
    }
}
