package seqlab.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import seqlab.metric.Bleu;
import seqlab.metric.BleuStatistics;
import seqlab.metric.Chrf;
import seqlab.metric.ConfusionMatrix;
import seqlab.metric.ForecastMetrics;

/**
 * One model's output on a test set, reduced to per-example sufficient statistics: numbers that, summed over any
 * multiset of examples, give the metric on those examples. This is what makes paired resampling tests work for
 * corpus-level metrics (Koehn 2004): BLEU is not a mean of sentence scores, but it is a function of summed
 * n-gram counts, so a resampled corpus is scored by summing its sentences' counts.
 *
 * <p>The factories cover seqlab's metrics: {@link #accuracy} and {@link #macroF1} (classification), {@link #bleu}
 * and {@link #chrf} (translation, sacreBLEU's definitions), {@link #mae}, {@link #mse}, {@link #rmse} and
 * {@link #mase} (forecasting). {@link #of} takes any other metric with such statistics.
 *
 * <p>Two outputs can be compared only if they score the same metric (same name, which for BLEU and chrF includes
 * the configuration) on the same number of examples.
 */
public final class PerExample {
    /** A metric computed from statistics summed over a multiset of examples. */
    @FunctionalInterface
    public interface Score {
        /**
         * The metric.
         *
         * @param sums the column sums of the per-example statistics over the chosen examples
         * @param examples how many examples were summed (with repetitions)
         * @return the metric's value
         */
        double of(double[] sums, int examples);
    }

    private final String metric;
    private final double[][] statistics;
    private final Score score;

    private PerExample(String metric, double[][] statistics, Score score) {
        this.metric = metric;
        this.statistics = statistics;
        this.score = score;
    }

    /**
     * Any metric with per-example sufficient statistics.
     *
     * @param metric the metric's name, including whatever configuration changes its value
     * @param statistics {@code statistics[i]}: example i's statistics; every row the same length, all finite
     * @param score the metric from summed statistics
     * @return the output
     */
    public static PerExample of(String metric, double[][] statistics, Score score) {
        Inputs.name("Per-example statistics: the metric name", metric);
        if (score == null) {
            throw new IllegalArgumentException("Per-example statistics for " + metric + ": the score function is "
                    + "null; pass how the metric follows from summed statistics");
        }
        Inputs.notEmpty(metric, "statistics", statistics.length);
        int width = statistics[0].length;
        double[][] copy = new double[statistics.length][];
        for (int i = 0; i < statistics.length; i++) {
            if (statistics[i].length != width) {
                throw new IllegalArgumentException(metric + ": example " + i + " has " + statistics[i].length
                        + " statistics but example 0 has " + width + "; every example needs the same layout");
            }
            Inputs.finite(metric, "statistics[" + i + "]", statistics[i]);
            copy[i] = statistics[i].clone();
        }
        return new PerExample(metric, copy, score);
    }

