package seqlab.engine.pytorch;

import seqlab.conformance.LossConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class PyTorchLossTest extends LossConformance {
    @Override
    protected Engine engine() {
        return Engines.get("pytorch");
    }
}
