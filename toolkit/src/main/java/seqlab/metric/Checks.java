package seqlab.metric;

import java.util.List;

/** Argument checks shared by the metrics, so every metric words the same mistake the same way. */
final class Checks {
    private Checks() {}

    static void sameLength(String what, String firstName, int first, String secondName, int second) {
        if (first != second) {
            throw new IllegalArgumentException(what + ": " + firstName + " has " + first + " values but "
                    + secondName + " has " + second + "; pass one " + secondName + " value per " + firstName
                    + " value, in the same order");
        }
    }

    static void notEmpty(String what, String name, int length) {
        if (length == 0) {
            throw new IllegalArgumentException(what + ": " + name + " is empty; it needs at least one value");
        }
    }

    static void finite(String what, String name, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (Double.isInfinite(values[i])) {
                // An infinity is an overflow (a diverged model, an inverse transform past double range), not a gap.
                throw new IllegalArgumentException(what + ": " + name + "[" + i + "] is " + values[i] + ", an overflow"
                        + (name.equals("forecast") ? ": the model's output left the double range (did training "
                                + "diverge? check the losses, lower the learning rate or clip gradients)"
                                : ": the values exceed the double range; rescale them"));
            }
            if (Double.isNaN(values[i])) {
                throw new IllegalArgumentException(what + ": " + name + "[" + i + "] is NaN"
                        + (name.equals("forecast") ? ": the model produced no number (did training diverge?)"
                                : "; remove or impute missing values before computing the metric"));
            }
        }
    }

    static <T> void noNulls(String what, String name, List<T> values) {
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new IllegalArgumentException(what + ": " + name + ".get(" + i + ") is null; "
                        + "use an empty string for an empty sentence");
            }
        }
    }
}
