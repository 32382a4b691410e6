package seqlab.engine.reference;

import seqlab.conformance.tasks.ForecastingConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class ReferenceForecastingTest extends ForecastingConformance {
    @Override
    protected Engine engine() {
        return Engines.get("reference");
    }
}
