package seqlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import seqlab.engine.RandomSource;

class BpeTest {

    private static final List<String> GERMAN = List.of(
            "Der Hund läuft über die Straße.",
            "Die Straßen sind heute größer als gestern.",
            "Ich habe keine Zeit, sagte der Mann.",
            "Das Mädchen isst gerne Äpfel und Birnen.",
            "Wir fahren morgen früh nach München.",
            "Können Sie mir bitte helfen?",
            "Der größte Hund der Stadt schläft.",
            "Die Kinder spielen im Garten hinter dem Haus.",
            "Er hat das Buch gestern gelesen!",
            "Ich weiß nicht, ob er kommt.",
            "Wir haben 3 Katzen und 2 Hunde.",
            "Gute Nacht 😴 und schöne Träume 🌙.",
            "",
            "Die Häuser stehen am Fluss.");

    @Test
    void sennrichsExampleGivesTheHandCheckedMergeSequence() {
        // Sennrich et al. 2016, section 3.2: {'l o w </w>': 5, 'l o w e r </w>': 2, 'n e w e s t </w>': 6,
        // 'w i d e s t </w>': 3}. Pair counts: e s, s t, t </w> 9 each (tie: the greatest pair, t </w>, wins, as in
        // subword-nmt); then s t</w> 9 > e s 9; e st</w> 9; l o and o w 7 (o w wins); l ow 7; then n e, e w and
        // w est</w> 6 (w est</w> wins); n e and e west</w> 6 (n e wins); ne west</w> 6; low </w> 5; w i, i d,
        // d est</w> 3 (w i wins).
        Map<List<String>, Integer> words = new LinkedHashMap<>();
        words.put(List.of("l", "o", "w", "</w>"), 5);
        words.put(List.of("l", "o", "w", "e", "r", "</w>"), 2);
        words.put(List.of("n", "e", "w", "e", "s", "t", "</w>"), 6);
        words.put(List.of("w", "i", "d", "e", "s", "t", "</w>"), 3);
        Bpe bpe = Bpe.learner().merges(10).fromWords(words);
        assertEquals(List.of(List.of("t", "</w>"), List.of("s", "t</w>"), List.of("e", "st</w>"), List.of("o", "w"),
                List.of("l", "ow"), List.of("w", "est</w>"), List.of("n", "e"), List.of("ne", "west</w>"),
                List.of("low", "</w>"), List.of("w", "i")), bpe.merges());
        // the alphabet by count (e 17; </w> and w 16, tied, in code-point order; ...), then 10 merged symbols
        assertEquals(List.of("e", "</w>", "w", "s", "t", "l", "o", "n", "d", "i", "r"), bpe.alphabet());
        assertEquals(4 + 11 + 10, bpe.vocabulary().size());
        // the insertion order of the words does not matter
        Map<List<String>, Integer> reversed = new LinkedHashMap<>();
        List<List<String>> keys = new ArrayList<>(words.keySet());
        Collections.reverse(keys);
        keys.forEach(k -> reversed.put(k, words.get(k)));
        assertEquals(bpe.merges(), Bpe.learner().merges(10).fromWords(reversed).merges());
    }

    @Test
    void wordsAreMarkedAtTheStartOfEachWhitespaceChunkAndPunctuationIsCutOff() {
        Bpe bpe = Bpe.learner().merges(1).learn(List.of("a b"));
        assertEquals(List.of("▁Das", "▁ist", "▁gut", "."), bpe.words("Das ist gut."));
        assertEquals(List.of("▁(", "Hallo", ")", "▁don", "'", "t", "▁3", ".", "5", "%"),
                bpe.words("(Hallo) don't 3.5%"));
        // NFC composes e + U+0301; a combining mark after punctuation stays with it
        assertEquals(List.of("▁caf\u00E9", "▁!\u0301"), bpe.words("cafe\u0301 !\u0301"));
        // whitespace of any kind, and the marker itself, separate; control characters vanish
        assertEquals(List.of("▁a", "▁b", "▁c", "▁d"), bpe.words("  a\u00A0b\t\u2581c\u0007 \nd "));
        assertEquals(List.of(), bpe.words(""));
        assertEquals(List.of(), bpe.words(" \t\n"));
    }

