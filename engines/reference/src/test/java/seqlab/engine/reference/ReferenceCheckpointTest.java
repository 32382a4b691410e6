package seqlab.engine.reference;

import seqlab.conformance.CheckpointConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class ReferenceCheckpointTest extends CheckpointConformance {
    @Override
    protected Engine engine() {
        return Engines.get("reference");
    }
}
