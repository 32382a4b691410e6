package seqlab.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable mapping between tokens and integer ids, built from the training split only.
 *
 * <p>The four special tokens have fixed ids in every vocabulary, so code may use the constants directly:
 * <table>
 *   <caption>Special tokens</caption>
 *   <tr><th>id</th><th>token</th><th>use</th></tr>
 *   <tr><td>0</td><td>{@code <pad>}</td><td>fills batches to a common length ({@link PaddedBatch})</td></tr>
 *   <tr><td>1</td><td>{@code <unk>}</td><td>every token not in the vocabulary</td></tr>
 *   <tr><td>2</td><td>{@code <bos>}</td><td>begin of sequence: the first decoder input</td></tr>
 *   <tr><td>3</td><td>{@code <eos>}</td><td>end of sequence: appended to sources and targets</td></tr>
 * </table>
 * The other tokens follow from id 4 on, ordered by training frequency, highest first, ties broken by
 * {@link String#compareTo} so the same training tokens give the same ids on every machine and run. A training token
 * spelled like a special token ({@code "<unk>"} in the text) maps to that special token and is not counted.
 */
public final class Vocabulary {
    public static final String PAD = "<pad>";
    public static final String UNK = "<unk>";
    public static final String BOS = "<bos>";
    public static final String EOS = "<eos>";
    public static final int PAD_ID = 0;
    public static final int UNK_ID = 1;
    public static final int BOS_ID = 2;
    public static final int EOS_ID = 3;
    /** The special tokens in id order. */
    public static final List<String> SPECIALS = List.of(PAD, UNK, BOS, EOS);

    private final List<String> tokens;
    private final Map<String, Integer> ids;
    private final Map<String, Integer> counts;

    private Vocabulary(List<String> tokens, Map<String, Integer> counts) {
        this.tokens = Collections.unmodifiableList(tokens);
        this.counts = counts;
        Map<String, Integer> m = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            m.put(tokens.get(i), i);
        }
        this.ids = m;
    }

    /** Every training token, however rare. */
    public static Vocabulary build(Collection<? extends List<String>> trainingSequences) {
        return build(trainingSequences, 1, Integer.MAX_VALUE);
    }

    /**
     * Builds a vocabulary from tokenized training sequences.
     *
     * @param trainingSequences the training split's token lists (never validation or test: that would leak)
     * @param minFrequency      tokens seen fewer times become {@code <unk>}; at least 1
     * @param maxSize           the largest vocabulary, special tokens included; the most frequent tokens are kept
     */
    public static Vocabulary build(Collection<? extends List<String>> trainingSequences, int minFrequency, int maxSize) {
        if (trainingSequences.isEmpty()) {
            throw new IllegalArgumentException("Vocabulary.build: no training sequences; pass the tokenized training split");
        }
        if (minFrequency < 1) {
            throw new IllegalArgumentException("Vocabulary.build: minFrequency must be >= 1, got " + minFrequency);
        }
        if (maxSize < SPECIALS.size()) {
            throw new IllegalArgumentException("Vocabulary.build: maxSize " + maxSize + " leaves no room for the "
                    + SPECIALS.size() + " special tokens " + SPECIALS + "; use at least " + (SPECIALS.size() + 1));
        }
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> seq : trainingSequences) {
            for (String t : seq) {
                if (!SPECIALS.contains(t)) {
                    counts.merge(t, 1, Integer::sum);
                }
            }
        }
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.removeIf(e -> e.getValue() < minFrequency);
        entries.sort((a, b) -> a.getValue().equals(b.getValue())
                ? a.getKey().compareTo(b.getKey())
                : Integer.compare(b.getValue(), a.getValue()));
        List<String> tokens = new ArrayList<>(SPECIALS);
        Map<String, Integer> kept = new HashMap<>();
        for (Map.Entry<String, Integer> e : entries) {
            if (tokens.size() >= maxSize) {
                break;
            }
            tokens.add(e.getKey());
            kept.put(e.getKey(), e.getValue());
        }
        return new Vocabulary(tokens, kept);
    }

    /**
     * A vocabulary with exactly these tokens after the specials, in this order (to restore a saved one; frequencies
     * are unknown and reported as 0).
     */
    public static Vocabulary of(List<String> tokens) {
        List<String> all = new ArrayList<>(SPECIALS);
        java.util.Set<String> seen = new java.util.HashSet<>(SPECIALS);
        for (String t : tokens) {
            if (t == null || !seen.add(t)) {
                throw new IllegalArgumentException("Vocabulary.of: token '" + t + "' is null, repeated or a special token "
                        + SPECIALS + "; list each ordinary token once");
            }
            all.add(t);
        }
        return new Vocabulary(all, Map.of());
    }

    /** Number of ids, special tokens included. */
    public int size() {
        return tokens.size();
    }

    /** The id of {@code token}, or {@link #UNK_ID} if it is not in the vocabulary. */
    public int id(String token) {
        Integer i = ids.get(token);
        return i == null ? UNK_ID : i;
    }

    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    /** The token with this id. */
    public String token(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IndexOutOfBoundsException("Vocabulary: id " + id + " outside 0.." + (tokens.size() - 1));
        }
        return tokens.get(id);
    }

    /** All tokens in id order, special tokens first. */
    public List<String> tokens() {
        return tokens;
    }

    /** How often {@code token} occurred in the training sequences (0 for special, unknown or restored tokens). */
    public int frequency(String token) {
        return counts.getOrDefault(token, 0);
    }

    /** The ids of {@code tokens}; unknown tokens become {@link #UNK_ID}. No {@code <bos>}/{@code <eos>} is added. */
    public int[] encode(List<String> tokens) {
        int[] out = new int[tokens.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = id(tokens.get(i));
        }
        return out;
    }

    /** The tokens of {@code ids}, one for one, special tokens included. */
    public List<String> lookup(int[] ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            out.add(token(id));
        }
        return out;
    }

    /**
     * The tokens of a model's output: {@code <pad>} and {@code <bos>} are skipped and decoding stops at the first
     * {@code <eos>}; {@code <unk>} is kept so unknown words stay visible.
     */
    public List<String> decode(int[] ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            if (id == EOS_ID) {
                break;
            }
            if (id != PAD_ID && id != BOS_ID) {
                out.add(token(id));
            }
        }
        return out;
    }

    /** Fraction of the tokens in {@code sequences} that map to {@code <unk>}, 0 when there are none. */
    public double unknownRate(Collection<? extends List<String>> sequences) {
        long all = 0;
        long unknown = 0;
        for (List<String> s : sequences) {
            for (String t : s) {
                all++;
                if (!ids.containsKey(t)) {
                    unknown++;
                }
            }
        }
        return all == 0 ? 0 : (double) unknown / all;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && v.tokens.equals(tokens);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }

    /** Size and the first tokens, e.g. {@code Vocabulary(size=1204: <pad>, <unk>, <bos>, <eos>, the, ., a, ...)}. */
    @Override
    public String toString() {
        int shown = Math.min(tokens.size(), 14);
        return "Vocabulary(size=" + tokens.size() + ": " + String.join(", ", tokens.subList(0, shown))
                + (shown < tokens.size() ? ", ...)" : ")");
    }
}
