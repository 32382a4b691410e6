package seqlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import seqlab.data.CalendarFeatures.Cycle;

class SeriesTest {
    private static final double[] SERIES = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};

    @Test
    void slidingWindowsHaveExactValues() {
        SeriesWindows w = SeriesWindows.of(SERIES, 3, 2, 2);
        // starts 0, 2, 4 (6 would need steps up to 10)
        assertEquals(3, w.size());
        assertArrayEquals(new double[][] {{4}, {5}, {6}}, w.input(2));
        assertArrayEquals(new double[] {7, 8}, w.target(2));
        assertArrayEquals(new double[] {3, 4}, w.target(0));
        assertEquals(4, w.start(2));
        assertEquals(7, w.targetStart(2));
        assertEquals(1, w.features());
        SeriesWindows dense = SeriesWindows.of(SERIES, 3, 2, 1);
        assertEquals(6, dense.size());
        assertArrayEquals(new double[] {8, 9}, dense.target(5));
    }

    @Test
    void multivariateWindowsAndTargetRanges() {
        double[][] f = new double[10][];
        for (int t = 0; t < 10; t++) {
            f[t] = new double[] {SERIES[t], -t};
        }
        SeriesWindows w = SeriesWindows.of(f, SERIES, 4, 1, 1);
        assertEquals(6, w.size());
        assertArrayEquals(new double[][] {{1, -1}, {2, -2}, {3, -3}, {4, -4}}, w.input(1));
        // train targets in [0, 7): windows predicting steps 4, 5, 6
        SeriesWindows train = w.targetsWithin(0, 7);
        assertEquals(3, train.size());
        SeriesWindows test = w.targetsWithin(7, 10);
        assertEquals(3, test.size());
        assertEquals(7, test.targetStart(0));
        assertArrayEquals(new double[] {9}, test.target(2));
        assertThrows(IllegalArgumentException.class, () -> w.targetsWithin(9, 9));
    }

    @Test
    void windowErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeriesWindows.of(SERIES, 8, 3, 1));
        assertTrue(e.getMessage().contains("10 values") && e.getMessage().contains("11"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SeriesWindows.of(new double[0], 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> SeriesWindows.of(SERIES, 3, 0, 1));
        e = assertThrows(IllegalArgumentException.class, () -> SeriesWindows.of(new double[] {1, Double.NaN, 3}, 1, 1, 1));
        assertTrue(e.getMessage().contains("step 1"));
    }

    @Test
    void standardScalerUsesTrainingStatisticsOnly() {
        double[] series = {2, 4, 4, 4, 5, 5, 7, 9, 100, 200};
        Scaler s = Scaler.standard(series, 8);
        // mean 5, population std 2 over the first 8
        assertEquals(5, s.shift(), 1e-12);
        assertEquals(2, s.scale(), 1e-12);
        assertArrayEquals(new double[] {-1.5, -0.5, -0.5, -0.5, 0, 0, 1, 2, 47.5, 97.5}, s.transform(series), 1e-12);
        assertArrayEquals(series, s.inverse(s.transform(series)), 1e-12);
        assertArrayEquals(new double[] {5, 7}, s.inverse(new float[] {0f, 1f}), 1e-12);
    }

    @Test
    void minMaxScalerAndInverse() {
        Scaler s = Scaler.minMax(new double[] {10, 20, 15});
        assertArrayEquals(new double[] {0, 1, 0.5, 2}, s.transform(new double[] {10, 20, 15, 30}), 1e-12);
        Scaler r = Scaler.minMax(new double[] {10, 20}, -1, 1);
        assertArrayEquals(new double[] {-1, 1, 0}, r.transform(new double[] {10, 20, 15}), 1e-12);
        assertEquals(17.5, r.inverse(0.5), 1e-12);
        double[][] back = r.inverse(new double[][] {{-1, 1}});
        assertArrayEquals(new double[] {10, 20}, back[0], 1e-12);
        assertEquals(3.0, Scaler.identity().transform(3.0));
    }

    @Test
    void constantTrainingDataAndErrors() {
        Scaler s = Scaler.standard(new double[] {3, 3, 3});
        assertArrayEquals(new double[] {0, 1}, s.transform(new double[] {3, 4}), 1e-12);
        Scaler m = Scaler.minMax(new double[] {3, 3}, 0, 1);
        assertEquals(0, m.transform(3), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Scaler.standard(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Scaler.standard(new double[] {1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> Scaler.standard(SERIES, 0));
        assertThrows(IllegalArgumentException.class, () -> Scaler.minMax(SERIES, 11));
        assertThrows(IllegalArgumentException.class, () -> Scaler.minMax(SERIES, 1, 1));
    }

    @Test
    void calendarFeaturesAreSinCosOfTheCyclePosition() {
        List<LocalDate> dates = List.of(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 4, 15), LocalDate.of(2024, 7, 7));
        double[][] f = CalendarFeatures.of(dates, Cycle.MONTH_OF_YEAR, Cycle.DAY_OF_WEEK);
        // 2024-01-01 is a Monday: month 0/12 and weekday 0/7
        assertArrayEquals(new double[] {0, 1, 0, 1}, f[0], 1e-12);
        // April: 3/12 of the year -> angle pi/2; 2024-04-15 is a Monday
        assertArrayEquals(new double[] {1, 0, 0, 1}, f[1], 1e-12);
        // July: angle pi; Sunday: 6/7
        double a = 2 * Math.PI * 6 / 7;
        assertArrayEquals(new double[] {0, -1, Math.sin(a), Math.cos(a)}, f[2], 1e-12);
        assertEquals(List.of("month_sin", "month_cos", "weekday_sin", "weekday_cos"),
                CalendarFeatures.names(Cycle.MONTH_OF_YEAR, Cycle.DAY_OF_WEEK));
        double[][] leap = CalendarFeatures.of(List.of(LocalDate.of(2024, 7, 2)), Cycle.DAY_OF_YEAR, Cycle.DAY_OF_MONTH);
        double y = 2 * Math.PI * 183 / 366;
        double d = 2 * Math.PI * 1 / 31;
        assertArrayEquals(new double[] {Math.sin(y), Math.cos(y), Math.sin(d), Math.cos(d)}, leap[0], 1e-12);
        double[][] h = CalendarFeatures.of(List.of(LocalDateTime.of(2024, 1, 1, 6, 0)), Cycle.HOUR_OF_DAY);
        assertArrayEquals(new double[] {1, 0}, h[0], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> CalendarFeatures.of(dates, Cycle.HOUR_OF_DAY));
    }

    @Test
    void calendarColumnsJoinTheSeries() {
        List<LocalDate> dates = List.of(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 2, 1), LocalDate.of(2024, 3, 1),
                LocalDate.of(2024, 4, 1));
        double[] y = {10, 11, 12, 13};
        double[][] f = CalendarFeatures.withSeries(y, CalendarFeatures.of(dates, Cycle.MONTH_OF_YEAR));
        assertArrayEquals(new double[] {13, 1, 0}, f[3], 1e-12);
        SeriesWindows w = SeriesWindows.of(f, y, 2, 1, 1);
        assertEquals(3, w.features());
        assertArrayEquals(new double[] {12}, w.target(0));
        assertThrows(IllegalArgumentException.class, () -> CalendarFeatures.withSeries(new double[3], f));
    }

    @Test
    void expandingBacktestOriginsEndWithTheSeries() {
        List<BacktestFold> folds = RollingOrigin.expanding(3).folds(3).splits(20);
        assertEquals(3, folds.size());
        assertEquals(List.of(11, 14, 17), folds.stream().map(BacktestFold::origin).toList());
        for (BacktestFold f : folds) {
            assertEquals(0, f.trainStart());
            assertEquals(f.origin(), f.trainEnd());
            assertEquals(3, f.horizon());
        }
        assertEquals(20, folds.get(2).testEnd());
        double[] s = new double[20];
        for (int i = 0; i < 20; i++) {
            s[i] = i;
        }
        assertArrayEquals(new double[] {17, 18, 19}, folds.get(2).test(s));
        assertEquals(17, folds.get(2).train(s).length);
    }

    @Test
    void slidingBacktestAndDefaults() {
        List<BacktestFold> folds = RollingOrigin.sliding(5, 2).step(1).splits(10);
        // origins 5..8, each training on the 5 steps before
        assertEquals(List.of(5, 6, 7, 8), folds.stream().map(BacktestFold::origin).toList());
        assertEquals(List.of(0, 1, 2, 3), folds.stream().map(BacktestFold::trainStart).toList());
        assertEquals(5, folds.get(3).trainSize());
        // every origin that leaves minTrain steps, step = horizon
        List<BacktestFold> all = RollingOrigin.expanding(4).minTrain(6).splits(20);
        assertEquals(List.of(8, 12, 16), all.stream().map(BacktestFold::origin).toList());
    }

    @Test
    void backtestErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RollingOrigin.expanding(3).folds(10).minTrain(5).splits(20));
        assertTrue(e.getMessage().contains("at most 5 folds"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RollingOrigin.sliding(18, 3).splits(20));
        assertThrows(IllegalArgumentException.class, () -> RollingOrigin.expanding(0));
        assertThrows(IllegalArgumentException.class, () -> RollingOrigin.sliding(4, 2).minTrain(3));
    }
}
