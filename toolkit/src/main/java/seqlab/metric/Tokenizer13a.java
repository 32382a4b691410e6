package seqlab.metric;

import java.util.regex.Pattern;

/**
 * The tokenizer of NIST's {@code mteval-v13a.pl}, as sacreBLEU applies it by default ({@code tok:13a}; Post 2018).
 * BLEU is only comparable across papers when every system is tokenized this same way, so the rules are reproduced
 * exactly rather than approximated:
 *
 * <ol>
 *   <li>Drop {@code <skipped>}, join words hyphenated across a line break ({@code "-\n"}), turn other line breaks
 *       into spaces, and unescape {@code &quot; &amp; &lt; &gt;}.</li>
 *   <li>Put spaces around every ASCII symbol except the apostrophe, hyphen, period and comma:
 *       {@code { | } ~ [ \ ] ^ _ `}, space to {@code &}, {@code ( ) * +}, {@code : ; < = > ? @} and {@code /}.</li>
 *   <li>Split a period or comma off when the character before it is not a digit, then when the character after it
 *       is not a digit (so {@code 3.14} and {@code 1,000} stay whole, but a sentence-final period splits).</li>
 *   <li>Split a hyphen off when a digit precedes it ({@code 1990-1995} becomes {@code 1990 - 1995}).</li>
 *   <li>Collapse whitespace (Python's definition) to single spaces and trim.</li>
 * </ol>
 * Each rewriting step scans left to right over non-overlapping matches, as both Python's {@code re.sub} and
 * Java's {@code replaceAll} do; that detail matters for strings such as {@code "a.,b"}.
 */
public final class Tokenizer13a {
    private static final Pattern SYMBOL = Pattern.compile("([{-~\\[-` -&(-+:-@/])");
    private static final Pattern PERIOD_COMMA_AFTER_NON_DIGIT = Pattern.compile("([^0-9])([.,])");
    private static final Pattern PERIOD_COMMA_BEFORE_NON_DIGIT = Pattern.compile("([.,])([^0-9])");
    private static final Pattern DASH_AFTER_DIGIT = Pattern.compile("([0-9])(-)");

    private Tokenizer13a() {}

    /**
     * Tokenizes one segment.
     *
     * @param line a detokenized sentence
     * @return the tokens separated by single spaces
     */
    public static String tokenize(String line) {
        String s = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
        if (s.indexOf('&') >= 0) {
            s = s.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
        }
        s = " " + s + " ";
        s = SYMBOL.matcher(s).replaceAll(" $1 ");
        s = PERIOD_COMMA_AFTER_NON_DIGIT.matcher(s).replaceAll("$1 $2 ");
        s = PERIOD_COMMA_BEFORE_NON_DIGIT.matcher(s).replaceAll(" $1 $2");
        s = DASH_AFTER_DIGIT.matcher(s).replaceAll("$1 $2 ");
        return String.join(" ", PyText.split(s));
    }
}
