package seqlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import seqlab.engine.RandomSource;

class SplitsTest {

    /** 500 "a", 300 "b", 200 "c", interleaved so class order is not index order. */
    private static List<String> labels() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            out.add(i % 10 < 5 ? "a" : i % 10 < 8 ? "b" : "c");
        }
        return out;
    }

    private static Map<String, Integer> counts(List<String> labels, int[] idx) {
        Map<String, Integer> m = new HashMap<>();
        for (int i : idx) {
            m.merge(labels.get(i), 1, Integer::sum);
        }
        return m;
    }

    private static void assertPartition(int n, int[]... parts) {
        int[] all = Arrays.stream(parts).flatMapToInt(Arrays::stream).sorted().toArray();
        assertArrayEquals(IntStream.range(0, n).toArray(), all);
    }

    @Test
    void stratifiedSplitKeepsClassRatiosExactly() {
        List<String> y = labels();
        DataSplit s = Splits.stratified(y, 0.8, 0.1, 0.1, new RandomSource(1));
        assertEquals(800, s.train().length);
        assertEquals(100, s.validation().length);
        assertEquals(100, s.test().length);
        assertPartition(1000, s.train(), s.validation(), s.test());
        assertEquals(Map.of("a", 400, "b", 240, "c", 160), counts(y, s.train()));
        assertEquals(Map.of("a", 50, "b", 30, "c", 20), counts(y, s.validation()));
        assertEquals(Map.of("a", 50, "b", 30, "c", 20), counts(y, s.test()));
        int[] t = s.test();
        int[] sorted = t.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, t);
    }

    @Test
    void stratifiedSplitRoundsWithinOnePerClass() {
        // 7 a, 5 b, 3 c = 15; test 0.2 -> 3 examples: shares 1.4, 1.0, 0.6
        List<String> y = new ArrayList<>();
        for (int i = 0; i < 7; i++) y.add("a");
        for (int i = 0; i < 5; i++) y.add("b");
        for (int i = 0; i < 3; i++) y.add("c");
        DataSplit s = Splits.stratified(y, 0.8, 0, 0.2, new RandomSource(4));
        assertEquals(3, s.test().length);
        assertEquals(0, s.validation().length);
        Map<String, Integer> c = counts(y, s.test());
        assertEquals(Map.of("a", 1, "b", 1, "c", 1), c);
        assertPartition(15, s.train(), s.validation(), s.test());
    }

    @Test
    void stratifiedSplitIsSeeded() {
        List<String> y = labels();
        assertEquals(Splits.stratified(y, 0.7, 0.15, 0.15, new RandomSource(5)),
                Splits.stratified(y, 0.7, 0.15, 0.15, new RandomSource(5)));
        assertNotEquals(Splits.stratified(y, 0.7, 0.15, 0.15, new RandomSource(5)),
                Splits.stratified(y, 0.7, 0.15, 0.15, new RandomSource(6)));
    }

    @Test
    void tooFewMembersToStratifyIsAnError() {
        List<String> y = new ArrayList<>(labels());
        y.add("rare");
        y.add("rare");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Splits.stratified(y, 0.8, 0.1, 0.1, new RandomSource(1)));
        assertTrue(e.getMessage().contains("'rare' has 2"), e.getMessage());
        // two members suffice when there is no validation part
        DataSplit s = Splits.stratified(y, 0.9, 0, 0.1, new RandomSource(1));
        assertEquals(1, counts(y, s.test()).get("rare"));
        assertEquals(1, counts(y, s.train()).get("rare"));
    }

    @Test
    void badFractionsAndEmptyDataAreErrors() {
        assertThrows(IllegalArgumentException.class, () -> Splits.stratified(labels(), 0.8, 0.1, 0.2, new RandomSource(1)));
        assertThrows(IllegalArgumentException.class, () -> Splits.random(10, -0.1, 0.6, 0.5, new RandomSource(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Splits.stratified(List.of(), 0.8, 0.1, 0.1, new RandomSource(1)));
        assertTrue(e.getMessage().contains("empty"));
        assertThrows(IllegalArgumentException.class, () -> Splits.random(2, 0.4, 0.3, 0.3, new RandomSource(1)));
    }

    @Test
    void randomSplitPartitionsWithRoundedSizes() {
        DataSplit s = Splits.random(101, 0.8, 0.1, 0.1, new RandomSource(3));
        assertEquals(81, s.train().length);
        assertEquals(10, s.validation().length);
        assertEquals(10, s.test().length);
        assertPartition(101, s.train(), s.validation(), s.test());
        assertEquals(s, Splits.random(101, 0.8, 0.1, 0.1, new RandomSource(3)));
        List<Integer> items = IntStream.range(100, 201).boxed().toList();
        assertEquals(items.get(s.test()[0]), s.test(items).get(0));
    }

    @Test
    void chronologicalSplitIsContiguous() {
        DataSplit s = Splits.chronological(10, 0.6, 0.2, 0.2);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, s.train());
        assertArrayEquals(new int[] {6, 7}, s.validation());
        assertArrayEquals(new int[] {8, 9}, s.test());
    }

    @Test
    void stratifiedFoldsPartitionTheDataAndKeepRatios() {
        List<String> y = labels();
        List<Fold> folds = Splits.stratifiedKFold(y, 5, new RandomSource(2));
        assertEquals(5, folds.size());
        int[][] tests = folds.stream().map(Fold::test).toArray(int[][]::new);
        assertPartition(1000, tests);
        for (Fold f : folds) {
            assertEquals(Map.of("a", 100, "b", 60, "c", 40), counts(y, f.test()));
            assertPartition(1000, f.train(), f.test());
        }
    }

    @Test
    void foldSizesDifferByAtMostOne() {
        List<String> y = new ArrayList<>(labels().subList(0, 103));
        List<Fold> folds = Splits.stratifiedKFold(y, 4, new RandomSource(2));
        int min = folds.stream().mapToInt(f -> f.test().length).min().getAsInt();
        int max = folds.stream().mapToInt(f -> f.test().length).max().getAsInt();
        assertTrue(max - min <= 1);
        for (String c : List.of("a", "b", "c")) {
            int lo = Integer.MAX_VALUE, hi = 0;
            for (Fold f : folds) {
                int k = counts(y, f.test()).getOrDefault(c, 0);
                lo = Math.min(lo, k);
                hi = Math.max(hi, k);
            }
            assertTrue(hi - lo <= 1, c + " " + lo + ".." + hi);
        }
        List<Fold> plain = Splits.kFold(10, 3, new RandomSource(1));
        assertPartition(10, plain.stream().map(Fold::test).toArray(int[][]::new));
        assertEquals(List.of(4, 3, 3), plain.stream().map(f -> f.test().length).toList());
    }

    @Test
    void foldErrors() {
        List<String> y = new ArrayList<>(labels());
        y.add("rare");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Splits.stratifiedKFold(y, 3, new RandomSource(1)));
        assertTrue(e.getMessage().contains("'rare' has 1"));
        assertThrows(IllegalArgumentException.class, () -> Splits.kFold(3, 4, new RandomSource(1)));
        assertThrows(IllegalArgumentException.class, () -> Splits.kFold(3, 1, new RandomSource(1)));
    }

    @Test
    void groupedKeepsEqualKeysTogetherCoversEveryIndexOnceAndIsSeeded() {
        // 300 examples with keys repeated 1 to 3 times: a source sentence with several reference translations
        List<String> keys = new ArrayList<>();
        for (int g = 0; keys.size() < 300; g++) {
            for (int k = 0; k <= g % 3 && keys.size() < 300; k++) {
                keys.add("s" + g);
            }
        }
        DataSplit a = Splits.grouped(keys, 0.8, 0.1, 0.1, new RandomSource(4));
        int[] all = IntStream.concat(IntStream.concat(Arrays.stream(a.train()), Arrays.stream(a.validation())),
                Arrays.stream(a.test())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 300).toArray(), all, "every index in exactly one part");
        Map<String, Integer> part = new HashMap<>();
        int[][] parts = {a.train(), a.validation(), a.test()};
        for (int p = 0; p < 3; p++) {
            for (int i : parts[p]) {
                Integer before = part.put(keys.get(i), p);
                assertTrue(before == null || before == p, keys.get(i) + " is split across parts");
            }
        }
        // groups are dealt whole until a part holds its share, so it overshoots by less than one group (<= 3)
        assertTrue(a.test().length >= 30 && a.test().length < 33, "test " + a.test().length);
        assertTrue(a.validation().length >= 30 && a.validation().length < 33, "validation " + a.validation().length);
        assertArrayEquals(a.test(), Splits.grouped(keys, 0.8, 0.1, 0.1, new RandomSource(4)).test());
        assertNotEquals(Arrays.toString(a.test()),
                Arrays.toString(Splits.grouped(keys, 0.8, 0.1, 0.1, new RandomSource(5)).test()));
        var none = assertThrows(IllegalArgumentException.class,
                () -> Splits.grouped(List.of("x", "x", "x", "y"), 0.5, 0.25, 0.25, new RandomSource(1)));
        assertTrue(none.getMessage().contains("none for training"), none.getMessage());
    }
}
