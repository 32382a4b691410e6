package seqlab.engine.reference;

import seqlab.conformance.TransformerConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class ReferenceTransformerTest extends TransformerConformance {
    @Override
    protected Engine engine() {
        return Engines.get("reference");
    }
}
