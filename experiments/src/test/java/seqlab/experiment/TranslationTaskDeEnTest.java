package seqlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import seqlab.data.SentencePair;
import seqlab.datasets.Datasets;
import seqlab.model.ModelSpec;
import seqlab.model.Models;

/** The translation task on the shipped German-English pairs, end to end on a small subset (a few seconds). */
class TranslationTaskDeEnTest {

    @Test
    void aSmallDeEnRunTrainsAndScoresNextToTheCopyBaseline(@TempDir Path dir) {
        var options = TranslationTask.Options.defaults().subset(300).maxWords(8).embedding(16).validationBleuSentences(20);
        var task = new TranslationTask(Datasets.deEn(), options);
        assertEquals("de-en", task.dataset());
        assertEquals(300, task.pairs().size());
        assertTrue(task.pairs().stream().allMatch(p -> p.source().split("\\s+").length <= 8
                && p.target().split("\\s+").length <= 8));
        Results r = Experiment.on(task).compare(Models.gru(16).with("attention", "additive"))
                .train(t -> t.epochs(1).batchSize(32).adam(5e-3)).engine("reference").out(dir).quiet().run();
        TrialResult copy = r.trials().get(0), gru = r.trials().get(1);
        assertTrue(copy.ok() && gru.ok(), copy.error() + " / " + gru.error());
        // German and English share names, numbers and punctuation, so copying the source scores above zero
        assertTrue(copy.metric("bleu") > 0 && copy.metric("chrf") > 5, copy.metrics().toString());
        assertEquals(1, gru.epochs());
        assertEquals(task.parameterCount((ModelSpec) gru.spec().model()), gru.parameters());
        assertEquals(10, gru.translation().samples().size(), "the default samples option");
        var data = gru.translation().data();
        assertEquals(data.test(), gru.translation().hypotheses().size(), "every test sentence's translation is kept");
        assertEquals(300, data.train() + data.validation() + data.test());
        // groups of one German sentence are dealt whole, so test holds 10% of the pairs or a group more
        assertTrue(data.test() >= 30 && data.test() < 40 && data.validation() >= 15, data.toString());
    }

    @Test
    void theOtherDirectionSwapsTheSides() {
        var de = new TranslationTask(Datasets.deEn(), TranslationTask.Options.defaults().subset(50));
        var en = new TranslationTask(Datasets.deEn(), TranslationTask.Options.defaults().subset(50).direction("en-de"));
        assertEquals("de-en:en-de", en.dataset());
        SentencePair a = de.pairs().get(0), b = en.pairs().get(0);
        assertEquals(a.source(), b.target());
        assertTrue(!de.dataHash().equals(en.dataHash()), "a different task never reuses old trials");
    }
}
