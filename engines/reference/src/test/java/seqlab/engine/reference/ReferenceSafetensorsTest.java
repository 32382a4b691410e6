package seqlab.engine.reference;

import seqlab.conformance.SafetensorsConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class ReferenceSafetensorsTest extends SafetensorsConformance {
    @Override
    protected Engine engine() {
        return Engines.get("reference");
    }
}
