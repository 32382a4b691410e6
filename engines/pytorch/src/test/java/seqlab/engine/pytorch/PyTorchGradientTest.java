package seqlab.engine.pytorch;

import seqlab.conformance.GradientConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class PyTorchGradientTest extends GradientConformance {
    @Override
    protected Engine engine() {
        return Engines.get("pytorch");
    }
}
