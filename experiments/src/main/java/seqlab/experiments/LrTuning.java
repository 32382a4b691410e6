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
import seqlab.experiment.TrialListener;
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

    /**
     * Tunes each model's rate over its grid on {@code task}, one trial per rate, into {@code out}.
     *
     * @param train     the model's training configuration (its rate is replaced by each of the grid's)
     * @param grid      the rates to try for the model
     * @param higherIsBetter whether the task's validation metric is better when higher
     */
    static List<Choice> tune(Task task, List<ModelSpec> models, java.util.function.Function<ModelSpec, TrainConfig> train,
                             java.util.function.Function<ModelSpec, List<Double>> grid, boolean higherIsBetter,
                             String engine, Path out, TrialListener listener) {
        List<Choice> choices = new ArrayList<>();
        for (ModelSpec m : models) {
            List<Double> rates = grid.apply(m);
            Results r = Experiment.on(task).withoutBaselines().compare(m).vary("lr", rates.toArray())
                    .train(t -> train.apply(m)).seeds(1).engine(engine).out(out).quiet().listener(listener).run();
            Map<Double, Double> scores = new LinkedHashMap<>();
            boolean byMetric = r.trials().stream().filter(t -> t.ok() && !t.curve().isEmpty())
                    .allMatch(t -> Double.isFinite(kept(t).metric()));
            for (TrialResult t : r.trials()) {
                double lr = t.spec().train().learningRate();
                if (!t.ok() || t.curve().isEmpty()) {
                    scores.put(lr, Double.NEGATIVE_INFINITY);
                    continue;
                }
                EpochStats e = kept(t);
                double s = byMetric ? (higherIsBetter ? e.metric() : -e.metric()) : -e.validationLoss();
                scores.put(lr, Double.isNaN(s) ? Double.NEGATIVE_INFINITY : s);
            }
            double best = rates.get(0);
            for (double lr : rates) {
                if (scores.get(lr) > scores.get(best)) {
                    best = lr;
                }
            }
            choices.add(new Choice(m, best, scores, byMetric));
        }
        return choices;
    }

    /** The epoch whose weights the trial kept (its best under early stopping, else its last). */
    static EpochStats kept(TrialResult t) {
        List<EpochStats> c = t.curve();
        int i = t.bestEpoch() >= 1 && t.bestEpoch() <= c.size() ? t.bestEpoch() - 1 : c.size() - 1;
        return c.get(i);
    }
}
