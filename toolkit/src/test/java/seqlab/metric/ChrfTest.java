package seqlab.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * chrF against sacreBLEU's published values. Sources (github.com/mjpost/sacrebleu): README.md "Using SacreBLEU
 * from Python" ({@code chrF2 = 59.73}); test/test_chrf.py at commit 27bec349d41c900990d5aa669056766d0543d710
 * (cases with beta = 3 under epsilon smoothing and under effective order, with whitespace kept, and sentence-level
 * chrF2 with epsilon smoothing), all checked there to 1e-4.
 */
class ChrfTest {
    private static final double EPSILON = 1e-4;
    private static final Chrf BETA3_EPS = Chrf.sacrebleu().beta(3).epsSmoothing(true);
    private static final Chrf BETA3 = Chrf.sacrebleu().beta(3);

    private static double corpus(Chrf c, List<String> hyps, List<String> refs) {
        return c.corpusScore(hyps, List.of(refs)).score();
    }

    @Test
    void readmeCorpusExample() {
        ChrfScore s = Chrf.corpus(BleuTest.HYPS, BleuTest.REFS_A, BleuTest.REFS_B);
        assertEquals("chrF2 = 59.73", s.toString());
    }

    @Test
    void epsilonSmoothingCases() {
        assertEquals(0.0, corpus(BETA3_EPS, List.of("abcdefg"), List.of("hijklmnop")), EPSILON);
        assertEquals(0.0, corpus(BETA3_EPS, List.of("a"), List.of("b")), EPSILON);
        assertEquals(0.0, corpus(BETA3_EPS, List.of(""), List.of("b")), EPSILON);
        assertEquals(0.0, corpus(BETA3_EPS, List.of(""), List.of("ref")), EPSILON);
        assertEquals(0.0, corpus(BETA3_EPS, List.of(""), List.of("reference")), EPSILON);
        assertEquals(8.3333, corpus(BETA3_EPS, List.of("aa"), List.of("ab")), EPSILON);
        assertEquals(8.3333, corpus(BETA3_EPS, List.of("a", "b"), List.of("a", "c")), EPSILON);
        assertEquals(16.6667, corpus(BETA3_EPS, List.of("a"), List.of("a")), EPSILON);
        assertEquals(50.0, corpus(BETA3_EPS, List.of("a b c"), List.of("a b c")), EPSILON);
        assertEquals(50.0, corpus(BETA3_EPS, List.of("a b c"), List.of("abc")), EPSILON);
        assertEquals(63.361730, corpus(BETA3_EPS,
                List.of(" risk assessment must be made of those who are qualified and expertise in the sector - "
                        + "these are the scientists ."),
                List.of("risk assessment has to be undertaken by those who are qualified and expert in that area - "
                        + "that is the scientists .")), EPSILON);
        assertEquals(64.1302698, corpus(BETA3_EPS,
                List.of(" Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. "),
                List.of("Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.")), EPSILON);
        assertEquals(100.0, corpus(BETA3_EPS, List.of("Niemand hat die Absicht, eine Mauer zu errichten"),
                List.of("Niemand hat die Absicht, eine Mauer zu errichten")), EPSILON);
    }

    @Test
    void effectiveOrderCases() {
        assertEquals(100.0, corpus(BETA3, List.of("a"), List.of("a")), EPSILON);
        assertEquals(0.0, corpus(BETA3, List.of(""), List.of("reference")), EPSILON);
        assertEquals(100.0, corpus(BETA3, List.of("a b c"), List.of("a b c")), EPSILON);
        assertEquals(100.0, corpus(BETA3, List.of("a b c"), List.of("abc")), EPSILON);
        assertEquals(0.0, corpus(BETA3, List.of(""), List.of("c")), EPSILON);
        assertEquals(50.0, corpus(BETA3, List.of("a", "b"), List.of("a", "c")), EPSILON);
        assertEquals(25.0, corpus(BETA3, List.of("aa"), List.of("ab")), EPSILON);
    }

