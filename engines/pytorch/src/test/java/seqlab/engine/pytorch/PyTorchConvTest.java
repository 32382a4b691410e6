package seqlab.engine.pytorch;

import seqlab.conformance.ConvConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class PyTorchConvTest extends ConvConformance {
    @Override
    protected Engine engine() {
        return Engines.get("pytorch");
    }
}
