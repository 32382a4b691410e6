package seqlab.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * A translation trial's test outputs: every test sentence's source, reference and hypothesis in test order (what
 * paired bootstrap resampling of BLEU needs), BLEU by source length, one sentence's attention, and the data's
 * shape.
 *
 * @param pairs        each test sentence's index among the task's pairs (the same for every model of one seed)
 * @param sources      source sentences
 * @param references   reference translations
 * @param hypotheses   the model's translations (detokenised text; lower case where the task lower-cases)
 * @param bleuByLength BLEU per source-length bucket (Bahdanau et al. 2015, Fig. 2)
 * @param attention    one test sentence's attention weights, or null for models without attention
 * @param data         split sizes, vocabularies and decoding settings
 */
public record TranslationExtras(List<Integer> pairs, List<String> sources, List<String> references,
                                List<String> hypotheses, List<LengthBucket> bleuByLength, AttentionExample attention,
                                DataSummary data) implements Extras {

    /** BLEU on the test sentences whose source has {@code min..max} words ({@code max} null: no upper bound). */
    public record LengthBucket(String label, int min, Integer max, int sentences, double bleu) {
    }

    /** Attention weights of one test sentence: target tokens (rows) by source tokens (columns). */
    public record AttentionExample(String source, List<String> sourceTokens, List<String> targetTokens,
                                   List<List<Double>> weights) {
        /** The weights as a matrix. */
        public double[][] matrix() {
            double[][] z = new double[weights.size()][];
            for (int i = 0; i < z.length; i++) {
                z[i] = weights.get(i).stream().mapToDouble(Double::doubleValue).toArray();
            }
            return z;
        }
    }

    /**
     * The data a trial used and how it decoded.
     *
     * @param samples   positions in the test split of the fixed sentences the report shows for every model
     *                  ({@link TranslationTask.Options#samples()})
     * @param tokenizer the tokenizer, e.g. {@code bpe 1000 joint}
     * @param subwords  the learned BPE as {@link seqlab.data.Bpe#toJson} writes it (one when joint, else source and
     *                  target), so a stored trial carries the tokenizer its model read and wrote; empty for words
     * @param lowercase whether the text was lower-cased and BLEU and chrF are case-insensitive
     */
    public record DataSummary(int pairs, int train, int validation, int test, int sourceVocabulary,
                              int targetVocabulary, int beamWidth, double lengthPenalty, int maxDecodeLength,
                              List<Integer> samples, String tokenizer, List<String> subwords, boolean lowercase) {
        public DataSummary {
            samples = List.copyOf(samples);
            subwords = List.copyOf(subwords);
        }
    }

    /** One test translation. */
    public record Sample(String source, String reference, String hypothesis) {
    }

    public TranslationExtras {
        pairs = List.copyOf(pairs);
        sources = List.copyOf(sources);
        references = List.copyOf(references);
        hypotheses = List.copyOf(hypotheses);
        bleuByLength = List.copyOf(bleuByLength);
        if (sources.size() != pairs.size() || references.size() != pairs.size() || hypotheses.size() != pairs.size()) {
            throw new IllegalArgumentException("translation extras: " + pairs.size() + " pairs, " + sources.size()
                    + " sources, " + references.size() + " references, " + hypotheses.size()
                    + " hypotheses; one each per test sentence");
        }
    }

    /** The fixed sample sentences' translations (the same sentences for every model and seed of a task). */
    public List<Sample> samples() {
        List<Sample> out = new ArrayList<>();
        for (int i : data.samples()) {
            if (i < pairs.size()) {
                out.add(new Sample(sources.get(i), references.get(i), hypotheses.get(i)));
            }
        }
        return out;
    }

    /** The first {@code n} test translations. */
    public List<Sample> samples(int n) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < Math.min(n, pairs.size()); i++) {
            out.add(new Sample(sources.get(i), references.get(i), hypotheses.get(i)));
        }
        return out;
    }
}
