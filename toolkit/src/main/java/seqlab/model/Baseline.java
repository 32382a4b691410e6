package seqlab.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A task's reference point that is not a sequence model: the majority class, a bag-of-words logistic regression,
 * copying the source sentence, the naive, seasonal naive, drift and mean forecasts. Each task lists its own
 * ({@code Task.baselines()}) and knows how to compute them; a model that does not beat them has learnt nothing the
 * task needs.
 *
 * @param kind  what the task computes, e.g. {@code majority}, {@code bow}, {@code copy}, {@code seasonal-naive}
 * @param label the name tables show, or null for {@code kind}
 */
public record Baseline(String kind, String label) implements Candidate {

    public Baseline {
        Objects.requireNonNull(kind, "kind");
        if (kind.isBlank()) {
            throw new IllegalArgumentException("a baseline needs a kind, e.g. naive or majority");
        }
        if (label != null && label.isBlank()) {
            throw new IllegalArgumentException("a baseline's name must not be blank");
        }
    }

    /** The baseline {@code kind} under its own name. */
    public static Baseline of(String kind) {
        return new Baseline(kind, null);
    }

    /** The same baseline under another name. */
    public Baseline named(String name) {
        return new Baseline(kind, name);
    }

    @Override
    public String name() {
        return label != null ? label : kind;
    }

    @Override
    public String family() {
        return kind;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("baseline", kind);
        return m;
    }

    static Baseline fromSettings(Map<String, Object> m) {
        if (m.size() != 1 || !(m.get("baseline") instanceof String kind)) {
            throw new IllegalArgumentException("a baseline is {\"baseline\": kind}, got " + m);
        }
        return of(kind);
    }

    @Override
    public String toString() {
        return "baseline " + name();
    }
}
