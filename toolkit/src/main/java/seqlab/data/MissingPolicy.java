package seqlab.data;

import java.util.ArrayList;
import java.util.List;

/**
 * What a loader does with missing points of a series on its regular calendar grid: an empty value, or a date
 * on the grid that has no row at all. Missing values are never read as zero.
 */
public enum MissingPolicy {
    /**
     * Interior gaps are filled by linear interpolation between the nearest observed values on either side,
     * linear in the step index (so a weekly gap is linear in time; a monthly one ignores month lengths).
     * Leading and trailing gaps cannot be interpolated and are trimmed. Filled positions are listed in
     * {@link TimeSeries#imputed()}.
     */
    LINEAR_INTERPOLATION,

    /** Any missing point is an error naming the first missing date. */
    REJECT;

    /**
     * A stretch of a series with its interior gaps filled.
     *
     * @param values  the filled values
     * @param imputed sorted positions in {@code values} that were filled rather than observed
     */
    public record Filled(double[] values, List<Integer> imputed) {
        public Filled {
            values = values.clone();
            imputed = List.copyOf(imputed);
        }

        @Override
        public double[] values() {
            return values.clone();
        }
    }

    /**
     * {@link #LINEAR_INTERPOLATION} of {@code raw[from .. to)}: each NaN becomes the straight line, in step index,
     * between the nearest observed values on either side. Both ends must be observed (trim leading and trailing
     * gaps first).
     */
    public static Filled interpolate(double[] raw, int from, int to) {
        if (from >= to || Double.isNaN(raw[from]) || Double.isNaN(raw[to - 1])) {
            throw new IllegalArgumentException("interpolate: the stretch [" + from + ", " + to + ") must be non-empty"
                    + " and start and end with observed values; trim leading and trailing gaps first");
        }
        double[] v = java.util.Arrays.copyOfRange(raw, from, to);
        List<Integer> imputed = new ArrayList<>();
        int prevObserved = 0;
        for (int g = 1; g < v.length; g++) {
            if (Double.isNaN(v[g])) {
                continue;
            }
            int gap = g - prevObserved;
            for (int k = 1; k < gap; k++) {
                v[prevObserved + k] = v[prevObserved] + (v[g] - v[prevObserved]) * k / gap;
                imputed.add(prevObserved + k);
            }
            prevObserved = g;
        }
        return new Filled(v, imputed);
    }
}
