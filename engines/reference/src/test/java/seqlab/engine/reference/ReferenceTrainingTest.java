package seqlab.engine.reference;

import seqlab.conformance.TrainingConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class ReferenceTrainingTest extends TrainingConformance {
    @Override
    protected Engine engine() {
        return Engines.get("reference");
    }
}
