package seqlab.engine.pytorch;

import seqlab.conformance.LstmGradientCheckConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class PyTorchLstmGradientCheckTest extends LstmGradientCheckConformance {
    @Override
    protected Engine engine() {
        return Engines.get("pytorch");
    }
}
