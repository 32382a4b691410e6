package seqlab.engine.pytorch;

import seqlab.conformance.RecurrentLayerConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class PyTorchRecurrentLayerTest extends RecurrentLayerConformance {
    @Override
    protected Engine engine() {
        return Engines.get("pytorch");
    }
}
