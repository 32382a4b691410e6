package seqlab.stats;

/**
 * Argument checks shared by the tests, so every test words the same mistake the same way. The wording differs from
 * {@code seqlab.metric}'s on purpose: a NaN here is a run's score or error, and the fix is to rerun or drop the run,
 * not to impute.
 */
final class Inputs {
    private Inputs() {}

    /** {@code candidate[i] - reference[i]}, after checking that both are non-empty, finite and paired. */
    static double[] differences(String test, String first, double[] a, String second, double[] b) {
        sameLength(test, first, a.length, second, b.length);
        notEmpty(test, first, a.length);
        finite(test, first, a);
        finite(test, second, b);
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    static void sameLength(String test, String first, int firstLength, String second, int secondLength) {
        if (firstLength != secondLength) {
            throw new IllegalArgumentException(test + ": " + first + " has " + firstLength + " values but " + second
                    + " has " + secondLength + "; a paired test needs one " + second + " value per " + first
                    + " value, in the same order (same seeds, same test examples)");
        }
    }

    static void notEmpty(String test, String name, int length) {
        if (length == 0) {
            throw new IllegalArgumentException(test + ": " + name + " is empty; it needs at least one value");
        }
    }

    static void finite(String test, String name, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(test + ": " + name + "[" + i + "] is " + values[i]
                        + "; a diverged or failed run has no score: rerun it, or leave it out of the comparison");
            }
        }
    }

    static void level(String test, double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException(test + ": confidence level " + level
                    + " must lie strictly between 0 and 1, e.g. 0.95");
        }
    }

    static void alpha(String test, double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException(test + ": significance level alpha " + alpha
                    + " must lie strictly between 0 and 1, e.g. 0.05");
        }
    }

    static void margin(String test, double margin) {
        if (!(margin > 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException(test + ": equivalence margin " + margin
                    + " must be finite and > 0, in the units of the metric (e.g. 0.01 for one accuracy point)");
        }
    }

    static void name(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is " + (value == null ? "null" : "blank")
                    + "; give the model or metric its name as it appears in the results");
        }
    }
}
