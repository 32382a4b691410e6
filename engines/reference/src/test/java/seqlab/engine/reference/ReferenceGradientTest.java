package seqlab.engine.reference;

import seqlab.conformance.GradientConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class ReferenceGradientTest extends GradientConformance {
    @Override
    protected Engine engine() {
        return Engines.get("reference");
    }
}