    @Test
    void roundTripsUnicodeTextExactlyUpToNfcAndWhitespace() {
        Bpe bpe = Bpe.learner().vocabularySize(150).minPairFrequency(1).learn(GERMAN);
        assertEquals(150, bpe.vocabulary().size());
        TextEncoder enc = bpe.textEncoder();
        for (String s : GERMAN) {
            assertEquals(s, bpe.join(bpe.tokenize(s)), s);
            assertEquals(s.isEmpty() ? "<unk>" : s, enc.decode(enc.encode(s)), s);
        }
        // combining characters come back composed (NFC); whitespace runs as one space
        String decomposed = "Gro\u0308\u00DFe  Stra\u00DFe\u0301\t!";
        assertEquals("Gr\u00F6\u00DFe Stra\u00DF\u00E9 !", bpe.join(bpe.tokenize(decomposed)));
        // frequent words became one piece; rare ones are split, never unknown when their letters are known
        assertTrue(bpe.tokenize("Der Hund").equals(List.of("▁Der", "▁Hund")), bpe.tokenize("Der Hund").toString());
        List<String> rare = bpe.tokenize("Gärtner");
        assertTrue(rare.size() > 1, rare.toString());
        for (int id : enc.encode("Gärtner")) {
            assertTrue(id != Vocabulary.UNK_ID, rare.toString());
        }
        // lower-casing is an option, applied when learning and when encoding
        Bpe lower = Bpe.learner().vocabularySize(120).lowerCase(true).learn(GERMAN);
        assertEquals("der hund läuft.", lower.join(lower.tokenize("DER Hund läuft.")));
    }

