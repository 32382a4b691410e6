package seqlab.forecast;

import java.util.Arrays;
import java.util.Objects;

import seqlab.engine.RandomSource;
import seqlab.forecast.Ets.Error;
import seqlab.forecast.Ets.Season;
import seqlab.forecast.Ets.Trend;

/**
 * An ETS model fitted to a series: its parameters, states, fit statistics, and forecasts with prediction intervals.
 *
 * @param model          the model
 * @param period         the seasonal period used (1 without a season)
 * @param parameters     alpha, beta, gamma, phi
 * @param initialState   l, b (with a trend), s[0], s[-1], ..., s[-m+1] before the first observation
 * @param lastState      the same after the last observation: where forecasts start
 * @param fitted         one-step-ahead forecasts of the observations
 * @param residuals      innovations: {@code y - fitted}, or {@code (y - fitted) / fitted} under multiplicative errors
 * @param sigma2         innovation variance, {@code sum residuals^2 / (n - estimated parameters and states)}, as R
 * @param logLikelihood  the maximised Gaussian log-likelihood, constants included ({@code -n/2 (log(2 pi sigma_ML^2) + 1)}
 *                       {@code - sum log|fitted|} for multiplicative errors); R's {@code fit$loglik} omits
 *                       {@code -n/2 (log(2 pi / n) + 1)} of it
 * @param parameterCount parameters and initial states estimated, plus one for the innovation variance (for AIC)
 * @param observations   the series length n
 */
