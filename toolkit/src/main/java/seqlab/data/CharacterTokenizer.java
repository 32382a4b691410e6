package seqlab.data;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One token per character, for character-level models.
 *
 * <p>Rules: the text is normalised to NFC (so {@code "e" + U+0301} becomes one {@code "é"}), optionally lower-cased
 * with {@link Locale#ROOT}, and split into code points, so characters outside the Basic Multilingual Plane (emoji)
 * stay whole. A combining mark that has no precomposed form stays attached to the character before it. Each run of
 * whitespace becomes one {@code " "} token, leading and trailing whitespace is dropped, and control and format
 * characters are dropped. {@link #join} concatenates the tokens, so {@code join(tokenize(s))} gives back the
 * normalised text.
 */
public final class CharacterTokenizer implements Tokenizer {
    static final CharacterTokenizer DEFAULT = new CharacterTokenizer(true);

    private final boolean lowerCase;

    public CharacterTokenizer(boolean lowerCase) {
        this.lowerCase = lowerCase;
    }

    @Override
    public List<String> tokenize(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFC).strip();
        if (lowerCase) {
            s = s.toLowerCase(Locale.ROOT);
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                if (!out.isEmpty() && !out.get(out.size() - 1).equals(" ")) {
                    out.add(" ");
                }
            } else if (type == Character.CONTROL || type == Character.FORMAT) {
                continue;
            } else if ((type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                    || type == Character.COMBINING_SPACING_MARK) && !out.isEmpty() && !out.get(out.size() - 1).equals(" ")) {
                out.set(out.size() - 1, out.get(out.size() - 1) + new String(Character.toChars(cp)));
            } else {
                out.add(new String(Character.toChars(cp)));
            }
        }
        return out;
    }

    @Override
    public String join(List<String> tokens) {
        return String.join("", tokens);
    }

    @Override
    public String toString() {
        return "CharacterTokenizer(lowerCase=" + lowerCase + ")";
    }
}
