package seqlab.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import seqlab.train.ReduceOnPlateau;
import seqlab.train.Schedule;

/** The schedules against PyTorch's learning-rate traces: {@code lr[e]} is the rate in effect during epoch e. */
class ScheduleFixturesTest {
    /** Closed forms against PyTorch's recursive updates differ only in the last bits. */
    private static final double TOL = 1e-15;

    private static void trace(String name, Schedule s) {
        Golden g = Golden.load(name);
        double base = g.doubleConfig("base_lr");
        double[] expected = g.tensor("lr").data();
        double[] actual = new double[expected.length];
        for (int e = 0; e < actual.length; e++) {
            actual[e] = s.rate(e, base);
        }
        assertArrayEquals(expected, actual, TOL, name);
    }

    @Test
    void stepExponentialCosine() {
        trace("sched_step", Schedule.step(3, 0.5));
        trace("sched_exponential", Schedule.exponential(0.9));
        trace("sched_cosine", Schedule.cosine(10, 1e-4));
    }

    @Test
    void warmUpAndDecay() {
        trace("sched_warmup_linear", Schedule.warmupLinear(3, 12));
        trace("sched_linear_then_cosine", Schedule.sequence(Schedule.linear(0.25, 1.0, 3), 3, Schedule.cosine(9, 0)));
        trace("sched_noam", Schedule.noam(8, 4));
    }

    @Test
    void reduceOnPlateau() {
        Golden g = Golden.load("sched_reduce_on_plateau");
        ReduceOnPlateau s = new ReduceOnPlateau(g.doubleConfig("factor"), g.intConfig("patience"),
                g.doubleConfig("threshold"), g.intConfig("cooldown"), g.doubleConfig("min_lr"), g.doubleConfig("eps"));
        double[] losses = g.tensor("val_loss").data();
        double[] actual = new double[losses.length];
        for (int e = 0; e < losses.length; e++) {
            s.rate(e, g.doubleConfig("base_lr"));
            s.observe(losses[e]);
            actual[e] = s.current();
        }
        assertArrayEquals(g.tensor("lr").data(), actual, 0.0);
    }
}
