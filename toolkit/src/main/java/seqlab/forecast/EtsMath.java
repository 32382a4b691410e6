package seqlab.forecast;

import seqlab.forecast.Ets.Error;
import seqlab.forecast.Ets.Season;
import seqlab.forecast.Ets.Trend;

/**
 * The ETS recursions of Hyndman et al. (2008, table 2.3), the likelihood, the parameter region and the heuristic
 * starting states. The parameter vector is laid out as R's ets lays it out: alpha, beta, gamma, phi (those the
 * model has), then the level, the trend and the seasonal states s[0], s[-1], ..., s[-m+2] (most recent first; the
 * last, s[-m+1], follows from the seasonal states summing to 0, or to m when multiplicative).
 */
final class EtsMath {
    /** R's default usual bounds for alpha, beta and gamma, and for phi. */
    static final double LOWER = 1e-4;
    static final double UPPER = 0.9999;
    static final double PHI_LOWER = 0.8;
    static final double PHI_UPPER = 0.98;

    /** R's floor on |yhat| under multiplicative errors: below it the relative error is meaningless. */
    private static final double TINY_FORECAST = 1e-10;

    private EtsMath() {
    }

    /** One pass over the data: the objective and, when asked, everything a fit reports. */
    record Run(double objective, double sse, double[] fitted, double[] residuals, double[] initialState,
               double[] lastState) {
    }

    /**
     * The parameter vector for a search point: the first coordinates pass through logistic functions onto R's usual
     * bounds (alpha in [L, U], beta in [L, alpha], gamma in [L, 1 - alpha], phi in [0.8, 0.98]), the states unchanged.
     */
    static double[] fromSearch(Ets model, double[] u) {
        double[] p = u.clone();
        int i = 0;
        double alpha = LOWER + (UPPER - LOWER) * logistic(u[i]);
        p[i++] = alpha;
        if (model.trend() != Trend.NONE) {
            p[i] = LOWER + (Math.min(alpha, UPPER) - LOWER) * logistic(u[i]);
            i++;
        }
        if (model.season() != Season.NONE) {
            p[i] = LOWER + (Math.min(1 - alpha, UPPER) - LOWER) * logistic(u[i]);
            i++;
        }
        if (model.trend() == Trend.DAMPED) {
            p[i] = PHI_LOWER + (PHI_UPPER - PHI_LOWER) * logistic(u[i]);
        }
        return p;
    }

    /** The inverse of {@link #fromSearch} for a parameter vector inside the bounds. */
    static double[] toSearch(Ets model, double[] p) {
        double[] u = p.clone();
        int i = 0;
        double alpha = p[i];
        u[i] = logit((alpha - LOWER) / (UPPER - LOWER));
        i++;
        if (model.trend() != Trend.NONE) {
            u[i] = logit((p[i] - LOWER) / (Math.min(alpha, UPPER) - LOWER));
            i++;
        }
        if (model.season() != Season.NONE) {
            u[i] = logit((p[i] - LOWER) / (Math.min(1 - alpha, UPPER) - LOWER));
            i++;
        }
        if (model.trend() == Trend.DAMPED) {
            u[i] = logit((p[i] - PHI_LOWER) / (PHI_UPPER - PHI_LOWER));
        }
        return u;
    }

    private static double logistic(double u) {
        return 1 / (1 + Math.exp(-u));
    }

    private static double logit(double fraction) {
        double f = Math.min(Math.max(fraction, 1e-9), 1 - 1e-9);
        return Math.log(f / (1 - f));
    }

    /** The likelihood criterion to minimise, {@code +Infinity} outside the parameter region. */
    static double objective(Ets model, int m, double[] p, double[] y) {
        return run(model, m, p, y, false).objective();
    }

