package seqlab.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static seqlab.forecast.EtsTest.assertClose;
import static seqlab.forecast.EtsTest.assertMessage;

import org.junit.jupiter.api.Test;

/** Closed-form cases: a moving average of a full season removes a zero-sum season and keeps a straight line. */
class ClassicalDecompositionTest {

    @Test
    void additiveSeasonOnALineIsRecoveredExactly() {
        double[] season = {3, -1, -4, 2};
        double[] y = new double[13];
        for (int t = 0; t < y.length; t++) {
            y[t] = 10 + 0.5 * t + season[t % 4];
        }
        ClassicalDecomposition d = ClassicalDecomposition.of(y, 4, ClassicalDecomposition.Type.ADDITIVE);
        assertClose(season, d.figure(), 1e-12, "figure");
        double[] trend = d.trend();
        assertTrue(Double.isNaN(trend[0]) && Double.isNaN(trend[1]) && Double.isNaN(trend[12]) && Double.isNaN(trend[11]));
        for (int t = 2; t < 11; t++) {
            assertEquals(10 + 0.5 * t, trend[t], 1e-12, "2x4 centred average of a line is the line");
        }
        assertEquals(season[13 % 4], d.seasonalAhead(1), 0, "the season after the last value");
        assertClose(new double[] {10, 10.5, 11}, java.util.Arrays.copyOf(d.adjust(y), 3), 1e-12, "adjusted");
    }

    @Test
    void multiplicativeSeasonOnALevelIsRecoveredExactly() {
        double[] season = {1.2, 0.7, 1.1};  // mean 1; odd period: a plain 3-term average
        double[] y = new double[9];
        for (int t = 0; t < y.length; t++) {
            y[t] = 50 * season[t % 3];
        }
        ClassicalDecomposition d = ClassicalDecomposition.of(y, 3, ClassicalDecomposition.Type.MULTIPLICATIVE);
        assertClose(season, d.figure(), 1e-12, "figure");
        assertEquals(50, d.trend()[4], 1e-12);
    }

    @Test
    void tooShortOrNonPositiveIsRefused() {
        assertMessage(() -> ClassicalDecomposition.of(new double[] {1, 2, 3, 4, 5}, 3,
                ClassicalDecomposition.Type.ADDITIVE), "at least 6");
        assertMessage(() -> ClassicalDecomposition.of(new double[] {1, 2, 0, 4, 5, 6}, 3,
                ClassicalDecomposition.Type.MULTIPLICATIVE), "strictly positive");
        assertMessage(() -> ClassicalDecomposition.of(new double[] {1, 2, 3}, 1,
                ClassicalDecomposition.Type.ADDITIVE), "at least 2");
    }
}
