package seqlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {
    private final Tokenizer words = Tokenizer.words();

    @Test
    void wordsAreLowerCasedAndPunctuationIsSplitOff() {
        assertEquals(List.of("don't", "stop", "!", "it", "was", "great", ",", "really", "."),
                words.tokenize("Don't STOP! It was great, really."));
        assertEquals(List.of(), words.tokenize("   \t\n"));
        assertEquals(List.of("!", "!"), words.tokenize("!!"));
        assertEquals(List.of("3", ".", "5", "%"), words.tokenize("3.5%"));
    }

    @Test
    void wordsAreUnicodeAware() {
        assertEquals(List.of("größe", "über", "alles"), words.tokenize("Größe  über\u00A0ALLES"));
        assertEquals(List.of("слово", "и", "дело"), words.tokenize("Слово и дело"));
        // typographic apostrophe becomes ', a leading or trailing quote is punctuation
        assertEquals(List.of("l'homme", "'", "ok", "'"), words.tokenize("L\u2019homme 'ok'"));
        // NFKC folds the fi ligature and full-width letters
        assertEquals(List.of("fine", "hi"), words.tokenize("\uFB01ne \uFF28\uFF29"));
        // NFKC composes e + combining acute; zero-width spaces are dropped
        assertEquals(List.of("caf\u00E9x", "y"), new WordTokenizer(false, true).tokenize("cafe\u0301x\u200By"));
        assertEquals(List.of("q\u0301r"), words.tokenize("q\u0301r"));
        // ideographs are tokens of their own
        assertEquals(List.of("我", "爱", "java"), words.tokenize("我爱Java"));
        // emoji outside the BMP stay whole
        assertEquals(List.of("nice", "\uD83D\uDE00"), words.tokenize("nice\uD83D\uDE00"));
    }

    @Test
    void optionsKeepCaseOrDropPunctuation() {
        assertEquals(List.of("Hello", ",", "World"), new WordTokenizer(false, true).tokenize("Hello, World"));
        assertEquals(List.of("hello", "world"), new WordTokenizer(true, false).tokenize("Hello, World!"));
        assertEquals("a b", words.join(List.of("a", "b")));
    }

    @Test
    void charactersAreCodePointsWithCollapsedSpaces() {
        Tokenizer chars = Tokenizer.characters();
        assertEquals(List.of("a", "b", " ", "c", "!"), chars.tokenize("  Ab \t C!  "));
        // decomposed e + acute composes to one token; an emoji is one token
        assertEquals(List.of("é", "\uD83D\uDE00"), chars.tokenize("e\u0301\uD83D\uDE00"));
        // a mark without a precomposed form attaches to its base character
        assertEquals(List.of("q\u0301"), chars.tokenize("q\u0301"));
        assertEquals("ab c!", chars.join(chars.tokenize("Ab   C!")));
        assertEquals(List.of("A", "b"), new CharacterTokenizer(false).tokenize("Ab"));
    }

    @Test
    void whitespaceTokenizerAndLambdasPlugIn() {
        assertEquals(List.of("Hello,", "World"), Tokenizer.whitespace().tokenize(" Hello,  World "));
        assertEquals(List.of(), Tokenizer.whitespace().tokenize(""));
        Tokenizer custom = s -> List.of(s.split("-"));
        assertEquals(List.of("a", "b"), custom.tokenize("a-b"));
    }
}
