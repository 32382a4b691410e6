package seqlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import seqlab.data.Frequency;
import seqlab.data.TimeSeries;
import seqlab.model.Baseline;
import seqlab.model.Candidate;
import seqlab.model.Models;
import tech.tablesaw.api.Table;

/**
 * The cross-series summary on MASE values chosen so that every figure is worked out by hand: ties share their mean
 * rank, seeds are averaged before ranking, and the relative MASE is a geometric mean.
 */
class CrossSeriesTest {

    private static final ForecastingTask TASK = ForecastingTask.panel(List.of(series("s1"), series("s2")),
            ForecastingTask.Options.defaults().horizon(1).lookback(2));

    private static TimeSeries series(String name) {
        double[] v = new double[24];
        for (int t = 0; t < v.length; t++) {
            v[t] = 10 + t % 4;
        }
        return TimeSeries.of(name, LocalDate.of(2000, 1, 1), Frequency.MONTHLY, 4, v);
    }

    private static ForecastExtras.SeriesForecast part(String name, double mase) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String k : TASK.metrics()) {
            m.put(k, k.equals("mase") || k.equals("crps") ? mase : 1.0);
        }
        return new ForecastExtras.SeriesForecast(name, 2, 1, 4, List.of(23), List.of(1.0), 22, List.of(23),
                List.of("2001-12-01"), List.of(1.0), List.of(1.0), null, null, null, null, 20,
                List.of("2001-09-01", "2001-10-01", "2001-11-01", "2001-12-01"), List.of(1.0, 2.0, 3.0, 4.0), m);
    }

    private static TrialResult trial(Candidate c, long seed, double s1, double s2) {
        TrialSpec spec = new TrialSpec("forecasting", TASK.dataset(), TASK.dataHash(), Map.of(), c, TrainConfig.defaults(),
                seed, "reference", "test", "cpu");
        var extras = new ForecastExtras(c instanceof Baseline, List.of(part("s1:value", s1), part("s2:value", s2)));
        return new TrialResult(spec, TrialResult.Status.OK, "", 0, 0, 0, false, 0, 0,
                Map.of("mase", (s1 + s2) / 2), Map.of(), List.of(), extras, Map.of());
    }

    @Test
    void meanRankAndGeometricMeanRelativeMaseByHand() {
        List<TrialResult> trials = new ArrayList<>();
        trials.add(trial(Baseline.of("seasonal-naive"), 1, 2, 1));
        trials.add(trial(Models.gru(4).named("a"), 1, 0.5, 2));   // seeds average to 1.0 on s1
        trials.add(trial(Models.gru(4).named("a"), 2, 1.5, 2));
        trials.add(trial(Models.lstm(4).named("b"), 1, 1, 0.25));
        Results r = new Results(TASK, trials, Path.of("unused"), Map.of());
        Table t = ForecastingTask.acrossSeries(r);
        assertEquals(List.of("b", "a", "seasonal-naive"), t.stringColumn("model").asList(), t.print());
        // s1: a 1.0 and b 1.0 tie for ranks 1-2 (1.5 each), seasonal naive 3; s2: b 1, seasonal naive 2, a 3
        assertEquals(List.of(1.25, 2.25, 2.5), t.doubleColumn("mean_rank").asList());
        assertEquals(Math.sqrt(0.5 * 0.25), t.doubleColumn("gmean_rel_mase").get(0), 1e-15);
        assertEquals(1.0, t.doubleColumn("gmean_rel_mase").get(1), 1e-15);
        assertEquals(1.0, t.doubleColumn("gmean_rel_mase").get(2), 0);
        assertEquals(List.of(0.625, 1.5, 1.5), t.doubleColumn("mean_mase").asList());
        assertEquals(List.of(1.25, 2.25, 2.5), t.doubleColumn("mean_crps_rank").asList());
        assertEquals(List.of(2, 1, 0), t.intColumn("best_on").asList(), "a tie for best counts for both");
        assertEquals(List.of(2, 2, 2), t.intColumn("series").asList());

        Table per = ForecastingTask.perSeries(r);
        assertEquals(List.of("s1:value", "s1:value", "s1:value", "s2:value", "s2:value", "s2:value"),
                per.stringColumn("series").asList());
        assertEquals(List.of("a", "b", "seasonal-naive", "b", "seasonal-naive", "a"), per.stringColumn("model").asList());
        assertEquals(List.of(2, 1, 1, 1, 1, 2), per.intColumn("n").asList());
        assertEquals(1.0, per.doubleColumn("mase_mean").get(0), 0);

        assertEquals(List.of(t.name()), TASK.summaries(r).stream().map(Table::name).toList());
        assertTrue(r.toString().contains("geometric mean of MASE relative to seasonal naive"), r.toString());
        assertTrue(new ForecastingTask(series("one")).summaries(r).isEmpty(), "one series needs no cross-series table");
    }

    @Test
    void withoutTheSeasonalNaiveBaselineThereIsNoRelativeMase() {
        Results r = new Results(TASK, List.of(trial(Models.gru(4).named("a"), 1, 1, 2)), Path.of("unused"), Map.of());
        assertTrue(Double.isNaN(ForecastingTask.acrossSeries(r).doubleColumn("gmean_rel_mase").getDouble(0)));
    }
}
