package seqlab.engine.pytorch;

import seqlab.conformance.SafetensorsConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class PyTorchSafetensorsTest extends SafetensorsConformance {
    @Override
    protected Engine engine() {
        return Engines.get("pytorch");
    }
}
