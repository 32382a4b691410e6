package seqlab.metric;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * chrF, the character n-gram F-score (Popović 2015, "chrF: character n-gram F-score for automatic MT evaluation",
 * WMT), computed exactly as sacreBLEU 2.x does (Post 2018). Defaults are sacreBLEU's chrF2: character n-grams of
 * order 1 to 6, no word n-grams, beta = 2 (recall weighted twice as much as precision; Popović 2016), case-sensitive,
 * whitespace removed before n-grams are taken.
 *
 * <p>Definition. For every order n, count the hypothesis character n-grams, the reference ones, and the matches
 * (per n-gram, the smaller of the two counts). A segment with several references keeps the statistics of the
 * reference with the highest segment chrF. Counts are summed over the corpus. Orders where both the hypothesis and
 * the reference have n-grams are "effective"; precision {@code P} and recall {@code R} are the averages of the
 * per-order match ratios over the effective orders, and
 * <pre>  chrF_beta = 100 * (1 + beta^2) * P * R / (beta^2 * P + R)   (0 when P + R = 0).</pre>
 * With {@link #epsSmoothing(boolean) epsilon smoothing} (chrF++.py, Moses, NLTK style) every order counts: an
 * order's F-score is computed from precision and recall floored at 1e-16 and the F-scores are averaged instead.
 * With {@link #wordOrder(int) word order} 2 this is chrF++ (Popović 2017): words are whitespace-separated, with one
 * ASCII punctuation mark split off the end, or else the start, of each word longer than one character.
 *
 * <p>Empty references follow sacreBLEU 2.2 and later (2.0 and 2.1 dropped them): {@code ""} stays a reference. It has
 * no n-grams, so a segment scored against it adds nothing to the counts, and a corpus whose only references are
 * empty scores 0 instead of failing.
 */
public final class Chrf {
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    private static final double EPS = 1e-16;
    private static final Chrf SACREBLEU = new Chrf(6, 0, 2.0, false, false, false);

    private final int charOrder;
    private final int wordOrder;
    private final double beta;
    private final boolean lowercase;
    private final boolean whitespace;
    private final boolean epsSmoothing;

    private Chrf(int charOrder, int wordOrder, double beta, boolean lowercase, boolean whitespace,
            boolean epsSmoothing) {
        this.charOrder = charOrder;
        this.wordOrder = wordOrder;
        this.beta = beta;
        this.lowercase = lowercase;
        this.whitespace = whitespace;
        this.epsSmoothing = epsSmoothing;
    }

    /** sacreBLEU's default chrF2. */
    public static Chrf sacrebleu() {
        return SACREBLEU;
    }

    /**
     * Corpus chrF2 with sacreBLEU's defaults.
     *
     * @param hypotheses one system output per segment
     * @param referenceSets one or more reference lists, each with one reference per segment
     * @return the score, 0-100
     */
    @SafeVarargs
    public static ChrfScore corpus(List<String> hypotheses, List<String>... referenceSets) {
        return SACREBLEU.corpusScore(hypotheses, Arrays.asList(referenceSets));
    }

    /**
     * Sentence chrF2 with sacreBLEU's defaults.
     *
     * @param hypothesis one system output
     * @param references its references
     * @return the score, 0-100
     */
    public static ChrfScore sentence(String hypothesis, String... references) {
        return SACREBLEU.sentenceScore(hypothesis, references);
    }

    /** This configuration with character n-grams up to order {@code n} (default 6). */
    public Chrf charOrder(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("chrF: character order " + n + " must be at least 1 (default 6)");
        }
        return new Chrf(n, wordOrder, beta, lowercase, whitespace, epsSmoothing);
    }

    /** This configuration with word n-grams up to order {@code n} (0 = chrF, the default; 2 = chrF++). */
    public Chrf wordOrder(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("chrF: word order " + n + " must be 0 (chrF) or more (2 = chrF++)");
        }
        return new Chrf(charOrder, n, beta, lowercase, whitespace, epsSmoothing);
    }

    /** This configuration with another recall weight (default 2). */
    public Chrf beta(double b) {
        if (!(b > 0) || Double.isInfinite(b)) {
            throw new IllegalArgumentException("chrF: beta " + b + " must be finite and > 0 (default 2)");
        }
        return new Chrf(charOrder, wordOrder, b, lowercase, whitespace, epsSmoothing);
    }

    /** This configuration with case folded or not (default not). */
    public Chrf lowercase(boolean lower) {
        return new Chrf(charOrder, wordOrder, beta, lower, whitespace, epsSmoothing);
    }

    /** This configuration keeping whitespace inside character n-grams, or removing it (the default). */
    public Chrf whitespace(boolean keep) {
        return new Chrf(charOrder, wordOrder, beta, lowercase, keep, epsSmoothing);
    }

    /** This configuration with chrF++.py-style epsilon smoothing instead of effective order (default off). */
    public Chrf epsSmoothing(boolean on) {
        return new Chrf(charOrder, wordOrder, beta, lowercase, whitespace, on);
    }

    /**
     * Corpus chrF.
     *
     * @param hypotheses one system output per segment
     * @param referenceSets {@code referenceSets.get(k).get(i)}: the k-th reference of segment i
     * @return the score, 0-100
     */
    public ChrfScore corpusScore(List<String> hypotheses, List<? extends List<String>> referenceSets) {
        int[] sum = new int[3 * (charOrder + wordOrder)];
        for (int[] s : statistics(hypotheses, referenceSets)) {
            for (int j = 0; j < sum.length; j++) {
                sum[j] += s[j];
            }
        }
        return score(sum);
    }

    /**
     * Per-segment statistics, for sums over subsets (bootstrap resampling): three counts per order, character orders
     * first (hypothesis n-grams, reference n-grams, matches), as in {@link ChrfScore#statistics()}.
     *
     * @param hypotheses one system output per segment
     * @param referenceSets {@code referenceSets.get(k).get(i)}: the k-th reference of segment i
     * @return one array per segment
     */
    public List<int[]> statistics(List<String> hypotheses, List<? extends List<String>> referenceSets) {
        Bleu.checkCorpus("chrF", hypotheses, referenceSets);
        List<int[]> out = new ArrayList<>(hypotheses.size());
        for (int i = 0; i < hypotheses.size(); i++) {
            out.add(segmentStatistics(hypotheses.get(i), Bleu.referencesOf(i, referenceSets, "chrF")));
        }
        return out;
    }

    /**
     * chrF from (summed) statistics under this configuration.
     *
     * @param statistics pooled counts laid out as {@link #statistics} returns them
     * @return the score
     */
    public ChrfScore score(int[] statistics) {
        if (statistics.length != 3 * (charOrder + wordOrder)) {
            throw new IllegalArgumentException("chrF: " + statistics.length + " statistics given to a chrF with "
                    + (charOrder + wordOrder) + " orders, which needs " + 3 * (charOrder + wordOrder)
                    + "; compute them with the same configuration");
        }
        return new ChrfScore(fScore(statistics), beta, charOrder, wordOrder, statistics);
    }

    /**
     * Sentence chrF under this configuration.
     *
     * @param hypothesis one system output
     * @param references its references
     * @return the score, 0-100
     */
    public ChrfScore sentenceScore(String hypothesis, String... references) {
        if (hypothesis == null) {
            throw new IllegalArgumentException("chrF: the hypothesis is null; use \"\" for an empty output");
        }
        List<List<String>> sets = new ArrayList<>();
        for (String r : references) {
            sets.add(Arrays.asList(r));
        }
        return corpusScore(List.of(hypothesis), sets);
    }

    @Override
    public String toString() {
        return "chrF(nc:" + charOrder + "|nw:" + wordOrder + "|beta:" + beta + "|case:" + (lowercase ? "lc" : "mixed")
                + "|space:" + (whitespace ? "yes" : "no") + "|eff:" + (epsSmoothing ? "no" : "yes") + ")";
    }

    // --- internals ---

    private List<Map<String, Integer>> allNgrams(String segment) {
        String s = lowercase ? segment.toLowerCase(Locale.ROOT) : segment;
        List<Map<String, Integer>> out = new ArrayList<>(charOrder + wordOrder);
        String chars = whitespace ? s : PyText.removeWhitespace(s);
        int[] cps = chars.codePoints().toArray();
        for (int n = 1; n <= charOrder; n++) {
            Map<String, Integer> m = new HashMap<>();
            for (int i = 0; i + n <= cps.length; i++) {
                m.merge(new String(cps, i, n), 1, Integer::sum);
            }
            out.add(m);
        }
        if (wordOrder > 0) {
            List<String> words = words(s);
            for (int n = 1; n <= wordOrder; n++) {
                Map<String, Integer> m = new HashMap<>();
                for (int i = 0; i + n <= words.size(); i++) {
                    m.merge(String.join(" ", words.subList(i, i + n)), 1, Integer::sum);
                }
                out.add(m);
            }
        }
        return out;
    }

    /** chrF++'s word split: one punctuation mark comes off the end of a word, or else off its start. */
    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        for (String w : PyText.split(s)) {
            int len = w.codePointCount(0, w.length());
            if (len == 1) {
                out.add(w);
                continue;
            }
            int last = w.codePointBefore(w.length());
            int first = w.codePointAt(0);
            if (isPunctuation(last)) {
                int cut = w.length() - Character.charCount(last);
                out.add(w.substring(0, cut));
                out.add(w.substring(cut));
            } else if (isPunctuation(first)) {
                int cut = Character.charCount(first);
                out.add(w.substring(0, cut));
                out.add(w.substring(cut));
            } else {
                out.add(w);
            }
        }
        return out;
    }

    private static boolean isPunctuation(int cp) {
        return cp < 128 && PUNCTUATION.indexOf(cp) >= 0;
    }

    private int[] segmentStatistics(String hypothesis, List<String> references) {
        List<Map<String, Integer>> hyp = allNgrams(hypothesis);
        int[] best = null;
        double bestF = -1;
        for (String reference : references) {
            List<Map<String, Integer>> ref = allNgrams(reference);
            int[] stats = new int[3 * hyp.size()];
            for (int o = 0; o < hyp.size(); o++) {
                int hypCount = 0;
                int match = 0;
                Map<String, Integer> r = ref.get(o);
                for (Map.Entry<String, Integer> e : hyp.get(o).entrySet()) {
                    hypCount += e.getValue();
                    Integer inRef = r.get(e.getKey());
                    if (inRef != null) {
                        match += Math.min(e.getValue(), inRef);
                    }
                }
                int refCount = r.values().stream().mapToInt(Integer::intValue).sum();
                // As sacreBLEU: hypothesis n-grams of an order the reference lacks do not count.
                stats[3 * o] = r.isEmpty() ? 0 : hypCount;
                stats[3 * o + 1] = refCount;
                stats[3 * o + 2] = match;
            }
            double f = fScore(stats);
            if (f > bestF) {
                bestF = f;
                best = stats;
            }
        }
        return best;
    }

    private double fScore(int[] stats) {
        double factor = beta * beta;
        int orders = stats.length / 3;
        double epsSum = 0;
        double precision = 0;
        double recall = 0;
        int effective = 0;
        for (int o = 0; o < orders; o++) {
            int nHyp = stats[3 * o];
            int nRef = stats[3 * o + 1];
            int nMatch = stats[3 * o + 2];
            double p = nHyp > 0 ? (double) nMatch / nHyp : EPS;
            double r = nRef > 0 ? (double) nMatch / nRef : EPS;
            double denominator = factor * p + r;
            epsSum += denominator > 0 ? (1 + factor) * p * r / denominator : EPS;
            if (nHyp > 0 && nRef > 0) {
                precision += p;
                recall += r;
                effective++;
            }
        }
        if (epsSmoothing) {
            return 100 * epsSum / orders;
        }
        if (effective == 0) {
            return 0.0;
        }
        precision /= effective;
        recall /= effective;
        if (precision + recall == 0) {
            return 0.0;
        }
        return 100 * (1 + factor) * precision * recall / (factor * precision + recall);
    }
}
