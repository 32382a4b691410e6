package seqlab.engine.reference;

import seqlab.conformance.LossConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class ReferenceLossTest extends LossConformance {
    @Override
    protected Engine engine() {
        return Engines.get("reference");
    }
}
