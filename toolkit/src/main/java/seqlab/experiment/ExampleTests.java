package seqlab.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import seqlab.metric.ForecastMetrics;
import seqlab.stats.DieboldMariano;
import seqlab.stats.Evidence;
import seqlab.stats.PairedBootstrap;
import seqlab.stats.PerExample;

/**
 * The test over test examples that a verdict joins to the test over seeds (see {@code seqlab.stats}' package
 * documentation), chosen by what the trials kept: classification and translation outputs get Koehn's paired
 * bootstrap on the metric's per-example statistics (accuracy, macro-F1, BLEU, chrF); forecasts get the
 * Diebold–Mariano test on absolute errors (MAE, and MASE with each origin's errors divided by its scale), since
 * resampling forecast points one by one would ignore their serial correlation. Seed i of the candidate is paired
 * with seed i of the reference; the test runs on seed-averaged outputs.
 */
final class ExampleTests {
    private ExampleTests() {
    }

    /**
     * The test, or why there is none.
     *
     * @param evidence the test's result, or null
     * @param missing  why no test over examples applies (null when there is one)
     */
    record Outcome(Evidence evidence, String missing) {
        static Outcome none(String why) {
            return new Outcome(null, why);
        }
    }

    /**
     * Tests {@code candidate} against {@code reference} over test examples on {@code metric}.
     *
     * @param task      the task the trials ran on (forecasting's MASE scales come from its series)
     * @param metric    the metric
     * @param candidate the candidate's trials, one per seed
     * @param reference the reference's trials on the same seeds, same order
     */
    static Outcome test(Task task, String metric, List<TrialResult> candidate, List<TrialResult> reference) {
        Extras first = candidate.get(0).extras();
        for (int s = 0; s < candidate.size(); s++) {
            Extras c = candidate.get(s).extras(), r = reference.get(s).extras();
            if (c == null || r == null) {
                return Outcome.none("no per-example outputs kept, so only the seeds are tested");
            }
            if (c.getClass() != first.getClass() || r.getClass() != first.getClass()) {
                return Outcome.none("the trials kept outputs of different tasks");
            }
            String why = unpaired(c, r);
            if (why != null) {
                return Outcome.none("seed " + candidate.get(s).spec().seed() + ": " + why);
            }
        }
        try {
            return first instanceof ForecastExtras ? dieboldMariano(task, metric, candidate, reference)
                    : bootstrap(metric, candidate, reference);
        } catch (IllegalArgumentException e) {
            return Outcome.none(e.getMessage());
        }
    }

    /** Why two trials of one seed cannot be paired example by example, or null when they can. */
    private static String unpaired(Extras c, Extras r) {
        boolean same;
        if (c instanceof ClassificationExtras x && r instanceof ClassificationExtras y) {
            same = x.rows().equals(y.rows()) && x.actual().equals(y.actual());
        } else if (c instanceof TranslationExtras x && r instanceof TranslationExtras y) {
            same = x.pairs().equals(y.pairs()) && x.references().equals(y.references());
        } else {
            ForecastExtras x = (ForecastExtras) c, y = (ForecastExtras) r;
            same = x.steps().equals(y.steps()) && x.actual().equals(y.actual());
        }
        return same ? null : "the two were tested on different examples (other task options or data?)";
    }

    private static Outcome bootstrap(String metric, List<TrialResult> candidate, List<TrialResult> reference) {
        List<PerExample> c = new ArrayList<>(), r = new ArrayList<>();
        for (int s = 0; s < candidate.size(); s++) {
            PerExample pc = perExample(metric, candidate.get(s)), pr = perExample(metric, reference.get(s));
            if (pc == null) {
                return Outcome.none("no per-example statistics for " + metric);
            }
            String drift = reproduces(pc, candidate.get(s), metric);
            drift = drift != null ? drift : reproduces(pr, reference.get(s), metric);
            if (drift != null) {
                return Outcome.none(drift);
            }
            if (pc.examples() != c.stream().findFirst().orElse(pc).examples()) {
                return Outcome.none("seeds have test sets of different sizes ("
                        + c.get(0).examples() + " and " + pc.examples() + " examples), so they cannot be resampled "
                        + "together");
            }
            c.add(pc);
            r.add(pr);
        }
        return new Outcome(PairedBootstrap.defaults().test(c, r), null);
    }

