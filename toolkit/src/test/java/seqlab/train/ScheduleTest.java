package seqlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Schedules on values worked by hand. */
class ScheduleTest {

    @Test
    void closedForms() {
        assertEquals(0.3, Schedule.constant().rate(17, 0.3), 0.0);
        // step(2, 0.1): epochs 0-1 at 1, 2-3 at 0.1, 4 at 0.01
        Schedule step = Schedule.step(2, 0.1);
        assertEquals(1.0, step.rate(1, 1.0), 1e-15);
        assertEquals(0.1, step.rate(2, 1.0), 1e-15);
        assertEquals(0.01, step.rate(4, 1.0), 1e-15);
        assertEquals(0.25, Schedule.exponential(0.5).rate(2, 1.0), 1e-15);
        // cosine(4, 0): 1, (1 + cos(pi/4))/2 = 0.853553, 0.5, 0.146447, 0
        Schedule cos = Schedule.cosine(4, 0);
        assertEquals(0.8535533905932737, cos.rate(1, 1.0), 1e-15);
        assertEquals(0.5, cos.rate(2, 1.0), 1e-15);
        assertEquals(0.0, cos.rate(4, 1.0), 1e-15);
        // warm-up over 2, zero at 6: 0, 0.5, 1, 0.75, 0.5, 0.25, 0, 0
        Schedule w = Schedule.warmupLinear(2, 6);
        double[] expected = {0, 0.5, 1, 0.75, 0.5, 0.25, 0, 0};
        for (int e = 0; e < expected.length; e++) {
            assertEquals(expected[e], w.rate(e, 1.0), 1e-15, "epoch " + e);
        }
        Schedule wc = Schedule.warmupCosine(2, 6, 0);
        assertEquals(0.5, wc.rate(1, 1.0), 1e-15);
        assertEquals(1.0, wc.rate(2, 1.0), 1e-15);
        assertEquals(0.5, wc.rate(4, 1.0), 1e-15);
        assertEquals(0.0, wc.rate(9, 1.0), 1e-15);
        // noam(d = 4, warmup = 4): 4^-0.5 * min(s^-0.5, s/8) for s = t + 1: 1/16, 2/16, 3/16, 4/16 = peak 1/4 at
        // s = 4, then 0.5 / sqrt(s): 0.5/sqrt(16) = 1/8 at s = 16
        Schedule noam = Schedule.noam(4, 4);
        assertEquals(1.0 / 16, noam.rate(0, 1.0), 1e-15);
        assertEquals(0.25, noam.rate(3, 1.0), 1e-15);
        assertEquals(0.125, noam.rate(15, 1.0), 1e-15);
        // inverseSqrt peaks at the base rate
        Schedule inv = Schedule.inverseSqrt(4);
        assertEquals(1.0, inv.rate(1, 2.0), 1e-15);
        assertEquals(2.0, inv.rate(3, 2.0), 1e-15);
        assertEquals(1.0, inv.rate(15, 2.0), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Schedule.noam(0, 4));
        assertThrows(IllegalArgumentException.class, () -> Schedule.inverseSqrt(0));
        Schedule seq = Schedule.sequence(Schedule.constant(), 2, Schedule.exponential(0.5));
        assertEquals(1.0, seq.rate(1, 1.0), 0.0);
        assertEquals(1.0, seq.rate(2, 1.0), 0.0);
        assertEquals(0.5, seq.rate(3, 1.0), 0.0);
    }

    @Test
    void plateauHalvesAfterPatienceAndHonoursCooldownAndFloor() {
        ReduceOnPlateau p = new ReduceOnPlateau(0.5, 1, 0, 1, 0.2, 1e-8);
        assertEquals(1.0, p.rate(0, 1.0), 0.0);
        double[] losses = {1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0};
        // bad epochs: 1 (patience 1 allows it), 2 -> halve to 0.5 and cool down one epoch, then count again
        double[] expected = {1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25};
        for (int e = 0; e < losses.length; e++) {
            p.observe(losses[e]);
            assertEquals(expected[e], p.current(), 0.0, "after epoch " + e);
        }
        Map<String, Double> state = p.state();
        ReduceOnPlateau q = new ReduceOnPlateau(0.5, 1, 0, 1, 0.2, 1e-8);
        q.restore(state);
        p.observe(1.0);
        p.observe(1.0);
        q.observe(1.0);
        q.observe(1.0);
        assertEquals(p.current(), q.current(), 0.0);
        assertEquals(0.2, q.current(), 0.0, "never below minLr");
    }

    @Test
    void badArgumentsAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> Schedule.step(0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Schedule.warmupLinear(5, 5));
        assertThrows(IllegalArgumentException.class, () -> Schedule.constant().rate(-1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new ReduceOnPlateau(1.5, 1, 0, 0, 0, 0));
    }

    @Test
    void seedStreamsAreIndependentAndRepeatable() {
        Seeds s = Seeds.of(42);
        assertEquals(s.init().nextLong(), Seeds.of(42).init().nextLong());
        long a = s.init().nextLong(), b = s.dropout().nextLong(), c = s.shuffle().nextLong(), d = s.splits().nextLong();
        assertEquals(4, java.util.Set.of(a, b, c, d).size());
    }
}
