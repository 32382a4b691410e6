package seqlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {
    private static final List<List<String>> TRAIN = List.of(
            List.of("b", "a", "c", "a"),
            List.of("d", "b", "a", "e"),
            List.of("c", "b", "<unk>"));

    @Test
    void specialTokensHaveFixedIds() {
        Vocabulary v = Vocabulary.build(TRAIN);
        assertEquals(List.of("<pad>", "<unk>", "<bos>", "<eos>"), v.tokens().subList(0, 4));
        assertEquals(0, v.id(Vocabulary.PAD));
        assertEquals(1, v.id(Vocabulary.UNK));
        assertEquals(2, v.id(Vocabulary.BOS));
        assertEquals(3, v.id(Vocabulary.EOS));
    }

    @Test
    void orderIsFrequencyThenLexicographic() {
        Vocabulary v = Vocabulary.build(TRAIN);
        // a:3 b:3 c:2 d:1 e:1; the literal "<unk>" is not counted as a word
        assertEquals(List.of("<pad>", "<unk>", "<bos>", "<eos>", "a", "b", "c", "d", "e"), v.tokens());
        assertEquals(3, v.frequency("a"));
        assertEquals(0, v.frequency("<unk>"));
        assertEquals(9, v.size());
    }

    @Test
    void buildIsDeterministicWhateverTheInputOrder() {
        List<List<String>> shuffled = new ArrayList<>(TRAIN);
        Collections.reverse(shuffled);
        List<List<String>> reversedInside = new ArrayList<>();
        for (List<String> s : shuffled) {
            List<String> r = new ArrayList<>(s);
            Collections.reverse(r);
            reversedInside.add(r);
        }
        assertEquals(Vocabulary.build(TRAIN), Vocabulary.build(reversedInside));
        assertEquals(Vocabulary.build(TRAIN).tokens(), Vocabulary.build(TRAIN).tokens());
    }

    @Test
    void minFrequencyAndMaxSize() {
        Vocabulary v = Vocabulary.build(TRAIN, 2, 100);
        assertEquals(List.of("a", "b", "c"), v.tokens().subList(4, v.size()));
        assertFalse(v.contains("d"));
        Vocabulary small = Vocabulary.build(TRAIN, 1, 6);
        assertEquals(6, small.size());
        assertEquals(List.of("a", "b"), small.tokens().subList(4, 6));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(TRAIN, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(TRAIN, 1, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(List.of()));
        assertTrue(e.getMessage().contains("training"));
    }

    @Test
    void encodeDecode() {
        Vocabulary v = Vocabulary.build(TRAIN);
        assertArrayEquals(new int[] {4, 5, 1, 8}, v.encode(List.of("a", "b", "zebra", "e")));
        assertEquals(List.of("a", "<unk>", "b"), v.decode(new int[] {2, 4, 1, 0, 5, 3, 6, 7}));
        assertEquals(List.of("<bos>", "a", "<eos>", "<pad>"), v.lookup(new int[] {2, 4, 3, 0}));
        assertEquals("c", v.token(6));
        assertThrows(IndexOutOfBoundsException.class, () -> v.token(99));
        assertEquals(0.25, v.unknownRate(List.of(List.of("a", "x"), List.of("b", "c"))), 1e-12);
    }

    @Test
    void restoredVocabularyKeepsItsOrder() {
        Vocabulary v = Vocabulary.of(List.of("z", "y"));
        assertEquals(List.of("<pad>", "<unk>", "<bos>", "<eos>", "z", "y"), v.tokens());
        assertEquals(Vocabulary.build(TRAIN), Vocabulary.of(Vocabulary.build(TRAIN).tokens().subList(4, 9)));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(List.of("a", "a")));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(List.of("<eos>")));
    }

    @Test
    void toStringShowsSizeAndFirstTokens() {
        assertEquals("Vocabulary(size=9: <pad>, <unk>, <bos>, <eos>, a, b, c, d, e)", Vocabulary.build(TRAIN).toString());
    }

    @Test
    void textAndLabelEncoders() {
        TextEncoder enc = TextEncoder.fit(Tokenizer.words(), List.of("Good film.", "Bad film!"), 1, 100);
        // film:2 first, then ! . bad good
        assertEquals(List.of("film", "!", ".", "bad", "good"), enc.vocabulary().tokens().subList(4, 9));
        assertArrayEquals(new int[] {8, 1, 4}, enc.encode("GOOD awful film"));
        assertArrayEquals(new int[] {Vocabulary.UNK_ID}, enc.encode(" ... ".replace(".", "")));
        assertEquals("good film", enc.decode(new int[] {2, 8, 4, 3, 7}));
        assertEquals(2, enc.encodeAll(List.of("a", "b")).size());

        LabelEncoder labels = LabelEncoder.fit(List.of("pos", "neg", "pos"));
        assertEquals(List.of("neg", "pos"), labels.classes());
        assertArrayEquals(new int[] {1, 0}, labels.encodeAll(List.of("pos", "neg")));
        assertEquals("pos", labels.decode(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> labels.encode("meh"));
        assertTrue(e.getMessage().contains("meh") && e.getMessage().contains("[neg, pos]"));
    }
}
