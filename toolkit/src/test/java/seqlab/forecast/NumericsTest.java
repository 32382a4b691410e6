package seqlab.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The optimizer and the root test on problems with known answers. */
class NumericsTest {

    @Test
    void nelderMeadFindsRosenbrocksMinimum() {
        NelderMead.Result r = NelderMead.minimize(x -> 100 * Math.pow(x[1] - x[0] * x[0], 2) + Math.pow(1 - x[0], 2),
                new double[] {-1.2, 1}, new double[] {0.1, 0.1}, 1e-14, 20_000);
        assertEquals(1, r.point()[0], 1e-5);
        assertEquals(1, r.point()[1], 1e-5);
        assertTrue(r.value() < 1e-10);
    }

    @Test
    void nelderMeadNeverReturnsAnInfeasiblePoint() {
        // (x - 0.5)^2 + (y + 1)^2 restricted to x + y <= 0, whose minimum (0.5, -1) is inside: the search may step
        // out of the region but ends inside it, at the minimum.
        NelderMead.Result r = NelderMead.minimize(x -> x[0] + x[1] > 0 ? Double.POSITIVE_INFINITY
                : Math.pow(x[0] - 0.5, 2) + Math.pow(x[1] + 1, 2), new double[] {-1, 0}, new double[] {2, 2}, 1e-14, 20_000);
        assertEquals(0.5, r.point()[0], 1e-6);
        assertEquals(-1, r.point()[1], 1e-6);
    }

    @Test
    void schurCohnLocatesRoots() {
        // (z - 0.5)(z + 0.9) = z^2 + 0.4 z - 0.45
        assertTrue(Numerics.rootsWithin(new double[] {-0.45, 0.4, 1}, 1));
        // z (z - 1.1): one root outside
        assertFalse(Numerics.rootsWithin(new double[] {0, -1.1, 1}, 1));
        // (z - 0.99)^2: a double root inside
        assertTrue(Numerics.rootsWithin(new double[] {0.9801, -1.98, 1}, 1));
        // z^2 + 1: roots on the unit circle, inside any larger radius and outside any smaller one
        assertTrue(Numerics.rootsWithin(new double[] {1, 0, 1}, 1 + 1e-10));
        assertFalse(Numerics.rootsWithin(new double[] {1, 0, 1}, 1 - 1e-10));
        // z^25 - 0.9^25: 25 roots of modulus 0.9, high degree without overflow
        double[] p = new double[26];
        p[0] = -Math.pow(0.9, 25);
        p[25] = 1;
        assertTrue(Numerics.rootsWithin(p, 0.91));
        assertFalse(Numerics.rootsWithin(p, 0.89));
    }

    @Test
    void solvesASmallSystem() {
        // 2y + z = 5, x + y + z = 4, 2x + y = 4 at (1, 2, 1); the zero first pivot needs a row swap.
        double[] x = Numerics.solve(new double[][] {{0, 2, 1}, {1, 1, 1}, {2, 1, 0}}, new double[] {5, 4, 4});
        assertArrayEquals(new double[] {1, 2, 1}, x, 1e-12);
    }
}
