package seqlab.engine.reference;

import seqlab.conformance.ModelSpecConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class ReferenceModelSpecTest extends ModelSpecConformance {
    @Override
    protected Engine engine() {
        return Engines.get("reference");
    }
}
