package seqlab.experiments;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import seqlab.data.DatasetInfo;
import seqlab.data.ParallelCorpus;
import seqlab.data.SentencePair;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.train.BatchSource;

/**
 * The synthetic long-memory problems of Hochreiter &amp; Schmidhuber (1997), generated from a {@link RandomSource}
 * so that a seed fixes every example:
 * <ul>
 *   <li>the <b>adding problem</b> (their Experiment 4, in the two-marker form later papers use): each step carries
 *       a value drawn from U(0, 1) and a marker; exactly two steps are marked, one in each half of the sequence,
 *       and the target is the sum of the two marked values. Predicting the mean, 1, scores an MSE of
 *       Var(U + U) = 1/6, so anything near 0.167 learned nothing;</li>
 *   <li>the <b>copy task</b>: a few symbols at the start, blanks, a delimiter, and the model must output the
 *       symbols, in order, at the last steps. Guessing scores {@code 1 / symbols}.</li>
 * </ul>
 * and a toy word-for-word translation corpus ({@link #dictionaryCorpus}) for the attention experiment.
 * Both examples are {@code (time, features)} float rows; {@link #source} collates them into batches.
 */
public final class SyntheticTasks {
    /** The MSE of always predicting 1 on the adding problem: the variance of a sum of two U(0, 1) values. */
    public static final double ADDING_BASELINE_MSE = 1.0 / 6.0;

    private SyntheticTasks() {
    }

    /**
     * One example: {@code inputs} is {@code time * features} row-major; {@code target} is the sum (adding), and
     * {@code labels} the symbols expected at the last steps (copy; null for adding).
     */
    public record Example(float[] inputs, long[] labels, float target) {
    }

    /**
     * A batch: inputs {@code (batch, time, features)}, regression targets {@code (batch, 1)}, and for the copy task
     * the expected symbols {@code (batch * answers)} (int64, row-major by example), else null.
     */
    public record Batch(Tensor inputs, Tensor targets, Tensor labels, int size, int time) {
    }

    /** Adding-problem examples of {@code length} steps, two features per step (value, marker). */
    public static List<Example> adding(int n, int length, RandomSource rng) {
        if (length < 2) {
            throw new IllegalArgumentException("adding problem: length must be >= 2, got " + length);
        }
        List<Example> out = new ArrayList<>(n);
        int half = length / 2;
        for (int i = 0; i < n; i++) {
            float[] x = new float[length * 2];
            for (int t = 0; t < length; t++) {
                x[2 * t] = rng.nextFloat();
            }
            int a = rng.nextInt(half), b = half + rng.nextInt(length - half);
            x[2 * a + 1] = 1f;
            x[2 * b + 1] = 1f;
            out.add(new Example(x, null, x[2 * a] + x[2 * b]));
        }
        return out;
    }

    /** Features per step of the copy task: one-hot over the symbols, blank and delimiter. */
    public static int copyFeatures(int symbols) {
        return symbols + 2;
    }

    /**
     * Copy-task examples of {@code length} steps: {@code count} symbols (of {@code symbols}) at steps
     * {@code 0..count-1}, blanks, the delimiter at step {@code length - count - 1}, and blanks during the last
     * {@code count} steps, where the labels are the symbols in order. The distance each symbol must be remembered is
     * {@code length - count}.
     */
    public static List<Example> copy(int n, int length, int count, int symbols, RandomSource rng) {
        if (length < 2 * count + 1) {
            throw new IllegalArgumentException("copy task: length " + length + " is too short for " + count
                    + " symbols (needs at least " + (2 * count + 1) + ")");
        }
        int f = copyFeatures(symbols), blank = symbols, delimiter = symbols + 1;
        List<Example> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] x = new float[length * f];
            long[] y = new long[count];
            int[] seq = new int[count];
            for (int k = 0; k < count; k++) {
                seq[k] = rng.nextInt(symbols);
            }
            for (int t = 0; t < length; t++) {
                int c;
                if (t < count) {
                    c = seq[t];
                } else if (t == length - count - 1) {
                    c = delimiter;
                } else {
                    c = blank;
                }
                x[t * f + c] = 1f;
            }
            for (int k = 0; k < count; k++) {
                y[k] = seq[k];
            }
            out.add(new Example(x, y, 0f));
        }
        return out;
    }

    /**
     * A toy translation corpus: sentences of {@code minWords..maxWords} words (uniform) drawn from a source vocabulary
     * of {@code vocabulary} words ({@code s0, s1, ...}), each translated word for word, in order, by a fixed random
     * dictionary into target words ({@code t0, t1, ...}). Nothing but memory limits a model here: a decoder that
     * keeps every source word in view translates any length perfectly, one that must squeeze the sentence into one
     * vector loses words as sentences grow.
     */
    public static ParallelCorpus dictionaryCorpus(int n, int minWords, int maxWords, int vocabulary, RandomSource rng) {
        if (minWords < 1 || maxWords < minWords) {
            throw new IllegalArgumentException("dictionary corpus: need 1 <= minWords <= maxWords, got " + minWords
                    + ".." + maxWords);
        }
        int[] dictionary = rng.permutation(vocabulary);
        List<SentencePair> pairs = new ArrayList<>(n);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int len = minWords + rng.nextInt(maxWords - minWords + 1);
            StringBuilder src = new StringBuilder(), tgt = new StringBuilder();
            for (int k = 0; k < len; k++) {
                int w = rng.nextInt(vocabulary);
                src.append(k == 0 ? "" : " ").append('s').append(w);
                tgt.append(k == 0 ? "" : " ").append('t').append(dictionary[w]);
            }
            pairs.add(new SentencePair(src.toString(), tgt.toString()));
            all.append(src).append('\t').append(tgt).append('\n');
        }
        DatasetInfo info = new DatasetInfo("synthetic-dictionary", DatasetInfo.TRANSLATION, n, "generated",
                "seqlab SyntheticTasks.dictionaryCorpus", sha256(all.toString()));
        return new ParallelCorpus(info, "src", "tgt", pairs);
    }

    private static String sha256(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The examples as a trainer's data, collated into tensors on {@code engine}. */
    public static BatchSource<Batch> source(Engine engine, List<Example> examples, int length, int features) {
        return BatchSource.of(examples, picked -> collate(engine, picked, length, features));
    }

    /** Stacks examples of {@code length} steps and {@code features} features into one batch. */
    public static Batch collate(Engine engine, List<Example> picked, int length, int features) {
        int b = picked.size();
        float[] x = new float[b * length * features];
        float[] y = new float[b];
        boolean labelled = picked.get(0).labels() != null;
        int answers = labelled ? picked.get(0).labels().length : 0;
        long[] labels = labelled ? new long[b * answers] : null;
        for (int i = 0; i < b; i++) {
            Example e = picked.get(i);
            System.arraycopy(e.inputs(), 0, x, i * length * features, length * features);
            y[i] = e.target();
            if (labelled) {
                System.arraycopy(e.labels(), 0, labels, i * answers, answers);
            }
        }
        return new Batch(engine.of(x, Shape.of(b, length, features)), engine.of(y, Shape.of(b, 1)),
                labelled ? engine.ofIndices(labels, Shape.of(b * answers)) : null, b, length);
    }
}
