package seqlab.engine.reference;

import seqlab.conformance.TensorOpsConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class ReferenceTensorOpsTest extends TensorOpsConformance {
    @Override
    protected Engine engine() {
        return Engines.get("reference");
    }
}
