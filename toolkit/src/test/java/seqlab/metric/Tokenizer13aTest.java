package seqlab.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The mteval-v13a rules, each case worked out by hand from the four substitutions of sacreBLEU's
 * {@code tokenizer_re.py}/{@code tokenizer_13a.py} (see the class Javadoc of {@link Tokenizer13a}).
 */
class Tokenizer13aTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // sentence-final period splits; apostrophes stay inside words
        "The dog bit the man.|The dog bit the man .",
        "It wasn't surprising.|It wasn't surprising .",
        // comma and exclamation mark
        "Hello, world!|Hello , world !",
        // decimal point and thousands separator between digits stay
        "3.14 and 1,000 people|3.14 and 1,000 people",
        // period after a digit but before a non-digit splits (rule 3)
        "in 1990.|in 1990 .",
        // hyphen after a digit splits, hyphen between letters does not
        "1990-1995 e-mail|1990 - 1995 e-mail",
        // symbols: dollar, parentheses; abbreviation period splits
        "$5.00 (approx.)|$ 5.00 ( approx . )",
        "Mr. Smith's 2-3 cats|Mr . Smith's 2 - 3 cats",
        // HTML entities are unescaped, then the quote is a symbol
        "a &amp; b &quot;c&quot;|a & b \" c \"",
        "x &lt;y&gt;|x < y >",
        // <skipped> markers vanish, whitespace collapses
        "word<skipped>   next|word next",
        // slash, colon, semicolon, brackets, at-sign, percent, caret, backquote, tilde, braces
        "a/b:c;d[e]f@g%h^i`j~k{l}m|a / b : c ; d [ e ] f @ g % h ^ i ` j ~ k { l } m",
        // period followed by comma: the period splits in rule 2, the comma in rule 3
        "end.,|end . ,",
        // non-ASCII letters are untouched
        "zahăr alb;|zahăr alb ;",
    })
    void tokenizesLikeMteval13a(String input, String expected) {
        assertEquals(expected, Tokenizer13a.tokenize(input));
    }

    @org.junit.jupiter.api.Test
    void joinsLineBreakHyphenationAndKeepsEmptyEmpty() {
        assertEquals("connection here", Tokenizer13a.tokenize("connec-\ntion\nhere"));
        assertEquals("", Tokenizer13a.tokenize(""));
        assertEquals("", Tokenizer13a.tokenize("   \t "));
        // Python's whitespace includes the no-break space, Java's isWhitespace does not.
        assertEquals("a b", Tokenizer13a.tokenize("a\u00a0b"));
        assertEquals("a | b \\ c", Tokenizer13a.tokenize("a|b\\c"));
    }
}
