package seqlab.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import seqlab.data.DataSplit;
import seqlab.data.LabeledText;
import seqlab.data.Splits;
import seqlab.data.Vocabulary;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.model.ModelSpec;
import seqlab.model.SequenceEncoder;
import seqlab.nn.Embedding;
import seqlab.nn.Linear;
import seqlab.nn.Module;
import seqlab.stats.PerExample;
import seqlab.train.BatchSource;
import seqlab.train.Losses;
import seqlab.train.Optimizers;
import seqlab.train.Seeds;
import seqlab.train.Trainer;

/**
 * Punctuation restoration, a tagging task built from real text where the future matters: the punctuation is
 * stripped from each sentence and the model tags every word with the mark that followed it (none, comma, full stop,
 * question mark or exclamation mark). Whether a word ends the sentence, or a comma follows it, depends on the words
 * after it ("very, very slow"; the last word of a sentence), which a left-to-right model has not read when it tags
 * the word. The words are lower-cased, so capitals give nothing away.
 *
 * <p>The score is the macro-F1 over the four marks (the mark-level F1 punctuation restoration is judged by; tagging
 * every word "none" scores 0). For tests over test sentences each sentence carries its true positives, false
 * positives and false negatives per mark, so a resampled test set is scored from summed counts
 * ({@link #perExample}).
 */