    /** The trial's per-example statistics of {@code metric}, or null when the metric has none. */
    static PerExample perExample(String metric, TrialResult t) {
        if (t.extras() instanceof ClassificationExtras x) {
            int[] predicted = ClassificationExtras.ints(x.predicted()), actual = ClassificationExtras.ints(x.actual());
            return switch (metric) {
                case "accuracy" -> PerExample.accuracy(predicted, actual);
                case "macro_f1" -> PerExample.macroF1(predicted, actual, x.labels().size());
                default -> null;
            };
        }
        if (t.extras() instanceof TranslationExtras x) {
            return switch (metric) {
                case "bleu" -> PerExample.bleu(TranslationTask.bleu(x), x.hypotheses(), List.of(x.references()));
                case "chrf" -> PerExample.chrf(TranslationTask.chrf(x), x.hypotheses(), List.of(x.references()));
                default -> null;
            };
        }
        return null;
    }

    /** Null when the statistics give the metric the trial reported; else what differs (never test other numbers). */
    private static String reproduces(PerExample p, TrialResult t, String metric) {
        double reported = t.metric(metric);
        double recomputed = p.value();
        if (Math.abs(reported - recomputed) > 1e-9 * Math.max(1, Math.abs(reported))) {
            return String.format(Locale.ROOT, "%s of %s seed %d recomputed from its outputs is %.6g, not the %.6g it "
                    + "reported; the stored outputs do not match its metric", metric, t.spec().model().name(),
                    t.spec().seed(), recomputed, reported);
        }
        return null;
    }

    private static Outcome dieboldMariano(Task task, String metric, List<TrialResult> candidate,
            List<TrialResult> reference) {
        if (!metric.equals("mase") && !metric.equals("mae")) {
            return Outcome.none("no test over forecast points for " + metric + " (Diebold-Mariano compares mean "
                    + "absolute errors, which MAE and MASE are)");
        }
        ForecastExtras x = candidate.get(0).forecast();
        if (x.series().size() > 1) {
            // the test's variance assumes one series' errors in time order at one horizon; a panel has several
            return Outcome.none("a Diebold-Mariano test pairs the forecasts of one series, and these trials hold "
                    + x.series().size() + "; the per-series tables and the cross-series ranks compare them");
        }
        double[] scale = new double[x.steps().size()];
        Arrays.fill(scale, 1);
        if (metric.equals("mase")) {
            if (!(task instanceof ForecastingTask f)) {
                return Outcome.none("MASE's scale needs the training series, which only a ForecastingTask has");
            }
            double[] values = f.series().values();
            for (int i = 0; i < scale.length; i++) {
                int origin = x.origins().get(i / x.horizon());
                scale[i] = ForecastMetrics.seasonalNaiveScale(Arrays.copyOf(values, origin), x.seasonalPeriod());
            }
        }
        int n = scale.length, h = x.horizon();
        if (n < 3 || h >= n || n + 1 - 2.0 * h + h * (h - 1.0) / n <= 0) {
            return Outcome.none(String.format(Locale.ROOT, "%d forecast points from %d origin(s) are too few for a "
                    + "Diebold-Mariano test at horizon %d; a rolling-origin backtest "
                    + "(ForecastingTask.Options.backtest) adds origins", n, x.origins().size(), h));
        }
        List<double[]> c = new ArrayList<>(), r = new ArrayList<>();
        for (int s = 0; s < candidate.size(); s++) {
            c.add(scaled(candidate.get(s).forecast().errors(), scale));
            r.add(scaled(reference.get(s).forecast().errors(), scale));
        }
        return new Outcome(DieboldMariano.test(c, r, DieboldMariano.Loss.ABSOLUTE, h, 0.95), null);
    }

    private static double[] scaled(double[] errors, double[] scale) {
        double[] out = new double[errors.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = errors[i] / scale[i];
        }
        return out;
    }
}
