package seqlab.engine.pytorch;

import seqlab.conformance.tasks.ForecastingConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class PyTorchForecastingTest extends ForecastingConformance {
    @Override
    protected Engine engine() {
        return Engines.get("pytorch");
    }
}
