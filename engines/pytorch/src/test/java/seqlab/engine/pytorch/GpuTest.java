package seqlab.engine.pytorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import seqlab.engine.CellKind;
import seqlab.engine.Device;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.engine.RandomSource;
import seqlab.engine.RecurrentKernels.RecurrentRequest;
import seqlab.engine.RecurrentKernels.RecurrentSpec;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;

/**
 * The CUDA path: runs only where LibTorch sees a GPU, which needs an NVIDIA GPU and driver and the CUDA build
 * ({@code mvn -Pcuda}, or {@code ./seqlab doctor --cuda-build}; see README.md). This is the one test that skips on CI,
 * which has no GPU.
 */
class GpuTest {
    /** Device choice and refusal on LibTorch; moved models computing and training on the GPU where there is one. */
    @org.junit.jupiter.api.Nested
    class Devices extends seqlab.conformance.DeviceConformance {
        @Override
        protected Engine engine() {
            return Engines.get("pytorch");
        }

        @Override
        protected double deviceTolerance() {
            return 2e-5;
        }
    }

    @Test
    void askingForAMissingGpuNamesTheLibTorchLoaded() {
        Engine e = Engines.get("pytorch");
        LibTorchBuild lib = PyTorchEngine.libTorch();
        assumeTrue(e.devices().size() == 1, "this machine has a GPU: the refusal is tested where there is none");
        var ex = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> e.device("gpu"));
        org.junit.jupiter.api.Assertions.assertTrue(ex.getMessage().startsWith("no GPU visible to the pytorch engine ("
                + "asked for gpu(0); " + lib.describe() + ": " + lib.deviceSummary()), ex.getMessage());
        org.junit.jupiter.api.Assertions.assertTrue(ex.getMessage().contains("./seqlab doctor"), ex.getMessage());
    }

    @Test
    void tensorsMoveToTheGpuAndBackWithGradients() {
        Engine e = Engines.get("pytorch");
        LibTorchBuild lib = PyTorchEngine.libTorch();
        assumeTrue(e.devices().size() > 1, "no GPU for " + lib.describe() + " (" + lib.deviceSummary() + "): on a machine"
                + " with an NVIDIA GPU and driver, run ./seqlab doctor --cuda-build or mvn -Pcuda -pl engines/pytorch -am"
                + " verify (engines/pytorch/README.md)");
        Device gpu = Device.gpu(0);
        var rng = new RandomSource(1);
        Tensor a = e.randn(Shape.of(64, 32), rng), b = e.randn(Shape.of(32, 16), rng);
        Tensor ga = a.to(gpu).detach().requiresGrad(true), gb = b.to(gpu);
        assertEquals(gpu, ga.device());
        Tensor y = ga.matmul(gb).tanh();
        assertArrayEquals(a.matmul(b).tanh().toFloatArray(), y.toFloatArray(), 1e-4f);
        y.sum().backward();
        assertEquals(gpu, ga.grad().device());
        var spec = new RecurrentSpec(CellKind.LSTM, 32, 8, 1, false, true, 0, true, false);
        List<Tensor> w = List.of(e.randn(Shape.of(32, 32), rng).to(gpu), e.randn(Shape.of(32, 8), rng).to(gpu),
                e.zeros(Shape.of(32)).to(gpu), e.zeros(Shape.of(32)).to(gpu));
        var r = e.recurrentKernels().orElseThrow().run(RecurrentRequest.of(spec, a.reshape(2, 32, 32).to(gpu), w));
        assertEquals(gpu, r.output().device());
        assertEquals(Device.cpu(), r.output().to(Device.cpu()).device());
    }
}
