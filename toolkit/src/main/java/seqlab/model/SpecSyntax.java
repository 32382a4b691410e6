package seqlab.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A spec written as text: a base name and settings, {@code lstm[hidden=128,layers=2]} (what tables show for a grid
 * point) or {@code lstm:hidden=128:layers=2} (the same, without characters a shell treats specially). Values stay
 * strings here; the spec's typed settings convert and check them.
 *
 * @param base     the name before the settings
 * @param settings key to value, in the order written
 */
public record SpecSyntax(String base, Map<String, String> settings) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_+.-]*");
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]*");

    public SpecSyntax {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** Parses either form; a malformed one fails with a one-line message showing the forms. */
    public static SpecSyntax parse(String text) {
        String t = text == null ? "" : text.strip();
        String usage = "; write name[key=value,...] or name:key=value:..., e.g. lstm[hidden=128,layers=2] or "
                + "lstm:hidden=128:layers=2";
        String base, rest;
        char sep;
        int bracket = t.indexOf('['), colon = t.indexOf(':');
        if (bracket >= 0 && (colon < 0 || bracket < colon)) {
            if (!t.endsWith("]")) {
                throw new IllegalArgumentException("'" + text + "' opens [ without closing it" + usage);
            }
            base = t.substring(0, bracket);
            rest = t.substring(bracket + 1, t.length() - 1);
            sep = ',';
        } else if (colon >= 0) {
            base = t.substring(0, colon);
            rest = t.substring(colon + 1);
            sep = ':';
        } else {
            base = t;
            rest = null;
            sep = ',';
        }
        if (!NAME.matcher(base).matches()) {
            throw new IllegalArgumentException("'" + text + "' does not start with a model name" + usage);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        if (rest != null) {
            if (rest.isBlank()) {
                throw new IllegalArgumentException("'" + text + "' has no settings after the name" + usage);
            }
            for (String part : rest.split(Pattern.quote(String.valueOf(sep)), -1)) {
                int eq = part.indexOf('=');
                String key = eq < 0 ? "" : part.substring(0, eq).strip();
                String value = eq < 0 ? "" : part.substring(eq + 1).strip();
                if (eq < 0 || !KEY.matcher(key).matches() || value.isEmpty()) {
                    throw new IllegalArgumentException("'" + text + "': '" + part + "' is not key=value" + usage);
                }
                if (settings.put(key, value) != null) {
                    throw new IllegalArgumentException("'" + text + "' sets '" + key + "' twice");
                }
            }
        }
        return new SpecSyntax(base, settings);
    }

    /** {@code base[k=v,...]}, or {@code base} alone without settings: the name of a grid point. */
    public static String name(String base, Map<String, ?> settings) {
        if (settings.isEmpty()) {
            return base;
        }
        StringBuilder sb = new StringBuilder(base).append('[');
        String sep = "";
        for (var e : settings.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(Specs.format(e.getValue()));
            sep = ",";
        }
        return sb.append(']').toString();
    }

    /** A setting's value as names show it: {@code 0.0001} rather than {@code 1.0E-4}, {@code none} for null. */
    public static String format(Object value) {
        return Specs.format(value);
    }

    @Override
    public String toString() {
        return name(base, settings);
    }
}
