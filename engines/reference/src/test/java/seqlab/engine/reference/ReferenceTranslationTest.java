package seqlab.engine.reference;

import seqlab.conformance.tasks.TranslationConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

class ReferenceTranslationTest extends TranslationConformance {
    @Override
    protected Engine engine() {
        return Engines.get("reference");
    }
}
