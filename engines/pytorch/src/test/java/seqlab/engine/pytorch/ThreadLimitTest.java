package seqlab.engine.pytorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.engine.ThreadLimit;

/**
 * {@link Engine#limitThreads} on LibTorch: its thread count is the OpenMP team size of the calling thread, so two
 * threads can hold different counts at once, and closing a cap leaves the process count for threads that start later.
 */
class ThreadLimitTest {
    private final Engine e = Engines.get("pytorch");

    @Test
    void twoThreadsHoldTheirOwnCountsAtOnce() throws Exception {
        int before = PyTorchEngine.threads();
        PyTorchEngine.setThreads(3);
        try {
            CountDownLatch capped = new CountDownLatch(1), checked = new CountDownLatch(1);
            AtomicInteger inTrial = new AtomicInteger();
            AtomicReference<float[]> product = new AtomicReference<>();
            Tensor a = e.randn(Shape.of(64, 80), new RandomSource(1)), b = e.randn(Shape.of(80, 48), new RandomSource(2));
            Thread trial = new Thread(() -> {
                try (ThreadLimit one = e.limitThreads(1); var s = e.scope()) {
                    inTrial.set(PyTorchEngine.threads());
                    product.set(a.matmul(b).toFloatArray());
                    capped.countDown();
                    checked.await();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            });
            trial.start();
            capped.await();
            assertEquals(1, inTrial.get());
            assertEquals(3, PyTorchEngine.threads(), "this thread keeps its count while the other holds a cap");
            checked.countDown();
            trial.join();
            float[] here;
            try (var s = e.scope()) {
                here = a.matmul(b).toFloatArray();
            }
            assertArrayEquals(here, product.get(), 1e-5f);

            AtomicInteger later = new AtomicInteger();
            Thread fresh = new Thread(() -> later.set(PyTorchEngine.threads()));
            fresh.start();
            fresh.join();
            assertEquals(3, later.get(), "a thread that starts after the cap closed gets the process count");
        } finally {
            PyTorchEngine.setThreads(before);
        }
    }

    @Test
    void capsNestNeverRaiseTheCountAndReject0() {
        int before = PyTorchEngine.threads();
        PyTorchEngine.setThreads(3);
        try {
            try (ThreadLimit two = e.limitThreads(2)) {
                assertEquals(2, PyTorchEngine.threads());
                try (ThreadLimit one = e.limitThreads(1)) {
                    assertEquals(1, PyTorchEngine.threads());
                }
                assertEquals(2, PyTorchEngine.threads());
                try (ThreadLimit more = e.limitThreads(8)) {
                    assertEquals(3, PyTorchEngine.threads());
                }
            }
            assertEquals(3, PyTorchEngine.threads());
            assertThrows(IllegalArgumentException.class, () -> e.limitThreads(0));
        } finally {
            PyTorchEngine.setThreads(before);
        }
    }
}
