package seqlab.engine.pytorch;

import seqlab.conformance.TrainingConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class PyTorchTrainingTest extends TrainingConformance {
    @Override
    protected Engine engine() {
        return Engines.get("pytorch");
    }
}