    @Test
    void emojiAndCharactersOutsideTheBasicPlaneStayWhole() {
        List<String> texts = List.of("Ja 👍 gut", "Nein 👎 schlecht", "Familie 👨\u200D👩\u200D👧 hier", "Ja 👍👍");
        Bpe bpe = Bpe.learner().merges(30).learn(texts);
        for (String t : texts) {
            assertEquals(t, bpe.join(bpe.tokenize(t)));
            for (String piece : bpe.tokenize(t)) {
                assertTrue(piece.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF), "split surrogate: " + piece);
                assertTrue(bpe.isKnown(piece), piece);
            }
        }
        assertTrue(bpe.alphabet().contains("👍"));
    }

    @Test
    void unknownCharactersBecomeOneUnkEachAndKeepWordBoundaries() {
        Bpe bpe = Bpe.learner().vocabularySize(120).learn(GERMAN);
        TextEncoder enc = bpe.textEncoder();
        assertFalse(bpe.isKnown("☃"));
        List<String> pieces = bpe.tokenize("Der ☃ läuft ☃☃x");
        // ▁☃ is two symbols, the marker known; "☃☃x" is three characters, x unknown too
        int[] ids = enc.encode("Der ☃ läuft ☃☃x");
        long unknown = java.util.Arrays.stream(ids).filter(i -> i == Vocabulary.UNK_ID).count();
        assertEquals(4, unknown, pieces.toString());
        assertEquals("Der <unk> läuft <unk><unk><unk>", enc.decode(ids));
    }

    @Test
    void emptyLinesEncodeToNothingAndTrainingSkipsThem() {
        Bpe bpe = Bpe.learner().merges(20).learn(List.of("", "   ", "ab ab ab", "\n"));
        assertEquals(List.of(), bpe.tokenize(""));
        assertEquals("", bpe.join(List.of()));
        assertEquals("", bpe.join(bpe.tokenize(" \t ")));
        // TextEncoder's rule: an empty text is one <unk>, so every sequence has a step
        assertArrayEquals(new int[] {Vocabulary.UNK_ID}, bpe.textEncoder().encode(""));
        assertEquals(List.of("▁ab"), bpe.tokenize("ab"));
        var e = assertThrows(IllegalArgumentException.class, () -> Bpe.learner().learn(List.of("", " ")));
        assertTrue(e.getMessage().contains("no characters"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Bpe.learner().learn(List.of()));
    }

    @Test
    void learningIsDeterministicAndIndependentOfTextOrder() {
        List<String> corpus = corpus(400, 11);
        Bpe a = Bpe.learner().vocabularySize(200).learn(corpus);
        List<String> shuffled = new ArrayList<>(corpus);
        Collections.shuffle(shuffled, new java.util.Random(5));
        Bpe b = Bpe.learner().vocabularySize(200).learn(shuffled);
        assertEquals(a.merges(), b.merges());
        assertEquals(a.vocabulary(), b.vocabulary());
        assertEquals(a, b);
        assertEquals(200, a.vocabulary().size());
    }

    @Test
    void equalsANaiveRecountingLearnerAndSegmentsTrainingWordsAsLearned() {
        // the reference: recount every pair from scratch before each merge (Sennrich et al.'s algorithm as written)
        List<String> corpus = corpus(300, 3);
        Map<String, Integer> counts = new HashMap<>();
        for (String t : corpus) {
            for (String w : Bpe.words(t, false)) {
                counts.merge(w, 1, Integer::sum);
            }
        }
        Map<List<String>, Integer> words = new HashMap<>();
        counts.forEach((w, c) -> words.put(Bpe.characters(w), c));
        List<List<String>> expected = new ArrayList<>();
        Map<List<String>, Integer> current = new HashMap<>(words);
        Map<String, List<String>> finalSegmentation = new HashMap<>();
        for (int step = 0; step < 200; step++) {
            Map<List<String>, Long> pairs = new HashMap<>();
            current.forEach((w, c) -> {
                for (int i = 0; i + 1 < w.size(); i++) {
                    pairs.merge(List.of(w.get(i), w.get(i + 1)), (long) c, Long::sum);
                }
            });
            List<String> best = null;
            long bestCount = 0;
            for (var e : pairs.entrySet()) {
                List<String> p = e.getKey();
                long c = e.getValue();
                if (best == null || c > bestCount || (c == bestCount && (Bpe.compareCodePoints(p.get(0), best.get(0)) > 0
                        || (p.get(0).equals(best.get(0)) && Bpe.compareCodePoints(p.get(1), best.get(1)) > 0)))) {
                    best = p;
                    bestCount = c;
                }
            }
            if (best == null || bestCount < 2) {
                break;
            }
            expected.add(best);
            Map<List<String>, Integer> next = new HashMap<>();
            for (var e : current.entrySet()) {
                List<String> w = e.getKey(), m = new ArrayList<>();
                for (int i = 0; i < w.size(); i++) {
                    if (i + 1 < w.size() && w.get(i).equals(best.get(0)) && w.get(i + 1).equals(best.get(1))) {
                        m.add(best.get(0) + best.get(1));
                        i++;
                    } else {
                        m.add(w.get(i));
                    }
                }
                next.merge(m, e.getValue(), Integer::sum);
            }
            current = next;
        }
        current.keySet().forEach(w -> finalSegmentation.put(String.join("", w), w));
        Bpe bpe = Bpe.learner().merges(200).learn(corpus);
        assertEquals(expected, bpe.merges());
        finalSegmentation.forEach((word, pieces) -> assertEquals(pieces, bpe.segment(word), word));
    }

    @Test
    void jointVocabularyCoversBothSides() {
        List<String> de = List.of("Das Haus ist groß.", "Der Hund schläft."), en = List.of("The house is big.", "The dog sleeps.");
        Bpe joint = Bpe.learner().merges(15).learnJoint(de, en);
        for (String s : List.of("Das Haus", "The dog")) {
            for (int id : joint.textEncoder().encode(s)) {
                assertTrue(id != Vocabulary.UNK_ID, s);
            }
        }
        Bpe sourceOnly = Bpe.learner().merges(15).learn(de);
        assertTrue(java.util.Arrays.stream(sourceOnly.textEncoder().encode("The dog")).anyMatch(i -> i == Vocabulary.UNK_ID));
    }

    @Test
    void savesAndLoadsAReadableFile(@TempDir Path dir) throws Exception {
        Bpe bpe = Bpe.learner().vocabularySize(140).learn(GERMAN);
        Path file = dir.resolve("model/bpe.json");
        bpe.save(file);
        String json = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(json.contains("\"format\" : \"seqlab-bpe\""), json.substring(0, 200));
        assertTrue(json.contains("\"▁ D\"") || json.contains("\"▁ d\""), "merges are 'left right' strings");
        Bpe back = Bpe.load(file);
        assertEquals(bpe, back);
        assertEquals(bpe.vocabulary(), back.vocabulary());
        for (String s : GERMAN) {
            assertArrayEquals(bpe.textEncoder().encode(s), back.textEncoder().encode(s));
        }
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"format\": \"other\"}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Bpe.load(bad)).getMessage()
                .contains("not a seqlab BPE file"));
        Files.writeString(bad, json.replace("\"version\" : 1", "\"version\" : 9"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Bpe.load(bad)).getMessage().contains("version"));
        Files.writeString(bad, json.replaceFirst("\"merges\" : \\[ \"", "\"merges\" : [ \"zz zz\", \""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Bpe.load(bad)).getMessage().contains("merge 1"));
        Files.writeString(bad, "{ nope");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Bpe.load(bad)).getMessage().contains("JSON"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Bpe.load(dir.resolve("missing.json")))
                .getMessage().contains("no file"));
        assertThrows(IllegalArgumentException.class, () -> bpe.save(Path.of("")));
    }

    @Test
    void badSettingsFailWithTheFix() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Bpe.learner().vocabularySize(4)).getMessage()
                .contains("special tokens"));
        var e = assertThrows(IllegalArgumentException.class, () -> Bpe.learner().vocabularySize(20).learn(GERMAN));
        assertTrue(e.getMessage().contains("ask for at least"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Bpe.Learner(100, 10, false, 2));
        assertThrows(IllegalArgumentException.class, () -> Bpe.learner().minPairFrequency(0));
        // the frequency floor stops learning before the requested size
        Bpe few = Bpe.learner().merges(1000).learn(List.of("abc abd"));
        assertEquals(List.of(List.of("▁", "a"), List.of("▁a", "b")), few.merges());
    }

    /** Sentences of made-up words over a small syllable inventory: many shared substrings, Zipf-like counts. */
    private static List<String> corpus(int sentences, long seed) {
        String[] syllables = {"ge", "schl", "ä", "ung", "ver", "st", "ei", "ch", "en", "ß", "ö", "ter", "be", "ra", "un"};
        RandomSource rng = new RandomSource(seed);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            StringBuilder w = new StringBuilder();
            int n = 1 + (int) (rng.nextDouble() * 4);
            for (int k = 0; k < n; k++) {
                w.append(syllables[(int) (rng.nextDouble() * syllables.length)]);
            }
            words.add(i % 7 == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w.toString());
        }
        List<String> out = new ArrayList<>();
        for (int s = 0; s < sentences; s++) {
            StringBuilder t = new StringBuilder();
            int n = 3 + (int) (rng.nextDouble() * 8);
            for (int k = 0; k < n; k++) {
                double u = rng.nextDouble();
                t.append(k == 0 ? "" : " ").append(words.get((int) (words.size() * u * u * u)));
            }
            out.add(t.append(s % 3 == 0 ? "?" : ".").toString());
        }
        return out;
    }
}
