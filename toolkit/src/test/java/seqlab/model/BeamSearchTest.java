package seqlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Beam search on crafted next-token distributions, where the right answer is known by hand. */
class BeamSearchTest {
    static final int BOS = 2, EOS = 3, A = 4, B = 5, V = 6;

    /** A decoder whose state is each row's prefix and whose distribution is a table keyed by the prefix. */
    record TableDecoder(Function<String, double[]> table) implements BeamSearch.Decoder<List<String>> {
        @Override
        public BeamSearch.Step<List<String>> step(List<String> state, int[] previous) {
            float[][] lp = new float[state.size()][];
            List<String> next = new ArrayList<>();
            for (int r = 0; r < state.size(); r++) {
                String prefix = state.get(r) + name(previous[r]);
                double[] p = table.apply(prefix);
                lp[r] = new float[V];
                for (int v = 0; v < V; v++) {
                    lp[r][v] = (float) Math.log(p[v]);
                }
                next.add(prefix);
            }
            return new BeamSearch.Step<>(lp, null, next);
        }

        @Override
        public List<String> select(List<String> state, int[] rows) {
            return Arrays.stream(rows).mapToObj(state::get).toList();
        }

        static String name(int id) {
            return switch (id) {
                case BOS -> "^";
                case A -> "a";
                case B -> "b";
                default -> "?";
            };
        }
    }

    /** Probabilities of A, B and EOS; the other ids get a negligible share. */
    static double[] dist(double a, double b, double eos) {
        double tiny = 1e-9;
        return new double[] {tiny, tiny, tiny, eos, a, b};
    }

    static TableDecoder table(Map<String, double[]> t, double[] otherwise) {
        return new TableDecoder(prefix -> t.getOrDefault(prefix, otherwise));
    }

    @Test
    void beamFindsAMoreProbableSequenceThanGreedy() {
        // greedy takes A (0.6) and then can only end with 0.35: P = 0.21; B (0.4) then <eos> for sure: P = 0.4
        TableDecoder d = table(Map.of("^", dist(0.6, 0.4, 0), "^a", dist(0.33, 0.32, 0.35), "^b", dist(0, 0, 1)),
                dist(0, 0, 1));
        BeamSearch.Hypothesis greedy = BeamSearch.search(d, List.of(""), 1, 0.0, 5, BOS, EOS).get(0);
        BeamSearch.Hypothesis beam = BeamSearch.search(d, List.of(""), 2, 0.0, 5, BOS, EOS).get(0);
        assertArrayEquals(new int[] {A}, greedy.tokens());
        assertEquals(Math.log(0.6 * 0.35), greedy.logProb(), 1e-6);
        assertArrayEquals(new int[] {B}, beam.tokens());
        assertEquals(Math.log(0.4), beam.logProb(), 1e-6);
        assertTrue(beam.finished() && greedy.finished());
        assertTrue(beam.logProb() > greedy.logProb());
    }

    @Test
    void lengthNormalisationPrefersTheLongerSentenceAsGnmtIntends() {
        // "<eos>" at once: P = 0.5, length 1; "a a <eos>": P = 0.5 * 0.97 * 0.95 = 0.46, length 3
        TableDecoder d = table(Map.of("^", dist(0.5, 0, 0.5), "^a", dist(0.97, 0.02, 0.01), "^aa", dist(0.05, 0, 0.95)),
                dist(0, 0, 1));
        BeamSearch.Hypothesis raw = BeamSearch.search(d, List.of(""), 2, 0.0, 6, BOS, EOS).get(0);
        assertArrayEquals(new int[0], raw.tokens());
        BeamSearch.Hypothesis normalised = BeamSearch.search(d, List.of(""), 2, 1.0, 6, BOS, EOS).get(0);
        assertArrayEquals(new int[] {A, A}, normalised.tokens());
        // score = log P / ((5 + 3) / 6)^1
        assertEquals(Math.log(0.5 * 0.97 * 0.95) / (8.0 / 6.0), normalised.score(), 1e-6);
        assertEquals(1.0, BeamSearch.lengthPenalty(1, 0.6), 1e-15);
        assertEquals(Math.pow(15.0 / 6.0, 0.6), BeamSearch.lengthPenalty(10, 0.6), 1e-12);
    }

    @Test
    void anEndlessDecoderStopsAtTheMaximumLengthUnfinished() {
        TableDecoder d = table(Map.of(), dist(0.7, 0.3, 0));
        List<BeamSearch.Hypothesis> hs = BeamSearch.search(d, List.of(""), 3, 0.6, 4, BOS, EOS);
        assertEquals(3, hs.size());
        BeamSearch.Hypothesis best = hs.get(0);
        assertArrayEquals(new int[] {A, A, A, A}, best.tokens());
        assertFalse(best.finished());
        assertEquals(4 * Math.log(0.7), best.logProb(), 1e-5);
        for (int i = 1; i < hs.size(); i++) {
            assertTrue(hs.get(i - 1).score() >= hs.get(i).score());
        }
    }

    @Test
    void badSettingsAreRefusedWithTheirValue() {
        TableDecoder d = table(Map.of(), dist(0.5, 0.5, 0));
        var e = assertThrows(IllegalArgumentException.class, () -> BeamSearch.search(d, List.of(""), 0, 0, 4, BOS, EOS));
        assertTrue(e.getMessage().contains("width"));
        assertThrows(IllegalArgumentException.class, () -> BeamSearch.search(d, List.of(""), 2, -1, 4, BOS, EOS));
        assertThrows(IllegalArgumentException.class, () -> BeamSearch.search(d, List.of(""), 2, 0, 0, BOS, EOS));
    }
}
