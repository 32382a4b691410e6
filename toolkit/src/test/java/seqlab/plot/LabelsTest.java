package seqlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LabelsTest {
    @Test
    void metricsReadAsPeopleWriteThem() {
        assertEquals("MASE", Labels.of("mase"));
        assertEquals("sMAPE", Labels.of("smape"));
        assertEquals("BLEU", Labels.of("bleu"));
        assertEquals("chrF", Labels.of("chrf"));
        assertEquals("macro-F1 (95% CI half-width)", Labels.of("macro_f1_ci95"));
        assertEquals("accuracy (mean)", Labels.of("accuracy_mean"));
        assertEquals("training loss", Labels.of("train_loss"));
        assertEquals("coverage 80", Labels.of("coverage_80"));
    }

    @Test
    void titlesAreInSentenceCaseWithoutBreakingAcronyms() {
        assertEquals("Test MASE by model", Labels.sentence("test MASE by model"));
        assertEquals("Test accuracy", Labels.sentence("test accuracy"));
        assertEquals("sMAPE by model", Labels.sentence("sMAPE by model"));
        assertEquals("chrF by length", Labels.sentence("chrF by length"));
        assertEquals("BLEU", Labels.sentence("BLEU"));
        assertEquals("|dL/dh_t| by distance", Labels.sentence("|dL/dh_t| by distance"));
        assertEquals("", Labels.sentence(""));
    }
}
