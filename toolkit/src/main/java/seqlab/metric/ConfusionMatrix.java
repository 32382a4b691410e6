package seqlab.metric;

import java.util.ArrayList;
import java.util.List;

/**
 * A confusion matrix: {@code counts[t][p]} is how many examples of true class {@code t} were predicted as class
 * {@code p}. Per-class precision, recall and F1 and the macro average come from it, with scikit-learn's conventions:
 * a ratio with a zero denominator (a class never predicted, or never present) is 0, and the macro average runs over
 * the classes that occur among the targets or the predictions, so a class absent from a small test split does not
 * drag the average down.
 *
 * @param labels the class names, index = class id
 * @param counts square matrix, rows = true class, columns = predicted class
 */
public record ConfusionMatrix(List<String> labels, long[][] counts) {
    public ConfusionMatrix {
        labels = List.copyOf(labels);
        if (counts.length != labels.size()) {
            throw new IllegalArgumentException("Confusion matrix: " + counts.length + " rows for " + labels.size()
                    + " labels; give one row and one column per label");
        }
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i].length != labels.size()) {
                throw new IllegalArgumentException("Confusion matrix: row " + i + " has " + counts[i].length
                        + " columns for " + labels.size() + " labels");
            }
            copy[i] = counts[i].clone();
        }
        counts = copy;
    }

    /**
     * Counts predictions against targets.
     *
     * @param predictions predicted class ids
     * @param targets true class ids
     * @param labels class names; ids must lie in {@code [0, labels.size())}
     * @return the matrix
     */
    public static ConfusionMatrix of(int[] predictions, int[] targets, List<String> labels) {
        String what = "Confusion matrix";
        Checks.sameLength(what, "predictions", predictions.length, "targets", targets.length);
        Checks.notEmpty(what, "predictions", predictions.length);
        if (labels.isEmpty()) {
            throw new IllegalArgumentException(what + ": no labels; pass one name per class");
        }
        int k = labels.size();
        long[][] c = new long[k][k];
        for (int i = 0; i < predictions.length; i++) {
            checkClass(what, "targets", i, targets[i], k);
            checkClass(what, "predictions", i, predictions[i], k);
            c[targets[i]][predictions[i]]++;
        }
        return new ConfusionMatrix(labels, c);
    }

    private static void checkClass(String what, String name, int i, int cls, int k) {
        if (cls < 0 || cls >= k) {
            throw new IllegalArgumentException(what + ": " + name + "[" + i + "] = " + cls + " is not a class id; "
                    + "ids run from 0 to " + (k - 1) + " (one per label)");
        }
    }

    @Override
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** Number of classes. */
    public int classes() {
        return labels.size();
    }

    /** {@code counts[trueClass][predictedClass]}. */
    public long count(int trueClass, int predictedClass) {
        return counts[trueClass][predictedClass];
    }

    /** Number of examples. */
    public long total() {
        long n = 0;
        for (long[] row : counts) {
            for (long x : row) {
                n += x;
            }
        }
        return n;
    }

    /** Examples whose true class is {@code c}. */
    public long support(int c) {
        long n = 0;
        for (long x : counts[c]) {
            n += x;
        }
        return n;
    }

    /** Examples predicted as {@code c}. */
    public long predicted(int c) {
        long n = 0;
        for (long[] row : counts) {
            n += row[c];
        }
        return n;
    }

    /** Fraction of examples on the diagonal. */
    public double accuracy() {
        long correct = 0;
        for (int i = 0; i < counts.length; i++) {
            correct += counts[i][i];
        }
        return (double) correct / total();
    }

    /** TP / (TP + FP) for class {@code c}; 0 when the class is never predicted. */
    public double precision(int c) {
        long p = predicted(c);
        return p == 0 ? 0.0 : (double) counts[c][c] / p;
    }

    /** TP / (TP + FN) for class {@code c}; 0 when the class never occurs. */
    public double recall(int c) {
        long s = support(c);
        return s == 0 ? 0.0 : (double) counts[c][c] / s;
    }

    /** Harmonic mean of precision and recall for class {@code c}, i.e. 2 TP / (2 TP + FP + FN); 0 when undefined. */
    public double f1(int c) {
        long denominator = support(c) + predicted(c);
        return denominator == 0 ? 0.0 : 2.0 * counts[c][c] / denominator;
    }

    /** Unweighted mean of the per-class F1 over the classes present among targets or predictions. */
    public double macroF1() {
        double sum = 0;
        int present = 0;
        for (int c = 0; c < classes(); c++) {
            if (support(c) + predicted(c) > 0) {
                sum += f1(c);
                present++;
            }
        }
        return sum / present;
    }

    /** Precision, recall, F1 and support per class, in label order. */
    public List<ClassScores> perClass() {
        List<ClassScores> out = new ArrayList<>();
        for (int c = 0; c < classes(); c++) {
            out.add(new ClassScores(labels.get(c), precision(c), recall(c), f1(c), support(c)));
        }
        return out;
    }

    /**
     * The scores of one class.
     *
     * @param label class name
     * @param precision TP / (TP + FP)
     * @param recall TP / (TP + FN)
     * @param f1 harmonic mean of precision and recall
     * @param support examples of the class
     */
    public record ClassScores(String label, double precision, double recall, double f1, long support) {}

    /** A table with true classes as rows and predicted classes as columns. */
    @Override
    public String toString() {
        int width = "true\\pred".length();
        for (String l : labels) {
            width = Math.max(width, l.length());
        }
        for (long[] row : counts) {
            for (long x : row) {
                width = Math.max(width, Long.toString(x).length());
            }
        }
        String cell = "%" + width + "s";
        StringBuilder b = new StringBuilder();
        b.append(String.format(cell, "true\\pred"));
        for (String l : labels) {
            b.append("  ").append(String.format(cell, l));
        }
        for (int t = 0; t < classes(); t++) {
            b.append('\n').append(String.format(cell, labels.get(t)));
            for (long x : counts[t]) {
                b.append("  ").append(String.format(cell, x));
            }
        }
        return b.toString();
    }
}
