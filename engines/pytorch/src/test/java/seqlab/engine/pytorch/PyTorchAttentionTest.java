package seqlab.engine.pytorch;

import seqlab.conformance.AttentionConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class PyTorchAttentionTest extends AttentionConformance {
    @Override
    protected Engine engine() {
        return Engines.get("pytorch");
    }
}
