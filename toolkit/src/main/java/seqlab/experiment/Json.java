package seqlab.experiment;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import seqlab.train.Adam;
import seqlab.train.OptimizerSpec;
import seqlab.train.RmsProp;
import seqlab.train.Sgd;

/**
 * The JSON of experiments: stored trials, trials that travel to other JVMs, and the canonical form a trial's identity
 * hashes. Reading is strict (an unknown or missing field, or a null where a number belongs, is an error), so a file
 * that is not what it claims fails instead of filling in defaults.
 */
final class Json {
    /** Indented, for files people read. */
    static final ObjectMapper PRETTY = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addMixIn(OptimizerSpec.class, OptimizerTypes.class)
            .build();

    /** One line: what crosses between JVMs. */
    static final ObjectMapper COMPACT = PRETTY.copy().disable(SerializationFeature.INDENT_OUTPUT);

    /** Keys sorted at every level, no spaces: equal values give equal bytes, which a trial's id hashes. */
    static final ObjectMapper CANONICAL = JsonMapper.builder()
            .disable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .addMixIn(OptimizerSpec.class, OptimizerTypes.class)
            .build();

    private Json() {
    }

    /** The optimizer specs a {@link TrainConfig} may hold, by name ({@code seqlab.train} knows nothing of JSON). */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Adam.Spec.class, name = "adam"),
        @JsonSubTypes.Type(value = Sgd.Spec.class, name = "sgd"),
        @JsonSubTypes.Type(value = RmsProp.Spec.class, name = "rmsprop")
    })
    interface OptimizerTypes {
    }
}
