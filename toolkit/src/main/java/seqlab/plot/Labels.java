package seqlab.plot;

import java.util.Locale;
import java.util.Map;

/**
 * How a column or metric key reads in a title, an axis or a sentence: {@code mase} is "MASE", {@code macro_f1}
 * "macro-F1", {@code train_loss} "training loss", {@code accuracy_ci95} "accuracy (95% CI half-width)". Keys it does
 * not know read with spaces for underscores. {@link #sentence} capitalises a title's first word unless its case is
 * already meaningful ("sMAPE by model" stays as it is).
 */
public final class Labels {
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("accuracy", "accuracy"),
            Map.entry("macro_f1", "macro-F1"),
            Map.entry("f1", "F1"),
            Map.entry("bleu", "BLEU"),
            Map.entry("chrf", "chrF"),
            Map.entry("mase", "MASE"),
            Map.entry("mae", "MAE"),
            Map.entry("mse", "MSE"),
            Map.entry("rmse", "RMSE"),
            Map.entry("smape", "sMAPE"),
            Map.entry("mape", "MAPE"),
            Map.entry("crps", "CRPS"),
            Map.entry("msis", "MSIS"),
            Map.entry("nll", "NLL"),
            Map.entry("train_loss", "training loss"),
            Map.entry("validation_loss", "validation loss"),
            Map.entry("val_loss", "validation loss"),
            Map.entry("grad_norm", "gradient norm"),
            Map.entry("seconds_per_epoch", "seconds per epoch"),
            Map.entry("train_seconds", "training seconds"),
            Map.entry("tokens_per_s", "tokens/s"),
            Map.entry("params", "parameters"),
            Map.entry("lr", "learning rate"));
    private static final Map<String, String> SUFFIXES = Map.of(
            "_mean", " (mean)",
            "_sd", " (sd)",
            "_ci95", " (95% CI half-width)");

    private Labels() {
    }

    /** The display name of a column or metric key; unknown keys with spaces for underscores. */
    public static String of(String key) {
        if (key == null || key.isBlank()) {
            return "";
        }
        String k = key.strip();
        for (var s : SUFFIXES.entrySet()) {
            if (k.endsWith(s.getKey()) && k.length() > s.getKey().length()) {
                return of(k.substring(0, k.length() - s.getKey().length())) + s.getValue();
            }
        }
        String known = NAMES.get(k.toLowerCase(Locale.ROOT));
        return known != null ? known : k.replace('_', ' ');
    }

    /**
     * {@code text} in sentence case: the first letter upper case when the first word is plain lower case ("test
     * MASE" becomes "Test MASE"); a first word with its own capitals ("sMAPE", "chrF", "dL/dh") is left alone.
     */
    public static String sentence(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        int end = 0;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        String first = text.substring(0, end);
        if (!Character.isLowerCase(first.charAt(0)) || !first.equals(first.toLowerCase(Locale.ROOT))) {
            return text;
        }
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
