package seqlab.data;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A rule-based word tokenizer for any script that separates words with spaces, plus Chinese/Japanese ideographs.
 *
 * <p>The rules, applied in order:
 * <ol>
 *   <li>The text is normalised to Unicode NFKC, so full-width letters, ligatures and compatibility forms compare equal
 *       to their plain forms ({@code "ﬁ" -> "fi"}, {@code "Ｈ" -> "H"}).</li>
 *   <li>If lower-casing is on (the default) it is lower-cased with {@link Locale#ROOT}, so the result does not depend
 *       on the machine's locale.</li>
 *   <li>A word is a maximal run of letters, combining marks and digits ({@code \p{L}}, {@code \p{M}}, {@code \p{N}}),
 *       so accented and non-Latin words stay whole ({@code "größe"}, {@code "слово"}).</li>
 *   <li>An apostrophe ({@code '}, U+2019 or U+02BC) between two word characters stays inside the word and is written
 *       as {@code '}: {@code "don't"}, {@code "l’homme" -> "l'homme"}.</li>
 *   <li>Each ideograph (Han, as {@link Character#isIdeographic}) is a token of its own, because those scripts do not
 *       put spaces between words.</li>
 *   <li>Every other visible character (punctuation, symbols, emoji) is a token of its own; {@code "!!"} gives two.
 *       With punctuation off these are dropped.</li>
 *   <li>Whitespace separates tokens; control and format characters (zero-width spaces, BOMs) are dropped.</li>
 * </ol>
 * Numbers are split at their punctuation ({@code "3.5" -> [3, ., 5]}); this keeps the vocabulary small.
 */
public final class WordTokenizer implements Tokenizer {
    static final WordTokenizer DEFAULT = new WordTokenizer(true, true);

    private final boolean lowerCase;
    private final boolean punctuation;

    /**
     * @param lowerCase   lower-case the text before splitting
     * @param punctuation keep punctuation and symbols as tokens (otherwise they only separate words)
     */
    public WordTokenizer(boolean lowerCase, boolean punctuation) {
        this.lowerCase = lowerCase;
        this.punctuation = punctuation;
    }

    @Override
    public List<String> tokenize(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
        if (lowerCase) {
            s = s.toLowerCase(Locale.ROOT);
        }
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int i = 0;
        int n = s.length();
        while (i < n) {
            int cp = s.codePointAt(i);
            int len = Character.charCount(cp);
            if (Character.isIdeographic(cp)) {
                flush(word, out);
                out.add(new String(Character.toChars(cp)));
            } else if (isWordChar(cp)) {
                word.appendCodePoint(cp);
            } else if (isApostrophe(cp) && word.length() > 0 && i + len < n && isWordChar(s.codePointAt(i + len))) {
                word.append('\'');
            } else {
                flush(word, out);
                if (punctuation && isVisible(cp)) {
                    out.add(new String(Character.toChars(cp)));
                }
            }
            i += len;
        }
        flush(word, out);
        return out;
    }

    /** Adds the word being built, if any, to {@code out} and clears it (shared with {@link Bpe}). */
    static void flush(StringBuilder word, List<String> out) {
        if (word.length() > 0) {
            out.add(word.toString());
            word.setLength(0);
        }
    }

    private static boolean isWordChar(int cp) {
        if (Character.isIdeographic(cp)) {
            return false;
        }
        switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                 Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                 Character.LETTER_NUMBER, Character.OTHER_NUMBER:
                return true;
            default:
                return false;
        }
    }

    private static boolean isApostrophe(int cp) {
        return cp == '\'' || cp == '\u2019' || cp == '\u02BC';
    }

    private static boolean isVisible(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return false;
        }
        int type = Character.getType(cp);
        return type != Character.CONTROL && type != Character.FORMAT && type != Character.UNASSIGNED
                && type != Character.PRIVATE_USE && type != Character.SURROGATE;
    }

    @Override
    public String toString() {
        return "WordTokenizer(lowerCase=" + lowerCase + ", punctuation=" + punctuation + ")";
    }
}
