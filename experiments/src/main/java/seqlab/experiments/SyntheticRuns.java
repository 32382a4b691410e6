package seqlab.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import seqlab.engine.Engine;
import seqlab.train.Losses;
import seqlab.train.OptimizerSpec;
import seqlab.train.StepEvent;
import seqlab.train.Trainer;
import seqlab.train.TrainingDivergedException;
import seqlab.train.TrainingListener;

/**
 * One training run of an {@link EncoderWithHead} on a synthetic regression problem (the adding problem, spike
 * timing), recorded step by step: what the clipping, initialisation and timing experiments measure. A run that
 * produces a non-finite loss or gradient is stopped by the trainer, keeps its last good weights, and is marked
 * diverged rather than failing the experiment.
 */
final class SyntheticRuns {
    private SyntheticRuns() {
    }

    /**
     * How a run trains.
     *
     * @param batch     sequences per step
     * @param steps     optimizer steps
     * @param optimizer the optimizer
     * @param clipNorm  global gradient-norm clipping (0: off)
     * @param clipValue element-wise gradient clipping (0: off)
     */
    record Settings(int batch, int steps, OptimizerSpec optimizer, double clipNorm, double clipValue) {
    }

    /**
     * What a run did.
     *
     * @param diverged    whether it stopped on a non-finite loss or gradient, or its test error is not finite
     * @param steps       optimizer steps completed
     * @param losses      the training loss of each step ({@code NaN} after it stopped)
     * @param maxGradNorm the largest pre-clipping gradient norm it saw (infinite when one was not finite)
     * @param testMse     mean squared error on the test examples, in double precision, with the final weights
     */
    record Run(boolean diverged, long steps, double[] losses, double maxGradNorm, double testMse) {
        /**
         * The first step at which the exponential moving average of the training loss (weight 0.1 per step,
         * starting from {@code start}) falls below {@code target}, or {@code steps + 1} when it never does.
         */
        long stepsTo(double target, double start) {
            double ema = start;
            for (int i = 0; i < losses.length && Double.isFinite(losses[i]); i++) {
                ema = 0.9 * ema + 0.1 * losses[i];
                if (ema < target) {
                    return i + 1;
                }
            }
            return losses.length + 1;
        }
    }

    /** Trains {@code model} on {@code train} (the summary head against each example's target) and tests it. */
    static Run regression(Engine engine, EncoderWithHead model, List<SyntheticTasks.Example> train,
                          List<SyntheticTasks.Example> test, int length, int features, Settings s, long seed) {
        int perEpoch = Math.max(1, Math.min(s.steps(), train.size() / s.batch()));
        var trainer = Trainer.of(model, (EncoderWithHead m, SyntheticTasks.Batch b) ->
                        Losses.mse(m.fromSummary(b.inputs()), b.targets()))
                .optimizer(s.optimizer()).batchSize(s.batch()).epochs((s.steps() + perEpoch - 1) / perEpoch)
                .maxSteps(s.steps()).seed(seed).progress(false);
        if (s.clipNorm() > 0) {
            trainer.clipNorm(s.clipNorm());
        }
        if (s.clipValue() > 0) {
            trainer.clipValue(s.clipValue());
        }
        double[] losses = new double[s.steps()];
        Arrays.fill(losses, Double.NaN);
        double[] maxNorm = {0};
        long[] done = {0};
        trainer.listener(new TrainingListener() {
            @Override
            public void onStep(StepEvent e) {
                done[0] = e.step();
                losses[(int) e.step() - 1] = e.loss();
                maxNorm[0] = Math.max(maxNorm[0], e.gradNorm());
            }
        });
        boolean diverged = false;
        try {
            trainer.fit(SyntheticTasks.source(engine, train, length, features));
        } catch (TrainingDivergedException e) {
            diverged = true;
            done[0] = e.step();
            maxNorm[0] = Double.isFinite(e.gradNorm()) ? Math.max(maxNorm[0], e.gradNorm()) : Double.POSITIVE_INFINITY;
        }
        double mse = testMse(engine, model, test, length, features);
        return new Run(diverged || !Double.isFinite(mse), done[0], losses, maxNorm[0], mse);
    }

    /** The test MSE in double precision, so a blown-up model scores a large number rather than an overflow. */
    static double testMse(Engine engine, EncoderWithHead model, List<SyntheticTasks.Example> test, int length,
                          int features) {
        double[] p = predictions(engine, model, test, length, features);
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double d = p[i] - test.get(i).target();
            sum += d * d;
        }
        return sum / p.length;
    }

    /** The model's prediction for each test example, in order, in eval mode and without gradients. */
    static double[] predictions(Engine engine, EncoderWithHead model, List<SyntheticTasks.Example> test, int length,
                                int features) {
        double[] out = new double[test.size()];
        model.eval();
        try (var ignored = engine.noGrad()) {
            for (int from = 0; from < test.size(); from += 128) {
                var b = SyntheticTasks.collate(engine, test.subList(from, Math.min(test.size(), from + 128)), length,
                        features);
                double[] p = model.fromSummary(b.inputs()).toDoubleArray();
                System.arraycopy(p, 0, out, from, p.length);
            }
        } finally {
            model.train();
        }
        return out;
    }

    /**
     * Per named group of runs, the median training loss over its runs at about 100 steps, for a log-scale chart; a
     * step is drawn only while more than half the runs are still going, so a median never hides the rest diverging.
     */
    static Map<String, double[][]> medianLossCurves(Map<String, List<Run>> groups, int steps) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (var g : groups.entrySet()) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int s = 0; s < steps; s += Math.max(1, steps / 100)) {
                final int step = s;
                double[] v = g.getValue().stream().mapToDouble(r -> r.losses()[step]).filter(Double::isFinite)
                        .toArray();
                if (2 * v.length > g.getValue().size()) {
                    xs.add(s + 1.0);
                    ys.add(median(v));
                }
            }
            out.put(g.getKey(), new double[][] {xs.stream().mapToDouble(Double::doubleValue).toArray(),
                ys.stream().mapToDouble(Double::doubleValue).toArray()});
        }
        return out;
    }

    /** The median, NaN for no values. */
    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
