package seqlab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import seqlab.engine.RandomSource;

/**
 * Seeded train/validation/test splits and k-fold cross-validation.
 *
 * <p>Part sizes are {@code round(n * fraction)} for validation and test (at least one example when the fraction is
 * above zero) and the rest for training. All randomness comes from the given {@link RandomSource}, so a seed fixes the
 * split; the returned indices are ascending within each part.
 *
 * <p>Stratified splits keep each class's share in every part: a class's count in a part differs from its exact
 * proportional share by less than one (largest-remainder rounding), except that every class gets at least one
 * example in every non-empty part, which is why a class needs at least as many examples as there are non-empty parts.
 */
public final class Splits {
    private Splits() {
    }

    /**
     * A stratified split: each class is shuffled and dealt into the parts in proportion.
     *
     * @param labels     one label per example (any type with {@code equals}); classes are taken in order of first
     *                   appearance
     * @param train      fraction for training, above 0
     * @param validation fraction for validation, 0 for none
     * @param test       fraction for test, 0 for none; the three must sum to 1
     */
    public static DataSplit stratified(List<?> labels, double train, double validation, double test, RandomSource rng) {
        int n = labels.size();
        int[] sizes = partSizes("stratified split", n, train, validation, test);
        int nVal = sizes[1];
        int nTest = sizes[2];
        List<int[]> classes = groups(labels);
        int parts = 1 + (nVal > 0 ? 1 : 0) + (nTest > 0 ? 1 : 0);
        List<Object> names = new ArrayList<>(groupNames(labels));
        int k = classes.size();
        int[] m = new int[k];
        for (int c = 0; c < k; c++) {
            m[c] = classes.get(c).length;
            if (m[c] < parts) {
                throw new IllegalArgumentException("stratified split: class '" + names.get(c) + "' has " + m[c]
                        + " example(s), too few to put one in each of the " + parts + " non-empty parts; "
                        + "merge or drop rare classes, set the validation fraction to 0, or use Splits.random");
            }
            rng.shuffle(classes.get(c));
        }
        int[] capTest = new int[k];
        for (int c = 0; c < k; c++) {
            capTest[c] = m[c] - 1 - (nVal > 0 ? 1 : 0);
        }
        int[] testCount = allocate(m, capTest, nTest, n);
        int[] capVal = new int[k];
        for (int c = 0; c < k; c++) {
            capVal[c] = m[c] - 1 - testCount[c];
        }
        int[] valCount = allocate(m, capVal, nVal, n);
        List<Integer> tr = new ArrayList<>();
        List<Integer> va = new ArrayList<>();
        List<Integer> te = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            int[] members = classes.get(c);
            for (int j = 0; j < members.length; j++) {
                (j < testCount[c] ? te : j < testCount[c] + valCount[c] ? va : tr).add(members[j]);
            }
        }
        return new DataSplit(sorted(tr), sorted(va), sorted(te));
    }

    /** An unstratified seeded split of {@code n} examples (for translation pairs and other unlabelled data). */
    public static DataSplit random(int n, double train, double validation, double test, RandomSource rng) {
        int[] sizes = partSizes("random split", n, train, validation, test);
        int[] perm = rng.permutation(n);
        int nTest = sizes[2];
        int nVal = sizes[1];
        return new DataSplit(
                sortedRange(perm, nTest + nVal, n),
                sortedRange(perm, nTest, nTest + nVal),
                sortedRange(perm, 0, nTest));
    }

    /**
     * A seeded split that keeps examples of equal {@code keys} together (e.g. translation pairs of one source sentence,
     * so no test source is seen in training): the groups are shuffled and dealt to test, then validation, until each
     * holds its share of examples, and the rest train.
     */
    public static DataSplit grouped(List<?> keys, double train, double validation, double test, RandomSource rng) {
        int n = keys.size();
        int[] sizes = partSizes("grouped split", n, train, validation, test);
        Map<Object, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(keys.get(i), k -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> all = new ArrayList<>(groups.values());
        int[] order = rng.permutation(all.size());
        List<Integer> tr = new ArrayList<>(), va = new ArrayList<>(), te = new ArrayList<>();
        for (int g : order) {
            List<Integer> members = all.get(g);
            (te.size() < sizes[2] ? te : va.size() < sizes[1] ? va : tr).addAll(members);
        }
        if (tr.isEmpty()) {
            throw new IllegalArgumentException("grouped split: the " + all.size() + " groups of " + n + " examples leave "
                    + "none for training; use more data or smaller validation and test fractions");
        }
        return new DataSplit(sorted(tr), sorted(va), sorted(te));
    }

    /**
     * A split in time order for series and other ordered data: the first part trains, the next validates, the last
     * tests, so no model sees the future of its evaluation data.
     */
    public static DataSplit chronological(int n, double train, double validation, double test) {
        int[] sizes = partSizes("chronological split", n, train, validation, test);
        int a = sizes[0];
        int b = a + sizes[1];
        return new DataSplit(range(0, a), range(a, b), range(b, n));
    }

    /**
     * Stratified k-fold cross-validation: each class is shuffled and dealt round-robin over the folds, the deal
     * continuing from class to class, so fold sizes differ by at most one and so do a class's counts across folds.
     * The test parts partition the data.
     */
    public static List<Fold> stratifiedKFold(List<?> labels, int k, RandomSource rng) {
        checkFolds(labels.size(), k);
        List<int[]> classes = groups(labels);
        List<Object> names = new ArrayList<>(groupNames(labels));
        int[] foldOf = new int[labels.size()];
        int deal = 0;
        for (int c = 0; c < classes.size(); c++) {
            int[] members = classes.get(c);
            if (members.length < k) {
                throw new IllegalArgumentException("stratified k-fold: class '" + names.get(c) + "' has "
                        + members.length + " example(s), fewer than k=" + k + " folds, so some test folds would lack it; "
                        + "use fewer folds, merge rare classes, or use Splits.kFold");
            }
            rng.shuffle(members);
            for (int i : members) {
                foldOf[i] = deal++ % k;
            }
        }
        return folds(foldOf, k);
    }

    /** Unstratified k-fold cross-validation over a seeded permutation; fold sizes differ by at most one. */
    public static List<Fold> kFold(int n, int k, RandomSource rng) {
        checkFolds(n, k);
        int[] perm = rng.permutation(n);
        int[] foldOf = new int[n];
        for (int j = 0; j < n; j++) {
            foldOf[perm[j]] = j % k;
        }
        return folds(foldOf, k);
    }

    // ----- helpers -----

    /** {train, validation, test} sizes, or an error naming the problem. */
    static int[] partSizes(String what, int n, double train, double validation, double test) {
        if (n <= 0) {
            throw new IllegalArgumentException(what + ": the dataset is empty; load or filter fewer examples away");
        }
        for (double f : new double[] {train, validation, test}) {
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException(what + ": fractions must lie in [0, 1], got train=" + train
                        + ", validation=" + validation + ", test=" + test);
            }
        }
        if (Math.abs(train + validation + test - 1) > 1e-6) {
            throw new IllegalArgumentException(what + ": fractions must sum to 1, got " + train + " + " + validation
                    + " + " + test + " = " + (train + validation + test));
        }
        int nTest = test > 0 ? Math.max(1, (int) Math.round(n * test)) : 0;
        int nVal = validation > 0 ? Math.max(1, (int) Math.round(n * validation)) : 0;
        int nTrain = n - nVal - nTest;
        if (train <= 0 || nTrain < 1) {
            throw new IllegalArgumentException(what + ": " + n + " example(s) leave none for training with train="
                    + train + ", validation=" + validation + ", test=" + test + "; use more data or a larger train fraction");
        }
        return new int[] {nTrain, nVal, nTest};
    }

    /**
     * Counts per class summing to {@code total} (when capacities allow), proportional to the class sizes {@code m} by
     * largest remainder, each at least one when {@code total > 0} and at most {@code cap}.
     */
    private static int[] allocate(int[] m, int[] cap, int total, int n) {
        int k = m.length;
        int[] count = new int[k];
        if (total == 0) {
            return count;
        }
        double[] quota = new double[k];
        int sum = 0;
        for (int c = 0; c < k; c++) {
            quota[c] = (double) m[c] * total / n;
            count[c] = Math.min(cap[c], Math.max(1, (int) Math.floor(quota[c])));
            sum += count[c];
        }
        Integer[] order = new Integer[k];
        for (int c = 0; c < k; c++) {
            order[c] = c;
        }
        while (sum < total) {
            Arrays.sort(order, (a, b) -> Double.compare(quota[b] - count[b], quota[a] - count[a]));
            boolean moved = false;
            for (int c : order) {
                if (sum < total && count[c] < cap[c]) {
                    count[c]++;
                    sum++;
                    moved = true;
                }
            }
            if (!moved) {
                break;
            }
        }
        while (sum > total) {
            // the minimum of one per class overshot: take back from the classes furthest above their share
            Arrays.sort(order, (a, b) -> Double.compare(count[b] - quota[b], count[a] - quota[a]));
            boolean moved = false;
            for (int c : order) {
                if (sum > total && count[c] > 1) {
                    count[c]--;
                    sum--;
                    moved = true;
                }
            }
            if (!moved) {
                break;
            }
        }
        return count;
    }

    private static List<int[]> groups(List<?> labels) {
        Map<Object, List<Integer>> byClass = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            Object l = labels.get(i);
            if (l == null) {
                throw new IllegalArgumentException("stratification: label " + i + " is null; give every example a class");
            }
            byClass.computeIfAbsent(l, x -> new ArrayList<>()).add(i);
        }
        List<int[]> out = new ArrayList<>();
        for (List<Integer> members : byClass.values()) {
            out.add(members.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    private static java.util.Set<Object> groupNames(List<?> labels) {
        return new java.util.LinkedHashSet<>(labels);
    }

    private static void checkFolds(int n, int k) {
        if (k < 2) {
            throw new IllegalArgumentException("k-fold: k must be at least 2, got " + k);
        }
        if (n < k) {
            throw new IllegalArgumentException("k-fold: " + n + " example(s) cannot fill k=" + k + " folds; use k <= " + n);
        }
    }

    private static List<Fold> folds(int[] foldOf, int k) {
        List<Fold> out = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            List<Integer> tr = new ArrayList<>();
            List<Integer> te = new ArrayList<>();
            for (int i = 0; i < foldOf.length; i++) {
                (foldOf[i] == f ? te : tr).add(i);
            }
            out.add(new Fold(f, sorted(tr), sorted(te)));
        }
        return List.copyOf(out);
    }

    private static int[] sorted(List<Integer> xs) {
        int[] a = xs.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(a);
        return a;
    }

    private static int[] sortedRange(int[] perm, int from, int to) {
        int[] a = Arrays.copyOfRange(perm, from, to);
        Arrays.sort(a);
        return a;
    }

    private static int[] range(int from, int to) {
        int[] a = new int[to - from];
        for (int i = 0; i < a.length; i++) {
            a[i] = from + i;
        }
        return a;
    }
}
