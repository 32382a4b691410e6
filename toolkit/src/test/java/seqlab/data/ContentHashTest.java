package seqlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The content hash is a function of the rows a model sees, not of names or files. */
class ContentHashTest {
    static final List<LabeledText> ROWS = List.of(new LabeledText("good film", "pos"), new LabeledText("bad plot", "neg"),
            new LabeledText("fine", "pos"));

    @Test
    void textDatasetsHashTheirRows() {
        TextDataset a = TextDataset.of("a", ROWS);
        assertEquals(a.contentHash(), TextDataset.of("renamed", ROWS).contentHash(), "the name is not content");
        assertEquals(64, a.contentHash().length());
        assertNotEquals(a.contentHash(), a.filter(r -> r.text().length() > 4).contentHash(), "a filter changes it");
        assertNotEquals(a.contentHash(), TextDataset.of("a", List.of(ROWS.get(1), ROWS.get(0), ROWS.get(2))).contentHash(),
                "so does the order");
        assertNotEquals(a.contentHash(), TextDataset.of("a", List.of(new LabeledText("good film", "neg"), ROWS.get(1),
                ROWS.get(2))).contentHash(), "and a label");
        // field boundaries count: "ab" + "c" is not "a" + "bc"
        assertNotEquals(TextDataset.of("x", List.of(new LabeledText("ab", "c"))).contentHash(),
                TextDataset.of("x", List.of(new LabeledText("a", "bc"))).contentHash());
    }

    @Test
    void corporaAndSeriesHashTheirContent() {
        var p = List.of(new SentencePair("ein haus", "a house"), new SentencePair("zwei", "two"));
        var info = new DatasetInfo("c", DatasetInfo.TRANSLATION, 2, "x", "y", "");
        var c = new ParallelCorpus(info, "de", "en", p);
        assertNotEquals(c.contentHash(), c.reversed().contentHash());
        assertNotEquals(c.contentHash(), c.filter(s -> s.source().contains(" ")).contentHash());
        TimeSeries s = TimeSeries.of("s", LocalDate.of(2000, 1, 1), Frequency.MONTHLY, 12, 1, 2, 3);
        assertEquals(s.contentHash(), TimeSeries.of("t", LocalDate.of(2000, 1, 1), Frequency.MONTHLY, 12, 1, 2, 3).contentHash());
        assertNotEquals(s.contentHash(), TimeSeries.of("s", LocalDate.of(2000, 1, 1), Frequency.MONTHLY, 12, 1, 2,
                Math.nextUp(3.0)).contentHash(), "one bit of one value");
        assertNotEquals(s.contentHash(), TimeSeries.of("s", LocalDate.of(2000, 2, 1), Frequency.MONTHLY, 12, 1, 2, 3)
                .contentHash(), "the dates (calendar features read them)");
        assertNotEquals(s.contentHash(), TimeSeries.of("s", LocalDate.of(2000, 1, 1), Frequency.MONTHLY, 4, 1, 2, 3)
                .contentHash(), "the season (MASE and seasonal naive read it)");
    }
}
