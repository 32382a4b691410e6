package seqlab.engine.pytorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import seqlab.engine.DType;
import seqlab.engine.Device;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.engine.TensorScope;

/** What is particular to this engine: registration, scopes, threads, and the autograd details LibTorch differs on. */
class PyTorchEngineTest {
    private final Engine e = Engines.get("pytorch");

    @Test
    void registersBesideTheReferenceEngineAndRanksBelowItOnACpu() {
        List<String> names = Engines.available();
        assertTrue(names.contains("pytorch") && names.contains("reference"), names.toString());
        LibTorchBuild lib = PyTorchEngine.libTorch();
        assertEquals(lib.describe(), e.version());
        // the POM's LibTorch (2.7.1-cpu, or 2.5.1-cu124 with -Pcuda) is the one that loaded
        String expected = System.getProperty("seqlab.test.libtorch", "2.7.1-cpu");
        assertEquals(expected, lib.version() + "-" + lib.flavor(), lib.toString());
        assertTrue(e.version().startsWith("LibTorch " + lib.version() + " (" + lib.flavor()), e.version());
        assertEquals(lib.gpus(), e.devices().size() - 1, lib.toString());
        assertTrue(lib.features().size() > 1, lib.toString()); // LibTorch lists what it was compiled with
        assertEquals(Device.cpu(), e.devices().get(0));
        if (e.devices().size() == 1) {
            assertEquals(PyTorchEngineProvider.RANK_CPU, new PyTorchEngineProvider().rank());
            if (System.getProperty(Engines.PROPERTY) == null && System.getenv(Engines.ENV) == null) {
                assertEquals("reference", Engines.defaultName());
            }
        }
        assertTrue(new PyTorchEngineProvider().availability().available());
    }

    @Test
    void reportsWhereItsLibTorchCameFromAndWhatAGpuRequestLacks() {
        LibTorchBuild lib = PyTorchEngine.libTorch();
        assertTrue(java.nio.file.Files.exists(lib.directory().resolve("libtorch.so")), lib.toString());
        assertTrue(lib.source().contains("pytorch-native-" + lib.flavor()) || lib.source().startsWith("PYTORCH_LIBRARY_PATH="),
                lib.source());
        var noGpu = assertThrows(IllegalArgumentException.class, () -> ((PyTorchEngine) e).setDefaultDevice(Device.gpu(9)));
        assertFalse(noGpu.getMessage().contains("\n"), noGpu.getMessage());
        // LibTorch's own word (torch::cuda::is_available) agrees with the GPU count from its CUDA runtime
        assertEquals(lib.gpus() > 0, lib.features().contains("CUDA"), lib.toString());
        if (!lib.isCuda()) {
            assertTrue(lib.driverCuda().isEmpty() && lib.gpus() == 0, lib.toString());
            assertTrue(noGpu.getMessage().contains("--cuda-build"), noGpu.getMessage());
        } else {
            assertTrue(noGpu.getMessage().contains(lib.describe()), noGpu.getMessage());
            if (lib.driverCuda().isEmpty()) {
                // the -Pcuda build on a machine without an NVIDIA driver: loaded, on the CPU only
                assertEquals(0, lib.gpus());
                assertEquals(List.of(Device.cpu()), e.devices());
                assertTrue(lib.directory().getFileName().toString().endsWith(LibTorchLocator.NO_DRIVER_SUFFIX),
                        lib.directory().toString());
                assertTrue(noGpu.getMessage().contains("no NVIDIA driver"), noGpu.getMessage());
            }
        }
    }

    @Test
    void unavailabilityIsOneLine() {
        String line = Native.oneLine(new IllegalStateException("outer", new UnsatisfiedLinkError("no libtorch.so\n in path")));
        assertEquals("UnsatisfiedLinkError: no libtorch.so in path", line);
        // a reason seqlab wrote says the fix, so it is kept whatever caused it
        var unpack = new LibTorchLocator.Unavailable("could not unpack LibTorch cu124: set ENGINE_CACHE_DIR",
                new java.io.IOException("No space left on device"));
        assertEquals("could not unpack LibTorch cu124: set ENGINE_CACHE_DIR",
                Native.oneLine(new IllegalStateException("LibTorch could not be loaded", unpack)));
    }

    @Test
    void threadsAreSettable() {
        int before = PyTorchEngine.threads();
        try {
            PyTorchEngine.setThreads(1);
            assertEquals(1, PyTorchEngine.threads());
        } finally {
            PyTorchEngine.setThreads(before);
        }
        assertThrows(IllegalArgumentException.class, () -> PyTorchEngine.setThreads(0));
    }

