package seqlab.engine.reference;

import seqlab.conformance.OptimizerConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class ReferenceOptimizerTest extends OptimizerConformance {
    @Override
    protected Engine engine() {
        return Engines.get("reference");
    }
}
