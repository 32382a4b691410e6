package seqlab.engine.reference;

import seqlab.conformance.RecurrentLayerConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class RecurrentLayerTest extends RecurrentLayerConformance {
    @Override
    protected Engine engine() {
        return Engines.get("reference");
    }
}
