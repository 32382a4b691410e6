package seqlab.engine.reference;

import seqlab.conformance.AttentionConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class ReferenceAttentionTest extends AttentionConformance {
    @Override
    protected Engine engine() {
        return Engines.get("reference");
    }
}
