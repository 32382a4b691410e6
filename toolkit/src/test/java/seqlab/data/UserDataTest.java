package seqlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Bring-your-own-data loaders: what they read, and one clear error for each kind of bad input. */
class UserDataTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static DataFileException fails(Executable call, String... fragments) {
        DataFileException e = assertThrows(DataFileException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "expected '" + f + "' in: " + e.getMessage());
        }
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    // ------------------------------------------------------------------ classification

    @Test
    void readsQuotedCsvWithProvenance() throws Exception {
        String csv = "id,text,label\n"
                + "1,\"Great, really great\",pos\n"
                + "2,\"She said \"\"meh\"\"\nand left\",neg\n"
                + "\n"
                + "3,Fine,pos\n";
        Path file = write("reviews.csv", csv);
        TextDataset d = TextDataset.fromCsv(file, "text", "label");
        assertEquals(List.of("neg", "pos"), d.labels());
        assertEquals(3, d.size());
        assertEquals("Great, really great", d.rows().get(0).text());
        assertEquals("She said \"meh\"\nand left", d.rows().get(1).text());
        assertEquals("reviews", d.info().name());
        assertEquals(DatasetInfo.CLASSIFICATION, d.info().task());
        assertEquals(file.toAbsolutePath().normalize().toString(), d.info().source());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        assertEquals(sha, d.info().sha256());
    }

    @Test
    void readsTsvWithByteOrderMarkAndWindowsLineEnds() throws Exception {
        byte[] body = "text\tlabel\r\nGood\tpos\r\nBad, awful\tneg\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[body.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bytes, 3, body.length);
        TextDataset d = TextDataset.fromCsv(write("mini.tsv", bytes), "text", "label");
        assertEquals("Bad, awful", d.rows().get(1).text());
        assertEquals(List.of("neg", "pos"), d.labels());
    }

    @Test
    void readsATablesawTable() {
        Table t = Table.create("tweets", StringColumn.create("body", "yes", "no", "maybe"),
                StringColumn.create("y", "a", "b", "a"));
        TextDataset d = TextDataset.from(t, "body", "y");
        assertEquals("tweets", d.info().name());
        assertEquals("", d.info().sha256());
        assertTrue(d.info().source().contains("Tablesaw table 'tweets'"));
        assertEquals(2, d.labelCounts().get("a"));
    }

    @Test
    void textErrorsNameFileRowAndFix() throws Exception {
        Path file = write("t.csv", "text,label\nok,pos\n\"two\nlines\",neg\n  ,pos\n");
        fails(() -> TextDataset.fromCsv(file, "text", "label"), "t.csv row 4", "text column 'text' is empty");
        fails(() -> TextDataset.fromCsv(file, "Text", "label"), "no text column 'Text'", "did you mean 'text'",
                "its columns are text, label");
        fails(() -> TextDataset.fromCsv(file, "text", "text"), "two different columns");
        Path noLabel = write("l.csv", "text,label\nok,pos\nfine,\n");
        fails(() -> TextDataset.fromCsv(noLabel, "text", "label"), "l.csv row 3", "label column 'label' is empty");
        Path single = write("s.csv", "text,label\na,pos\nb,pos\n");
        fails(() -> TextDataset.fromCsv(single, "text", "label"), "single class, 'pos'", "at least two classes");
        fails(() -> TextDataset.from(Table.create("x", StringColumn.create("text", "a", ""),
                StringColumn.create("label", "p", "n")), "text", "label"), "table 'x' row 2", "is empty");
    }

    @Test
    void fileLevelErrors() throws Exception {
        fails(() -> TextDataset.fromCsv(dir.resolve("nope.csv"), "text", "label"), "No such file", "nope.csv",
                "working directory");
        fails(() -> TextDataset.fromCsv(dir, "text", "label"), "is a directory");
        Path empty = write("empty.csv", "");
        fails(() -> TextDataset.fromCsv(empty, "text", "label"), "empty.csv is empty", "header row");
        Path headerOnly = write("h.csv", "text,label\n");
        fails(() -> TextDataset.fromCsv(headerOnly, "text", "label"), "no data rows");
        Path blank = write("b.csv", "\n\n");
        fails(() -> TextDataset.fromCsv(blank, "text", "label"), "only empty lines");
        byte[] latin1 = "text,label\nok,pos\ncaf\u00e9,neg\n".getBytes(StandardCharsets.ISO_8859_1);
        fails(() -> TextDataset.fromCsv(write("latin1.csv", latin1), "text", "label"), "latin1.csv row 3",
                "0xE9", "not UTF-8", "save the file as UTF-8");
        Path ragged = write("r.csv", "text,label\nok,pos\nbad,neg,extra\n");
        fails(() -> TextDataset.fromCsv(ragged, "text", "label"), "r.csv row 3 has 3 fields but the header has 2");
        Path quote = write("q.csv", "text,label\nok,pos\n\"never closed,neg\nmore,pos\n");
        fails(() -> TextDataset.fromCsv(quote, "text", "label"), "q.csv row 3", "never closes");
        Path twice = write("d.csv", "text,text\na,b\n");
        fails(() -> TextDataset.fromCsv(twice, "text", "label"), "two columns are named 'text'");
        Path unnamed = write("u.csv", "text,\na,b\n");
        fails(() -> TextDataset.fromCsv(unnamed, "text", "label"), "header column 2 has no name");
    }

    // ------------------------------------------------------------------ translation

    @Test
    void readsParallelCorpora() throws Exception {
        ParallelCorpus c = ParallelCorpus.fromCsv(write("pairs.tsv", "de\ten\nHallo Welt\tHello world\nJa\tYes\n"),
                "de", "en");
        assertEquals("de", c.sourceLanguage());
        assertEquals("en", c.targetLanguage());
        assertEquals("Hello world", c.pairs().get(0).target());
        assertEquals(DatasetInfo.TRANSLATION, c.info().task());
        Path gap = write("gap.tsv", "de\ten\nHallo\tHello\nJa\t \n");
        fails(() -> ParallelCorpus.fromCsv(gap, "de", "en"), "gap.tsv row 3", "target column 'en' is empty");
        ParallelCorpus t = ParallelCorpus.from(Table.create("p", StringColumn.create("src", "a"),
                StringColumn.create("tgt", "b")), "src", "tgt");
        assertEquals("b", t.pairs().get(0).target());
    }

    // ------------------------------------------------------------------ forecasting

    @Test
    void infersFrequencyFromTheDates() throws Exception {
        TimeSeries daily = TimeSeries.fromCsv(write("d.csv", "date,v\n2020-01-30,1\n2020-01-31,2\n2020-02-01,3\n"), "date", "v");
        assertEquals(Frequency.DAILY, daily.frequency());
        assertEquals(7, daily.seasonalPeriod());
        TimeSeries weekly = TimeSeries.fromCsv(write("w.csv", "date,v\n2020-01-06,1\n2020-01-13,2\n2020-01-20,3\n"), "date", "v");
        assertEquals(Frequency.WEEKLY, weekly.frequency());
        TimeSeries monthEnds = TimeSeries.fromCsv(write("m.csv", "date,v\n2020-01-31,1\n2020-02-29,2\n2020-03-31,3\n"),
                "date", "v");
        assertEquals(Frequency.MONTHLY, monthEnds.frequency());
        assertEquals(LocalDate.of(2020, 2, 1), monthEnds.timestamps().get(1), "months are stamped with their first day");
        TimeSeries months = TimeSeries.fromCsv(write("ym.csv", "month,v\n2019-11,1\n2019-12,2e1\n2020-01,-3.5\n"), "month", "v");
        assertEquals(Frequency.MONTHLY, months.frequency());
        assertArrayEquals(new double[] {1, 20, -3.5}, months.values());
        TimeSeries years = TimeSeries.fromCsv(write("y.csv", "year,v\n1871,1120\n1872,1160\n"), "year", "v");
        assertEquals(Frequency.YEARLY, years.frequency());
        assertEquals(1, years.seasonalPeriod());
        assertEquals("y", years.info().name());
        assertEquals(DatasetInfo.FORECASTING, years.info().task());
        TimeSeries midnight = TimeSeries.fromCsv(write("t.csv", "ts,v\n2020-01-01 00:00:00,1\n2020-01-02T00:00,2\n"), "ts", "v");
        assertEquals(LocalDate.of(2020, 1, 2), midnight.end());
    }

    @Test
    void quartersAreReadAsWrittenOrInferredFromMonthsThreeApart() throws Exception {
        TimeSeries written = TimeSeries.fromCsv(write("q.csv", "quarter,gdp\n1959-Q1,2710.3\n1959-Q2,2778.8\n"
                + "1959-Q3,2775.5\n1959Q4,2785.2\n"), "quarter", "gdp");
        assertEquals(Frequency.QUARTERLY, written.frequency());
        assertEquals(4, written.seasonalPeriod());
        assertEquals(List.of(LocalDate.of(1959, 1, 1), LocalDate.of(1959, 4, 1), LocalDate.of(1959, 7, 1),
                LocalDate.of(1959, 10, 1)), written.timestamps());
        TimeSeries quarterEnds = TimeSeries.fromCsv(write("qe.csv", "date,v\n2020-03-31,1\n2020-06-30,2\n2020-09-30,3\n"
                + "2020-12-31,4\n2021-03-31,5\n"), "date", "v");
        assertEquals(Frequency.QUARTERLY, quarterEnds.frequency());
        assertEquals(LocalDate.of(2020, 4, 1), quarterEnds.timestamps().get(1), "quarters are stamped with their first day");
        TimeSeries months = TimeSeries.fromCsv(write("qm.csv", "month,v\n2020-01,1\n2020-04,2\n2020-07,3\n"), "month", "v");
        assertEquals(Frequency.QUARTERLY, months.frequency());
        // a missing quarter is a gap on the quarterly grid, named as such
        fails(() -> TimeSeries.fromCsv(write("qg.csv", "date,v\n2020-01-01,1\n2020-04-01,2\n2020-10-01,4\n"), "date",
                "v"), "qg.csv", "2020-07-01", "quarterly grid");
        assertEquals(Frequency.MONTHLY, SeriesFormat.of("date", "v").missing(MissingPolicy.LINEAR_INTERPOLATION)
                .read(write("mm.csv", "date,v\n2020-01-01,1\n2020-02-01,2\n2020-05-01,5\n")).get(0).frequency());
    }

    @Test
    void aTailOrSliceKeepsDatesProvenanceAndImputedPoints() throws Exception {
        Path file = write("gappy.csv", "date,v\n2020-01-01,1\n2020-01-02,NA\n2020-01-03,3\n2020-01-04,4\n");
        TimeSeries s = SeriesFormat.of("date", "v").missing(MissingPolicy.LINEAR_INTERPOLATION).read(file).get(0);
        assertEquals(List.of(1), s.imputed());
        TimeSeries tail = s.tail(3);
        assertArrayEquals(new double[] {2, 3, 4}, tail.values());
        assertEquals(LocalDate.of(2020, 1, 2), tail.start());
        assertEquals(List.of(0), tail.imputed());
        assertEquals(3, tail.info().size());
        assertEquals(s.info().sha256(), tail.info().sha256());
        assertEquals(List.of(), s.slice(2, 4).imputed());
        assertEquals(s, s.tail(10));
        assertThrows(IllegalArgumentException.class, () -> s.tail(0));
        assertThrows(IllegalArgumentException.class, () -> s.slice(3, 2));
    }

    @Test
    void gapsFollowTheMissingValuePolicy() throws Exception {
        Path file = write("gaps.csv", "date,v\n2020-01-01,1\n2020-01-02,NA\n2020-01-04,4\n2020-01-05,5\n");
        fails(() -> TimeSeries.fromCsv(file, "date", "v"), "gaps.csv row 3", "column 'v' is missing on 2020-01-02",
                "2 missing point(s)", "REJECT", "LINEAR_INTERPOLATION");
        Path absent = write("absent.csv", "date,v\n2020-01-01,1\n2020-01-02,2\n2020-01-04,4\n");
        fails(() -> TimeSeries.fromCsv(absent, "date", "v"), "absent.csv row 3", "no row for 2020-01-03 (after row 3)");
        TimeSeries filled = SeriesFormat.of("date", "v").missing(MissingPolicy.LINEAR_INTERPOLATION).read(file).get(0);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5}, filled.values(), 1e-12);
        assertEquals(List.of(1, 2), filled.imputed());
        // Leading and trailing gaps cannot be interpolated: they are trimmed.
        Path ends = write("ends.csv", "date,v\n2020-01-01,\n2020-01-02,2\n2020-01-03,3\n2020-01-04,\n");
        TimeSeries trimmed = SeriesFormat.of("date", "v").missing(MissingPolicy.LINEAR_INTERPOLATION).read(ends).get(0);
        assertEquals(LocalDate.of(2020, 1, 2), trimmed.start());
        assertArrayEquals(new double[] {2, 3}, trimmed.values());
    }

    @Test
    void seriesErrorsNameFileRowAndFix() throws Exception {
        fails(() -> TimeSeries.fromCsv(write("a.csv", "date,v\n2020-01-01,1\n03/04/2020,2\n"), "date", "v"),
                "a.csv row 3", "'03/04/2020'", "yyyy-MM-dd");
        fails(() -> TimeSeries.fromCsv(write("b.csv", "date,v\n2020-01-01,1\n2020-01-02,\"1,234\"\n"), "date", "v"),
                "b.csv row 3", "'1,234', which is not a number", "thousands separators");
        fails(() -> TimeSeries.fromCsv(write("c.csv", "date,v\n2020-01-01,1\n2020-01-02,Infinity\n"), "date", "v"),
                "not a finite decimal number");
        fails(() -> TimeSeries.fromCsv(write("dup.csv", "date,v\n2020-01-01,1\n2020-01-02,2\n2020-01-02,3\n"), "date", "v"),
                "dup.csv row 4", "2020-01-02 repeats row 3");
        fails(() -> TimeSeries.fromCsv(write("uns.csv", "date,v\n2020-01-02,1\n2020-01-01,2\n"), "date", "v"),
                "uns.csv row 3", "comes before 2020-01-02 on row 2", "sort the rows");
        fails(() -> TimeSeries.fromCsv(write("bad.csv", "date,v\n2021-02-28,1\n2021-02-30,2\n"), "date", "v"),
                "bad.csv row 3", "does not exist");
        fails(() -> TimeSeries.fromCsv(write("tod.csv", "date,v\n2020-01-01 13:00,1\n"), "date", "v"),
                "time of day", "aggregate");
        fails(() -> TimeSeries.fromCsv(write("one.csv", "date,v\n2020-01-01,1\n"), "date", "v"), "single date");
        fails(() -> TimeSeries.fromCsv(write("odd.csv", "date,v\n2020-01-01,1\n2020-01-04,2\n2020-01-07,3\n"), "date", "v"),
                "3 days apart", "give the frequency");
        fails(() -> SeriesFormat.of("date", "v").frequency(Frequency.WEEKLY)
                .read(write("wk.csv", "date,v\n2020-01-01,1\n2020-01-08,2\n2020-01-18,3\n")), "wk.csv row 4",
                "off the weekly grid", "2020-01-15 and 2020-01-22");
        fails(() -> SeriesFormat.of("date", "v").frequency(Frequency.MONTHLY)
                .read(write("mo.csv", "date,v\n2020-01-01,1\n2020-01-15,2\n")), "mo.csv row 3", "same monthly period as row 2");
        fails(() -> TimeSeries.fromCsv(write("col.csv", "day,v\n2020-01-01,1\n"), "date", "v"), "no date column 'date'",
                "its columns are day, v");
        fails(() -> TimeSeries.fromCsv(write("nodate.csv", "date,v\n2020-01-01,1\n,2\n"), "date", "v"),
                "nodate.csv row 3", "date column 'date' is empty");
        assertThrows(IllegalArgumentException.class, () -> SeriesFormat.of("date", "date"));
    }

    @Test
    void keyedSeriesAndAlignedColumns() throws Exception {
        Path file = write("stores.csv", "store,date,units,price\n"
                + "A,2020-01,10,1.0\nB,2020-01,5,2.0\nA,2020-02,12,1.1\nB,2020-02,6,\nA,2020-03,11,1.2\nB,2020-03,7,2.2\n");
        List<TimeSeries> units = SeriesFormat.of("date", "units").keyedBy("store").read(file);
        assertEquals(2, units.size());
        assertEquals("stores:A", units.get(0).info().name());
        assertEquals("stores:B", units.get(1).info().name());
        assertArrayEquals(new double[] {5, 6, 7}, units.get(1).values());
        assertEquals(Frequency.MONTHLY, units.get(1).frequency());
        fails(() -> SeriesFormat.of("date", "units", "price").keyedBy("store").read(file), "stores.csv row 5",
                "column 'price' of series 'B' is missing on 2020-02-01");
        List<TimeSeries> both = SeriesFormat.of("date", "units", "price").keyedBy("store")
                .missing(MissingPolicy.LINEAR_INTERPOLATION).read(file);
        assertEquals(4, both.size());
        assertEquals("price", both.get(3).column());
        assertArrayEquals(new double[] {2.0, 2.1, 2.2}, both.get(3).values(), 1e-12);
        // Several value columns are trimmed to the span all of them cover, so they stay aligned.
        Path ragged = write("rag.csv", "date,a,b\n2020-01-01,1,\n2020-01-02,2,20\n2020-01-03,3,30\n2020-01-04,,40\n");
        List<TimeSeries> ab = SeriesFormat.of("date", "a", "b").missing(MissingPolicy.LINEAR_INTERPOLATION).read(ragged);
        assertEquals(ab.get(0).timestamps(), ab.get(1).timestamps());
        assertArrayEquals(new double[] {2, 3}, ab.get(0).values());
        assertArrayEquals(new double[] {20, 30}, ab.get(1).values());
        Path dupKey = write("dk.csv", "k,date,v\nA,2020,1\nB,2020,1\nA,2020,2\n");
        fails(() -> SeriesFormat.of("date", "v").keyedBy("k").read(dupKey), "dk.csv row 4", "of series 'A' repeats row 2");
        Path noKey = write("nk.csv", "k,date,v\nA,2020,1\n,2021,1\n");
        fails(() -> SeriesFormat.of("date", "v").keyedBy("k").read(noKey), "nk.csv row 3", "key column 'k' is empty");
    }

    @Test
    void readsSeriesFromATablesawTable() {
        Table t = Table.create("temps", DateColumn.create("day", LocalDate.of(2021, 3, 1), LocalDate.of(2021, 3, 2),
                LocalDate.of(2021, 3, 3)), DoubleColumn.create("max", 12.5, Double.NaN, 14.0));
        fails(() -> TimeSeries.from(t, "day", "max"), "table 'temps' row 2", "missing on 2021-03-02");
        TimeSeries s = SeriesFormat.of("day", "max").missing(MissingPolicy.LINEAR_INTERPOLATION).seasonalPeriod(365)
                .read(t).get(0);
        assertArrayEquals(new double[] {12.5, 13.25, 14.0}, s.values(), 1e-12);
        assertEquals(365, s.seasonalPeriod());
        Table years = Table.create("nile", IntColumn.create("year", 1871, 1872, 1873), DoubleColumn.create("flow", 1, 2, 3));
        assertEquals(Frequency.YEARLY, TimeSeries.from(years, "year", "flow").frequency());
    }
}
