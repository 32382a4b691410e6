package seqlab.engine.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.engine.ThreadLimit;

/** {@link Engine#limitThreads}: a per-thread cap on how far products split, which never changes a bit of a result. */
class ThreadLimitTest {
    private final Engine e = new ReferenceEngine();

    @Test
    void capsTheCallingThreadOnlyAndNests() throws InterruptedException {
        int before = ReferenceEngine.threads();
        ReferenceEngine.setThreads(4);
        try {
            AtomicInteger elsewhere = new AtomicInteger();
            try (ThreadLimit two = e.limitThreads(2)) {
                assertEquals(2, ReferenceEngine.threads());
                Thread other = new Thread(() -> elsewhere.set(ReferenceEngine.threads()));
                other.start();
                other.join();
                try (ThreadLimit one = e.limitThreads(1)) {
                    assertEquals(1, ReferenceEngine.threads());
                }
                assertEquals(2, ReferenceEngine.threads());
                try (ThreadLimit more = e.limitThreads(8)) {
                    assertEquals(4, ReferenceEngine.threads(), "a cap never raises the process count");
                }
            }
            assertEquals(4, elsewhere.get(), "another thread keeps the process count");
            assertEquals(4, ReferenceEngine.threads());
            var bad = assertThrows(IllegalArgumentException.class, () -> e.limitThreads(0));
            assertEquals("threads must be >= 1, got 0; give 1 or more threads per op", bad.getMessage());
        } finally {
            ReferenceEngine.setThreads(before);
        }
    }

    @Test
    void aCappedProductIsBitIdentical() {
        int before = ReferenceEngine.threads();
        ReferenceEngine.setThreads(4);
        try {
            // 96 x 200 x 160: well above the work that splits across threads
            Tensor a = e.randn(Shape.of(96, 200), new RandomSource(1));
            Tensor b = e.randn(Shape.of(200, 160), new RandomSource(2));
            float[] all = a.matmul(b).toFloatArray();
            float[] capped;
            try (ThreadLimit one = e.limitThreads(1)) {
                capped = a.matmul(b).toFloatArray();
            }
            assertArrayEquals(all, capped, 0f);
        } finally {
            ReferenceEngine.setThreads(before);
        }
    }
}
