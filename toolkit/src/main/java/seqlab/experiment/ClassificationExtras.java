package seqlab.experiment;

import java.util.List;
import seqlab.metric.ClassificationMetrics;
import seqlab.metric.ConfusionMatrix;

/**
 * A classification trial's test outputs, one entry per test example in the order of the seed's test split.
 *
 * @param labels     the class names, by index
 * @param rows       each test example's row in the dataset (the same rows for every model of one seed)
 * @param predicted  each test example's predicted class index
 * @param actual     each test example's true class index
 * @param vocabulary vocabulary size (specials included)
 * @param train      training examples
 * @param validation validation examples
 */
public record ClassificationExtras(List<String> labels, List<Integer> rows, List<Integer> predicted,
                                   List<Integer> actual, int vocabulary, int train, int validation) implements Extras {

    public ClassificationExtras {
        labels = List.copyOf(labels);
        rows = List.copyOf(rows);
        predicted = List.copyOf(predicted);
        actual = List.copyOf(actual);
        if (rows.size() != predicted.size() || rows.size() != actual.size()) {
            throw new IllegalArgumentException("classification extras: " + rows.size() + " rows, " + predicted.size()
                    + " predictions and " + actual.size() + " true classes; one each per test example");
        }
    }

    /** Test examples. */
    public int test() {
        return rows.size();
    }

    /** The test confusion matrix. */
    public ConfusionMatrix confusion() {
        return ClassificationMetrics.confusion(ints(predicted), ints(actual), labels);
    }

    /** Whether each test example was classified correctly, in test order (for paired tests such as McNemar's). */
    public boolean[] correct() {
        boolean[] c = new boolean[rows.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = predicted.get(i).equals(actual.get(i));
        }
        return c;
    }

    static int[] ints(List<Integer> v) {
        return v.stream().mapToInt(Integer::intValue).toArray();
    }
}
