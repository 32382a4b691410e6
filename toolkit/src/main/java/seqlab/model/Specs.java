package seqlab.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What the three spec types share: the settings map, the printed form, name checks. */
final class Specs {
    private Specs() {
    }

    /** {@code family} first, then every knob in order. */
    static <S> Map<String, Object> settings(String family, Settings<S> settings, S spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", family);
        m.putAll(settings.values(spec));
        return m;
    }

    /**
     * {@code family(hidden=64, layers=2, bidirectional, dropout=0.3)}: the width, then every setting that differs from
     * the family's defaults (switches by name alone), then the name when one was given.
     */
    static String describe(Map<String, Object> settings, Map<String, Object> defaults, String label) {
        StringBuilder sb = new StringBuilder().append(settings.get("family")).append("(hidden=").append(settings.get("hidden"));
        for (var e : settings.entrySet()) {
            String k = e.getKey();
            if (k.equals("family") || k.equals("hidden") || Objects.equals(e.getValue(), defaults.get(k))) {
                continue;
            }
            sb.append(", ").append(k);
            if (!Boolean.TRUE.equals(e.getValue())) {
                sb.append('=').append(format(e.getValue()));
            }
        }
        if (label != null) {
            sb.append(", name=").append(label);
        }
        return sb.append(')').toString();
    }

    /** A setting's value as names show it: {@code 0.0001} rather than {@code 1.0E-4}, {@code none} for null. */
    static String format(Object v) {
        if (v == null) {
            return "none";
        }
        if (v instanceof Double d && Double.isFinite(d)) {
            return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        return v.toString();
    }

    static String checkLabel(String label) {
        if (label != null && (label.isBlank() || !label.strip().equals(label))) {
            throw new IllegalArgumentException("a model's name must be non-blank without surrounding spaces, got \""
                    + label + "\"");
        }
        return label;
    }
}
