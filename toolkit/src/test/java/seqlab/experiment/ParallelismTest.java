package seqlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How a run is sized to the machine: trials × threads per trial ≤ cores, no more trials than heap or work. */
class ParallelismTest {
    private static final long GB = 1L << 30;

    @Test
    void byDefaultOneTrialPerCoreEachWithOneThread() {
        var p = Parallelism.auto().plan(33, 2, 8 * GB);
        assertEquals(2, p.trials());
        assertEquals(1, p.threadsPerTrial());
        assertTrue(p.divide());
        assertEquals("2 trials at once, 1 thread each (2 cores)", p.describe());
    }

    @Test
    void fewerTrialsThanCoresShareTheCores() {
        var p = Parallelism.auto().plan(3, 16, 8 * GB);
        assertEquals(3, p.trials());
        assertEquals(5, p.threadsPerTrial(), "16 cores / 3 trials, rounded down: never more threads than cores");
    }

    @Test
    void theHeapCapsTheTrials() {
        var p = Parallelism.auto().plan(40, 16, 3 * Parallelism.HEAP_PER_TRIAL);
        assertEquals(3, p.trials());
        assertEquals(5, p.threadsPerTrial());
        assertEquals(1, Parallelism.auto().plan(40, 16, Parallelism.HEAP_PER_TRIAL / 2).trials(),
                "one trial runs whatever the heap");
    }

    @Test
    void givenValuesAreKeptAndTheRestIsSized() {
        var threads = Parallelism.of(0, 4).plan(33, 16, 8 * GB);
        assertEquals(4, threads.trials());
        assertEquals(4, threads.threadsPerTrial());
        var trials = Parallelism.of(2).plan(33, 16, 8 * GB);
        assertEquals(2, trials.trials());
        assertEquals(8, trials.threadsPerTrial());
        var both = Parallelism.of(4, 2).plan(33, 2, 8 * GB);
        assertEquals(4, both.trials());
        assertEquals(2, both.threadsPerTrial());
        assertTrue(both.describe().endsWith("; 8 threads on 2 cores compete for them"), both.describe());
    }

    @Test
    void serialLeavesTheEnginesThreadsAlone() {
        var p = Parallelism.serial().plan(33, 8, 8 * GB);
        assertEquals(1, p.trials());
        assertFalse(p.divide());
        assertTrue(Parallelism.of(1, 3).plan(33, 8, 8 * GB).divide(), "a thread count given by hand is applied");
    }

    @Test
    void negativeValuesAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> Parallelism.of(-1, 0));
        assertTrue(e.getMessage().startsWith("Parallelism needs trials >= 1"), e.getMessage());
    }
}
