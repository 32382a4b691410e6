package seqlab.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named knobs of one type, in a fixed order: the order of its {@code settings()} map, of its canonical JSON and
 * of the valid keys an error lists.
 *
 * @param <S> the type they set
 */
public final class Settings<S> {
    private final Map<String, Setting<S>> byKey = new LinkedHashMap<>();

    @SafeVarargs
    public Settings(List<Setting<S>>... groups) {
        for (List<Setting<S>> g : groups) {
            for (Setting<S> s : g) {
                if (byKey.put(s.key, s) != null) {
                    throw new IllegalStateException("setting '" + s.key + "' is defined twice");
                }
            }
        }
    }

    public List<String> keys() {
        return List.copyOf(byKey.keySet());
    }

    public boolean has(String key) {
        return byKey.containsKey(key);
    }

    /** Every knob's value on {@code spec}, in order, as JSON-ready values. */
    public Map<String, Object> values(S spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        byKey.forEach((k, s) -> m.put(k, s.get(spec)));
        return m;
    }

    /** {@code spec} with {@code key} set to {@code raw}; an unknown key or a bad value fails naming the valid ones. */
    public S with(S spec, String key, Object raw, String owner) {
        Setting<S> s = byKey.get(key);
        if (s == null) {
            throw new IllegalArgumentException(owner + " has no setting '" + key + "'; its settings are "
                    + String.join(", ", byKey.keySet()));
        }
        return s.set(spec, raw, owner);
    }

    /** One line per knob: key, values, meaning. */
    public List<String> help() {
        List<String> out = new ArrayList<>();
        byKey.values().forEach(s -> out.add(s.toString()));
        return out;
    }
}
