package seqlab.data;

import java.util.Objects;

/** A sentence and its translation. */
public record SentencePair(String source, String target) {

    public SentencePair {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
    }

    /** The pair read the other way round. */
    public SentencePair reversed() {
        return new SentencePair(target, source);
    }
}
