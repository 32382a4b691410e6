package seqlab.engine.pytorch;

import seqlab.conformance.LayerParityConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class PyTorchLayerParityTest extends LayerParityConformance {
    @Override
    protected Engine engine() {
        return Engines.get("pytorch");
    }

    @Override
    protected Engine reference() {
        return Engines.get("reference");
    }
}
