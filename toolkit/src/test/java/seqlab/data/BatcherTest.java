package seqlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import seqlab.engine.RandomSource;

/** The engine-free part of batching: plans, padding values, framing. Tensors are checked in DataConformance. */
class BatcherTest {

    private static int[] randomLengths(int n, long seed) {
        RandomSource r = new RandomSource(seed);
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = 1 + r.nextInt(60);
        }
        return l;
    }

    private static void assertCoversAllOnce(int n, List<int[]> plan) {
        int[] all = plan.stream().flatMapToInt(Arrays::stream).sorted().toArray();
        assertArrayEquals(IntStream.range(0, n).toArray(), all);
    }

    @Test
    void sequentialPlanKeepsOrder() {
        List<int[]> plan = Batcher.of(4).plan(new int[10], null);
        assertEquals(3, plan.size());
        assertArrayEquals(new int[] {0, 1, 2, 3}, plan.get(0));
        assertArrayEquals(new int[] {8, 9}, plan.get(2));
        assertEquals(2, Batcher.of(4).dropLast(true).plan(new int[10], null).size());
    }

    @Test
    void shuffledPlanIsSeededAndCoversEveryExample() {
        int[] lengths = randomLengths(103, 1);
        List<int[]> a = Batcher.of(8).plan(lengths, new RandomSource(7));
        List<int[]> b = Batcher.of(8).plan(lengths, new RandomSource(7));
        assertCoversAllOnce(103, a);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i));
        }
        assertNotEquals(Arrays.toString(a.get(0)), Arrays.toString(Batcher.of(8).plan(lengths, new RandomSource(8)).get(0)));
    }

    @Test
    void bucketingReducesPaddingAndStillShuffles() {
        int[] lengths = randomLengths(2000, 2);
        RandomSource seed = new RandomSource(3);
        List<int[]> plain = Batcher.of(32).plan(lengths, seed.copy());
        List<int[]> bucketed = Batcher.of(32).bucketed(20).plan(lengths, seed.copy());
        assertCoversAllOnce(2000, bucketed);
        long p0 = Batcher.paddingCells(plain, lengths);
        long p1 = Batcher.paddingCells(bucketed, lengths);
        // uniform lengths 1..60 in batches of 32: about 30 padding cells per row unbucketed, about 1 bucketed
        assertTrue(p1 * 10 < p0, "bucketed padding " + p1 + " vs " + p0);
        // batch order is shuffled: consecutive batches are not sorted by their longest length
        int[] maxima = bucketed.stream().mapToInt(r -> Arrays.stream(r).map(i -> lengths[i]).max().getAsInt()).toArray();
        int[] sorted = maxima.clone();
        Arrays.sort(sorted);
        assertNotEquals(Arrays.toString(sorted), Arrays.toString(maxima));
        // within a batch rows come longest first
        for (int[] rows : bucketed) {
            for (int j = 1; j < rows.length; j++) {
                assertTrue(lengths[rows[j - 1]] >= lengths[rows[j]]);
            }
        }
        // another seed gives other batches
        List<int[]> other = Batcher.of(32).bucketed(20).plan(lengths, new RandomSource(4));
        assertNotEquals(Arrays.toString(bucketed.get(0)), Arrays.toString(other.get(0)));
    }

    @Test
    void evaluationBucketingSortsWithoutShuffling() {
        int[] lengths = {3, 1, 4, 1, 5};
        List<int[]> plan = Batcher.of(2).bucketed(10).plan(lengths, null);
        assertArrayEquals(new int[] {4, 2}, plan.get(0));
        assertArrayEquals(new int[] {0, 1}, plan.get(1));
        assertArrayEquals(new int[] {3}, plan.get(2));
        assertEquals(1 + 2 + 0, Batcher.paddingCells(plan, lengths));
    }

    @Test
    void paddingValues() {
        long[] ids = PaddedBatch.padded(List.of(new int[] {5, 6, 7}, new int[] {8}), 3);
        assertArrayEquals(new long[] {5, 6, 7, 8, 0, 0}, ids);
        assertThrows(IllegalArgumentException.class, () -> PaddedBatch.lengths(List.of(new int[0]), null));
    }

    @Test
    void teacherForcingFraming() {
        int[] y = {10, 11, 12};
        assertArrayEquals(new int[] {2, 10, 11, 12}, TranslationBatch.decoderInput(y, 0));
        assertArrayEquals(new int[] {10, 11, 12, 3}, TranslationBatch.withEos(y, 0));
        assertArrayEquals(new int[] {2, 10, 11}, TranslationBatch.decoderInput(y, 3));
        assertArrayEquals(new int[] {10, 11, 3}, TranslationBatch.withEos(y, 3));
        assertArrayEquals(new int[] {3}, TranslationBatch.withEos(new int[0], 0));
        assertThrows(IllegalArgumentException.class, () -> TranslationBatch.withEos(y, 1));
    }

    @Test
    void errors() {
        assertThrows(IllegalArgumentException.class, () -> Batcher.of(0));
        assertThrows(IllegalArgumentException.class, () -> Batcher.of(4).truncate(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Batcher.of(4).plan(new int[0], null));
        assertTrue(e.getMessage().contains("empty"));
        assertThrows(IllegalArgumentException.class, () -> Batcher.of(4).dropLast(true).plan(new int[3], null));
    }
}