final class PunctuationTagging {
    /** The tags: index 0 is "no mark", then the marks in this order. */
    static final List<String> TAGS = List.of("none", ",", ".", "?", "!");
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+(?:'[\\p{L}]+)?|[,.?!]");

    private PunctuationTagging() {
    }

    /** One sentence: its lower-cased words and each word's tag (index into {@link #TAGS}). */
    record Sentence(List<String> words, int[] tags) {
    }

    /**
     * The sentences of {@code texts}, words lower-cased and each tagged with the first of {@code , . ? !} that follows
     * it before the next word (other marks are dropped), cut to {@code maxLength} words; sentences of fewer than
     * 2 words are left out.
     */
    static List<Sentence> sentences(List<String> texts, int maxLength) {
        List<Sentence> out = new ArrayList<>();
        for (String text : texts) {
            List<String> words = new ArrayList<>();
            List<Integer> tags = new ArrayList<>();
            Matcher m = TOKEN.matcher(text);
            while (m.find()) {
                String t = m.group();
                int mark = TAGS.indexOf(t);
                if (mark > 0) {
                    if (!words.isEmpty() && tags.get(tags.size() - 1) == 0) {
                        tags.set(tags.size() - 1, mark);
                    }
                } else {
                    words.add(t.toLowerCase(Locale.ROOT));
                    tags.add(0);
                }
            }
            if (words.size() > maxLength) {
                words = words.subList(0, maxLength);
                tags = tags.subList(0, maxLength);
            }
            if (words.size() >= 2) {
                out.add(new Sentence(List.copyOf(words), tags.stream().mapToInt(Integer::intValue).toArray()));
            }
        }
        return out;
    }

    /** A word-by-word tagger: embedding, any encoder, a linear layer on every step's output. */
    static final class Tagger extends Module {
        private final Embedding embedding;
        private final SequenceEncoder encoder;
        private final Linear head;

        Tagger(Engine engine, ModelSpec spec, int vocabulary, int embeddingSize, RandomSource rng) {
            super(engine);
            embedding = addModule("embedding", new Embedding(engine, vocabulary, embeddingSize, Vocabulary.PAD_ID,
                    rng));
            encoder = addModule("encoder", new SequenceEncoder(engine, spec, embeddingSize, rng));
            head = addModule("head", new Linear(engine, encoder.outputSize(), TAGS.size(), rng));
        }

        /** {@code (batch * time, tags)} logits for padded ids {@code (batch, time)}. */
        Tensor forward(Tensor ids, int[] lengths) {
            Tensor out = encoder.forward(embedding.forward(ids), lengths).outputs();
            return head.forward(out).reshape(-1, TAGS.size());
        }
    }

    /** A padded batch: ids {@code (batch, time)}, lengths, and tags {@code (batch * time)} with padding ignored. */
    record Batch(Tensor ids, int[] lengths, Tensor tags) {
    }

    static Batch collate(Engine engine, Vocabulary vocabulary, List<Sentence> picked) {
        int b = picked.size(), time = picked.stream().mapToInt(s -> s.words().size()).max().orElse(1);
        long[] ids = new long[b * time], tags = new long[b * time];
        Arrays.fill(tags, Losses.IGNORE_INDEX);
        int[] lengths = new int[b];
        for (int i = 0; i < b; i++) {
            Sentence s = picked.get(i);
            lengths[i] = s.words().size();
            int[] enc = vocabulary.encode(s.words());
            for (int t = 0; t < enc.length; t++) {
                ids[i * time + t] = enc[t];
                tags[i * time + t] = s.tags()[t];
            }
        }
        return new Batch(engine.ofIndices(ids, Shape.of(b, time)), lengths, engine.ofIndices(tags, Shape.of(b * time)));
    }

    /**
     * What one trained tagger predicted on the test sentences.
     *
     * @param predicted each test sentence's predicted tags
     * @param actual    each test sentence's true tags
     */
    record Outcome(List<int[]> predicted, List<int[]> actual) {
        /** Macro-F1 over the four marks, from counts summed over every test sentence. */
        double macroF1() {
            double[] sums = new double[3 * (TAGS.size() - 1)];
            for (int i = 0; i < actual.size(); i++) {
                double[] c = counts(predicted.get(i), actual.get(i));
                for (int k = 0; k < sums.length; k++) {
                    sums[k] += c[k];
                }
            }
            return marksF1(sums);
        }

        /** Share of words tagged right, "none" included. */
        double wordAccuracy() {
            long right = 0, all = 0;
            for (int i = 0; i < actual.size(); i++) {
                for (int t = 0; t < actual.get(i).length; t++) {
                    right += predicted.get(i)[t] == actual.get(i)[t] ? 1 : 0;
                    all++;
                }
            }
            return (double) right / all;
        }
    }

    /** Per mark: true positives, false positives, false negatives, in mark order. */
    static double[] counts(int[] predicted, int[] actual) {
        int marks = TAGS.size() - 1;
        double[] c = new double[3 * marks];
        for (int t = 0; t < actual.length; t++) {
            int p = predicted[t], a = actual[t];
            if (p == a && a > 0) {
                c[3 * (a - 1)]++;
            } else {
                if (p > 0) {
                    c[3 * (p - 1) + 1]++;
                }
                if (a > 0) {
                    c[3 * (a - 1) + 2]++;
                }
            }
        }
        return c;
    }

    /**
     * The mean over marks of F1 = 2 tp / (2 tp + fp + fn), over the marks that occur or are predicted (a mark absent
     * from both is left out rather than scored 0 or 1).
     */
    static double marksF1(double[] sums) {
        double total = 0;
        int present = 0;
        for (int k = 0; k < TAGS.size() - 1; k++) {
            double tp = sums[3 * k], fp = sums[3 * k + 1], fn = sums[3 * k + 2];
            if (tp + fp + fn > 0) {
                total += 2 * tp / (2 * tp + fp + fn);
                present++;
            }
        }
        return present == 0 ? 0 : total / present;
    }

    /** The test outcome as per-sentence counts, for the paired bootstrap over test sentences. */
    static PerExample perExample(Outcome o) {
        double[][] s = new double[o.actual().size()][];
        for (int i = 0; i < s.length; i++) {
            s[i] = counts(o.predicted().get(i), o.actual().get(i));
        }
        return PerExample.of("punctuation macro-F1", s, (sums, n) -> marksF1(sums));
    }

    /**
     * The data of one seed: a random 80/10/10 split of the sentences (the same for every model of the seed) and the
     * vocabulary of the training words seen at least twice.
     */
    record Prepared(List<Sentence> train, List<Sentence> validation, List<Sentence> test, Vocabulary vocabulary) {
        static Prepared of(List<Sentence> all, long seed) {
            DataSplit split = Splits.random(all.size(), 0.8, 0.1, 0.1, Seeds.of(seed).splits());
            List<Sentence> train = pick(all, split.train());
            Vocabulary v = Vocabulary.build(train.stream().map(Sentence::words).toList(), 2, Integer.MAX_VALUE);
            return new Prepared(train, pick(all, split.validation()), pick(all, split.test()), v);
        }

        private static List<Sentence> pick(List<Sentence> all, int[] idx) {
            List<Sentence> out = new ArrayList<>(idx.length);
            for (int i : idx) {
                out.add(all.get(i));
            }
            return out;
        }
    }

    /** The words of the sentiment dataset's texts. */
    static List<String> texts(List<LabeledText> rows) {
        return rows.stream().map(LabeledText::text).toList();
    }

    /**
     * Trains a tagger of {@code spec} on {@code data} and tags the test sentences: Adam, gradient norm clipped at 1,
     * early stopping on the validation loss (patience 2, best weights restored), at most {@code steps} steps.
     */
    static Outcome run(Engine engine, ModelSpec spec, Prepared data, int embedding, int epochs, long steps,
                       double learningRate, long seed) {
        Tagger model = new Tagger(engine, spec, data.vocabulary().size(), embedding, Seeds.of(seed).init());
        var trainer = Trainer.of(model, (Tagger m, Batch b) -> Losses.crossEntropy(m.forward(b.ids(), b.lengths()),
                        b.tags()))
                .optimizer(Optimizers.adam(learningRate)).batchSize(32).epochs(epochs).clipNorm(1.0)
                .earlyStopping(2, true).seed(seed).progress(false);
        if (steps > 0) {
            trainer.maxSteps(steps);
        }
        trainer.fit(source(engine, data.vocabulary(), data.train()), source(engine, data.vocabulary(),
                data.validation()));
        model.eval();
        List<int[]> predicted = new ArrayList<>(), actual = new ArrayList<>();
        try (var ignored = engine.noGrad()) {
            for (int from = 0; from < data.test().size(); from += 64) {
                List<Sentence> part = data.test().subList(from, Math.min(data.test().size(), from + 64));
                try (var scope = engine.scope()) {
                    Batch b = collate(engine, data.vocabulary(), part);
                    long[] tags = model.forward(b.ids(), b.lengths()).argmax(1).toLongArray();
                    int time = b.ids().dim(1);
                    for (int i = 0; i < part.size(); i++) {
                        int[] p = new int[b.lengths()[i]];
                        for (int t = 0; t < p.length; t++) {
                            p[t] = (int) tags[i * time + t];
                        }
                        predicted.add(p);
                        actual.add(part.get(i).tags());
                    }
                }
            }
        }
        return new Outcome(predicted, actual);
    }

    private static BatchSource<Batch> source(Engine engine, Vocabulary vocabulary, List<Sentence> sentences) {
        return BatchSource.of(sentences, picked -> collate(engine, vocabulary, picked));
    }
}