    static Run run(Ets model, int m, double[] p, double[] y, boolean record) {
        boolean trend = model.trend() != Trend.NONE;
        boolean seasonal = model.season() != Season.NONE;
        boolean multSeason = model.season() == Season.MULTIPLICATIVE;
        boolean multError = model.error() == Error.MULTIPLICATIVE;
        int i = 0;
        double alpha = p[i++];
        double beta = trend ? p[i++] : 0;
        double gamma = seasonal ? p[i++] : 0;
        double phi = model.trend() == Trend.DAMPED ? p[i++] : 1;
        if (!inRegion(model, m, alpha, beta, gamma, phi)) {
            return new Run(Double.POSITIVE_INFINITY, Double.NaN, null, null, null, null);
        }
        double level = p[i++];
        double slope = trend ? p[i++] : 0;
        double[] ring = new double[seasonal ? m : 0];
        if (seasonal) {
            double sum = 0;
            for (int k = 0; k < m - 1; k++) {
                ring[k] = p[i + k];
                sum += ring[k];
            }
            ring[m - 1] = (multSeason ? m : 0) - sum;
            if (multSeason) {
                for (double s : ring) {
                    if (!(s > 0)) {
                        return new Run(Double.POSITIVE_INFINITY, Double.NaN, null, null, null, null);
                    }
                }
            }
        }
        Recursion rec = new Recursion(model, alpha, beta, gamma, phi, level, slope, ring);
        double[] initial = record ? rec.state() : null;
        int n = y.length;
        double[] fitted = record ? new double[n] : null;
        double[] residuals = record ? new double[n] : null;
        double sse = 0;
        double logForecasts = 0;
        for (int t = 0; t < n; t++) {
            double yhat = rec.forecast();
            double e;
            if (multError) {
                if (Math.abs(yhat) < TINY_FORECAST) {
                    return new Run(Double.POSITIVE_INFINITY, Double.NaN, null, null, null, null);
                }
                e = (y[t] - yhat) / yhat;
                logForecasts += Math.log(Math.abs(yhat));
            } else {
                e = y[t] - yhat;
            }
            if (record) {
                fitted[t] = yhat;
                residuals[t] = e;
            }
            sse += e * e;
            rec.update(e);
        }
        double objective = n * Math.log(sse) + 2 * logForecasts;
        if (Double.isNaN(objective)) {
            objective = Double.POSITIVE_INFINITY;
        }
        objective = Math.max(objective, -1e10);  // a perfect fit: log(0); R caps it the same way
        return new Run(objective, sse, fitted, residuals, initial, record ? rec.state() : null);
    }

    /**
     * The states as the recursion moves through time, with the one-step forecast and the error-correction update of
     * Hyndman et al. (2008, table 2.3). The seasonal states sit in a ring; {@code oldest} is s[t-m], the one the next
     * forecast uses and the update replaces.
     */
    static final class Recursion {
        private final boolean trend;
        private final boolean seasonal;
        private final boolean multSeason;
        private final boolean multError;
        private final double alpha;
        private final double beta;
        private final double gamma;
        private final double phi;
        private final double[] ring;
        private double level;
        private double slope;
        private int oldest;
        private double lb;
        private double s;

        /** From the level, slope and seasonal states s[0] (most recent) .. s[-m+1]; the seasonal states are copied. */
        Recursion(Ets model, double alpha, double beta, double gamma, double phi, double level, double slope,
                  double[] seasons) {
            this.trend = model.trend() != Trend.NONE;
            this.seasonal = model.season() != Season.NONE;
            this.multSeason = model.season() == Season.MULTIPLICATIVE;
            this.multError = model.error() == Error.MULTIPLICATIVE;
            this.alpha = alpha;
            this.beta = trend ? beta : 0;
            this.gamma = seasonal ? gamma : 0;
            this.phi = trend ? phi : 0;
            this.level = level;
            this.slope = trend ? slope : 0;
            this.ring = seasons.clone();
            this.oldest = ring.length - 1;
        }