    @Test
    void scopesFreeWhatTheyDoNotKeep() {
        Tensor param = e.ones(Shape.of(3)).requiresGrad(true);
        Tensor kept, lost;
        try (TensorScope outer = e.scope()) {
            try (TensorScope inner = e.scope()) {
                Tensor y = param.mul(2);
                kept = inner.keep(y.add(1));
                lost = y.mul(5);
                assertSame(param, inner.keep(param)); // a parameter is never moved into a scope
            }
            assertArrayEquals(new float[] {3, 3, 3}, kept.toFloatArray());
            var err = assertThrows(IllegalStateException.class, lost::toFloatArray);
            assertTrue(err.getMessage().contains("keep"), err.getMessage());
        }
        assertThrows(IllegalStateException.class, kept::toFloatArray); // the outer scope freed it
        assertArrayEquals(new float[] {1, 1, 1}, param.toFloatArray());
        assertTrue(lost.toString().contains("freed"));
    }

    private static void assertSame(Object a, Object b) {
        assertTrue(a == b);
    }

    @Test
    void rankZeroTensorsKeepTheirDtypeUnderScalarOps() {
        Tensor s = e.scalar(2);
        assertEquals(DType.FLOAT32, s.mul(0.1).dtype());
        assertEquals(DType.FLOAT32, s.add(0.1).pow(2.5).dtype());
        assertEquals(DType.FLOAT64, s.to(DType.FLOAT64).mul(0.1).dtype());
        assertEquals(0.1, e.full(Shape.of(2), 0.1, DType.FLOAT64).toDoubleArray()[1], 0);
    }

    @Test
    void gradientsAreSnapshotsAndZeroGradLeavesNone() {
        Tensor w = e.of(new float[] {1, 2}, Shape.of(2)).requiresGrad(true);
        w.mul(w).sum().backward();
        Tensor first = w.grad();
        w.mul(3).sum().backward(); // LibTorch adds in place into its buffer; the earlier read must not change
        assertArrayEquals(new float[] {2, 4}, first.toFloatArray());
        assertArrayEquals(new float[] {5, 7}, w.grad().toFloatArray());
        w.zeroGrad();
        assertNull(w.grad());
        w.mul(3).sum().backward();
        assertArrayEquals(new float[] {3, 3}, w.grad().toFloatArray());
        w.setGrad(e.of(new float[] {0.5f, -1}, Shape.of(2)));
        assertArrayEquals(new float[] {0.5f, -1}, w.grad().toFloatArray());
        w.sum().backward();
        assertArrayEquals(new float[] {1.5f, 0}, w.grad().toFloatArray());
        assertArrayEquals(new float[] {1, 2}, w.toFloatArray()); // the swap kept the values
    }

    @Test
    void detachIsASnapshotAndAssignWritesInPlace() {
        Tensor w = e.of(new float[] {1, 2}, Shape.of(2)).requiresGrad(true);
        Tensor snapshot = w.detach();
        assertFalse(snapshot.requiresGrad());
        w.mul(w).sum().backward();
        try (var ignored = e.noGrad()) {
            w.assign(w.sub(w.grad()));
        }
        assertArrayEquals(new float[] {-1, -2}, w.toFloatArray());
        assertArrayEquals(new float[] {1, 2}, snapshot.toFloatArray());
        assertArrayEquals(new float[] {2, 4}, w.grad().toFloatArray()); // assign keeps the gradient
        assertTrue(w.requiresGrad());
        Tensor s = e.scalar(1).requiresGrad(true);
        s.assign(e.scalar(4));
        assertEquals(4, s.item(), 0);
    }

    @Test
    void opErrorsAndIndexErrorsName() {
        Tensor a = e.zeros(Shape.of(2, 3));
        var err = assertThrows(IllegalArgumentException.class,
                () -> a.gather(1, e.ofIndices(new long[] {0, 5}, Shape.of(2, 1))));
        assertTrue(err.getMessage().contains("index 5") && err.getMessage().contains("(2, 3)"), err.getMessage());
        var dev = assertThrows(IllegalArgumentException.class, () -> a.to(Device.gpu(7)));
        assertTrue(dev.getMessage().contains("gpu(7)"), dev.getMessage());
        var bw = assertThrows(IllegalStateException.class, () -> a.sum().backward());
        assertTrue(bw.getMessage().contains("requiresGrad"), bw.getMessage());
    }

    @Test
    void gradModeIsPerThread() throws Exception {
        Tensor w = e.ones(Shape.of(2)).requiresGrad(true);
        boolean[] seen = new boolean[1];
        try (var ignored = e.noGrad()) {
            Thread t = new Thread(() -> seen[0] = w.mul(2).requiresGrad());
            t.start();
            t.join();
            assertFalse(w.mul(2).requiresGrad());
        }
        assertTrue(seen[0], "another thread's ops record while this one is in noGrad()");
        assertTrue(w.mul(2).requiresGrad());
    }
}
