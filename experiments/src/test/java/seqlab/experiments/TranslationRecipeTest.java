package seqlab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import seqlab.data.SentencePair;

/** The harness's split: no source sentence on both sides, fixed, length-filtered. */
class TranslationRecipeTest {

    @Test
    void theSplitKeepsEverySourceSentenceOnOneSideAndIsFixed() {
        List<SentencePair> pairs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // two English variants for every third German sentence, as in the Ding dictionary
            pairs.add(new SentencePair("Satz nummer " + i + ".", "Sentence number " + i + "."));
            if (i % 3 == 0) {
                pairs.add(new SentencePair("Satz nummer " + i + ".", "Sentence no. " + i + "."));
            }
        }
        pairs.add(new SentencePair("Ein viel zu langer Satz mit sehr vielen Wörtern darin.", "Too long."));
        TranslationRecipe.Split s = TranslationRecipe.split(pairs, 6, 40, 50);
        assertEquals(pairs.size() - 1, s.train().size() + s.validation().size() + s.test().size(), "the long pair is out");
        assertTrue(s.test().size() >= 50 && s.test().size() <= 51, "whole groups: " + s.test().size());
        Set<String> train = new HashSet<>();
        s.train().forEach(p -> train.add(p.source()));
        for (SentencePair p : s.test()) {
            assertTrue(!train.contains(p.source()), p.source());
        }
        for (SentencePair p : s.validation()) {
            assertTrue(!train.contains(p.source()), p.source());
        }
        assertEquals(s, TranslationRecipe.split(pairs, 6, 40, 50));
    }

    @Test
    void readsTabSeparatedPairsAndRejectsOtherLines(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("pairs.tsv");
        Files.writeString(f, "de\ten\nHallo.\tHello.\nJa.\tYes.\n");
        assertEquals(List.of(new SentencePair("Hallo.", "Hello."), new SentencePair("Ja.", "Yes.")),
                TranslationRecipe.tsv(f));
        Files.writeString(f, "de\ten\nkein Tab\n");
        assertThrows(IllegalArgumentException.class, () -> TranslationRecipe.tsv(f));
    }

    @Test
    void unknownSettingsFail() {
        var e = assertThrows(IllegalArgumentException.class, () -> TranslationRecipe.main(new String[] {"modle=gru"}));
        assertTrue(e.getMessage().contains("key=value"), e.getMessage());
    }
}
