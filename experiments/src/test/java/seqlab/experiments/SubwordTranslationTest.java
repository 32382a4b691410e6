package seqlab.experiments;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import seqlab.data.Bpe;
import seqlab.data.TextEncoder;
import seqlab.data.TranslationBatch;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.metric.Bleu;
import seqlab.model.Models;
import seqlab.model.Seq2Seq;
import seqlab.train.BatchSource;
import seqlab.train.Optimizers;
import seqlab.train.Seeds;
import seqlab.train.Trainer;

/**
 * The subword pipeline end to end on a tiny training run: joint BPE, an attentional GRU with tied and shared
 * embeddings and label smoothing, length buckets, then beam search, detokenisation and sacreBLEU-style BLEU on the
 * training pairs, which rises from near zero as the model learns them.
 */
class SubwordTranslationTest {
    private static final String[][] PAIRS = {
        {"Der Hund schläft.", "The dog sleeps."}, {"Die Katze schläft.", "The cat sleeps."},
        {"Der Hund läuft schnell.", "The dog runs fast."}, {"Die Katze läuft schnell.", "The cat runs fast."},
        {"Das Haus ist groß.", "The house is big."}, {"Das Haus ist klein.", "The house is small."},
        {"Der Garten ist groß.", "The garden is big."}, {"Der Garten ist klein.", "The garden is small."},
        {"Ich sehe den Hund.", "I see the dog."}, {"Ich sehe die Katze.", "I see the cat."},
        {"Wir sehen das Haus.", "We see the house."}, {"Wir sehen den Garten.", "We see the garden."},
        {"Der Hund ist müde.", "The dog is tired."}, {"Die Katze ist müde.", "The cat is tired."},
        {"Größer ist besser.", "Bigger is better."}, {"Kleiner ist schöner.", "Smaller is nicer."},
    };

    @Test
    void bleuOfDetokenisedOutputRisesAsATinyModelLearns() {
        Engine engine = Engines.get("reference");
        List<String> de = new ArrayList<>(), en = new ArrayList<>();
        for (String[] p : PAIRS) {
            de.add(p[0]);
            en.add(p[1]);
        }
        Bpe bpe = Bpe.learner().merges(60).minPairFrequency(2).learnJoint(de, en);
        TextEncoder enc = bpe.textEncoder();
        List<int[]> xs = enc.encodeAll(de), ys = enc.encodeAll(en);
        int v = enc.vocabulary().size();
        var spec = Models.gru(32).with("attention", "additive").with("embedding", 32).with("tie_embeddings", true)
                .with("share_embeddings", true);
        Seq2Seq model = new Seq2Seq(engine, spec, v, v, 32, Seeds.of(3).init());
        Bleu bleu = Bleu.sacrebleu();
        double before = bleu.corpusScore(translate(model, enc, xs), List.of(en)).score();
        BatchSource<TranslationBatch> data = BatchSource.translation(engine, xs, ys);
        Trainer.of(model, (Seq2Seq m, TranslationBatch b) -> m.loss(b, 0.1)).optimizer(Optimizers.adam(1e-2)).batchSize(4)
                .seed(3).epochs(60).clipNorm(1.0).progress(false)
                .bucketByLength(xs.stream().mapToInt(x -> x.length).toArray(), 2).fit(data);
        List<String> after = translate(model, enc, xs);
        double score = bleu.corpusScore(after, List.of(en)).score();
        assertTrue(before < 5, "untrained BLEU " + before);
        assertTrue(score > 60, "BLEU after training " + score + ": " + after);
        // detokenised: words and punctuation as in the references, no markers left
        assertTrue(after.stream().noneMatch(s -> s.contains(Bpe.BOUNDARY) || s.contains(" .")), after.toString());
    }

    private static List<String> translate(Seq2Seq model, TextEncoder enc, List<int[]> xs) {
        List<String> out = new ArrayList<>();
        for (Seq2Seq.Translation t : model.translate(xs, 3, 0.6, 20, 16)) {
            out.add(enc.decode(t.tokens()));
        }
        return out;
    }
}
