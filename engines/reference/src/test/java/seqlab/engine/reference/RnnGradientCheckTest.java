package seqlab.engine.reference;

import seqlab.conformance.RnnGradientCheckConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class RnnGradientCheckTest extends RnnGradientCheckConformance {
    @Override
    protected Engine engine() {
        return Engines.get("reference");
    }
}
