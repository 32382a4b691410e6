package seqlab.data;

import java.util.Arrays;
import java.util.List;

/** One fold of a k-fold cross-validation: {@code index} in {@code 0..k-1}, ascending train and test indices. */
public record Fold(int index, int[] train, int[] test) {

    public Fold {
        train = train.clone();
        test = test.clone();
    }

    @Override
    public int[] train() {
        return train.clone();
    }

    @Override
    public int[] test() {
        return test.clone();
    }

    public <T> List<T> train(List<T> items) {
        return DataSplit.select(items, train);
    }

    public <T> List<T> test(List<T> items) {
        return DataSplit.select(items, test);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fold f && f.index == index && Arrays.equals(train, f.train) && Arrays.equals(test, f.test);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * index + Arrays.hashCode(train)) + Arrays.hashCode(test);
    }

    @Override
    public String toString() {
        return "Fold(" + index + ": train=" + train.length + ", test=" + test.length + ")";
    }
}
