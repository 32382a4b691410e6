package seqlab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RandomSourceTest {
    @Test
    void sameSeedSameStream() {
        var a = new RandomSource(42);
        var b = new RandomSource(42);
        for (int i = 0; i < 100; i++) {
            assertEquals(a.nextLong(), b.nextLong());
        }
        assertNotEquals(new RandomSource(1).nextLong(), new RandomSource(2).nextLong());
    }

    @Test
    void stateRoundTripResumesTheStream() {
        var a = new RandomSource(7);
        a.nextGaussian();
        long[] st = a.state();
        double next = a.nextDouble();
        var b = new RandomSource(0);
        b.restore(st);
        assertEquals(next, b.nextDouble());
    }

    @Test
    void gaussianMomentsAreStandard() {
        var r = new RandomSource(3);
        int n = 200_000;
        double s = 0, s2 = 0;
        for (int i = 0; i < n; i++) {
            double x = r.nextGaussian();
            s += x;
            s2 += x * x;
        }
        double mean = s / n;
        double var = s2 / n - mean * mean;
        // standard errors: 1/sqrt(n) = 0.0022 for the mean, sqrt(2/n) = 0.0032 for the variance
        assertEquals(0.0, mean, 0.01);
        assertEquals(1.0, var, 0.015);
    }

    @Test
    void nextIntIsUniformAndInRange() {
        var r = new RandomSource(5);
        int[] counts = new int[7];
        for (int i = 0; i < 70_000; i++) {
            counts[r.nextInt(7)]++;
        }
        for (int c : counts) {
            assertTrue(Math.abs(c - 10_000) < 400, "count " + c);
        }
        int[] p = r.permutation(10);
        int[] sorted = p.clone();
        java.util.Arrays.sort(sorted);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
    }
}
