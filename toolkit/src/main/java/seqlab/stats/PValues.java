package seqlab.stats;

import java.util.Locale;

/** How p-values are printed everywhere in this package, so tables, reports and console lines agree. */
final class PValues {
    private PValues() {}

    /** {@code 0.0123}, {@code 0.0004}, or {@code <0.0001}; NaN prints as {@code -}. */
    static String format(double p) {
        if (Double.isNaN(p)) {
            return "-";
        }
        if (p < 1e-4) {
            return "<0.0001";
        }
        return String.format(Locale.ROOT, "%.4f", p);
    }

    /** {@code "p = 0.0123"} or {@code "p < 0.0001"}: the p-value with its relation, for sentences. */
    static String equation(String name, double p) {
        String f = format(p);
        return f.startsWith("<") ? name + " < " + f.substring(1) : name + " = " + f;
    }
}
