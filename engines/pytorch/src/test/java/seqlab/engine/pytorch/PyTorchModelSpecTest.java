package seqlab.engine.pytorch;

import seqlab.conformance.ModelSpecConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class PyTorchModelSpecTest extends ModelSpecConformance {
    @Override
    protected Engine engine() {
        return Engines.get("pytorch");
    }
}