        /** Where a fit's data ended: its parameters and {@link EtsFit#lastState()}. */
        static Recursion from(EtsFit fit) {
            boolean trend = fit.model().trend() != Trend.NONE;
            double[] x = fit.lastState();
            Ets.Parameters p = fit.parameters();
            return new Recursion(fit.model(), p.alpha(), p.beta(), p.gamma(), p.phi(), x[0], trend ? x[1] : 0,
                    java.util.Arrays.copyOfRange(x, trend ? 2 : 1, x.length));
        }

        /** The one-step forecast from the current states. */
        double forecast() {
            lb = level + phi * slope;
            s = seasonal ? ring[oldest] : multSeason ? 1 : 0;
            return multSeason ? lb * s : lb + s;
        }

        /** Moves the states on by one step with innovation {@code e}; call {@link #forecast()} first. */
        void update(double e) {
            double newS;
            if (multError && multSeason) {
                level = lb * (1 + alpha * e);
                slope = phi * slope + beta * lb * e;
                newS = s * (1 + gamma * e);
            } else if (multError) {
                double q = lb + s;
                level = lb + alpha * q * e;
                slope = phi * slope + beta * q * e;
                newS = s + gamma * q * e;
            } else {
                level = lb + alpha * e;
                slope = phi * slope + beta * e;
                newS = s + gamma * e;
            }
            if (seasonal) {
                ring[oldest] = newS;
                oldest = oldest == 0 ? ring.length - 1 : oldest - 1;
            }
        }

        /** l, b (with a trend), then the seasonal states from the most recent back. */
        double[] state() {
            int m = ring.length;
            double[] out = new double[1 + (trend ? 1 : 0) + m];
            int i = 0;
            out[i++] = level;
            if (trend) {
                out[i++] = slope;
            }
            for (int k = 0; k < m; k++) {
                out[i + k] = ring[(oldest + 1 + k) % m];
            }
            return out;
        }
    }

    /** R's bounds = "both": the usual region intersected with the admissible one. */
    static boolean inRegion(Ets model, int m, double alpha, double beta, double gamma, double phi) {
        boolean trend = model.trend() != Trend.NONE;
        boolean seasonal = model.season() != Season.NONE;
        if (!(alpha >= LOWER && alpha <= UPPER)) {
            return false;
        }
        if (trend && !(beta >= LOWER && beta <= alpha && beta <= UPPER)) {
            return false;
        }
        if (model.trend() == Trend.DAMPED && !(phi >= PHI_LOWER && phi <= PHI_UPPER)) {
            return false;
        }
        if (seasonal && !(gamma >= LOWER && gamma <= 1 - alpha && gamma <= UPPER)) {
            return false;
        }
        return admissible(alpha, trend ? beta : Double.NaN, seasonal ? gamma : Double.NaN, phi, m);
    }

