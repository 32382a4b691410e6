package seqlab.engine.reference;

import seqlab.conformance.LstmGradientCheckConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class LstmGradientCheckTest extends LstmGradientCheckConformance {
    @Override
    protected Engine engine() {
        return Engines.get("reference");
    }
}
