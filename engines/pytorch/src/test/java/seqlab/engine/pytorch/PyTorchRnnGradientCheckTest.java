package seqlab.engine.pytorch;

import seqlab.conformance.RnnGradientCheckConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class PyTorchRnnGradientCheckTest extends RnnGradientCheckConformance {
    @Override
    protected Engine engine() {
        return Engines.get("pytorch");
    }
}
