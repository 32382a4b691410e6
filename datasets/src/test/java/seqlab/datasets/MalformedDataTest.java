package seqlab.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import seqlab.data.Frequency;
import seqlab.data.MissingPolicy;
import seqlab.data.TimeSeries;

/** Damaged files fail loudly and precisely; gaps follow the stated policy. Fixtures: seqlab/datasets-test/. */
class MalformedDataTest {

    private final Loader loader = new Loader(new ResourceFiles("seqlab/datasets-test"));

    private static Spec.Text tiny(String folder) {
        return new Spec.Text("tiny", folder, "tiny.tsv", List.of("label", "message", "subject"), "subject", "label",
                null, List.of("ham", "spam"), "test", "test");
    }

    private static Spec.Series weekly(String folder) {
        return new Spec.Series("test-series", folder, "series.csv", "date", List.of("date", "value"), List.of("value"),
                "value", Frequency.WEEKLY, 52, "test", "test");
    }

    @Test
    void checksumMismatchNamesFileExpectedAndActual() {
        DatasetException e = assertThrows(DatasetException.class, () -> loader.text(tiny("bad-checksum")));
        String m = e.getMessage();
        assertTrue(m.contains("seqlab/datasets-test/bad-checksum/tiny.tsv"), m);
        assertTrue(m.contains("expected SHA-256 " + "0".repeat(64)), m);
        String actual = ResourceFiles.sha256("label\tmessage\tsubject\nham\tx/1\tHello there\nspam\tx/2\tWin money now\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(m.contains("the file has " + actual), m);
        assertTrue(m.contains("datasets/prepare"), m);
        assertEquals("seqlab/datasets-test/bad-checksum/tiny.tsv", e.file());
    }

    @Test
    void malformedRowNamesFileLineAndProblem() {
        DatasetException e = assertThrows(DatasetException.class, () -> loader.text(tiny("malformed")));
        assertEquals(4, e.line());
        assertTrue(e.getMessage().startsWith("seqlab/datasets-test/malformed/tiny.tsv line 4: expected 3 tab-separated fields"),
                e.getMessage());
        assertTrue(e.getMessage().contains("found 2"), e.getMessage());
    }

    @Test
    void unparseableNumberAndOffGridDateAreErrors() {
        DatasetException number = assertThrows(DatasetException.class,
                () -> loader.series(weekly("bad-number"), MissingPolicy.LINEAR_INTERPOLATION));
        assertEquals(3, number.line());
        assertTrue(number.getMessage().contains("'abc' is not a number"), number.getMessage());

        DatasetException grid = assertThrows(DatasetException.class,
                () -> loader.series(weekly("off-grid"), MissingPolicy.LINEAR_INTERPOLATION));
        assertEquals(4, grid.line());
        assertTrue(grid.getMessage().contains("not on the weekly grid"), grid.getMessage());
    }

    @Test
    void interiorGapsAreInterpolatedAndEndsTrimmed() {
        // series.csv: 01-01 empty, 01-08 10, 01-15 empty, 01-22 empty, 01-29 16, (no row for 02-05), 02-12 20,
        // 02-19 21, 02-26 empty.
        TimeSeries s = loader.series(weekly("gappy"), MissingPolicy.LINEAR_INTERPOLATION).get("value");
        assertArrayEquals(new double[] {10, 12, 14, 16, 18, 20, 21}, s.values(), 1e-12);
        assertEquals(List.of(1, 2, 4), s.imputed());
        assertEquals(LocalDate.of(2000, 1, 8), s.start());
        assertEquals(LocalDate.of(2000, 2, 19), s.end());
        assertEquals(7, s.info().size());
    }

    @Test
    void rejectPolicyNamesTheFirstGap() {
        DatasetException e = assertThrows(DatasetException.class, () -> loader.series(weekly("gappy"), MissingPolicy.REJECT));
        assertTrue(e.getMessage().contains("empty value at line 2"), e.getMessage());
    }

    @Test
    void missingResourceSaysWhatToPutOnTheClassPath() {
        DatasetException e = assertThrows(DatasetException.class, () -> loader.text(tiny("no-such-folder")));
        assertTrue(e.getMessage().contains("not on the class path"), e.getMessage());
    }
}
