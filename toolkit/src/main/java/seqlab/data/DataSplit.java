package seqlab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Indices of the examples in each part of a train/validation/test split, each part in ascending order (training
 * shuffles per epoch anyway; ascending order keeps a split easy to inspect). The parts are disjoint and together
 * hold every index once. Made by {@link Splits}.
 */
public record DataSplit(int[] train, int[] validation, int[] test) {

    public DataSplit {
        train = train.clone();
        validation = validation.clone();
        test = test.clone();
    }

    @Override
    public int[] train() {
        return train.clone();
    }

    @Override
    public int[] validation() {
        return validation.clone();
    }

    @Override
    public int[] test() {
        return test.clone();
    }

    /** The training items of {@code items} (a list parallel to the data the split was made for). */
    public <T> List<T> train(List<T> items) {
        return select(items, train);
    }

    public <T> List<T> validation(List<T> items) {
        return select(items, validation);
    }

    public <T> List<T> test(List<T> items) {
        return select(items, test);
    }

    /** Number of examples over all parts. */
    public int size() {
        return train.length + validation.length + test.length;
    }

    static <T> List<T> select(List<T> items, int[] indices) {
        List<T> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            if (i >= items.size()) {
                throw new IndexOutOfBoundsException("Split index " + i + " outside a list of " + items.size()
                        + " items; select from the list the split was made for");
            }
            out.add(items.get(i));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataSplit s && Arrays.equals(train, s.train) && Arrays.equals(validation, s.validation)
                && Arrays.equals(test, s.test);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(train) + Arrays.hashCode(validation)) + Arrays.hashCode(test);
    }

    @Override
    public String toString() {
        return "DataSplit(train=" + train.length + ", validation=" + validation.length + ", test=" + test.length + ")";
    }
}
