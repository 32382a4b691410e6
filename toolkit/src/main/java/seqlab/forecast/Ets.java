package seqlab.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Exponential smoothing as an innovations state-space model, ETS(error, trend, season) in the taxonomy of Hyndman,
 * Koehler, Ord and Snyder (2008), "Forecasting with Exponential Smoothing: The State Space Approach" (Springer):
 * simple exponential smoothing is ETS(A,N,N), Holt's linear trend ETS(A,A,N), its damped form (Gardner and McKenzie
 * 1985) ETS(A,Ad,N), and Holt-Winters ETS(A,A,A) with additive or ETS(M,A,M) with multiplicative seasonality.
 *
 * <pre>{@code
 * Forecast f = Ets.holtWinters(Ets.Season.MULTIPLICATIVE).forecast(Datasets.airline().values(), 12, 24);
 * EtsFit fit = Ets.holt(true).fit(history, 1);   // alpha, beta, phi, initial states, log-likelihood, AICc
 * }</pre>
 *
 * <p><b>Fitting</b> is by maximum likelihood, as Hyndman et al. (2008, ch. 5) define it and R's
 * {@code forecast::ets} (the reference implementation) does it: smoothing parameters and initial states together
 * minimise {@code n log(sum e_t^2)} plus, for multiplicative errors, {@code 2 sum log|yhat_t|}. The search starts
 * from the heuristic states of Hyndman, Koehler, Snyder and Grose (2002, section 2.6.1), as forecast 8.20 computes
 * them (classical decomposition of the series for the seasonal states, a Fourier-term regression when there are
 * fewer than three seasons, a line through the first max(10, 2m) adjusted values for level and trend), and from
 * R's starting parameters. {@link NelderMead} minimises it inside the bounds R uses by default ({@code bounds =
 * "both"}): the usual region {@code 1e-4 <= alpha <= 0.9999}, {@code 1e-4 <= beta <= alpha},
 * {@code 1e-4 <= gamma <= 1 - alpha}, {@code 0.8 <= phi <= 0.98}, intersected with the admissible (forecastable)
 * region of Hyndman et al. (2008, ch. 10), whose seasonal part is a root condition checked here with the
 * Schur-Cohn test.
 *
 * <p><b>Prediction intervals</b> are Gaussian with the analytic forecast variances of Hyndman et al. (2008,
 * ch. 6): exact for class 1 (additive errors) and class 2 (multiplicative errors, no multiplicative season), the
 * approximation of Hyndman, Koehler, Ord and Snyder (2005, "Prediction intervals for exponential smoothing using
 * two new classes of state space models", J. Forecasting 24) for class 3 (multiplicative errors and season), whose
 * point forecast is then the forecast mean rather than the plain recursion. These match R's forecast 8.20 except
 * for damped class-3 models (M,Ad,M), where R's matrices drop the damping in the first step; the damped form is
 * used here, so its mean at step 1 is the model's one-step forecast.
 *
 * <p>Additive errors with a multiplicative season are refused, as R does by default: the model is numerically
 * unstable (Hyndman et al. 2008, section 15.1). Multiplicative trends are not offered. Seasonal models need
 * {@code 2 <= period <=} {@link #MAX_PERIOD}: longer seasons have too many initial states to estimate.
 *
 * @param error  additive or multiplicative errors
 * @param trend  none, additive, or additive damped
 * @param season none, additive or multiplicative
 */
public record Ets(Error error, Trend trend, Season season) implements ForecastMethod {

    /** The longest season a seasonal ETS model accepts, as in R's ets: each season adds an initial state. */
    public static final int MAX_PERIOD = 24;

    /** Objective evaluations for each start's short search, and for polishing the best. */
    private static final int SCOUT_EVALUATIONS = 4_000;
    private static final int POLISH_EVALUATIONS = 60_000;

    /** How the error enters the model. */
    public enum Error { ADDITIVE, MULTIPLICATIVE }

    /** The trend component. */
    public enum Trend { NONE, ADDITIVE, DAMPED }

    /** The seasonal component. */
    public enum Season { NONE, ADDITIVE, MULTIPLICATIVE }

    /**
     * Smoothing parameters; NaN where the model has no such component.
     *
     * @param alpha level smoothing
     * @param beta  trend smoothing (NaN without a trend)
     * @param gamma seasonal smoothing (NaN without a season)
     * @param phi   damping (1 for an undamped trend, NaN without a trend)
     */
    public record Parameters(double alpha, double beta, double gamma, double phi) {
    }

    public Ets {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(trend, "trend");
        Objects.requireNonNull(season, "season");
        if (error == Error.ADDITIVE && season == Season.MULTIPLICATIVE) {
            throw new IllegalArgumentException("ETS(A," + trendCode(trend) + ",M): additive errors with a multiplicative"
                    + " season are numerically unstable (Hyndman et al. 2008, section 15.1); use multiplicative errors,"
                    + " Ets.holtWinters(Ets.Season.MULTIPLICATIVE) = ETS(M,A,M)");
        }
    }

    /** Simple exponential smoothing, ETS(A,N,N). */
    public static Ets ses() {
        return new Ets(Error.ADDITIVE, Trend.NONE, Season.NONE);
    }

    /** Holt's linear trend, ETS(A,A,N). */
    public static Ets holt() {
        return holt(false);
    }

    /** Holt's linear trend, damped (ETS(A,Ad,N)) or not (ETS(A,A,N)). */
    public static Ets holt(boolean damped) {
        return new Ets(Error.ADDITIVE, damped ? Trend.DAMPED : Trend.ADDITIVE, Season.NONE);
    }

    /** Holt-Winters as R's {@code hw}: ETS(A,A,A) for an additive season, ETS(M,A,M) for a multiplicative one. */
    public static Ets holtWinters(Season season) {
        return holtWinters(season, false);
    }

    /** Holt-Winters with a damped trend or not: ETS(A,Ad,A) / ETS(M,Ad,M), or as {@link #holtWinters(Season)}. */
    public static Ets holtWinters(Season season, boolean damped) {
        Trend t = damped ? Trend.DAMPED : Trend.ADDITIVE;
        return switch (season) {
            case ADDITIVE -> new Ets(Error.ADDITIVE, t, Season.ADDITIVE);
            case MULTIPLICATIVE -> new Ets(Error.MULTIPLICATIVE, t, Season.MULTIPLICATIVE);
            case NONE -> throw new IllegalArgumentException("Holt-Winters needs a season (ADDITIVE or MULTIPLICATIVE); "
                    + "use Ets.holt() for a trend without a season");
        };
    }

    /** The model with code {@code code}, e.g. {@code "MAdM"} or {@code "ETS(M,Ad,M)"}, as R writes them. */
    public static Ets of(String code) {
        String c = code.replace("ETS", "").replaceAll("[(), ]", "").toUpperCase(Locale.ROOT);
        if (!c.matches("[AM](N|A|AD)[NAM]")) {
            throw new IllegalArgumentException("Unknown ETS model '" + code + "'; write error, trend and season as in "
                    + "\"ANN\", \"AAdN\", \"MAM\" (error A|M, trend N|A|Ad, season N|A|M)");
        }
        Error e = c.charAt(0) == 'A' ? Error.ADDITIVE : Error.MULTIPLICATIVE;
        Trend t = c.charAt(1) == 'N' ? Trend.NONE : c.length() == 4 ? Trend.DAMPED : Trend.ADDITIVE;
        char s = c.charAt(c.length() - 1);
        Season season = s == 'N' ? Season.NONE : s == 'A' ? Season.ADDITIVE : Season.MULTIPLICATIVE;
        return new Ets(e, t, season);
    }

    /** The compact code, e.g. {@code "MAdM"}. */
    public String code() {
        return (error == Error.ADDITIVE ? "A" : "M") + trendCode(trend) + seasonCode(season);
    }

    /**
     * The familiar name where there is one ({@code ses}, {@code holt}, {@code holt-damped}, {@code holt-winters-additive},
     * {@code holt-winters-multiplicative}, with {@code -damped} for damped Holt-Winters), else {@code ets(M,N,M)}.
     */
    @Override
    public String label() {
        String damped = trend == Trend.DAMPED ? "-damped" : "";
        if (error == Error.ADDITIVE && season == Season.NONE) {
            return trend == Trend.NONE ? "ses" : "holt" + damped;
        }
        if (trend != Trend.NONE && (error == Error.ADDITIVE) == (season == Season.ADDITIVE)) {
            return "holt-winters-" + (season == Season.ADDITIVE ? "additive" : "multiplicative") + damped;
        }
        return "ets(" + (error == Error.ADDITIVE ? "A" : "M") + "," + trendCode(trend) + "," + seasonCode(season) + ")";
    }

    @Override
    public String toString() {
        return "ETS(" + (error == Error.ADDITIVE ? "A" : "M") + "," + trendCode(trend) + "," + seasonCode(season) + ")";
    }

    /** Fits by maximum likelihood and forecasts {@code horizon} steps. */
    @Override
    public Forecast forecast(double[] history, int period, int horizon) {
        return fit(history, period).forecast(horizon);
    }

    /**
     * Fits by maximum likelihood (see the class description).
     *
     * @param y      the observed series, finite (strictly positive for multiplicative errors or season)
     * @param period steps in one season; ignored without a season
     */
    public EtsFit fit(double[] y, int period) {
        int m = checkData(y, period);
        double[] state = EtsMath.heuristicState(this, y, m);
        int k = parameterCount();
        int size = k + state.length;
        int needed = size + 2;
        if (y.length < needed) {
            throw new IllegalArgumentException(this + " estimates " + size + " parameters and initial states, so it"
                    + " needs at least " + needed + " values, not " + y.length + "; use a simpler model ("
                    + (season != Season.NONE ? "without the season" : "Ets.ses()") + ") or a longer history");
        }
        double scale = 0;
        for (double v : y) {
            scale += Math.abs(v) / y.length;
        }
        // The simplex searches over logistic transforms of the smoothing parameters, which map the whole line onto
        // R's usual bounds (beta's upper bound moving with alpha, gamma's with 1 - alpha): a simplex pressed against
        // a bound expressed as +Infinity stalls there. Only the admissibility condition is left as +Infinity.
        // A short search from each start, then the most promising two polished to convergence: the starts find the
        // basin, and the polish costs what one search would.
        java.util.function.ToDoubleFunction<double[]> objective = u -> EtsMath.objective(this, m, EtsMath.fromSearch(this, u), y);
        List<NelderMead.Result> scouts = new ArrayList<>();
        for (double[] start : startParameters(m)) {
            double[] x = new double[size];
            System.arraycopy(start, 0, x, 0, k);
            System.arraycopy(state, 0, x, k, state.length);
            if (!Double.isFinite(EtsMath.objective(this, m, x, y))) {
                continue;
            }
            double[] u = EtsMath.toSearch(this, x);
            double[] step = new double[size];
            for (int i = 0; i < size; i++) {
                boolean seasonalState = season == Season.MULTIPLICATIVE && i >= k + (trend == Trend.NONE ? 1 : 2);
                step[i] = i < k ? 0.5 : 0.1 * Math.max(Math.abs(x[i]), seasonalState ? 0.1 : 0.01 * scale);
            }
            scouts.add(NelderMead.minimize(objective, u, step, 1e-8, SCOUT_EVALUATIONS));
        }
        NelderMead.Result best = null;
        scouts.sort(java.util.Comparator.comparingDouble(NelderMead.Result::value));
        for (NelderMead.Result scout : scouts.subList(0, Math.min(2, scouts.size()))) {
            double[] u = scout.point();
            double[] step = new double[size];
            for (int i = 0; i < size; i++) {
                step[i] = i < k ? 0.2 : 0.05 * Math.max(Math.abs(u[i]), 0.01 * scale);
            }
            NelderMead.Result r = NelderMead.minimize(objective, u, step, 1e-12, POLISH_EVALUATIONS);
            if (best == null || r.value() < best.value()) {
                best = r;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException(this + ": no starting point has a finite likelihood on this series "
                    + "(forecasts at or below zero under multiplicative errors); use an additive model");
        }
        return evaluate(y, m, EtsMath.fromSearch(this, best.point()), size);
    }

    /**
     * Evaluates the model at given parameters and initial state, without fitting: for reproducing a published fit.
     *
     * @param initialState l, b (with a trend), then the seasonal states most recent first: s[0], s[-1], ...,
     *                     s[-m+1] (all m of them)
     */
    public EtsFit withParameters(double[] y, int period, Parameters parameters, double[] initialState) {
        int m = checkData(y, period);
        double[] p = new double[parameterCount() + initialState.length - extraSeasonal()];
        int i = 0;
        p[i++] = parameters.alpha();
        if (trend != Trend.NONE) {
            p[i++] = parameters.beta();
        }
        if (season != Season.NONE) {
            p[i++] = parameters.gamma();
        }
        if (trend == Trend.DAMPED) {
            p[i++] = parameters.phi();
        }
        int expected = 1 + (trend == Trend.NONE ? 0 : 1) + (season == Season.NONE ? 0 : m);
        if (initialState.length != expected) {
            throw new IllegalArgumentException(this + " with period " + m + " has " + expected + " initial states, "
                    + "not " + initialState.length + " (level" + (trend == Trend.NONE ? "" : ", trend")
                    + (season == Season.NONE ? "" : ", " + m + " seasonal") + ")");
        }
        System.arraycopy(initialState, 0, p, i, p.length - i);
        EtsFit fit = evaluate(y, m, p, p.length);
        double[] last = fit.initialState();
        if (season != Season.NONE && Math.abs(last[last.length - 1] - initialState[initialState.length - 1])
                > 1e-6 * (1 + Math.abs(initialState[initialState.length - 1]))) {
            throw new IllegalArgumentException(this + ": the seasonal initial states must sum to "
                    + (season == Season.ADDITIVE ? "0" : String.valueOf(m)) + "; the last one should be "
                    + last[last.length - 1] + ", not " + initialState[initialState.length - 1]);
        }
        return fit;
    }

    private EtsFit evaluate(double[] y, int m, double[] p, int estimated) {
        EtsMath.Run run = EtsMath.run(this, m, p, y, true);
        if (!Double.isFinite(run.objective())) {
            throw new IllegalArgumentException(this + ": the parameters " + java.util.Arrays.toString(p)
                    + " are outside the admissible region or make a forecast non-positive under multiplicative errors");
        }
        int n = y.length;
        double sigma2 = run.sse() / (n - estimated);
        double logLik = -0.5 * run.objective() - 0.5 * n * (Math.log(2 * Math.PI / n) + 1);
        int k = parameterCount();
        Parameters params = new Parameters(p[0], trend != Trend.NONE ? p[1] : Double.NaN,
                season != Season.NONE ? p[trend != Trend.NONE ? 2 : 1] : Double.NaN,
                trend == Trend.DAMPED ? p[k - 1] : trend == Trend.ADDITIVE ? 1 : Double.NaN);
        return new EtsFit(this, m, params, run.initialState(), run.lastState(), run.fitted(), run.residuals(),
                sigma2, logLik, estimated + 1, y.length);
    }

    /** Smoothing parameters estimated: alpha, then beta, gamma, phi where the model has them. */
    int parameterCount() {
        return 1 + (trend != Trend.NONE ? 1 : 0) + (season != Season.NONE ? 1 : 0) + (trend == Trend.DAMPED ? 1 : 0);
    }

    /** The seasonal state not estimated because the seasonal states sum to a constant. */
    private int extraSeasonal() {
        return season == Season.NONE ? 0 : 1;
    }

    /**
     * Starting smoothing parameters: R's (alpha a fifth of the way up its range over m, beta and gamma near their
     * lower bounds, phi near 0.98), then a few more spread over the region, since the likelihood has local optima
     * that a single simplex search from R's start does not escape.
     */
    private List<double[]> startParameters(int m) {
        List<double[]> starts = new ArrayList<>();
        double alpha = EtsMath.LOWER + 0.2 * (EtsMath.UPPER - EtsMath.LOWER) / m;
        starts.add(start(alpha, EtsMath.LOWER + 0.1 * (Math.min(EtsMath.UPPER, alpha) - EtsMath.LOWER),
                EtsMath.LOWER + 0.05 * (Math.min(EtsMath.UPPER, 1 - alpha) - EtsMath.LOWER),
                EtsMath.PHI_LOWER + 0.99 * (EtsMath.PHI_UPPER - EtsMath.PHI_LOWER)));
        for (double a : new double[] {0.2, 0.5, 0.8}) {
            starts.add(start(a, 0.1 * a, 0.3 * (1 - a), 0.9));
        }
        return starts;
    }

    private double[] start(double alpha, double beta, double gamma, double phi) {
        double[] p = new double[parameterCount()];
        int i = 0;
        p[i++] = alpha;
        if (trend != Trend.NONE) {
            p[i++] = beta;
        }
        if (season != Season.NONE) {
            p[i++] = gamma;
        }
        if (trend == Trend.DAMPED) {
            p[i] = phi;
        }
        return p;
    }

    private int checkData(double[] y, int period) {
        Series.check(toString(), y);
        if (error == Error.MULTIPLICATIVE || season == Season.MULTIPLICATIVE) {
            Series.checkPositive(toString(), y);
        }
        if (season == Season.NONE) {
            return 1;
        }
        if (period < 2) {
            throw new IllegalArgumentException(this + " needs a seasonal period of at least 2, got " + period
                    + "; use a model without a season for a non-seasonal series");
        }
        if (period > MAX_PERIOD) {
            throw new IllegalArgumentException(this + ": seasonal period " + period + " is above " + MAX_PERIOD
                    + "; a season that long has too many initial states to estimate. Use Theta (classical decomposition)"
                    + " or a model without a season");
        }
        if (y.length < period + 2) {
            throw new IllegalArgumentException(this + " needs more than one season of data: " + y.length
                    + " values for period " + period);
        }
        return period;
    }

    private static String trendCode(Trend t) {
        return switch (t) {
            case NONE -> "N";
            case ADDITIVE -> "A";
            case DAMPED -> "Ad";
        };
    }

    private static String seasonCode(Season s) {
        return switch (s) {
            case NONE -> "N";
            case ADDITIVE -> "A";
            case MULTIPLICATIVE -> "M";
        };
    }
}
