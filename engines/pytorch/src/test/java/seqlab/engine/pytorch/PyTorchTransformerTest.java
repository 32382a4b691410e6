package seqlab.engine.pytorch;

import seqlab.conformance.TransformerConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class PyTorchTransformerTest extends TransformerConformance {
    @Override
    protected Engine engine() {
        return Engines.get("pytorch");
    }
}
