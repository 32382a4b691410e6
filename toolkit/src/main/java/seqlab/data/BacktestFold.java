package seqlab.data;

import java.util.Arrays;

/**
 * One forecast origin of a rolling-origin backtest: the model sees steps {@code [trainStart, trainEnd)} and is scored
 * on {@code [testStart, testEnd)}, where {@code trainEnd == testStart == origin}.
 */
public record BacktestFold(int index, int trainStart, int origin, int testEnd) {

    public int trainEnd() {
        return origin;
    }

    public int testStart() {
        return origin;
    }

    public int trainSize() {
        return origin - trainStart;
    }

    public int horizon() {
        return testEnd - origin;
    }

    /** This fold's training values of {@code series}. */
    public double[] train(double[] series) {
        check(series);
        return Arrays.copyOfRange(series, trainStart, origin);
    }

    /** This fold's test values of {@code series}. */
    public double[] test(double[] series) {
        check(series);
        return Arrays.copyOfRange(series, origin, testEnd);
    }

    private void check(double[] series) {
        if (series.length < testEnd) {
            throw new IllegalArgumentException("BacktestFold: the fold ends at step " + testEnd + " but the series has "
                    + series.length + " values; use the series the folds were made for");
        }
    }

    @Override
    public String toString() {
        return "BacktestFold(" + index + ": train [" + trainStart + ", " + origin + "), test [" + origin + ", " + testEnd + "))";
    }
}
