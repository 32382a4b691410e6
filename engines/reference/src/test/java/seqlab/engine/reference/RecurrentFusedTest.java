package seqlab.engine.reference;

import seqlab.conformance.RecurrentFusedConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class RecurrentFusedTest extends RecurrentFusedConformance {
    @Override
    protected Engine engine() {
        return Engines.get("reference");
    }
}
