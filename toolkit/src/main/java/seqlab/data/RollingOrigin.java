package seqlab.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Rolling-origin evaluation (Tashman 2000, "Out-of-sample tests of forecasting accuracy"): forecast {@code horizon}
 * steps from several origins, each time training on what precedes the origin only.
 *
 * <p>The last origin is {@code n - horizon}, so the final test part ends with the series; earlier origins step back
 * by {@code step} (default: the horizon, so test parts do not overlap). The training part is everything before the
 * origin ({@link #expanding}) or the {@code window} steps just before it ({@link #sliding}). Immutable:
 * {@code RollingOrigin.expanding(12).folds(5).minTrain(48).splits(series.length)}.
 */
public final class RollingOrigin {
    private final int horizon;
    private final int window;
    private final int step;
    private final int folds;
    private final int minTrain;

    private RollingOrigin(int horizon, int window, int step, int folds, int minTrain) {
        this.horizon = horizon;
        this.window = window;
        this.step = step;
        this.folds = folds;
        this.minTrain = minTrain;
    }

    /** Training on every step before the origin. */
    public static RollingOrigin expanding(int horizon) {
        checkHorizon(horizon);
        return new RollingOrigin(horizon, 0, horizon, 0, 1);
    }

    /** Training on the {@code window} steps before the origin. */
    public static RollingOrigin sliding(int window, int horizon) {
        checkHorizon(horizon);
        if (window < 1) {
            throw new IllegalArgumentException("RollingOrigin: window must be >= 1, got " + window);
        }
        return new RollingOrigin(horizon, window, horizon, 0, window);
    }

    /** Distance between consecutive origins. */
    public RollingOrigin step(int step) {
        if (step < 1) {
            throw new IllegalArgumentException("RollingOrigin: step must be >= 1, got " + step);
        }
        return new RollingOrigin(horizon, window, step, folds, minTrain);
    }

    /** Number of origins, the last ones of the series; 0 (default) takes every origin that leaves enough training. */
    public RollingOrigin folds(int folds) {
        if (folds < 0) {
            throw new IllegalArgumentException("RollingOrigin: folds must be >= 0, got " + folds);
        }
        return new RollingOrigin(horizon, window, step, folds, minTrain);
    }

    /** Least training length for the first origin (expanding only; a sliding window fixes it). Default 1. */
    public RollingOrigin minTrain(int minTrain) {
        if (minTrain < 1) {
            throw new IllegalArgumentException("RollingOrigin: minTrain must be >= 1, got " + minTrain);
        }
        if (window > 0) {
            throw new IllegalArgumentException("RollingOrigin: a sliding window always trains on " + window
                    + " steps; minTrain applies to expanding windows");
        }
        return new RollingOrigin(horizon, window, step, folds, minTrain);
    }

    /** The folds for a series of {@code n} values, earliest origin first. */
    public List<BacktestFold> splits(int n) {
        int last = n - horizon;
        int need = window > 0 ? window : minTrain;
        if (last < need) {
            throw new IllegalArgumentException("RollingOrigin: a series of " + n + " values cannot hold " + need
                    + " training steps and a horizon of " + horizon + "; use a shorter horizon or training part");
        }
        int count = folds > 0 ? folds : (last - need) / step + 1;
        int first = last - (count - 1) * step;
        if (first < need) {
            throw new IllegalArgumentException("RollingOrigin: " + count + " folds " + step + " steps apart with horizon "
                    + horizon + " and " + need + " training steps need " + (need + (count - 1) * step + horizon)
                    + " values, the series has " + n + "; use at most " + ((last - need) / step + 1) + " folds or a smaller step");
        }
        List<BacktestFold> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int origin = first + i * step;
            out.add(new BacktestFold(i, window > 0 ? origin - window : 0, origin, origin + horizon));
        }
        return List.copyOf(out);
    }

    private static void checkHorizon(int horizon) {
        if (horizon < 1) {
            throw new IllegalArgumentException("RollingOrigin: horizon must be >= 1, got " + horizon);
        }
    }

    @Override
    public String toString() {
        return "RollingOrigin(" + (window > 0 ? "sliding window " + window : "expanding, minTrain " + minTrain)
                + ", horizon " + horizon + ", step " + step + (folds > 0 ? ", folds " + folds : "") + ")";
    }
}
