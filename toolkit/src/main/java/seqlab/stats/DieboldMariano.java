package seqlab.stats;

import java.util.List;
import java.util.Locale;

/**
 * The Diebold–Mariano test of equal forecast accuracy (Diebold and Mariano 1995, "Comparing predictive accuracy",
 * Journal of Business and Economic Statistics 13(3)) with the small-sample correction of Harvey, Leybourne and
 * Newbold (1997, "Testing the equality of prediction mean squared errors", International Journal of Forecasting
 * 13(2)), computed as R's {@code forecast::dm.test} does.
 *
 * <p>For errors {@code e1_t} (candidate) and {@code e2_t} (reference), t = 1..n, the loss differential is
 * {@code d_t = L(e1_t) − L(e2_t)} with L the squared or absolute loss. h-step-ahead forecast errors are correlated
 * up to lag h − 1, so the variance of the mean is estimated from the autocovariances
 * {@code γ_k = (1/n) Σ_{t>k} (d_t − d̄)(d_{t−k} − d̄)}: {@code V = (γ_0 + 2 Σ_{k=1}^{h−1} γ_k) / n}. Then
 * {@code DM = d̄ / sqrt(V)}, and the corrected statistic {@code DM* = DM sqrt((n + 1 − 2h + h(h − 1)/n) / n)} is
 * compared with Student's t on n − 1 degrees of freedom, two-sided. When V is not positive (possible for h > 1,
 * as the truncated sum is not guaranteed positive) the autocovariances get Bartlett weights {@code 1 − k/h}
 * instead, which cannot be negative (Newey and West 1987), and the result says so; R's {@code dm.test} would fall
 * back to h = 1 there, which ignores the correlation the horizon causes.
 *
 * <p>The effect is {@code d̄}, the mean loss difference (MSE or MAE difference; negative favours the candidate),
 * with the interval {@code d̄ ± t_{(1+level)/2, n−1} sqrt(V) / k} that the corrected statistic inverts, where k is
 * the correction factor above.
 *
 * <p>With several seeds, the loss differential is averaged over seeds point by point before the test, so the test
 * asks whether the seed-averaged advantage holds over the forecast points (the same role as the seed-averaged
 * {@link PairedBootstrap}). Resampling points independently, as the bootstrap does, would ignore the serial
 * correlation of forecast errors, which is why forecasts get this test.
 */
public final class DieboldMariano {
    /** The loss applied to each forecast error. */
    public enum Loss {
        /** {@code e²}: compares mean squared errors (RMSE). R's {@code power = 2}. */
        SQUARED,
        /** {@code |e|}: compares mean absolute errors (MAE, and so MASE). R's {@code power = 1}. */
        ABSOLUTE;

        double of(double error) {
            return this == SQUARED ? error * error : Math.abs(error);
        }
    }

    private DieboldMariano() {}

    /**
     * Tests two forecasts of the same points at the 95% level.
     *
     * @param candidateErrors the candidate's forecast errors (forecast − actual), one per point, in time order
     * @param referenceErrors the reference's errors on the same points
     * @param loss squared or absolute loss
     * @param horizon forecast horizon h ≥ 1 (the errors are h-step-ahead errors)
     * @return the result
     */
    public static Result test(double[] candidateErrors, double[] referenceErrors, Loss loss, int horizon) {
        return test(List.of(candidateErrors), List.of(referenceErrors), loss, horizon, 0.95);
    }

