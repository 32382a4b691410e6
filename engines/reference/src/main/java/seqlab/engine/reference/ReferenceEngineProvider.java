package seqlab.engine.reference;

import seqlab.engine.Engine;
import seqlab.engine.EngineProvider;

/** Registers the reference engine as {@code reference}. Rank 50: the default on a CPU-only machine. */
public final class ReferenceEngineProvider implements EngineProvider {
    @Override
    public String name() {
        return ReferenceEngine.NAME;
    }

    @Override
    public int rank() {
        return 50;
    }

    @Override
    public Engine create() {
        return new ReferenceEngine();
    }
}