    /**
     * The admissible region of Hyndman et al. (2008, ch. 10), where forecasts depend less and less on the distant
     * past: closed-form conditions, and for seasonal models the roots of the characteristic polynomial inside the
     * unit circle (R's tolerance 1e-10).
     */
    static boolean admissible(double alpha, double beta, double gamma, double phi, int m) {
        if (phi < 0 || phi > 1 + 1e-8) {
            return false;
        }
        if (Double.isNaN(gamma)) {
            if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi) {
                return false;
            }
            return Double.isNaN(beta) || !(beta < alpha * (phi - 1) || beta > (1 + phi) * (2 - alpha));
        }
        double b = Double.isNaN(beta) ? 0 : beta;
        if (gamma < Math.max(1 - 1 / phi - alpha, 0) || gamma > 1 + 1 / phi - alpha) {
            return false;
        }
        if (alpha < 1 - 1 / phi - gamma * (1 - m + phi + phi * m) / (2 * phi * m)) {
            return false;
        }
        if (b < -(1 - phi) * (gamma / m + alpha)) {
            return false;
        }
        double[] poly = new double[m + 2];  // ascending powers, degree m + 1
        poly[0] = phi * (1 - alpha - gamma);
        poly[1] = alpha + b - alpha * phi + gamma - 1;
        for (int k = 2; k < m; k++) {
            poly[k] = alpha + b - alpha * phi;
        }
        poly[m] = alpha + b - phi;
        poly[m + 1] = 1;
        return Numerics.rootsWithin(poly, 1 + 1e-10);
    }

    /**
     * The heuristic starting states of Hyndman, Koehler, Snyder and Grose (2002, section 2.6.1) as forecast 8.20's
     * initstate computes them: level, trend (if any), and the seasonal states s[0] .. s[-m+2].
     */
    static double[] heuristicState(Ets model, double[] y, int m) {
        int n = y.length;
        boolean seasonal = model.season() != Season.NONE;
        boolean mult = model.season() == Season.MULTIPLICATIVE;
        double[] adjusted = y;
        double[] init = new double[0];
        if (seasonal) {
            double[] component;
            if (n < 3 * m) {
                // Too few seasons to decompose: regress on a line plus one Fourier pair, and call the rest seasonal.
                double[] line = fourierLine(y, m);
                component = new double[n];
                for (int t = 0; t < n; t++) {
                    double trend = line[0] + line[1] * (t + 1);
                    component[t] = mult ? y[t] / trend : y[t] - trend;
                }
            } else {
                component = ClassicalDecomposition.of(y, m, mult ? ClassicalDecomposition.Type.MULTIPLICATIVE
                        : ClassicalDecomposition.Type.ADDITIVE).seasonal();
            }
            init = new double[m - 1];
            for (int k = 0; k < m - 1; k++) {
                init[k] = component[m - 1 - k];
            }
            adjusted = new double[n];
            if (mult) {
                double sum = 0;
                for (int k = 0; k < m - 1; k++) {
                    init[k] = Math.max(init[k], 0.01);
                    sum += init[k];
                }
                if (sum > m) {
                    double denominator = sum + 0.01 * (m - 1);
                    for (int k = 0; k < m - 1; k++) {
                        init[k] /= denominator;
                    }
                }
                for (int t = 0; t < n; t++) {
                    adjusted[t] = y[t] / Math.max(component[t], 0.01);
                }
            } else {
                for (int t = 0; t < n; t++) {
                    adjusted[t] = y[t] - component[t];
                }
            }
        }
        int maxn = Math.min(Math.max(10, 2 * m), n);
        boolean trend = model.trend() != Trend.NONE;
        double[] out = new double[1 + (trend ? 1 : 0) + init.length];
        if (trend) {
            double[] line = Series.line(adjusted, maxn, 1);
            double l0 = line[0];
            double b0 = line[1];
            if (Math.abs(l0 + b0) < 1e-8) {  // keep l0 + b0 away from 0, which multiplicative errors divide by
                l0 *= 1 + 1e-3;
                b0 *= 1 - 1e-3;
            }
            out[0] = l0;
            out[1] = b0;
        } else {
            out[0] = Series.mean(adjusted, 0, maxn);
        }
        System.arraycopy(init, 0, out, out.length - init.length, init.length);
        return out;
    }

    /** Least squares of y_t on (1, t, sin(2 pi t / m), cos(2 pi t / m)), t = 1..n; the sine drops out for m = 2. */
    private static double[] fourierLine(double[] y, int m) {
        int n = y.length;
        int k = m == 2 ? 3 : 4;
        double[][] xtx = new double[k][k];
        double[] xty = new double[k];
        double[] row = new double[k];
        for (int t = 1; t <= n; t++) {
            row[0] = 1;
            row[1] = t;
            double angle = 2 * Math.PI * t / m;
            if (m == 2) {
                row[2] = Math.cos(angle);
            } else {
                row[2] = Math.sin(angle);
                row[3] = Math.cos(angle);
            }
            for (int a = 0; a < k; a++) {
                xty[a] += row[a] * y[t - 1];
                for (int b = 0; b < k; b++) {
                    xtx[a][b] += row[a] * row[b];
                }
            }
        }
        return Numerics.solve(xtx, xty);
    }
}