    /**
     * Tests two forecasters over seeds: the loss differential is averaged over seeds point by point.
     *
     * @param candidateErrors per seed, the candidate's errors, in time order
     * @param referenceErrors per seed (same seeds), the reference's errors on the same points
     * @param loss squared or absolute loss
     * @param horizon forecast horizon h ≥ 1
     * @param level confidence level of the interval, e.g. 0.95
     * @return the result
     */
    public static Result test(List<double[]> candidateErrors, List<double[]> referenceErrors, Loss loss,
            int horizon, double level) {
        String what = "Diebold-Mariano test";
        Inputs.level(what, level);
        if (loss == null) {
            throw new IllegalArgumentException(what + ": loss is null; pass Loss.SQUARED or Loss.ABSOLUTE");
        }
        Inputs.sameLength(what, "candidate seeds", candidateErrors.size(), "reference seeds", referenceErrors.size());
        Inputs.notEmpty(what, "candidate seeds", candidateErrors.size());
        int seeds = candidateErrors.size();
        int n = candidateErrors.get(0).length;
        double[] d = new double[n];
        for (int s = 0; s < seeds; s++) {
            double[] e1 = candidateErrors.get(s);
            double[] e2 = referenceErrors.get(s);
            Inputs.sameLength(what, "candidate errors (seed " + s + ")", e1.length, "reference errors", e2.length);
            Inputs.sameLength(what, "seed 0's errors", n, "seed " + s + "'s errors", e1.length);
            Inputs.finite(what, "candidate errors", e1);
            Inputs.finite(what, "reference errors", e2);
            for (int t = 0; t < n; t++) {
                d[t] += (loss.of(e1[t]) - loss.of(e2[t])) / seeds;
            }
        }
        if (horizon < 1) {
            throw new IllegalArgumentException(what + ": horizon " + horizon + " must be at least 1 (1 = one step "
                    + "ahead)");
        }
        double correction2 = (n + 1 - 2.0 * horizon + horizon * (horizon - 1.0) / n) / n;
        if (n < 3 || horizon >= n || !(correction2 > 0)) {
            throw new IllegalArgumentException(what + ": " + n + " forecast points are too few for horizon " + horizon
                    + "; need n >= 3, h < n and n + 1 - 2h + h(h-1)/n > 0 (more test points or a shorter horizon)");
        }
        double mean = Stats.mean(d);
        double[] gamma = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            double sum = 0;
            for (int t = k; t < n; t++) {
                sum += (d[t] - mean) * (d[t - k] - mean);
            }
            gamma[k] = sum / n;
        }
        double v = longRunVariance(gamma, false) / n;
        boolean bartlett = false;
        if (!(v > 0) && horizon > 1 && gamma[0] > 0) {
            v = longRunVariance(gamma, true) / n;
            bartlett = true;
        }
        double k = Math.sqrt(correction2);
        double tq = Stats.studentTQuantile((1 + level) / 2, n - 1);
        boolean identical = true;
        for (int s = 0; s < seeds && identical; s++) {
            identical = java.util.Arrays.equals(candidateErrors.get(s), referenceErrors.get(s));
        }
        if (!(v > 0)) {
            // Every loss difference equal: no variation to test against.
            double stat = mean == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, mean);
            ConfidenceInterval ci = new ConfidenceInterval(mean, mean, mean, level, n);
            return new Result(loss, horizon, ci, stat, mean == 0 ? 1.0 : 0.0, bartlett, seeds, identical);
        }
        double se = Math.sqrt(v);
        double statistic = mean / se * k;
        double p = SpecialFunctions.studentTwoSidedTail(statistic, n - 1);
        double half = tq * se / k;
        return new Result(loss, horizon, new ConfidenceInterval(mean, mean - half, mean + half, level, n), statistic,
                p, bartlett, seeds, identical);
    }

    private static double longRunVariance(double[] gamma, boolean bartlett) {
        double v = gamma[0];
        int h = gamma.length;
        for (int k = 1; k < h; k++) {
            v += 2 * (bartlett ? 1 - (double) k / h : 1) * gamma[k];
        }
        return v;
    }

    /**
     * The outcome of a Diebold–Mariano test.
     *
     * @param loss the loss compared
     * @param horizon the forecast horizon h
     * @param difference mean loss difference {@code candidate − reference} with its interval; n = forecast points
     * @param statistic the HLN-corrected statistic DM*
     * @param pValue two-sided p-value from Student's t with n − 1 degrees of freedom
     * @param bartlett whether Bartlett weights were needed because the plain variance estimate was not positive
     * @param seeds seed pairs averaged
     * @param identical whether both forecasters made exactly the same errors
     */
    public record Result(Loss loss, int horizon, ConfidenceInterval difference, double statistic, double pValue,
            boolean bartlett, int seeds, boolean identical) implements Evidence {
        @Override
        public String test() {
            return "Diebold-Mariano (HLN, " + loss.name().toLowerCase(Locale.ROOT) + " loss, h=" + horizon
                    + (bartlett ? ", Bartlett weights" : "") + ") over " + examples() + " points"
                    + (seeds > 1 ? " × " + seeds + " seeds" : "");
        }

        @Override
        public int examples() {
            return difference.n();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: mean loss difference %s, DM* = %.4f, %s", test(), difference,
                    statistic, PValues.equation("p", pValue));
        }
    }
}
