package seqlab.forecast;

/** Checks and small statistics on plain series, shared by the methods. */
final class Series {
    private Series() {
    }

    /** Rejects an empty history or a non-finite value, naming the method and the position. */
    static void check(String method, double[] history) {
        if (history == null || history.length == 0) {
            throw new IllegalArgumentException(method + ": the history is empty; pass the observed values in time order");
        }
        for (int t = 0; t < history.length; t++) {
            if (!Double.isFinite(history[t])) {
                throw new IllegalArgumentException(method + ": history[" + t + "] is " + history[t]
                        + "; fill or drop missing values first (TimeSeries loaders do this with a MissingPolicy)");
            }
        }
    }

    /** Rejects a history with a value at or below zero, which multiplicative models cannot describe. */
    static void checkPositive(String method, double[] history) {
        for (int t = 0; t < history.length; t++) {
            if (!(history[t] > 0)) {
                throw new IllegalArgumentException(method + " needs strictly positive data but history[" + t + "] is "
                        + history[t] + "; use an additive model (e.g. Ets.holtWinters(Ets.Season.ADDITIVE))");
            }
        }
    }

    static double mean(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return s / (to - from);
    }

    /** Sample standard deviation, denominator n - 1, computed around the mean in two passes. */
    static double sampleSd(double[] v) {
        double m = mean(v, 0, v.length);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (v.length - 1));
    }

    /**
     * Ordinary least squares of {@code y[0 .. n)} on {@code x_i = first + i}: returns {intercept, slope}, the
     * intercept being the line's value at x = 0.
     */
    static double[] line(double[] y, int n, double first) {
        double mx = first + (n - 1) / 2.0;
        double my = mean(y, 0, n);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            double dx = first + i - mx;
            sxy += dx * (y[i] - my);
            sxx += dx * dx;
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        return new double[] {my - slope * mx, slope};
    }
}
