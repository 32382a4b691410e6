package seqlab.engine.pytorch;

import seqlab.conformance.tasks.TranslationConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class PyTorchTranslationTest extends TranslationConformance {
    @Override
    protected Engine engine() {
        return Engines.get("pytorch");
    }
}
