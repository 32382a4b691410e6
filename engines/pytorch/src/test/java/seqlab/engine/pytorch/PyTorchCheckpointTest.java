package seqlab.engine.pytorch;

import seqlab.conformance.CheckpointConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class PyTorchCheckpointTest extends CheckpointConformance {
    @Override
    protected Engine engine() {
        return Engines.get("pytorch");
    }
}
