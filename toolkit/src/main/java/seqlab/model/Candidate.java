package seqlab.model;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One contender of a comparison: a trainable network described by a {@link ModelSpec}, or a task's {@link Baseline}.
 * Written to JSON as its {@link #settings()} plus its display name, and read back through the same validated code
 * as {@link ModelSpec#with(String, Object)}, so a stored trial cannot hold a spec the API would refuse.
 */
@JsonDeserialize(using = Candidate.Reader.class)
public sealed interface Candidate permits ModelSpec, Baseline {

    /** The name tables and charts show; a label when one was given, else derived from the settings. */
    String name();

    /** The encoder family ({@code rnn}, {@code lstm}, ...) or the baseline's kind ({@code naive}, ...). */
    String family();

    /**
     * Everything that determines what this candidate computes, every default spelled out, as JSON-ready values in a
     * fixed order; the display name is not part of it. Two candidates with equal settings train and predict the same.
     */
    Map<String, Object> settings();

    /** The JSON form: {@link #settings()} plus {@code "name"} when a label was given. */
    @JsonValue
    default Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>(settings());
        String label = label();
        if (label != null) {
            m.put("name", label);
        }
        return m;
    }

    /** The name given with {@code named(...)}, or null when the name is derived. */
    String label();

    /** A candidate from its JSON form: a map with {@code baseline} is a {@link Baseline}, else a {@link ModelSpec}. */
    static Candidate fromJson(Map<String, Object> json) {
        Map<String, Object> m = new LinkedHashMap<>(json);
        Object name = m.remove("name");
        if (name != null && !(name instanceof String)) {
            throw new IllegalArgumentException("a spec's name must be a string, got " + name);
        }
        Candidate c = m.containsKey("baseline") ? Baseline.fromSettings(m) : Models.fromSettings(m);
        return name == null ? c : c instanceof ModelSpec s ? s.named((String) name) : ((Baseline) c).named((String) name);
    }

    /** Jackson's way in to {@link #fromJson}. */
    final class Reader extends StdDeserializer<Candidate> {
        public Reader() {
            super(Candidate.class);
        }

        @Override
        public Candidate deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            Map<String, Object> m = p.readValueAs(new TypeReference<Map<String, Object>>() { });
            try {
                return fromJson(m);
            } catch (IllegalArgumentException e) {
                throw JsonMappingException.from(p, e.getMessage(), e);
            }
        }
    }
}
