package seqlab.engine.pytorch;

import seqlab.engine.Engine;
import seqlab.engine.EngineProvider;

/**
 * Registers the LibTorch engine as {@code pytorch}. It ranks above the reference engine (50) only where it sees a
 * CUDA device (100): on a CPU the pure-Java engine is the deterministic default and this one is chosen by name.
 */
public final class PyTorchEngineProvider implements EngineProvider {
    static final int RANK_GPU = 100;
    static final int RANK_CPU = 20;

    @Override
    public String name() {
        return PyTorchEngine.NAME;
    }

    @Override
    public int rank() {
        try {
            return Native.build().gpus() > 0 ? RANK_GPU : RANK_CPU;
        } catch (RuntimeException | LinkageError e) {
            return RANK_CPU;
        }
    }

    @Override
    public Availability availability() {
        try {
            Native.djl();
            return Availability.yes();
        } catch (Throwable t) {
            return Availability.no("LibTorch did not load: " + Native.oneLine(t));
        }
    }

    @Override
    public Engine create() {
        return new PyTorchEngine(Native.djl());
    }
}
