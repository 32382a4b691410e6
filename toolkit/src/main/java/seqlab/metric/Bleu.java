package seqlab.metric;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BLEU (Papineni et al. 2002), computed exactly as sacreBLEU 2.x does (Post 2018), so scores are comparable with
 * published ones. The defaults are sacreBLEU's: the {@link Tokenizer13a 13a tokenizer}, case-sensitive, n-grams of
 * order 1 to 4, "exp" smoothing, and for the corpus score no effective order.
 *
 * <p>Definition. Each hypothesis is tokenized (after removing trailing whitespace) and its n-grams, n = 1..N, are
 * counted. A hypothesis n-gram matches at most as often as it occurs in any single reference ("clipping"). Matches,
 * hypothesis n-gram totals, hypothesis lengths {@code c} and reference lengths {@code r} (per segment, the
 * reference length closest to the hypothesis length, the shorter on a tie) are summed over the corpus. With
 * {@code p_n = matches_n / totals_n},
 * <pre>  BLEU = 100 * BP * exp( (1/N) * sum_n log p_n ),   BP = min(1, exp(1 - r/c)),  BP = 0 when c = 0.</pre>
 * BLEU is 0 when no n-gram of any order matches. Smoothing decides what a zero {@code p_n} contributes
 * (Chen and Cherry 2014): {@link Smoothing#EXP} ("exp", NIST's mteval-v13a rule) uses {@code 1/(2^k * totals_n)}
 * for the k-th order without a match; {@link Smoothing#FLOOR} uses {@code value/totals_n}; {@link Smoothing#ADD_K}
 * adds {@code value} to matches and totals of orders 2 and up; {@link Smoothing#NONE} keeps 0, which makes BLEU 0.
 * If an order has no hypothesis n-gram at all, that order and higher ones are skipped; with
 * {@link #effectiveOrder(boolean) effective order} N is then reduced to the last order reached, otherwise they count
 * as zero precision. sacreBLEU recommends effective order for sentence BLEU, and {@link #sentence} uses it.
 *
 * <p>References, as in sacreBLEU, come as reference <em>sets</em>: {@code referenceSets.get(k).get(i)} is the
 * k-th reference of segment i. A null reference in a set means "segment i has fewer references"; every segment
 * needs at least one. An empty string is a reference of length 0, as in sacreBLEU 2.2 and later (2.0 and 2.1
 * dropped it, and failed when a segment had only empty references): it takes part in choosing the closest
 * reference length, and a corpus whose only references are empty scores 0.0.
 *
 * <p>Instances are immutable; configure with the {@code with}-style methods:
 * <pre>{@code
 * BleuScore s = Bleu.corpus(hypotheses, references);                          // sacreBLEU defaults
 * BleuScore lc = Bleu.sacrebleu().lowercase(true).corpusScore(hypotheses, List.of(refsA, refsB));
 * }</pre>
 */
public final class Bleu {
    /** How zero n-gram precisions are smoothed (Chen and Cherry 2014, "A Systematic Comparison of Smoothing
     *  Techniques for Sentence-Level BLEU", WMT). */
    public enum Smoothing {
        /** No smoothing: a zero precision makes BLEU 0. */
        NONE(Double.NaN),
        /** Chen and Cherry's method 1: a zero precision becomes {@code value / totals} (default value 0.1). */
        FLOOR(0.1),
        /** Chen and Cherry's method 2: add {@code value} to matches and totals of orders 2..N (default 1). */
        ADD_K(1.0),
        /** Chen and Cherry's method 3, NIST's: the k-th zero precision becomes {@code 1 / (2^k * totals)}. */
        EXP(Double.NaN);

        private final double defaultValue;

        Smoothing(double defaultValue) {
            this.defaultValue = defaultValue;
        }
    }

    /** How segments are split into tokens before counting n-grams. */
    public enum Tokenization {
        /** mteval-v13a, sacreBLEU's default ({@link Tokenizer13a}). */
        V13A,
        /** None: the text is already tokenized; split on whitespace only (sacreBLEU's {@code tok:none}). */
        NONE
    }

    private static final Bleu SACREBLEU = new Bleu(false, Tokenization.V13A, Smoothing.EXP, Double.NaN, 4, false);

    private final boolean lowercase;
    private final Tokenization tokenization;
    private final Smoothing smoothing;
    private final double smoothValue;
    private final int maxOrder;
    private final boolean effectiveOrder;

    private Bleu(boolean lowercase, Tokenization tokenization, Smoothing smoothing, double smoothValue, int maxOrder,
            boolean effectiveOrder) {
        this.lowercase = lowercase;
        this.tokenization = tokenization;
        this.smoothing = smoothing;
        this.smoothValue = smoothValue;
        this.maxOrder = maxOrder;
        this.effectiveOrder = effectiveOrder;
    }

    /** sacreBLEU's default BLEU: 13a, mixed case, orders 1-4, exp smoothing, no effective order. */
    public static Bleu sacrebleu() {
        return SACREBLEU;
    }

    /**
     * Corpus BLEU with sacreBLEU's defaults.
     *
     * @param hypotheses one detokenized system output per segment
     * @param referenceSets one or more reference lists, each with one reference per segment
     * @return the score, 0-100
     */
    @SafeVarargs
    public static BleuScore corpus(List<String> hypotheses, List<String>... referenceSets) {
        return SACREBLEU.corpusScore(hypotheses, Arrays.asList(referenceSets));
    }

    /**
     * Sentence BLEU as sacreBLEU's {@code sentence_bleu}: the defaults plus effective order. BLEU is a corpus
     * metric; use this to inspect single outputs, not to average into a system score.
     *
     * @param hypothesis one system output
     * @param references its references (at least one non-empty)
     * @return the score, 0-100
     */
    public static BleuScore sentence(String hypothesis, String... references) {
        return SACREBLEU.effectiveOrder(true).sentenceScore(hypothesis, references);
    }

    /** This configuration with case folded to lower case (sacreBLEU {@code -lc}) or not. */
    public Bleu lowercase(boolean lower) {
        return new Bleu(lower, tokenization, smoothing, smoothValue, maxOrder, effectiveOrder);
    }

    /** This configuration with another tokenization. */
    public Bleu tokenization(Tokenization tok) {
        return new Bleu(lowercase, tok, smoothing, smoothValue, maxOrder, effectiveOrder);
    }

    /** This configuration with another smoothing method, at its default value where it takes one. */
    public Bleu smoothing(Smoothing method) {
        return new Bleu(lowercase, tokenization, method, Double.NaN, maxOrder, effectiveOrder);
    }

    /**
     * This configuration with {@link Smoothing#FLOOR} or {@link Smoothing#ADD_K} and an explicit value.
     *
     * @param method FLOOR or ADD_K
     * @param value the floor or the k
     */
    public Bleu smoothing(Smoothing method, double value) {
        if (method != Smoothing.FLOOR && method != Smoothing.ADD_K) {
            throw new IllegalArgumentException("BLEU: smoothing " + method + " takes no value; call smoothing("
                    + method + ") instead");
        }
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("BLEU: smoothing value " + value + " must be finite and >= 0");
        }
        return new Bleu(lowercase, tokenization, method, value, maxOrder, effectiveOrder);
    }

    /** This configuration counting n-grams up to order {@code n} (default 4). */
    public Bleu maxOrder(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("BLEU: max n-gram order " + n + " must be at least 1 (default 4)");
        }
        return new Bleu(lowercase, tokenization, smoothing, smoothValue, n, effectiveOrder);
    }

    /** This configuration with effective order on (recommended for sentence BLEU) or off (corpus default). */
    public Bleu effectiveOrder(boolean on) {
        return new Bleu(lowercase, tokenization, smoothing, smoothValue, maxOrder, on);
    }

    /**
     * Corpus BLEU.
     *
     * @param hypotheses one detokenized system output per segment
     * @param referenceSets {@code referenceSets.get(k).get(i)}: the k-th reference of segment i
     * @return the score, 0-100
     */
    public BleuScore corpusScore(List<String> hypotheses, List<? extends List<String>> referenceSets) {
        return score(statistics(hypotheses, referenceSets).stream()
                .reduce(BleuStatistics.zero(maxOrder), BleuStatistics::plus));
    }

    /**
     * Sentence BLEU under this configuration (consider {@link #effectiveOrder(boolean) effective order}).
     *
     * @param hypothesis one system output
     * @param references its references
     * @return the score, 0-100
     */
    public BleuScore sentenceScore(String hypothesis, String... references) {
        if (hypothesis == null) {
            throw new IllegalArgumentException("BLEU: the hypothesis is null; use \"\" for an empty output");
        }
        List<List<String>> sets = new ArrayList<>();
        for (String r : references) {
            sets.add(Arrays.asList(r));
        }
        return corpusScore(List.of(hypothesis), sets);
    }

    /**
     * Per-segment statistics, for sums over subsets (buckets, bootstrap resampling).
     *
     * @param hypotheses one system output per segment
     * @param referenceSets {@code referenceSets.get(k).get(i)}: the k-th reference of segment i
     * @return one entry per segment
     */
    public List<BleuStatistics> statistics(List<String> hypotheses, List<? extends List<String>> referenceSets) {
        checkCorpus("BLEU", hypotheses, referenceSets);
        List<BleuStatistics> out = new ArrayList<>(hypotheses.size());
        for (int i = 0; i < hypotheses.size(); i++) {
            List<String> refs = referencesOf(i, referenceSets, "BLEU");
            out.add(segmentStatistics(hypotheses.get(i), refs));
        }
        return out;
    }

    /**
     * BLEU from (summed) statistics under this configuration's smoothing and effective-order rules.
     *
     * @param stats pooled statistics of order {@link #maxOrder(int)}
     * @return the score
     */
    public BleuScore score(BleuStatistics stats) {
        if (stats.maxOrder() != maxOrder) {
            throw new IllegalArgumentException("BLEU: statistics of order " + stats.maxOrder()
                    + " given to a BLEU of max order " + maxOrder + "; compute them with the same configuration");
        }
        int c = stats.hypLength();
        int r = stats.refLength();
        double bp = c < r ? (c > 0 ? Math.exp(1.0 - (double) r / c) : 0.0) : 1.0;
        double[] precisions = new double[maxOrder];
        int[] matches = stats.matches();
        int[] totals = stats.totals();
        if (Arrays.stream(matches).allMatch(m -> m == 0)) {
            // No match at any order: BLEU is 0 whatever the smoothing (sacreBLEU issue #141).
            return new BleuScore(0.0, stats, precisions, bp);
        }
        double value = Double.isNaN(smoothValue) ? smoothing.defaultValue : smoothValue;
        double expDenominator = 1.0;
        int order = maxOrder;
        for (int n = 1; n <= maxOrder; n++) {
            double correct = matches[n - 1];
            double total = totals[n - 1];
            if (smoothing == Smoothing.ADD_K && n > 1) {
                correct += value;
                total += value;
            }
            if (total == 0) {
                break;
            }
            if (effectiveOrder) {
                order = n;
            }
            if (correct == 0) {
                if (smoothing == Smoothing.EXP) {
                    expDenominator *= 2;
                    precisions[n - 1] = 100.0 / (expDenominator * total);
                } else if (smoothing == Smoothing.FLOOR) {
                    precisions[n - 1] = 100.0 * value / total;
                }
            } else {
                precisions[n - 1] = 100.0 * correct / total;
            }
        }
        double logSum = 0;
        for (int n = 0; n < order; n++) {
            if (precisions[n] <= 0) {
                // log 0: the geometric mean, and so BLEU, is 0.
                return new BleuScore(0.0, stats, precisions, bp);
            }
            logSum += Math.log(precisions[n]);
        }
        return new BleuScore(bp * Math.exp(logSum / order), stats, precisions, bp);
    }

    /**
     * Corpus BLEU per bucket of source length, to see how quality falls with sentence length. Bucket k holds the
     * segments whose source length is in {@code (upperBounds[k-1], upperBounds[k]]} (the first starts at 0), and a
     * last, open bucket holds longer ones. Buckets without segments are left out.
     *
     * @param sourceLengths source length of each segment, in whatever unit the caller plots (e.g. source tokens)
     * @param hypotheses one system output per segment
     * @param references one reference per segment
     * @param upperBounds strictly increasing inclusive upper bounds, e.g. {@code 10, 20, 30}
     * @return the non-empty buckets in increasing length order
     */
    public List<LengthBucket> byLength(int[] sourceLengths, List<String> hypotheses, List<String> references,
            int... upperBounds) {
        Checks.sameLength("BLEU by length", "sourceLengths", sourceLengths.length, "hypotheses", hypotheses.size());
        for (int k = 1; k < upperBounds.length; k++) {
            if (upperBounds[k] <= upperBounds[k - 1]) {
                throw new IllegalArgumentException("BLEU by length: bucket bounds must increase strictly but "
                        + upperBounds[k - 1] + " is followed by " + upperBounds[k]);
            }
        }
        List<BleuStatistics> stats = statistics(hypotheses, List.of(references));
        int buckets = upperBounds.length + 1;
        BleuStatistics[] sums = new BleuStatistics[buckets];
        int[] counts = new int[buckets];
        for (int i = 0; i < sourceLengths.length; i++) {
            if (sourceLengths[i] < 0) {
                throw new IllegalArgumentException("BLEU by length: sourceLengths[" + i + "] is "
                        + sourceLengths[i] + "; lengths cannot be negative");
            }
            int k = 0;
            while (k < upperBounds.length && sourceLengths[i] > upperBounds[k]) {
                k++;
            }
            sums[k] = sums[k] == null ? stats.get(i) : sums[k].plus(stats.get(i));
            counts[k]++;
        }
        List<LengthBucket> out = new ArrayList<>();
        for (int k = 0; k < buckets; k++) {
            if (counts[k] > 0) {
                int lo = k == 0 ? 0 : upperBounds[k - 1] + 1;
                int hi = k == upperBounds.length ? Integer.MAX_VALUE : upperBounds[k];
                out.add(new LengthBucket(lo, hi, counts[k], score(sums[k])));
            }
        }
        return out;
    }

    /**
     * {@link #byLength(int[], List, List, int...)} with source lengths counted as 13a tokens of the sources.
     *
     * @param sources the source sentences
     * @param hypotheses one system output per segment
     * @param references one reference per segment
     * @param upperBounds strictly increasing inclusive upper bounds of source length in tokens
     * @return the non-empty buckets
     */
    public List<LengthBucket> byLength(List<String> sources, List<String> hypotheses, List<String> references,
            int... upperBounds) {
        Checks.noNulls("BLEU by length", "sources", sources);
        int[] lengths = sources.stream().mapToInt(s -> tokens(s).size()).toArray();
        return byLength(lengths, hypotheses, references, upperBounds);
    }

    /**
     * One source-length bucket of {@link #byLength}.
     *
     * @param minLength smallest source length in the bucket (inclusive)
     * @param maxLength largest source length (inclusive), {@link Integer#MAX_VALUE} for the open last bucket
     * @param sentences segments in the bucket
     * @param bleu corpus BLEU of those segments
     */
    public record LengthBucket(int minLength, int maxLength, int sentences, BleuScore bleu) {
        /** A label such as {@code "11-20"} or {@code "31+"}. */
        public String label() {
            return maxLength == Integer.MAX_VALUE ? minLength + "+" : minLength + "-" + maxLength;
        }
    }

    @Override
    public String toString() {
        String smooth = smoothing.name().toLowerCase(Locale.ROOT).replace('_', '-');
        double value = Double.isNaN(smoothValue) ? smoothing.defaultValue : smoothValue;
        if (!Double.isNaN(value)) {
            smooth += "[" + PyText.fixed(value, 2) + "]";
        }
        return "BLEU(case:" + (lowercase ? "lc" : "mixed") + "|eff:" + (effectiveOrder ? "yes" : "no") + "|tok:"
                + (tokenization == Tokenization.V13A ? "13a" : "none") + "|smooth:" + smooth
                + (maxOrder == 4 ? "" : "|order:" + maxOrder) + ")";
    }

    // --- internals ---

    private List<String> tokens(String segment) {
        String s = lowercase ? segment.toLowerCase(Locale.ROOT) : segment;
        s = PyText.rstrip(s);
        if (tokenization == Tokenization.V13A) {
            s = Tokenizer13a.tokenize(s);
        }
        return PyText.split(s);
    }

    private Map<String, Integer>[] ngrams(List<String> tokens) {
        @SuppressWarnings("unchecked")
        Map<String, Integer>[] counts = new Map[maxOrder];
        for (int n = 1; n <= maxOrder; n++) {
            Map<String, Integer> m = new HashMap<>();
            for (int i = 0; i + n <= tokens.size(); i++) {
                // Tokens hold no whitespace, so a space-joined n-gram is unambiguous.
                m.merge(String.join(" ", tokens.subList(i, i + n)), 1, Integer::sum);
            }
            counts[n - 1] = m;
        }
        return counts;
    }

    private BleuStatistics segmentStatistics(String hypothesis, List<String> references) {
        Map<String, Integer>[] refMax = null;
        int[] refLengths = new int[references.size()];
        for (int k = 0; k < references.size(); k++) {
            List<String> toks = tokens(references.get(k));
            refLengths[k] = toks.size();
            Map<String, Integer>[] counts = ngrams(toks);
            if (refMax == null) {
                refMax = counts;
            } else {
                for (int n = 0; n < maxOrder; n++) {
                    for (Map.Entry<String, Integer> e : counts[n].entrySet()) {
                        refMax[n].merge(e.getKey(), e.getValue(), Math::max);
                    }
                }
            }
        }
        List<String> hyp = tokens(hypothesis);
        Map<String, Integer>[] hypCounts = ngrams(hyp);
        int[] matches = new int[maxOrder];
        int[] totals = new int[maxOrder];
        for (int n = 0; n < maxOrder; n++) {
            for (Map.Entry<String, Integer> e : hypCounts[n].entrySet()) {
                totals[n] += e.getValue();
                Integer inRef = refMax[n].get(e.getKey());
                if (inRef != null) {
                    matches[n] += Math.min(e.getValue(), inRef);
                }
            }
        }
        return new BleuStatistics(hyp.size(), closestLength(hyp.size(), refLengths), matches, totals);
    }

    private static int closestLength(int hypLength, int[] refLengths) {
        int best = -1;
        int bestDiff = Integer.MAX_VALUE;
        for (int len : refLengths) {
            int diff = Math.abs(hypLength - len);
            if (diff < bestDiff || (diff == bestDiff && len < best)) {
                bestDiff = diff;
                best = len;
            }
        }
        return best;
    }

    static void checkCorpus(String metric, List<String> hypotheses, List<? extends List<String>> referenceSets) {
        Checks.notEmpty(metric, "hypotheses", hypotheses.size());
        Checks.noNulls(metric, "hypotheses", hypotheses);
        if (referenceSets.isEmpty()) {
            throw new IllegalArgumentException(metric + ": no references given; pass at least one reference list "
                    + "with one reference per hypothesis");
        }
        for (int k = 0; k < referenceSets.size(); k++) {
            List<String> set = referenceSets.get(k);
            if (set == null) {
                throw new IllegalArgumentException(metric + ": reference set " + k + " is null");
            }
            Checks.sameLength(metric, "hypotheses", hypotheses.size(), "references (set " + k + ")", set.size());
        }
    }

    static List<String> referencesOf(int segment, List<? extends List<String>> referenceSets, String metric) {
        List<String> refs = new ArrayList<>(referenceSets.size());
        for (List<String> set : referenceSets) {
            String r = set.get(segment);
            // As sacreBLEU >= 2.2: null means "no reference in this set"; "" is a reference of length 0.
            if (r != null) {
                refs.add(r);
            }
        }
        if (refs.isEmpty()) {
            throw new IllegalArgumentException(metric + ": segment " + segment + " has no reference (every set holds "
                    + "null there); every segment needs at least one reference, \"\" for an empty one");
        }
        return refs;
    }
}
