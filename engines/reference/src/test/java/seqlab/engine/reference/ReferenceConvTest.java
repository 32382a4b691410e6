package seqlab.engine.reference;

import seqlab.conformance.ConvConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class ReferenceConvTest extends ConvConformance {
    @Override
    protected Engine engine() {
        return Engines.get("reference");
    }
}
