package seqlab.engine.reference;

import seqlab.conformance.GruGradientCheckConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class GruGradientCheckTest extends GruGradientCheckConformance {
    @Override
    protected Engine engine() {
        return Engines.get("reference");
    }
}
