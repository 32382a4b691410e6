package seqlab.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Accuracy, per-class scores and macro-F1 on small cases computed by hand. */
class ClassificationMetricsTest {
    // targets:     0 0 1 1 2 2
    // predictions: 0 1 1 1 2 0
    static final int[] TARGETS = {0, 0, 1, 1, 2, 2};
    static final int[] PREDICTIONS = {0, 1, 1, 1, 2, 0};
    static final List<String> LABELS = List.of("neg", "neu", "pos");

    @Test
    void accuracyByHand() {
        assertEquals(4.0 / 6, ClassificationMetrics.accuracy(PREDICTIONS, TARGETS), 1e-15);
        assertEquals(1.0, ClassificationMetrics.accuracy(TARGETS, TARGETS));
    }

    @Test
    void perClassScoresByHand() {
        ConfusionMatrix m = ClassificationMetrics.confusion(PREDICTIONS, TARGETS, LABELS);
        // neg: TP 1, predicted 2, support 2. neu: TP 2, predicted 3, support 2. pos: TP 1, predicted 1, support 2.
        assertEquals(0.5, m.precision(0), 1e-15);
        assertEquals(0.5, m.recall(0), 1e-15);
        assertEquals(0.5, m.f1(0), 1e-15);
        assertEquals(2.0 / 3, m.precision(1), 1e-15);
        assertEquals(1.0, m.recall(1), 1e-15);
        assertEquals(0.8, m.f1(1), 1e-15);
        assertEquals(1.0, m.precision(2), 1e-15);
        assertEquals(0.5, m.recall(2), 1e-15);
        assertEquals(2.0 / 3, m.f1(2), 1e-15);
        assertEquals((0.5 + 0.8 + 2.0 / 3) / 3, m.macroF1(), 1e-15);
        assertEquals(m.macroF1(), ClassificationMetrics.macroF1(PREDICTIONS, TARGETS, 3), 1e-15);
        assertEquals(4.0 / 6, m.accuracy(), 1e-15);
        assertEquals(6, m.total());
        assertEquals(1, m.count(2, 0));
        assertEquals(2, m.count(1, 1));
        List<ConfusionMatrix.ClassScores> rows = m.perClass();
        assertEquals("neu", rows.get(1).label());
        assertEquals(0.8, rows.get(1).f1(), 1e-15);
        assertEquals(2, rows.get(1).support());
    }

    @Test
    void printsAReadableTable() {
        ConfusionMatrix m = ClassificationMetrics.confusion(PREDICTIONS, TARGETS, LABELS);
        assertEquals(String.join("\n",
                "true\\pred        neg        neu        pos",
                "      neg          1          1          0",
                "      neu          0          2          0",
                "      pos          1          0          1"), m.toString());
    }

    @Test
    void macroF1SkipsClassesAbsentFromTargetsAndPredictions() {
        // Class 2 never occurs: macro-F1 averages classes 0 and 1 only (scikit-learn's default labels).
        int[] t = {0, 0, 1, 1};
        int[] p = {0, 0, 1, 0};
        // class 0: TP 2, FP 1, FN 0 -> F1 = 4/5; class 1: TP 1, FP 0, FN 1 -> F1 = 2/3.
        assertEquals((0.8 + 2.0 / 3) / 2, ClassificationMetrics.macroF1(p, t, 3), 1e-15);
        // A class predicted but never true still counts, with F1 0.
        assertEquals((2.0 / 3 + 1.0 + 0.0) / 3,
                ClassificationMetrics.macroF1(new int[] {0, 2, 1}, new int[] {0, 0, 1}, 3), 1e-15);
    }

    @Test
    void inputErrorsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.accuracy(new int[] {1, 2}, new int[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("predictions has 2") && e.getMessage().contains("targets has 3"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.accuracy(new int[0], new int[0]));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.confusion(new int[] {0, 3}, new int[] {0, 1}, LABELS));
        assertTrue(e.getMessage().contains("predictions[1] = 3") && e.getMessage().contains("0 to 2"),
                e.getMessage());
    }
}
