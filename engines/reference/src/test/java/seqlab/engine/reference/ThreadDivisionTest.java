package seqlab.engine.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import seqlab.engine.Engines;

/** How the reference engine's one pool is sized for trials that run at once, and restored after. */
class ThreadDivisionTest {

    @Test
    void oneThreadPerTrialRunsOpsOnTheTrialsOwnThreadsAndMoreShareOnePool() {
        var engine = Engines.get(ReferenceEngine.NAME);
        int before = ReferenceEngine.threads();
        try (var d = engine.divideThreads(2, 1)) {
            assertEquals(1, ReferenceEngine.threads(), "each trial computes on its own thread");
        }
        assertEquals(before, ReferenceEngine.threads());
        try (var d = engine.divideThreads(3, 2)) {
            assertEquals(6, ReferenceEngine.threads(), "one pool serves the products of all three trials");
        }
        assertEquals(before, ReferenceEngine.threads());
        assertThrows(IllegalArgumentException.class, () -> engine.divideThreads(0, 1));
    }
}