    /**
     * A metric that is the mean of one per-example value (accuracy from 0/1 correctness, MAE from absolute errors).
     *
     * @param metric the metric's name
     * @param values one value per example
     * @return the output
     */
    public static PerExample mean(String metric, double[] values) {
        double[][] s = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            s[i] = new double[] {values[i]};
        }
        return of(metric, s, (sums, n) -> sums[0] / n);
    }

    /** Accuracy: statistic = 1 for a correct prediction, 0 otherwise. */
    public static PerExample accuracy(int[] predictions, int[] targets) {
        Inputs.sameLength("Accuracy", "predictions", predictions.length, "targets", targets.length);
        double[] correct = new double[predictions.length];
        for (int i = 0; i < predictions.length; i++) {
            correct[i] = predictions[i] == targets[i] ? 1 : 0;
        }
        return mean("accuracy", correct);
    }

    /**
     * Macro-F1 as {@link ConfusionMatrix#macroF1()} defines it. Each example contributes a one-hot cell of the
     * confusion matrix, so summed statistics are the matrix of the resampled test set.
     *
     * @param predictions predicted class ids in {@code [0, classes)}
     * @param targets true class ids in {@code [0, classes)}
     * @param classes number of classes (at most 64, which keeps the statistics small)
     * @return the output
     */
    public static PerExample macroF1(int[] predictions, int[] targets, int classes) {
        String what = "Macro-F1";
        Inputs.sameLength(what, "predictions", predictions.length, "targets", targets.length);
        if (classes < 1 || classes > 64) {
            throw new IllegalArgumentException(what + ": " + classes + " classes; per-example statistics support 1 "
                    + "to 64 classes");
        }
        List<String> labels = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            labels.add(Integer.toString(c));
        }
        double[][] s = new double[predictions.length][classes * classes];
        for (int i = 0; i < predictions.length; i++) {
            for (int v : new int[] {predictions[i], targets[i]}) {
                if (v < 0 || v >= classes) {
                    throw new IllegalArgumentException(what + ": example " + i + " has class " + v + " outside [0, "
                            + classes + "); pass the number of classes of the task");
                }
            }
            s[i][targets[i] * classes + predictions[i]] = 1;
        }
        return of("macro-F1", s, (sums, n) -> {
            long[][] counts = new long[classes][classes];
            for (int t = 0; t < classes; t++) {
                for (int p = 0; p < classes; p++) {
                    counts[t][p] = Math.round(sums[t * classes + p]);
                }
            }
            return new ConfusionMatrix(labels, counts).macroF1();
        });
    }

    /** sacreBLEU's default corpus BLEU, one reference per sentence. */
    public static PerExample bleu(List<String> hypotheses, List<String> references) {
        return bleu(Bleu.sacrebleu(), hypotheses, List.of(references));
    }

    /**
     * Corpus BLEU under a configuration. Statistics per sentence: hypothesis length, reference length, then the
     * matches and totals of each n-gram order ({@link BleuStatistics}).
     *
     * @param bleu the BLEU configuration
     * @param hypotheses one output per sentence
     * @param referenceSets one or more reference lists, each with one reference per sentence
     * @return the output
     */
    public static PerExample bleu(Bleu bleu, List<String> hypotheses, List<? extends List<String>> referenceSets) {
        return bleu(bleu, bleu.statistics(hypotheses, referenceSets));
    }

    /**
     * Corpus BLEU from stored per-sentence statistics (what a translation trial keeps instead of its outputs).
     *
     * @param bleu the BLEU configuration they were computed with
     * @param segments one entry per sentence, all of the configuration's max order
     * @return the output
     */
    public static PerExample bleu(Bleu bleu, List<BleuStatistics> segments) {
        Inputs.notEmpty("BLEU", "segments", segments.size());
        int order = segments.get(0).maxOrder();
        double[][] s = new double[segments.size()][];
        for (int i = 0; i < s.length; i++) {
            BleuStatistics b = segments.get(i);
            if (b.maxOrder() != order) {
                throw new IllegalArgumentException("BLEU: segment " + i + " has n-grams up to order " + b.maxOrder()
                        + " but segment 0 up to " + order + "; compute all with the same configuration");
            }
            double[] row = new double[2 + 2 * order];
            row[0] = b.hypLength();
            row[1] = b.refLength();
            int[] m = b.matches();
            int[] t = b.totals();
            for (int k = 0; k < order; k++) {
                row[2 + k] = m[k];
                row[2 + order + k] = t[k];
            }
            s[i] = row;
        }
        return of(bleu.toString(), s, (sums, n) -> {
            int[] m = new int[order];
            int[] t = new int[order];
            for (int k = 0; k < order; k++) {
                m[k] = (int) Math.round(sums[2 + k]);
                t[k] = (int) Math.round(sums[2 + order + k]);
            }
            return bleu.score(new BleuStatistics((int) Math.round(sums[0]), (int) Math.round(sums[1]), m, t))
                    .score();
        });
    }

    /** sacreBLEU's default chrF2, one reference per sentence. */
    public static PerExample chrf(List<String> hypotheses, List<String> references) {
        return chrf(Chrf.sacrebleu(), hypotheses, List.of(references));
    }

    /**
     * Corpus chrF under a configuration; statistics per sentence as {@link Chrf#statistics} returns them.
     *
     * @param chrf the chrF configuration
     * @param hypotheses one output per sentence
     * @param referenceSets one or more reference lists, each with one reference per sentence
     * @return the output
     */
    public static PerExample chrf(Chrf chrf, List<String> hypotheses, List<? extends List<String>> referenceSets) {
        return chrf(chrf, chrf.statistics(hypotheses, referenceSets));
    }

    /**
     * Corpus chrF from stored per-sentence statistics.
     *
     * @param chrf the chrF configuration they were computed with
     * @param segments one array per sentence, laid out as {@link Chrf#statistics} returns them
     * @return the output
     */
    public static PerExample chrf(Chrf chrf, List<int[]> segments) {
        Inputs.notEmpty("chrF", "segments", segments.size());
        double[][] s = new double[segments.size()][];
        for (int i = 0; i < s.length; i++) {
            s[i] = Arrays.stream(segments.get(i)).asDoubleStream().toArray();
        }
        return of(chrf.toString(), s, (sums, n) -> {
            int[] counts = new int[sums.length];
            for (int k = 0; k < sums.length; k++) {
                counts[k] = (int) Math.round(sums[k]);
            }
            return chrf.score(counts).score();
        });
    }

    /** Mean absolute error of forecasts, on the original scale of the series. */
    public static PerExample mae(double[] actual, double[] forecast) {
        return errors("MAE", actual, forecast, Math::abs, (sums, n) -> sums[0] / n);
    }

    /** Mean squared error of forecasts (the loss RMSE is the root of). */
    public static PerExample mse(double[] actual, double[] forecast) {
        return errors("MSE", actual, forecast, e -> e * e, (sums, n) -> sums[0] / n);
    }

    /** Root mean squared error: the root of the resampled mean squared error, not a mean of roots. */
    public static PerExample rmse(double[] actual, double[] forecast) {
        return errors("RMSE", actual, forecast, e -> e * e, (sums, n) -> Math.sqrt(sums[0] / n));
    }

    /**
     * Mean absolute scaled error, scaled as {@link ForecastMetrics#mase} scales it (the in-sample MAE of the seasonal
     * naive forecast on the training series, which resampling the test points leaves unchanged).
     */
    public static PerExample mase(double[] actual, double[] forecast, double[] training, int period) {
        double scale = ForecastMetrics.seasonalNaiveScale(training, period);
        return errors("MASE", actual, forecast, Math::abs, (sums, n) -> sums[0] / n / scale);
    }

    private static PerExample errors(String metric, double[] actual, double[] forecast,
            java.util.function.DoubleUnaryOperator loss, Score score) {
        double[] d = Inputs.differences(metric, "forecast", forecast, "actual", actual);
        double[][] s = new double[d.length][];
        for (int i = 0; i < d.length; i++) {
            s[i] = new double[] {loss.applyAsDouble(d[i])};
        }
        return of(metric, s, score);
    }

    /** The metric's name, e.g. {@code accuracy}, {@code MAE}, or the BLEU signature. */
    public String metric() {
        return metric;
    }

    /** Number of test examples. */
    public int examples() {
        return statistics.length;
    }

    /** Number of statistics per example. */
    public int width() {
        return statistics[0].length;
    }

    /** Example i's statistics (a copy). */
    public double[] statistics(int i) {
        return statistics[i].clone();
    }

    /** The metric on the whole test set. */
    public double value() {
        double[] sums = new double[width()];
        for (double[] row : statistics) {
            for (int k = 0; k < sums.length; k++) {
                sums[k] += row[k];
            }
        }
        return score.of(sums, statistics.length);
    }

    /** The metric from summed statistics of {@code examples} examples. */
    double score(double[] sums, int examples) {
        return score.of(sums, examples);
    }

    /** The raw rows, for the resampling loops of this package (not copied: never modify). */
    double[][] rows() {
        return statistics;
    }

    /** Whether every example has exactly the same statistics in both outputs. */
    boolean sameStatistics(PerExample other) {
        return Arrays.deepEquals(statistics, other.statistics);
    }

    /** Checks that two outputs can be compared: same metric, same examples, same layout. */
    static void checkPaired(String test, PerExample candidate, PerExample reference) {
        if (!candidate.metric.equals(reference.metric)) {
            throw new IllegalArgumentException(test + ": the candidate is scored with " + candidate.metric
                    + " but the reference with " + reference.metric + "; compute both with the same metric");
        }
        Inputs.sameLength(test, "candidate examples", candidate.examples(), "reference examples",
                reference.examples());
        if (candidate.width() != reference.width()) {
            throw new IllegalArgumentException(test + ": " + candidate.width() + " statistics per example for the "
                    + "candidate but " + reference.width() + " for the reference; compute both the same way");
        }
    }

    @Override
    public String toString() {
        return metric + " over " + examples() + " examples = " + value();
    }
}
