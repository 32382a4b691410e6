package seqlab.engine.pytorch;

import seqlab.conformance.RecurrentGoldenConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class PyTorchRecurrentGoldenTest extends RecurrentGoldenConformance {
    @Override
    protected Engine engine() {
        return Engines.get("pytorch");
    }
}
