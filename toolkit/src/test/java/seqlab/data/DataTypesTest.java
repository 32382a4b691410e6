package seqlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DataTypesTest {

    @Test
    void textDatasetIsImmutableAndCountsLabels() {
        List<LabeledText> rows = new ArrayList<>(List.of(new LabeledText("good", "pos"), new LabeledText("bad", "neg"),
                new LabeledText("fine", "pos")));
        TextDataset ds = TextDataset.of("toy", rows);
        rows.clear();
        assertEquals(3, ds.size());
        assertEquals(List.of("neg", "pos"), ds.labels());
        assertEquals(Map.of("neg", 1, "pos", 2), ds.labelCounts());
        assertThrows(UnsupportedOperationException.class, () -> ds.rows().add(new LabeledText("x", "pos")));
        assertEquals("TextDataset[toy: 3 rows, neg=1, pos=2; unknown]", ds.toString());
        assertEquals(2, ds.filter(r -> r.label().equals("pos")).info().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TextDataset(ds.info(), ds.rows(), List.of("pos")));
        assertTrue(e.getMessage().contains("'neg'"), e.getMessage());
    }

    @Test
    void parallelCorpusReversesAndFilters() {
        DatasetInfo info = new DatasetInfo("toy", DatasetInfo.TRANSLATION, 2, "CC0-1.0", "test", "");
        ParallelCorpus c = new ParallelCorpus(info, "de", "en",
                List.of(new SentencePair("Guten Tag.", "Good day."), new SentencePair("Wie geht es dir heute?", "How are you today?")));
        ParallelCorpus r = c.reversed();
        assertEquals("en", r.sourceLanguage());
        assertEquals("Good day.", r.pairs().get(0).source());
        assertEquals(1, c.filter(p -> p.target().split(" ").length > 2).size());
        assertEquals("ParallelCorpus[toy: 2 pairs de -> en; CC0-1.0]", c.toString());
    }

    @Test
    void timeSeriesCopiesValuesAndChecksRegularity() {
        double[] v = {1, 2, 3};
        TimeSeries ts = TimeSeries.of("toy", LocalDate.of(2000, 1, 1), Frequency.MONTHLY, 12, v);
        v[0] = 99;
        assertEquals(1.0, ts.value(0));
        ts.values()[1] = 99;
        assertEquals(2.0, ts.value(1));
        assertEquals(LocalDate.of(2000, 3, 1), ts.end());
        assertEquals(ts, TimeSeries.of("toy", LocalDate.of(2000, 1, 1), Frequency.MONTHLY, 12, 1, 2, 3));
        assertTrue(ts.toString().contains("3 monthly points 2000-01-01..2000-03-01"), ts.toString());

        DatasetInfo info = new DatasetInfo("toy", DatasetInfo.FORECASTING, 2, "x", "x", "");
        assertThrows(IllegalArgumentException.class, () -> new TimeSeries(info, "v",
                List.of(LocalDate.of(2000, 1, 1), LocalDate.of(2000, 1, 9)), new double[] {1, 2},
                Frequency.WEEKLY, 52, MissingPolicy.REJECT, List.of()));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> new TimeSeries(info, "v",
                List.of(LocalDate.of(2000, 1, 1), LocalDate.of(2000, 1, 8)), new double[] {1, Double.NaN},
                Frequency.WEEKLY, 52, MissingPolicy.REJECT, List.of()));
        assertTrue(nan.getMessage().contains("missing"), nan.getMessage());
    }

    @Test
    void frequencySteps() {
        LocalDate d = LocalDate.of(2001, 1, 1);
        assertEquals(LocalDate.of(2001, 1, 8), Frequency.WEEKLY.plus(d, 1));
        assertEquals(LocalDate.of(2000, 12, 1), Frequency.MONTHLY.plus(d, -1));
        assertEquals(LocalDate.of(2011, 1, 1), Frequency.YEARLY.plus(d, 10));
        assertEquals("daily", Frequency.DAILY.label());
    }
}
