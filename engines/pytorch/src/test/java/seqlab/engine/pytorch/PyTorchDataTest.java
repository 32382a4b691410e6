package seqlab.engine.pytorch;

import seqlab.conformance.DataConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class PyTorchDataTest extends DataConformance {
    @Override
    protected Engine engine() {
        return Engines.get("pytorch");
    }
}
