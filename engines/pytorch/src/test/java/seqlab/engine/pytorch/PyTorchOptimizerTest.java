package seqlab.engine.pytorch;

import seqlab.conformance.OptimizerConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class PyTorchOptimizerTest extends OptimizerConformance {
    @Override
    protected Engine engine() {
        return Engines.get("pytorch");
    }
}
