package seqlab.data;

import java.util.List;

/**
 * Splits a text into tokens. Implementations are stateless and thread-safe, so one instance serves a whole dataset.
 *
 * <p>Two ship: {@link #words()} (lower-cased words and single punctuation marks, see {@link WordTokenizer}) and
 * {@link #characters()} (one token per character, see {@link CharacterTokenizer}). Any function {@code String ->
 * List<String>} plugs in: {@code Tokenizer t = s -> List.of(s.split(" "));}.
 */
@FunctionalInterface
public interface Tokenizer {

    /** The tokens of {@code text}, in order; never {@code null}, possibly empty. */
    List<String> tokenize(String text);

    /**
     * Joins tokens back into a text, for showing decoded output and for metrics that tokenize themselves (BLEU). The
     * default puts one space between tokens; character tokenizers join with nothing.
     */
    default String join(List<String> tokens) {
        return String.join(" ", tokens);
    }

    /** Lower-cased words with punctuation split off: {@code "Don't stop!" -> [don't, stop, !]}. */
    static Tokenizer words() {
        return WordTokenizer.DEFAULT;
    }

    /** Lower-cased characters, whitespace runs as one {@code " "} token. */
    static Tokenizer characters() {
        return CharacterTokenizer.DEFAULT;
    }

    /** Splits on Unicode whitespace only, keeping case and punctuation: for text that is already tokenized. */
    static Tokenizer whitespace() {
        return text -> {
            String t = text.strip();
            return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
        };
    }
}
