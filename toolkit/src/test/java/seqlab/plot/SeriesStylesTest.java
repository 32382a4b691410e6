package seqlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeriesStylesTest {

    @Test
    void everyModelLooksDifferentEvenPastThePalette() {
        SeriesStyles s = SeriesStyles.create();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 54; i++) {
            names.add("model" + i);
        }
        s.models(names);
        Set<String> looks = new HashSet<>();
        for (String n : names) {
            SeriesStyles.Style st = s.style(n);
            assertTrue(looks.add(st.color() + st.dash() + st.symbol()), n + " looks like an earlier model");
        }
        // the first nine are the nine colours of the palette, solid
        Set<String> first = new HashSet<>();
        for (int i = 0; i < 9; i++) {
            first.add(s.style("model" + i).color());
            assertEquals("solid", s.style("model" + i).dash());
        }
        assertEquals(9, first.size());
        assertEquals(s.style("model0").color(), s.style("model9").color());
        assertNotEquals(s.style("model0").dash(), s.style("model9").dash());
        assertNotEquals(s.style("model0").pattern(), s.style("model9").pattern(), "bars of one colour differ in fill");
    }

    @Test
    void baselinesAreGreyAndDashedAndTheActualSeriesIsThickGrey() {
        SeriesStyles s = SeriesStyles.create().models(List.of("lstm")).baselines(List.of("naive", "seasonal naive",
                "drift", "mean", "majority", "bag-of-words"));
        Set<String> looks = new HashSet<>();
        for (String b : List.of("naive", "seasonal naive", "drift", "mean", "majority", "bag-of-words")) {
            SeriesStyles.Style st = s.style(b);
            assertEquals(SeriesStyles.Kind.BASELINE, st.kind());
            assertNotEquals("solid", st.dash());
            assertTrue(st.color().matches("#([0-9A-F]{2})\\1\\1"), "grey: " + st.color());
            assertTrue(looks.add(st.color() + st.dash()), b);
            assertTrue(s.isBaseline(b));
        }
        SeriesStyles.Style actual = s.style("actual", SeriesStyles.Kind.ACTUAL);
        assertTrue(actual.width() > s.style("lstm").width());
        assertEquals("solid", actual.dash());
        assertTrue(!s.isBaseline("lstm"));
    }

    @Test
    void aSeriesKeepsItsFirstStyleWhateverIsAskedLater() {
        SeriesStyles s = SeriesStyles.create();
        SeriesStyles.Style gru = s.style("GRU");
        assertEquals(gru, s.style("gru"), "names are matched without case");
        assertEquals(gru, s.style("gru", SeriesStyles.Kind.BASELINE));
        s.models(List.of("gru", "lstm"));
        assertEquals(gru, s.style("gru"));
        SeriesStyles other = SeriesStyles.create().models(List.of("rnn", "lstm")).baselines(List.of("copy"));
        SeriesStyles.Style lstm = s.style("lstm");
        s.include(other);
        assertEquals(lstm, s.style("lstm"), "a series already registered keeps its style");
        assertEquals(SeriesStyles.modelStyle(1), lstm);
        assertTrue(s.isBaseline("copy"));
        assertNotEquals(s.style("rnn").color(), gru.color());
        assertThrows(IllegalArgumentException.class, () -> s.style(" "));
    }

    @Test
    void applyRestylesTaggedTracesOnly() {
        JsonTrace line = JsonTrace.of("scatter").set("name", "lstm").series("lstm", JsonTrace.Role.LINE);
        JsonTrace band = JsonTrace.of("scatter").series("lstm", JsonTrace.Role.BAND);
        JsonTrace plain = JsonTrace.of("scatter").set("line", Map.of("color", "#123456"));
        JsonTrace bars = JsonTrace.of("bar").pointSeries(List.of("gru", "lstm"), SeriesStyles.Kind.MODEL);
        SeriesStyles s = SeriesStyles.create().models(List.of("gru", "lstm"));
        s.apply(JsonFigure.of("t", line, band, plain, bars));
        String lstm = s.style("lstm").color();
        assertEquals(lstm, ((Map<?, ?>) line.attributes().get("line")).get("color"));
        assertEquals(s.style("lstm").rgba(0.18), band.attributes().get("fillcolor"));
        assertEquals(0, ((Map<?, ?>) band.attributes().get("line")).get("width"));
        assertEquals("#123456", ((Map<?, ?>) plain.attributes().get("line")).get("color"));
        assertEquals(List.of(s.style("gru").color(), lstm), ((Map<?, ?>) bars.attributes().get("marker")).get("color"));
    }
}
