package seqlab.metric;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The few Python string rules sacreBLEU relies on, so that our BLEU and chrF see the same tokens and characters:
 * Python's {@code str.split()} whitespace (which includes no-break spaces and U+0085, unlike
 * {@link Character#isWhitespace}), code-point indexing, and {@code format(x, ".Nf")} rounding.
 */
final class PyText {
    private PyText() {}

    /** Whether Python's {@code str.isspace()} holds for this code point. */
    static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
    }

    /** Python's {@code s.split()}: runs of whitespace separate, leading and trailing whitespace is dropped. */
    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            int cp = s.codePointAt(i);
            if (isSpace(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < n) {
                cp = s.codePointAt(i);
                if (isSpace(cp)) {
                    break;
                }
                i += Character.charCount(cp);
            }
            out.add(s.substring(start, i));
        }
        return out;
    }

    /** Python's {@code s.rstrip()}. */
    static String rstrip(String s) {
        int end = s.length();
        while (end > 0) {
            int cp = s.codePointBefore(end);
            if (!isSpace(cp)) {
                break;
            }
            end -= Character.charCount(cp);
        }
        return s.substring(0, end);
    }

    /** Python's {@code "".join(s.split())}: the string with every whitespace character removed. */
    static String removeWhitespace(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().filter(cp -> !isSpace(cp)).forEach(b::appendCodePoint);
        return b.toString();
    }

    /**
     * Python's {@code f"{x:.Nf}"}: the exact binary value rounded half-to-even. {@link String#format} differs on
     * values such as 0.125, which is why sacreBLEU's printed scores are reproduced with this instead.
     */
    static String fixed(double x, int decimals) {
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        return new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }
}
