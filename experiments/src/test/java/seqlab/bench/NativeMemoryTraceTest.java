package seqlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** How a memory trace is read: growth after the warm-up, with the JVM's own non-heap growth taken out. */
class NativeMemoryTraceTest {

    /** 10 samples, one per 100 steps; warm-up 200 steps. */
    private static NativeMemory.Trace trace(IntToDoubleFunction rss, IntToDoubleFunction nonHeap) {
        List<NativeMemory.Sample> s = new ArrayList<>();
        for (int step = 100; step <= 1000; step += 100) {
            s.add(new NativeMemory.Sample(step, rss.applyAsDouble(step), 8, nonHeap.applyAsDouble(step)));
        }
        return new NativeMemory.Trace("pytorch", "lstm", 1000, 200, s);
    }

    @Test
    void growthInTheJvmsNonHeapMemoryIsNotANativeLeak() {
        // the JIT's code cache grows by 20 MB late in the run; everything else stays put
        var t = trace(step -> 700 + (step >= 700 ? 20 : 0), step -> 40 + (step >= 700 ? 20 : 0));
        assertEquals(20, t.maxGrowthMb(), 1e-9);
        assertEquals(20, t.nonHeapGrowthMb(), 1e-9);
        assertEquals(0, t.maxNativeGrowthMb(), 1e-9);
        assertTrue(t.flat(), t.summary());
        assertTrue(t.summary().endsWith("without them at most +0.0 MB: flat"), t.summary());
    }

    @Test
    void nativeGrowthBeyondTheThresholdIsALeak() {
        // 3 MB per 100 steps after the warm-up, the JVM's non-heap memory unchanged: +24 MB by the end
        var t = trace(step -> 700 + 3 * Math.max(0, step - 200) / 100.0, step -> 40);
        assertEquals(24, t.maxNativeGrowthMb(), 1e-9);
        assertEquals(30, t.slopeMbPer1000Steps(), 1e-9);
        assertFalse(t.flat(), t.summary());
        assertTrue(t.summary().endsWith("GROWING (more than " + NativeMemory.FLAT_MB + " MB)"), t.summary());
    }

    @Test
    void theWarmUpDoesNotCount() {
        // allocator pools fill during the first 200 steps, then nothing grows
        var t = trace(step -> step <= 200 ? 500 + step : 700, step -> 40);
        assertEquals(700, t.rssAfterWarmupMb(), 1e-9);
        assertEquals(0, t.maxGrowthMb(), 1e-9);
        assertTrue(t.flat(), t.summary());
    }
}