    @Test
    void keepWhitespaceCases() {
        Chrf keep = BETA3.whitespace(true);
        assertEquals(67.3481606, corpus(keep,
                List.of("Die Beziehung zwischen Obama und Netanjahu ist nicht gerade freundlich."),
                List.of("Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.")), EPSILON);
        assertEquals(65.2414427, corpus(keep,
                List.of("risk assessment must be made of those who are qualified and expertise in the sector - "
                        + "these are the scientists ."),
                List.of("risk assessment has to be undertaken by those who are qualified and expert in that area - "
                        + "that is the scientists .")), EPSILON);
    }

    @Test
    void sentenceLevelChrf2WithEpsilonSmoothing() {
        Chrf eps = Chrf.sacrebleu().epsSmoothing(true);
        assertEquals(39.14078509, eps.sentenceScore(
                "Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře.",
                "Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře.").score(), EPSILON);
        assertEquals(31.22557079, eps.sentenceScore(
                "Nebo prostě nemají vybavení, které by jim pomohlo, uvedli lékaři.",
                "A někdy nemáme ani potřebný materiál, abychom jim pomohli, popsali lékaři.").score(), EPSILON);
        assertEquals(57.15704367, eps.sentenceScore(
                "Lapali po dechu, jejich životy skončily dřív, než skutečně začaly.",
                "Lapali po dechu a pak jejich život skončil - dřív, než skutečně mohl začít, připomněli.").score(),
                EPSILON);
    }

    @Test
    void handCheckableCases() {
        assertEquals(100.0, Chrf.sentence("the same words", "the same words").score(), 1e-12);
        assertEquals(0.0, Chrf.sentence("xyz", "abc").score());
        // "ab" vs "abc", beta 2: orders 1 and 2 are effective. P = (2/2 + 1/1)/2 = 1, R = (2/3 + 1/2)/2 = 7/12.
        double p = 1.0;
        double r = 7.0 / 12;
        assertEquals(100 * 5 * p * r / (4 * p + r), Chrf.sentence("ab", "abc").score(), 1e-12);
    }

    @Test
    void bestReferencePerSegmentIsKept() {
        ChrfScore both = Chrf.corpus(List.of("abc"), List.of("xyz"), List.of("abc"));
        assertEquals(100.0, both.score(), 1e-12);
    }

    @Test
    void chrfPlusPlusAddsWordNgramsWithPunctuationSplit() {
        // Words: "a", "b", "c" and, from "c.", "c" + "." . Hypothesis "a b c." vs reference "a b c.":
        // identical, so 100 with word n-grams too, and the name gains "++".
        ChrfScore s = Chrf.sacrebleu().wordOrder(2).sentenceScore("a b c.", "a b c.");
        assertEquals("chrF2++ = 100.00", s.toString());
        // Hypothesis "x y" vs reference "x z": characters without whitespace "xy" vs "xz":
        // char order 1: 1/2, 1/2; order 2: 0/1, 0/1 (effective: both have bigrams) ; orders 3-6 absent.
        // word order 1: 1/2, 1/2; word order 2: "x y" vs "x z": 0/1, 0/1.
        // P = R = (0.5 + 0 + 0.5 + 0) / 4 = 0.25, so chrF = 25.
        assertEquals(25.0, Chrf.sacrebleu().wordOrder(2).sentenceScore("x y", "x z").score(), 1e-12);
    }

    @Test
    void inputErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Chrf.corpus(List.of("a", "b", "c"), List.of("a")));
        assertTrue(e.getMessage().contains("3") && e.getMessage().contains("1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Chrf.sacrebleu().beta(0));
        assertThrows(IllegalArgumentException.class, () -> Chrf.corpus(List.of("a"), java.util.Arrays.asList((String) null)));
    }

    /** Empty references as sacreBLEU 2.2 and later treat them; values from sacreBLEU 2.6.0 (see BleuTest). */
    @Test
    void emptyReferencesCountAsReferencesOfLengthZero() {
        List<String> firstSet = new java.util.ArrayList<>(BleuTest.REFS_A);
        firstSet.set(0, "");
        assertEquals(51.70106133373036, Chrf.corpus(BleuTest.HYPS, firstSet, BleuTest.REFS_B).score(), 1e-9);
        assertEquals(100.0, Chrf.corpus(List.of("a b c", "x"), List.of("a b c", "")).score(), 1e-9);
        assertEquals(0.0, Chrf.corpus(List.of("a b c"), List.of("")).score());
    }
}
