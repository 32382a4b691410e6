package seqlab.forecast;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * Nelder and Mead's (1965) simplex minimiser, with the standard coefficients (reflection 1, expansion 2,
 * contraction 1/2, shrink 1/2) as in Lagarias, Reeds, Wright and Wright (1998), "Convergence properties of the
 * Nelder-Mead simplex method in low dimensions", SIAM J. Optim. 9(1). Bounds and other constraints are expressed
 * as in R's ets: the objective returns {@code +Infinity} outside the feasible region, which the simplex then avoids.
 *
 * <p>One run can stall on a degenerate simplex, notably against a constraint, so {@link #minimize} restarts from
 * the best point with fresh simplices of other sizes and orientations until restarts stop improving the value by
 * more than the tolerance: the restarts R's optim documentation recommends for Nelder-Mead, and the reason fits
 * here reach likelihoods at least as good as R's.
 */
final class NelderMead {

    /** The minimum found: the point, its value, and the objective evaluations spent. */
    record Result(double[] point, double value, int evaluations) {
    }

    /**
     * Simplex sizes (times the given steps) for the first search and each restart. A restart with the same simplex
     * would retrace the same path, so each starts smaller or mirrored; two restarts in a row without progress end
     * the search.
     */
    private static final double[] RESTART_SCALES = {1, -1, 0.5, -0.5, 0.1, -0.1, 1, -1, 0.5, -0.5, 0.1, -0.1};

    private NelderMead() {
    }

    /**
     * Minimises {@code f} from {@code start}, whose value must be finite.
     *
     * @param step           initial simplex: vertex i is {@code start} moved by {@code step[i]} along axis i (moved the
     *                       other way when that is infeasible)
     * @param tolerance      converged when the simplex's values spread less than {@code tolerance * (|best| + tolerance)}
     * @param maxEvaluations budget over all restarts
     */
    static Result minimize(ToDoubleFunction<double[]> f, double[] start, double[] step, double tolerance,
                           int maxEvaluations) {
        double[] x = start.clone();
        double fx = f.applyAsDouble(x);
        if (!Double.isFinite(fx)) {
            throw new IllegalStateException("Nelder-Mead: the objective is " + fx + " at the start " + Arrays.toString(x));
        }
        int used = 1;
        int idle = 0;
        for (int restart = 0; restart < RESTART_SCALES.length && used < maxEvaluations && idle < 2; restart++) {
            double[] s = step.clone();
            for (int i = 0; i < s.length; i++) {
                s[i] *= RESTART_SCALES[restart];
            }
            Result r = run(f, x, fx, s, tolerance, maxEvaluations - used);
            used += r.evaluations();
            boolean improved = fx - r.value() > tolerance * (Math.abs(fx) + tolerance);
            if (r.value() < fx) {
                x = r.point();
                fx = r.value();
            }
            idle = improved ? 0 : idle + 1;
        }
        return new Result(x, fx, used);
    }

    private static Result run(ToDoubleFunction<double[]> f, double[] start, double fStart, double[] step,
                              double tolerance, int budget) {
        int n = start.length;
        double[][] p = new double[n + 1][];
        double[] v = new double[n + 1];
        p[0] = start.clone();
        v[0] = fStart;
        int used = 0;
        for (int i = 0; i < n; i++) {
            // A vertex outside the feasible region would waste the first iterations: try the other direction, then
            // ever shorter steps, so the simplex starts inside where it can.
            double[] q = start.clone();
            double fq = Double.POSITIVE_INFINITY;
            double h = step[i];
            for (int tries = 0; tries < 30 && !Double.isFinite(fq); tries++, h /= 2) {
                q[i] = start[i] + h;
                fq = f.applyAsDouble(q);
                used++;
                if (!Double.isFinite(fq)) {
                    q[i] = start[i] - h;
                    fq = f.applyAsDouble(q);
                    used++;
                }
            }
            p[i + 1] = q;
            v[i + 1] = fq;
        }
        Integer[] order = new Integer[n + 1];
        double[] centroid = new double[n];
        while (used < budget) {
            for (int i = 0; i <= n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
            int best = order[0];
            int worst = order[n];
            int second = order[n - 1];
            if (v[worst] - v[best] <= tolerance * (Math.abs(v[best]) + tolerance)) {
                break;
            }
            Arrays.fill(centroid, 0);
            for (int i = 0; i <= n; i++) {
                if (i != worst) {
                    for (int j = 0; j < n; j++) {
                        centroid[j] += p[i][j] / n;
                    }
                }
            }
            double[] xr = along(centroid, p[worst], -1);
            double fr = f.applyAsDouble(xr);
            used++;
            if (fr < v[best]) {
                double[] xe = along(centroid, p[worst], -2);
                double fe = f.applyAsDouble(xe);
                used++;
                if (fe < fr) {
                    p[worst] = xe;
                    v[worst] = fe;
                } else {
                    p[worst] = xr;
                    v[worst] = fr;
                }
                continue;
            }
            if (fr < v[second]) {
                p[worst] = xr;
                v[worst] = fr;
                continue;
            }
            boolean outside = fr < v[worst];
            double[] xc = outside ? along(centroid, p[worst], -0.5) : along(centroid, p[worst], 0.5);
            double fc = f.applyAsDouble(xc);
            used++;
            if (outside ? fc <= fr : fc < v[worst]) {
                p[worst] = xc;
                v[worst] = fc;
                continue;
            }
            for (int i = 0; i <= n; i++) {
                if (i != best) {
                    for (int j = 0; j < n; j++) {
                        p[i][j] = p[best][j] + 0.5 * (p[i][j] - p[best][j]);
                    }
                    v[i] = f.applyAsDouble(p[i]);
                    used++;
                }
            }
        }
        int best = 0;
        for (int i = 1; i <= n; i++) {
            if (v[i] < v[best]) {
                best = i;
            }
        }
        return new Result(p[best].clone(), v[best], used);
    }

    /** centroid + t * (vertex - centroid): t = -1 reflects the vertex, -2 expands, +-1/2 contracts. */
    private static double[] along(double[] centroid, double[] vertex, double t) {
        double[] x = new double[centroid.length];
        for (int j = 0; j < x.length; j++) {
            x[j] = centroid[j] + t * (vertex[j] - centroid[j]);
        }
        return x;
    }
}
