package seqlab.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import seqlab.stats.Stats;

/**
 * A probabilistic forecast of {@code horizon()} steps: at step h the value is {@code mean[h] + scale[h] * T},
 * with T standard normal ({@code degreesOfFreedom} infinite, every method here but {@link SimpleMethod#MEAN}) or
 * Student-t with that many degrees of freedom. Point forecasts are {@link #mean()}; {@link #interval(double)} and
 * {@link #quantile(int, double)} follow from the distribution.
 *
 * <pre>{@code
 * Forecast f = Ets.holtWinters(Ets.Season.MULTIPLICATIVE).forecast(history, 12, 24);
 * f.mean();                 // 24 point forecasts
 * f.interval(0.95).lower(); // lower 95% bounds
 * f.quantiles(0.1);         // the 10% quantile at each step, e.g. for a pinball loss
 * }</pre>
 *
 * @param method           the method that made it, e.g. {@code "ets(M,A,M)"} or {@code "theta"}
 * @param mean             point forecast (the mean of the predictive distribution) per step
 * @param scale            standard deviation (Gaussian) or scale (Student-t) per step, finite and &gt;= 0
 * @param degreesOfFreedom {@link Double#POSITIVE_INFINITY} for Gaussian steps, else the Student-t degrees of freedom
 */
public record Forecast(String method, double[] mean, double[] scale, double degreesOfFreedom) {

    /** The interval levels forecasting reports show: 80% and 95%, as R's forecast package and Darts do. */
    public static final double[] DEFAULT_LEVELS = {0.8, 0.95};

    public Forecast {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(scale, "scale");
        mean = mean.clone();
        scale = scale.clone();
        if (mean.length != scale.length) {
            throw new IllegalArgumentException("Forecast " + method + ": " + mean.length + " means but " + scale.length
                    + " scales; give one of each per step");
        }
        for (int h = 0; h < mean.length; h++) {
            if (!Double.isFinite(mean[h]) || !(scale[h] >= 0) || Double.isInfinite(scale[h])) {
                throw new IllegalArgumentException("Forecast " + method + ": step " + (h + 1) + " has mean " + mean[h]
                        + " and scale " + scale[h] + "; both must be finite and the scale >= 0 (the model diverged:"
                        + " check the data for extreme values or use a simpler method)");
            }
        }
        if (!(degreesOfFreedom > 0)) {
            throw new IllegalArgumentException("Forecast " + method + ": degrees of freedom " + degreesOfFreedom
                    + " must be > 0 (Double.POSITIVE_INFINITY for Gaussian steps)");
        }
    }

    /** A Gaussian forecast with standard deviation {@code sd[h]} at step h. */
    public static Forecast gaussian(String method, double[] mean, double[] sd) {
        return new Forecast(method, mean, sd, Double.POSITIVE_INFINITY);
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] scale() {
        return scale.clone();
    }

    /** Steps forecast. */
    public int horizon() {
        return mean.length;
    }

    /** True when every step is Gaussian, so {@link #scale()} is its standard deviation. */
    public boolean isGaussian() {
        return Double.isInfinite(degreesOfFreedom);
    }

    /** The standard deviation at each step (the t scale times sqrt(df / (df - 2)); infinite for df &lt;= 2). */
    public double[] sd() {
        double factor = isGaussian() ? 1 : degreesOfFreedom > 2 ? Math.sqrt(degreesOfFreedom / (degreesOfFreedom - 2))
                : Double.POSITIVE_INFINITY;
        double[] sd = new double[scale.length];
        for (int h = 0; h < sd.length; h++) {
            sd[h] = scale[h] * factor;
        }
        return sd;
    }

    /**
     * The {@code p} quantile at step {@code step} (1-based, as forecasters count horizons).
     *
     * @param step 1 .. horizon
     * @param p    probability in (0, 1)
     */
    public double quantile(int step, double p) {
        if (step < 1 || step > mean.length) {
            throw new IllegalArgumentException("Forecast " + method + ": step " + step + " is outside 1.." + mean.length);
        }
        return mean[step - 1] + scale[step - 1] * standardQuantile(p);
    }

    /** The {@code p} quantile at every step. */
    public double[] quantiles(double p) {
        double z = standardQuantile(p);
        double[] q = new double[mean.length];
        for (int h = 0; h < q.length; h++) {
            q[h] = mean[h] + scale[h] * z;
        }
        return q;
    }

    /** The central interval holding {@code level} of the probability at every step, e.g. 0.95. */
    public PredictionInterval interval(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("Forecast " + method + ": interval level " + level
                    + " must lie strictly between 0 and 1 (0.95 for a 95% interval)");
        }
        return new PredictionInterval(level, quantiles((1 - level) / 2), quantiles((1 + level) / 2));
    }

    /** {@link #interval(double)} at each level, in the order given; {@link #DEFAULT_LEVELS} when none is given. */
    public List<PredictionInterval> intervals(double... levels) {
        double[] ls = levels.length == 0 ? DEFAULT_LEVELS : levels;
        List<PredictionInterval> out = new ArrayList<>(ls.length);
        for (double l : ls) {
            out.add(interval(l));
        }
        return List.copyOf(out);
    }

    private double standardQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("Forecast " + method + ": probability " + p
                    + " must lie strictly between 0 and 1");
        }
        return isGaussian() ? Stats.normalQuantile(p) : Stats.studentTQuantile(p, degreesOfFreedom);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Forecast f && method.equals(f.method) && Arrays.equals(mean, f.mean)
                && Arrays.equals(scale, f.scale) && Double.compare(degreesOfFreedom, f.degreesOfFreedom) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, Arrays.hashCode(mean), Arrays.hashCode(scale), degreesOfFreedom);
    }

    @Override
    public String toString() {
        return "Forecast[" + method + ", " + mean.length + " steps, " + (isGaussian() ? "Gaussian"
                : "Student-t df=" + degreesOfFreedom) + "]";
    }
}
