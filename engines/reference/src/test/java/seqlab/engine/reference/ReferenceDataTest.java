package seqlab.engine.reference;

import seqlab.conformance.DataConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class ReferenceDataTest extends DataConformance {
    @Override
    protected Engine engine() {
        return Engines.get("reference");
    }
}
