package seqlab.engine.pytorch;

import seqlab.conformance.GruGradientCheckConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class PyTorchGruGradientCheckTest extends GruGradientCheckConformance {
    @Override
    protected Engine engine() {
        return Engines.get("pytorch");
    }
}
