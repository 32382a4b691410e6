package seqlab.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A tokenizer and a vocabulary together: text in, ids out, and back.
 *
 * <p>An empty text (or one whose tokens are all dropped) encodes as a single {@code <unk>}, so every sequence has at
 * least one real step: recurrent layers and pooling over real steps are undefined on empty sequences.
 */
public record TextEncoder(Tokenizer tokenizer, Vocabulary vocabulary) {

    /** Tokenizes {@code trainingTexts} and builds the vocabulary from them (only from them). */
    public static TextEncoder fit(Tokenizer tokenizer, List<String> trainingTexts, int minFrequency, int maxSize) {
        if (trainingTexts.isEmpty()) {
            throw new IllegalArgumentException("TextEncoder.fit: no training texts; pass the training split");
        }
        List<List<String>> tokens = new ArrayList<>(trainingTexts.size());
        for (String t : trainingTexts) {
            tokens.add(tokenizer.tokenize(t));
        }
        return new TextEncoder(tokenizer, Vocabulary.build(tokens, minFrequency, maxSize));
    }

    public int[] encode(String text) {
        int[] ids = vocabulary.encode(tokenizer.tokenize(text));
        return ids.length == 0 ? new int[] {Vocabulary.UNK_ID} : ids;
    }

    public List<int[]> encodeAll(List<String> texts) {
        List<int[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(encode(t));
        }
        return out;
    }

    /** The text of a model's output ids (see {@link Vocabulary#decode}), joined by the tokenizer. */
    public String decode(int[] ids) {
        return tokenizer.join(vocabulary.decode(ids));
    }
}
