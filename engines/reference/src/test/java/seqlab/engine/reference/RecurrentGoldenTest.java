package seqlab.engine.reference;

import seqlab.conformance.RecurrentGoldenConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class RecurrentGoldenTest extends RecurrentGoldenConformance {
    @Override
    protected Engine engine() {
        return Engines.get("reference");
    }
}
