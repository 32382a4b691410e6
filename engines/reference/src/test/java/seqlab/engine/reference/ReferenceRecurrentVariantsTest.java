package seqlab.engine.reference;

import seqlab.conformance.RecurrentVariantsConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class ReferenceRecurrentVariantsTest extends RecurrentVariantsConformance {
    @Override
    protected Engine engine() {
        return Engines.get("reference");
    }
}