public record EtsFit(Ets model, int period, Ets.Parameters parameters, double[] initialState, double[] lastState,
                     double[] fitted, double[] residuals, double sigma2, double logLikelihood, int parameterCount,
                     int observations) {

    public EtsFit {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(parameters, "parameters");
        initialState = initialState.clone();
        lastState = lastState.clone();
        fitted = fitted.clone();
        residuals = residuals.clone();
    }

    /** Akaike's information criterion, {@code -2 logLikelihood + 2k}. */
    public double aic() {
        return -2 * logLikelihood + 2 * parameterCount;
    }

    /** AIC corrected for small samples (Hurvich and Tsai 1989), the criterion R's ets selects models by. */
    public double aicc() {
        int k = parameterCount;
        return aic() + 2.0 * k * (k + 1) / (observations - k - 1);
    }

    /** Schwarz's Bayesian information criterion, {@code -2 logLikelihood + k log n}. */
    public double bic() {
        return -2 * logLikelihood + parameterCount * Math.log(observations);
    }

    /** Forecasts {@code horizon} steps with Gaussian intervals from the analytic variances (see {@link Ets}). */
    public Forecast forecast(int horizon) {
        if (horizon < 1) {
            throw new IllegalArgumentException(model + ": horizon " + horizon + " must be at least 1");
        }
        double[][] meanVar = model.error() == Error.MULTIPLICATIVE && model.season() == Season.MULTIPLICATIVE
                ? classThree(horizon) : classOneOrTwo(horizon);
        double[] sd = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            sd[h] = Math.sqrt(Math.max(meanVar[1][h], 0));
        }
        return Forecast.gaussian(model.label(), meanVar[0], sd);
    }

    /**
     * Sample paths of the next {@code horizon} values, {@code paths[path][step]}, by running the model forward with
     * Gaussian innovations of variance {@link #sigma2()}: a check on the analytic intervals, and samples for
     * sample-based scores such as {@link seqlab.metric.ProbabilisticMetrics#crpsSamples}.
     */
    public double[][] simulate(int horizon, int paths, RandomSource rng) {
        if (horizon < 1 || paths < 1) {
            throw new IllegalArgumentException(model + ": simulate needs horizon and paths of at least 1, got "
                    + horizon + " and " + paths);
        }
        double sigma = Math.sqrt(sigma2);
        boolean multError = model.error() == Error.MULTIPLICATIVE;
        double[][] out = new double[paths][horizon];
        for (int p = 0; p < paths; p++) {
            EtsMath.Recursion rec = EtsMath.Recursion.from(this);
            for (int h = 0; h < horizon; h++) {
                double yhat = rec.forecast();
                double e = sigma * rng.nextGaussian();
                out[p][h] = multError ? yhat * (1 + e) : yhat + e;
                rec.update(e);
            }
        }
        return out;
    }

    /**
     * Classes 1 and 2 of Hyndman et al. (2008, section 6.3, table 6.1): the point forecast follows the recursion
     * with the innovations at 0; {@code v_h = sigma2 (1 + sum_{j<h} c_j^2)} with
     * {@code c_j = alpha + beta phi_j + gamma [j mod m = 0]} ({@code phi_j = phi + ... + phi^j}) for additive
     * errors, and {@code v_h = (1 + sigma2) theta_h - mu_h^2},
     * {@code theta_h = mu_h^2 + sigma2 sum_{j<h} c_j^2 theta_{h-j}} for multiplicative ones.
     */
    private double[][] classOneOrTwo(int horizon) {
        boolean trend = model.trend() != Trend.NONE;
        boolean seasonal = model.season() != Season.NONE;
        double alpha = parameters.alpha();
        double beta = trend ? parameters.beta() : 0;
        double gamma = seasonal ? parameters.gamma() : 0;
        double phi = trend ? parameters.phi() : 0;
        double level = lastState[0];
        double slope = trend ? lastState[1] : 0;
        double[] mu = new double[horizon];
        double[] c = new double[horizon];
        double phiSum = 0;
        double phiPower = 1;
        for (int h = 1; h <= horizon; h++) {
            phiPower *= phi;
            phiSum += phiPower;
            mu[h - 1] = level + phiSum * slope + (seasonal ? seasonalAhead(h) : 0);
            c[h - 1] = alpha + beta * phiSum + (seasonal && h % period == 0 ? gamma : 0);
        }
        double[] var = new double[horizon];
        if (model.error() == Error.ADDITIVE) {
            double cum = 0;
            for (int h = 1; h <= horizon; h++) {
                var[h - 1] = sigma2 * (1 + cum);
                cum += c[h - 1] * c[h - 1];
            }
        } else {
            double[] theta = new double[horizon];
            for (int h = 1; h <= horizon; h++) {
                double s = 0;
                for (int j = 1; j < h; j++) {
                    s += c[j - 1] * c[j - 1] * theta[h - j - 1];
                }
                theta[h - 1] = mu[h - 1] * mu[h - 1] + sigma2 * s;
                var[h - 1] = (1 + sigma2) * theta[h - 1] - mu[h - 1] * mu[h - 1];
            }
        }
        return new double[][] {mu, var};
    }

    /** The seasonal state that step h (1-based) reuses: the same season in the last observed cycle. */
    private double seasonalAhead(int h) {
        int first = model.trend() != Trend.NONE ? 2 : 1;
        return lastState[first + period - 1 - (h - 1) % period];
    }

    /**
     * Class 3 (multiplicative errors and season) by the moment recursions of Hyndman, Koehler, Ord and Snyder (2005,
     * section 4): with x = (l, b) and z the seasonal states, the state is the matrix M = x z', and
     * {@code M_h = F1 M F2' + sigma2 G1 M G2'} gives the mean, a Kronecker-product recursion for Var(vec M) the
     * variance. The damped trend enters F1 = [[1, phi], [0, phi]], G1 = [[alpha, alpha phi], [beta, beta phi]] and
     * H1 = [1, phi], as the model's equations have it.
     */
    private double[][] classThree(int horizon) {
        boolean trend = model.trend() != Trend.NONE;
        int q = trend ? 2 : 1;
        int m = period;
        int dim = q * m;
        double alpha = parameters.alpha();
        double beta = trend ? parameters.beta() : 0;
        double gamma = parameters.gamma();
        double phi = trend ? parameters.phi() : 0;
        double[][] f1 = trend ? new double[][] {{1, phi}, {0, phi}} : new double[][] {{1}};
        double[][] g1 = trend ? new double[][] {{alpha, alpha * phi}, {beta, beta * phi}} : new double[][] {{alpha}};
        double[] h1 = trend ? new double[] {1, phi} : new double[] {1};
        double[][] f2 = new double[m][m];
        f2[0][m - 1] = 1;
        for (int i = 1; i < m; i++) {
            f2[i][i - 1] = 1;
        }
        double[][] g2 = new double[m][m];
        g2[0][m - 1] = gamma;
        double[] x = Arrays.copyOf(lastState, q);
        double[] z = Arrays.copyOfRange(lastState, q, q + m);
        double[][] mh = new double[q][m];
        for (int a = 0; a < q; a++) {
            for (int c = 0; c < m; c++) {
                mh[a][c] = x[a] * z[c];
            }
        }
        double[][] f21 = kron(f2, f1);
        double[][] g21 = kron(g2, g1);
        double[][] k = add(kron(g2, f1), kron(f2, g1));
        double[] h21 = new double[dim];
        for (int a = 0; a < q; a++) {
            h21[a + q * (m - 1)] = h1[a];
        }
        double[][] v = new double[dim][dim];
        double[] mu = new double[horizon];
        double[] var = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            double mean = 0;
            for (int a = 0; a < q; a++) {
                mean += h1[a] * mh[a][m - 1];
            }
            mu[h] = mean;
            var[h] = (1 + sigma2) * quadratic(h21, v) + sigma2 * mean * mean;
            double[] vec = new double[dim];
            for (int a = 0; a < q; a++) {
                for (int c = 0; c < m; c++) {
                    vec[a + q * c] = mh[a][c];
                }
            }
            double[][] outer = new double[dim][dim];
            for (int i = 0; i < dim; i++) {
                for (int j = 0; j < dim; j++) {
                    outer[i][j] = vec[i] * vec[j];
                }
            }
            double[][] next = sandwich(f21, v, f21);
            double[][] cross = add(sandwich(f21, v, g21), sandwich(g21, v, f21));
            double[][] kk = sandwich(k, add(v, outer), k);
            double[][] gg = sandwich(g21, add(scale(v, 3), scale(outer, 2)), g21);
            v = add(next, scale(add(add(cross, kk), scale(gg, sigma2)), sigma2));
            mh = add(multiply(multiply(f1, mh), transpose(f2)), scale(multiply(multiply(g1, mh), transpose(g2)), sigma2));
        }
        return new double[][] {mu, var};
    }

    private static double quadratic(double[] h, double[][] v) {
        double s = 0;
        for (int i = 0; i < h.length; i++) {
            if (h[i] != 0) {
                for (int j = 0; j < h.length; j++) {
                    s += h[i] * v[i][j] * h[j];
                }
            }
        }
        return s;
    }

    /** The Kronecker product b (x) a, indexed to match vec() stacking columns: row a + q c. */
    private static double[][] kron(double[][] b, double[][] a) {
        int q = a.length;
        int m = b.length;
        double[][] out = new double[q * m][q * m];
        for (int c = 0; c < m; c++) {
            for (int c2 = 0; c2 < m; c2++) {
                if (b[c][c2] != 0) {
                    for (int r = 0; r < q; r++) {
                        for (int r2 = 0; r2 < q; r2++) {
                            out[r + q * c][r2 + q * c2] = b[c][c2] * a[r][r2];
                        }
                    }
                }
            }
        }
        return out;
    }

    /** a v b'. */
    private static double[][] sandwich(double[][] a, double[][] v, double[][] b) {
        return multiply(multiply(a, v), transpose(b));
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int inner = b.length;
        int p = b[0].length;
        double[][] out = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < inner; k++) {
                double aik = a[i][k];
                if (aik != 0) {
                    for (int j = 0; j < p; j++) {
                        out[i][j] += aik * b[k][j];
                    }
                }
            }
        }
        return out;
    }

    private static double[][] transpose(double[][] a) {
        double[][] out = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                out[j][i] = a[i][j];
            }
        }
        return out;
    }

    private static double[][] add(double[][] a, double[][] b) {
        double[][] out = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                out[i][j] = a[i][j] + b[i][j];
            }
        }
        return out;
    }

    private static double[][] scale(double[][] a, double s) {
        double[][] out = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                out[i][j] = a[i][j] * s;
            }
        }
        return out;
    }

    @Override
    public double[] initialState() {
        return initialState.clone();
    }

    @Override
    public double[] lastState() {
        return lastState.clone();
    }

    @Override
    public double[] fitted() {
        return fitted.clone();
    }

    @Override
    public double[] residuals() {
        return residuals.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EtsFit f && model.equals(f.model) && period == f.period && parameters.equals(f.parameters)
                && Arrays.equals(initialState, f.initialState) && Arrays.equals(fitted, f.fitted)
                && Double.compare(sigma2, f.sigma2) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, period, parameters, Arrays.hashCode(initialState), sigma2);
    }

    @Override
    public String toString() {
        return "EtsFit[" + model + ", alpha=" + parameters.alpha() + (Double.isNaN(parameters.beta()) ? ""
                : ", beta=" + parameters.beta()) + (Double.isNaN(parameters.gamma()) ? "" : ", gamma=" + parameters.gamma())
                + (model.trend() == Trend.DAMPED ? ", phi=" + parameters.phi() : "") + ", sigma2=" + sigma2
                + ", logLik=" + logLikelihood + ", AICc=" + aicc() + "]";
    }
}
