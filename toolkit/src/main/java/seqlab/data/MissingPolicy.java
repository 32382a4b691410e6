package seqlab.data;

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
    REJECT
}
