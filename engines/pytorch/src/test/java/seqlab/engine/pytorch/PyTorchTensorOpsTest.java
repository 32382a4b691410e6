package seqlab.engine.pytorch;

import seqlab.conformance.TensorOpsConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class PyTorchTensorOpsTest extends TensorOpsConformance {
    @Override
    protected Engine engine() {
        return Engines.get("pytorch");
    }
}
