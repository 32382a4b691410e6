package seqlab.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-pair encoding subwords (Sennrich, Haddow &amp; Birch 2016, "Neural Machine Translation of Rare Words with Subword
 * Units", section 3.2): start from characters and merge the most frequent adjacent pair of symbols, again and again,
 * so frequent words become one symbol and rare words a few, and no word of a known alphabet is ever {@code <unk>}.
 *
 * <pre>{@code
 * Bpe bpe = Bpe.learner().vocabularySize(8000).learn(trainingTexts);     // training split only
 * TextEncoder enc = bpe.textEncoder();
 * int[] ids = enc.encode("Das Haus ist größer.");   // frequent words one piece each, rare words a few
 * String text = enc.decode(ids);                    // "Das Haus ist größer."
 * bpe.save(Path.of("model/bpe.json"));              // merges + vocabulary, readable JSON; Bpe.load reads it back
 * }</pre>
 *
 * <p><b>Text to words</b> (identical when learning and encoding):
 * <ol>
 *   <li>Unicode NFC normalisation (canonical composition: {@code e + U+0301} becomes {@code é}), then lower-casing
 *       with {@link Locale#ROOT} if {@link Learner#lowerCase} is on (off by default: output keeps case).</li>
 *   <li>Whitespace separates chunks; {@code U+2581} in the input counts as whitespace, since it is the marker.</li>
 *   <li>Each chunk is cut into words: a maximal run of letters, combining marks and digits ({@code \p{L}\p{M}\p{N}}),
 *       or one other character (punctuation, symbols, emoji; a combining mark stays with the character before it).
 *       Merges never cross these cuts, so punctuation does not glue to words.</li>
 *   <li>Word boundaries are marked as in SentencePiece: the first word of each chunk starts with the symbol
 *       {@code ▁} ({@link #BOUNDARY}, U+2581). Sennrich et al. marked word ends with {@code </w>} instead; a
 *       start marker lets {@link #join} turn pieces back into text by concatenating them and writing {@code ▁} as a
 *       space, with no language-specific detokeniser.</li>
 * </ol>
 * So {@code join(tokenize(t))} equals {@code t} after NFC (and lower-casing if on), with whitespace runs collapsed to
 * one space and stripped at both ends: detokenised output compares with raw references, as sacreBLEU expects.
 *
 * <p><b>Learning.</b> Words are counted over the training texts; every character of them is in the alphabet
 * (symbols of one code point). Each step merges the adjacent pair with the highest count, summed over words weighted
 * by their counts (a pair that occurs twice in a word counts twice). <em>Ties go to the pair whose left symbol, then
 * right symbol, is greater in code-point order</em>: the rule of the reference implementation (subword-nmt's
 * {@code learn_bpe.py}, {@code max(stats, key=lambda x: (stats[x], x))}), which makes the result independent of the
 * order of the texts. Learning stops at the requested number of merges or vocabulary size, or when no pair occurs
 * {@link Learner#minPairFrequency} times (default 2: a merge of a pair seen once only memorises one word).
 *
 * <p><b>Encoding</b> a word starts from its characters and applies the learned merges in the order learned: the
 * adjacent pair of lowest rank is merged everywhere in the word (left to right, without overlap), until no pair has a
 * merge. A training word thus gets exactly the segmentation learning gave it. Results are cached per word.
 *
 * <p><b>Unknown characters</b> (not seen in training) stay single symbols that the vocabulary maps to {@code <unk>},
 * one per code point; the {@code ▁} before them is known, so word boundaries survive, and {@link #join} shows each as
 * {@code <unk>}.
 *
 * <p><b>Vocabulary</b> ({@link #vocabulary()}): the four special tokens of {@link Vocabulary}, then the alphabet
 * (training frequency, highest first, ties in code-point order), then the merged symbols in merge order. A joint
 * vocabulary for translation ({@link Learner#learnJoint}) is learned on both sides' training texts together, so
 * source and target share symbols and ids (for shared embeddings); separate ones are two {@link Learner#learn} calls.
 *
 * <p>Immutable and thread-safe.
 */
public final class Bpe implements Tokenizer {
    /** The word-start marker, U+2581 LOWER ONE EIGHTH BLOCK, as in SentencePiece. */
    public static final String BOUNDARY = "\u2581";
    /** The {@code format} field of a saved file. */
    public static final String FORMAT = "seqlab-bpe";
    private static final int FILE_VERSION = 1;
    private static final int CACHE_LIMIT = 200_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean lowerCase;
    private final int minPairFrequency;
    private final List<String> alphabet;
    private final List<String[]> merges;
    private final Map<String, Integer> ranks;
    private final Set<String> symbols;
    private final Vocabulary vocabulary;
    private final Map<String, List<String>> cache = new ConcurrentHashMap<>();

    private Bpe(boolean lowerCase, int minPairFrequency, List<String> alphabet, List<String[]> merges) {
        this.lowerCase = lowerCase;
        this.minPairFrequency = minPairFrequency;
        this.alphabet = List.copyOf(alphabet);
        this.merges = List.copyOf(merges);
        Map<String, Integer> r = new HashMap<>(merges.size() * 2);
        Set<String> s = new HashSet<>(alphabet);
        List<String> tokens = new ArrayList<>(alphabet);
        for (int i = 0; i < merges.size(); i++) {
            String[] m = merges.get(i);
            r.putIfAbsent(key(m[0], m[1]), i);
            if (s.add(m[0] + m[1])) {
                tokens.add(m[0] + m[1]);
            }
        }
        this.ranks = r;
        this.symbols = s;
        this.vocabulary = Vocabulary.of(tokens);
    }

    /** A learner with the defaults: 8,000 symbols (special tokens included), case kept, pairs seen at least twice. */
    public static Learner learner() {
        return new Learner(8000, 0, false, 2);
    }

    /**
     * How to learn a {@link Bpe}. Set either the vocabulary size or the number of merges (setting one clears the
     * other).
     *
     * @param vocabularySize   symbols wanted, the four special tokens included; 0 when {@code merges} is set
     * @param merges           merge operations wanted; 0 when {@code vocabularySize} is set
     * @param lowerCase        lower-case text before learning and encoding
     * @param minPairFrequency stop when the most frequent pair occurs fewer times (at least 1)
     */
    public record Learner(int vocabularySize, int merges, boolean lowerCase, int minPairFrequency) {

        public Learner {
            if (vocabularySize < 0 || merges < 0 || (vocabularySize == 0) == (merges == 0)) {
                throw new IllegalArgumentException("Bpe: set exactly one of vocabularySize (> "
                        + Vocabulary.SPECIALS.size() + ") and merges (> 0), got vocabularySize " + vocabularySize
                        + " and merges " + merges);
            }
            if (vocabularySize > 0 && vocabularySize <= Vocabulary.SPECIALS.size()) {
                throw new IllegalArgumentException("Bpe: a vocabulary of " + vocabularySize + " holds only the "
                        + Vocabulary.SPECIALS.size() + " special tokens; ask for more (e.g. 8000)");
            }
            if (minPairFrequency < 1) {
                throw new IllegalArgumentException("Bpe: minPairFrequency must be >= 1, got " + minPairFrequency);
            }
        }

        /** The vocabulary size to reach, special tokens included. */
        public Learner vocabularySize(int size) {
            return new Learner(size, 0, lowerCase, minPairFrequency);
        }

        /** The number of merges to learn (the vocabulary is then the alphabet plus the merges). */
        public Learner merges(int count) {
            return new Learner(0, count, lowerCase, minPairFrequency);
        }

        public Learner lowerCase(boolean on) {
            return new Learner(vocabularySize, merges, on, minPairFrequency);
        }

        public Learner minPairFrequency(int count) {
            return new Learner(vocabularySize, merges, lowerCase, count);
        }

        /** Learns from {@code trainingTexts} (pass the training split only: anything else leaks into the test). */
        public Bpe learn(List<String> trainingTexts) {
            if (trainingTexts.isEmpty()) {
                throw new IllegalArgumentException("Bpe.learn: no training texts; pass the training split");
            }
            Map<String, Integer> counts = new HashMap<>();
            for (String text : trainingTexts) {
                for (String w : words(text, lowerCase)) {
                    counts.merge(w, 1, Integer::sum);
                }
            }
            if (counts.isEmpty()) {
                throw new IllegalArgumentException("Bpe.learn: the " + trainingTexts.size()
                        + " training texts hold no characters; pass non-empty text");
            }
            Map<List<String>, Integer> words = new HashMap<>(counts.size() * 2);
            counts.forEach((w, c) -> words.merge(characters(w), c, Integer::sum));
            return fromWords(words);
        }

        /** One vocabulary for both sides of a parallel corpus, learned on their training texts together. */
        public Bpe learnJoint(List<String> sourceTexts, List<String> targetTexts) {
            List<String> all = new ArrayList<>(sourceTexts.size() + targetTexts.size());
            all.addAll(sourceTexts);
            all.addAll(targetTexts);
            return learn(all);
        }

        /**
         * Learns from words already split into symbols, with their counts, e.g. Sennrich et al.'s
         * {@code {[l, o, w, </w>]: 5, ...}}; every symbol of them is in the alphabet. {@link #learn} ends here.
         */
        public Bpe fromWords(Map<List<String>, Integer> words) {
            Map<String, Long> charCounts = new HashMap<>();
            words.forEach((w, c) -> {
                if (c < 1) {
                    throw new IllegalArgumentException("Bpe: word " + w + " has count " + c + "; counts must be >= 1");
                }
                for (String s : w) {
                    charCounts.merge(s, (long) c, Long::sum);
                }
            });
            List<String> alphabet = new ArrayList<>(charCounts.keySet());
            alphabet.sort((a, b) -> {
                int byCount = Long.compare(charCounts.get(b), charCounts.get(a));
                return byCount != 0 ? byCount : compareCodePoints(a, b);
            });
            int wanted = merges > 0 ? merges : Integer.MAX_VALUE, wantedSymbols = Integer.MAX_VALUE;
            if (vocabularySize > 0) {
                int room = vocabularySize - Vocabulary.SPECIALS.size() - alphabet.size();
                if (room < 0) {
                    throw new IllegalArgumentException("Bpe: a vocabulary of " + vocabularySize + " cannot hold the "
                            + Vocabulary.SPECIALS.size() + " special tokens and the " + alphabet.size()
                            + " characters of the training text; ask for at least "
                            + (Vocabulary.SPECIALS.size() + alphabet.size()));
                }
                wantedSymbols = room;
            }
            List<String[]> learned = new MergeLearner(words).learn(wanted, wantedSymbols, minPairFrequency);
            return new Bpe(lowerCase, minPairFrequency, alphabet, learned);
        }
    }

    // ------------------------------------------------------------------------------------------ text to words

    /** The marked words of {@code text}, as learning and encoding see them: {@code "Hi, you" -> [▁Hi, ",", ▁you]}. */
    public List<String> words(String text) {
        return words(text, lowerCase);
    }

    static List<String> words(String text, boolean lowerCase) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFC);
        if (lowerCase) {
            s = s.toLowerCase(Locale.ROOT);
        }
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean chunkStart = true;
        int kind = 0; // of the current word: 0 none, 1 letters/digits run, 2 a single other character
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x2581) {
                WordTokenizer.flush(word, out);
                kind = 0;
                chunkStart = true;
                continue;
            }
            if (Character.getType(cp) == Character.CONTROL) {
                continue; // invisible and unprintable: never part of a translation
            }
            boolean mark = isMark(cp);
            int k = mark || isWordChar(cp) ? 1 : 2;
            if (mark && kind != 0) {
                word.appendCodePoint(cp); // a combining mark stays with the character before it
                continue;
            }
            if (kind == 0 || kind == 2 || k == 2) {
                WordTokenizer.flush(word, out);
                if (chunkStart) {
                    word.append(BOUNDARY);
                    chunkStart = false;
                }
            }
            word.appendCodePoint(cp);
            kind = k;
        }
        WordTokenizer.flush(word, out);
        return out;
    }

    private static boolean isMark(int cp) {
        int t = Character.getType(cp);
        return t == Character.NON_SPACING_MARK || t == Character.ENCLOSING_MARK || t == Character.COMBINING_SPACING_MARK;
    }

    private static boolean isWordChar(int cp) {
        return Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.LETTER_NUMBER
                || Character.getType(cp) == Character.OTHER_NUMBER;
    }

    /** A word's initial symbols: its code points, the marker one of them. */
    static List<String> characters(String word) {
        List<String> out = new ArrayList<>(word.length());
        word.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
        return out;
    }

    // ------------------------------------------------------------------------------------------ encoding

    /** The subword pieces of {@code text} in order, e.g. {@code [▁Der, ▁Hund, ▁, l, äu, ft]}; empty for blank text. */
    @Override
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        for (String w : words(text, lowerCase)) {
            out.addAll(segment(w));
        }
        return out;
    }

    /** The pieces of one marked word (see {@link #words(String)}). */
    public List<String> segment(String word) {
        List<String> cached = cache.get(word);
        if (cached != null) {
            return cached;
        }
        List<String> s = applyMerges(characters(word));
        if (cache.size() < CACHE_LIMIT) {
            cache.put(word, s);
        }
        return s;
    }

    private List<String> applyMerges(List<String> symbols) {
        List<String> s = new ArrayList<>(symbols);
        while (s.size() > 1) {
            int best = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < s.size(); i++) {
                Integer r = ranks.get(key(s.get(i), s.get(i + 1)));
                if (r != null && r < best) {
                    best = r;
                }
            }
            if (best == Integer.MAX_VALUE) {
                break;
            }
            String[] m = merges.get(best);
            List<String> next = new ArrayList<>(s.size());
            for (int i = 0; i < s.size(); i++) {
                if (i + 1 < s.size() && s.get(i).equals(m[0]) && s.get(i + 1).equals(m[1])) {
                    next.add(m[0] + m[1]);
                    i++;
                } else {
                    next.add(s.get(i));
                }
            }
            s = next;
        }
        return List.copyOf(s);
    }

    /**
     * Detokenises: concatenates the pieces and writes each {@link #BOUNDARY} as a space (none at the start).
     * Special tokens other than {@code <unk>} are dropped; {@code <unk>} stays visible.
     */
    @Override
    public String join(List<String> tokens) {
        StringBuilder sb = new StringBuilder();
        for (String t : tokens) {
            if (t.equals(Vocabulary.PAD) || t.equals(Vocabulary.BOS) || t.equals(Vocabulary.EOS)) {
                continue;
            }
            sb.append(t);
        }
        String s = sb.toString().replace(BOUNDARY, " ");
        return s.strip();
    }

    /** The symbols with their ids: the special tokens, the alphabet, then the merged symbols in merge order. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** This tokenizer with {@link #vocabulary()}: text to ids and back. */
    public TextEncoder textEncoder() {
        return new TextEncoder(this, vocabulary);
    }

    /** The merges in the order learned, each as {@code [left, right]}. */
    public List<List<String>> merges() {
        List<List<String>> out = new ArrayList<>(merges.size());
        for (String[] m : merges) {
            out.add(List.of(m[0], m[1]));
        }
        return Collections.unmodifiableList(out);
    }

    /** The single-character symbols, training frequency order. */
    public List<String> alphabet() {
        return alphabet;
    }

    public boolean lowerCase() {
        return lowerCase;
    }

    /** Whether {@code symbol} is in the vocabulary (a character of the alphabet or a merged symbol). */
    public boolean isKnown(String symbol) {
        return symbols.contains(symbol);
    }

    // ------------------------------------------------------------------------------------------ files

    /**
     * Writes merges and vocabulary as readable JSON (UTF-8), atomically:
     * {@code {"format": "seqlab-bpe", "version": 1, "normalization": "NFC", "lower_case": false, "boundary": "▁",
     * "min_pair_frequency": 2, "special_tokens": [...], "alphabet": [...], "merges": ["e n", ...],
     * "vocabulary": [...]}}. A merge is {@code "left right"} (symbols never hold spaces); {@code vocabulary} lists
     * every token by id, special tokens first, for readers that only want the ids.
     */
    public void save(Path file) {
        if (file == null || file.toString().isBlank()) {
            throw new IllegalArgumentException("Bpe.save: the path is empty; give a file such as model/bpe.json");
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, toJson() + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Bpe.save: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The JSON {@link #save} writes, as text (what a stored trial keeps, so its outputs can be re-encoded). */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", FILE_VERSION);
        root.put("normalization", "NFC");
        root.put("lower_case", lowerCase);
        root.put("boundary", BOUNDARY);
        root.put("min_pair_frequency", minPairFrequency);
        ArrayNode specials = root.putArray("special_tokens");
        Vocabulary.SPECIALS.forEach(specials::add);
        ArrayNode a = root.putArray("alphabet");
        alphabet.forEach(a::add);
        ArrayNode m = root.putArray("merges");
        merges.forEach(p -> m.add(p[0] + " " + p[1]));
        ArrayNode v = root.putArray("vocabulary");
        vocabulary.tokens().forEach(v::add);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Reads the JSON of {@link #toJson}; {@code where} names its origin in errors. */
    public static Bpe fromJson(String json, String where) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("Bpe: " + where + " is not readable JSON (" + e.getMessage()
                    .lines().findFirst().orElse("") + "); write it with Bpe.save");
        }
        return parse(root, "Bpe: " + where);
    }

    /** Reads a file written by {@link #save}; a file that is not one, or is inconsistent, fails with what is wrong. */
    public static Bpe load(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("Bpe.load: no file " + file + "; write one with Bpe.save");
        } catch (IOException e) {
            throw new IllegalArgumentException("Bpe.load: " + file + " is not readable JSON (" + e.getMessage()
                    .lines().findFirst().orElse("") + "); write it with Bpe.save");
        }
        return parse(root, "Bpe.load: " + file);
    }

    private static Bpe parse(JsonNode root, String where) {
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException(where + " is not a seqlab BPE file (no \"format\": \"" + FORMAT
                    + "\"); for a Hugging Face tokenizer.json use HuggingFaceTokenizer.load");
        }
        if (root.path("version").asInt(-1) != FILE_VERSION) {
            throw new IllegalArgumentException(where + " has version " + root.path("version")
                    + "; this seqlab reads version " + FILE_VERSION + "; relearn the BPE or update seqlab");
        }
        if (!BOUNDARY.equals(root.path("boundary").asText()) || !"NFC".equals(root.path("normalization").asText())) {
            throw new IllegalArgumentException(where + " uses boundary " + root.path("boundary") + " and normalization "
                    + root.path("normalization") + "; this seqlab supports only \"" + BOUNDARY + "\" and \"NFC\"");
        }
        List<String> alphabet = strings(root, "alphabet", where);
        for (String c : alphabet) {
            if (c.isEmpty() || c.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(where + ": alphabet entry '" + c + "' is empty or holds whitespace; "
                        + "the file is damaged");
            }
        }
        Set<String> known = new HashSet<>(alphabet);
        List<String[]> merges = new ArrayList<>();
        for (String m : strings(root, "merges", where)) {
            String[] p = m.split(" ", -1);
            if (p.length != 2 || p[0].isEmpty() || p[1].isEmpty() || !known.contains(p[0]) || !known.contains(p[1])) {
                throw new IllegalArgumentException(where + ": merge " + (merges.size() + 1) + " '" + m + "' is not two "
                        + "symbols of the alphabet or of earlier merges separated by one space; the file is damaged");
            }
            merges.add(p);
            known.add(p[0] + p[1]);
        }
        Bpe bpe = new Bpe(root.path("lower_case").asBoolean(false), root.path("min_pair_frequency").asInt(2), alphabet,
                merges);
        if (root.has("vocabulary") && !strings(root, "vocabulary", where).equals(bpe.vocabulary.tokens())) {
            throw new IllegalArgumentException(where + ": its vocabulary list does not follow from its alphabet and "
                    + "merges; the file was edited or damaged");
        }
        return bpe;
    }

    private static List<String> strings(JsonNode root, String field, String where) {
        JsonNode n = root.get(field);
        if (n == null || !n.isArray()) {
            throw new IllegalArgumentException(where + " has no \"" + field + "\" list; write it with Bpe.save");
        }
        List<String> out = new ArrayList<>(n.size());
        for (JsonNode x : n) {
            if (!x.isTextual()) {
                throw new IllegalArgumentException(where + ": \"" + field + "\" holds " + x + ", not a string");
            }
            out.add(x.asText());
        }
        return out;
    }

    static String key(String left, String right) {
        return left + ' ' + right;
    }

    /** {@link String#compareTo} by code points, as Python compares strings (UTF-16 order differs above U+FFFF). */
    static int compareCodePoints(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i), y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Bpe b) || b.lowerCase != lowerCase || !b.alphabet.equals(alphabet)
                || b.merges.size() != merges.size()) {
            return false;
        }
        for (int i = 0; i < merges.size(); i++) {
            if (!java.util.Arrays.equals(merges.get(i), b.merges.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return vocabulary.hashCode() * 31 + Boolean.hashCode(lowerCase);
    }

    @Override
    public String toString() {
        return "Bpe(" + merges.size() + " merges, vocabulary " + vocabulary.size() + (lowerCase ? ", lower-cased" : "")
                + ")";
    }

    /**
     * The merge loop, with pair counts kept up to date incrementally: symbols are ints, a pair is one long key, each
     * merge revisits only the words that hold the pair, and a max-heap (stale entries skipped) finds the next best
     * pair. Only the pairs whose counts a merge changed are pushed again.
     */
    private static final class MergeLearner {
        private final List<String> symbols = new ArrayList<>();
        private final Map<String, Integer> symbolIds = new HashMap<>();
        private final List<int[]> words = new ArrayList<>();
        private final int[] counts;
        private final Map<Long, Long> pairCounts = new HashMap<>();
        private final Map<Long, Set<Integer>> where = new HashMap<>();
        private final java.util.PriorityQueue<Entry> heap = new java.util.PriorityQueue<>();

        MergeLearner(Map<List<String>, Integer> wordCounts) {
            // a fixed order, so a run never depends on hash order (the result would not either)
            List<Map.Entry<List<String>, Integer>> es = new ArrayList<>(wordCounts.entrySet());
            es.sort((a, b) -> String.join(" ", a.getKey()).compareTo(String.join(" ", b.getKey())));
            counts = new int[es.size()];
            for (int w = 0; w < es.size(); w++) {
                List<String> word = es.get(w).getKey();
                int[] ids = new int[word.size()];
                for (int k = 0; k < ids.length; k++) {
                    ids[k] = id(word.get(k));
                }
                words.add(ids);
                counts[w] = es.get(w).getValue();
                add(w, +1);
            }
            pairCounts.forEach((p, c) -> heap.add(entry(p, c)));
        }

        private int id(String symbol) {
            return symbolIds.computeIfAbsent(symbol, k -> {
                symbols.add(k);
                return symbols.size() - 1;
            });
        }

        private static long pair(int left, int right) {
            return ((long) left << 32) | (right & 0xffffffffL);
        }

        private Entry entry(long pair, long count) {
            return new Entry(symbols.get((int) (pair >>> 32)), symbols.get((int) pair), pair, count);
        }

        /** Merges until {@code merges} merges or {@code symbols} new symbols (two merges may make the same one). */
        List<String[]> learn(int merges, int newSymbols, int minPairFrequency) {
            List<String[]> out = new ArrayList<>();
            Set<String> made = new HashSet<>();
            while (out.size() < merges && made.size() < newSymbols) {
                Entry best = heap.poll();
                while (best != null && !Long.valueOf(best.count).equals(pairCounts.get(best.key))) {
                    best = heap.poll(); // stale: the count changed since this entry was pushed
                }
                if (best == null || best.count < minPairFrequency) {
                    break;
                }
                merge(best.key);
                out.add(new String[] {best.left, best.right});
                made.add(best.left + best.right);
            }
            return out;
        }

        private void merge(long p) {
            int left = (int) (p >>> 32), right = (int) p;
            int joined = id(symbols.get(left) + symbols.get(right));
            Map<Long, Long> before = new HashMap<>();
            List<Integer> holders = new ArrayList<>(where.getOrDefault(p, Set.of()));
            Collections.sort(holders);
            for (int w : holders) {
                int[] s = words.get(w);
                if (!contains(s, left, right)) {
                    continue;
                }
                remember(s, before);
                add(w, -1);
                int[] next = new int[s.length];
                int n = 0;
                for (int i = 0; i < s.length; i++) {
                    if (i + 1 < s.length && s[i] == left && s[i + 1] == right) {
                        next[n++] = joined;
                        i++;
                    } else {
                        next[n++] = s[i];
                    }
                }
                next = java.util.Arrays.copyOf(next, n);
                remember(next, before);
                words.set(w, next);
                add(w, +1);
            }
            before.forEach((q, c) -> {
                long now = pairCounts.getOrDefault(q, 0L);
                if (now != c && now > 0) {
                    heap.add(entry(q, now));
                }
            });
        }

        private void remember(int[] s, Map<Long, Long> before) {
            for (int i = 0; i + 1 < s.length; i++) {
                long q = pair(s[i], s[i + 1]);
                if (!before.containsKey(q)) {
                    before.put(q, pairCounts.getOrDefault(q, 0L));
                }
            }
        }

        private static boolean contains(int[] s, int left, int right) {
            for (int i = 0; i + 1 < s.length; i++) {
                if (s[i] == left && s[i + 1] == right) {
                    return true;
                }
            }
            return false;
        }

        /** Adds (sign +1) or removes (-1) word {@code w}'s pairs, weighted by its count. */
        private void add(int w, int sign) {
            int[] s = words.get(w);
            for (int i = 0; i + 1 < s.length; i++) {
                long q = pair(s[i], s[i + 1]);
                long c = pairCounts.merge(q, (long) sign * counts[w], Long::sum);
                if (c == 0) {
                    pairCounts.remove(q);
                }
                if (sign > 0) {
                    where.computeIfAbsent(q, k -> new HashSet<>()).add(w);
                }
            }
        }
    }

    /** Higher count first; on a tie the greater pair (left, then right, in code-point order), as subword-nmt. */
    private record Entry(String left, String right, long key, long count) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            if (count != o.count) {
                return Long.compare(o.count, count);
            }
            int l = compareCodePoints(o.left, left);
            return l != 0 ? l : compareCodePoints(o.right, right);
        }
    }
}
