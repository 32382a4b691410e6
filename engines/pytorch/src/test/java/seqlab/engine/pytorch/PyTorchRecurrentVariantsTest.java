package seqlab.engine.pytorch;

import seqlab.conformance.RecurrentVariantsConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class PyTorchRecurrentVariantsTest extends RecurrentVariantsConformance {
    @Override
    protected Engine engine() {
        return Engines.get("pytorch");
    }
}
