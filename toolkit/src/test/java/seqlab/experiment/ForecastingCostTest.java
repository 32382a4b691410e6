package seqlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import seqlab.data.Frequency;
import seqlab.data.TimeSeries;
import seqlab.model.Models;

/**
 * The cost a parallel run orders forecasting trials by: a panel trains one model per series and retrained origin, so
 * its cost is the sum of its series' costs; a global model trains once per origin on every series' windows, which
 * costs the same without a step budget and less with one (the budget caps one model, not one per series).
 */
class ForecastingCostTest {

    private static TimeSeries series(String name, int n) {
        double[] v = new double[n];
        for (int t = 0; t < n; t++) {
            v[t] = 10 + t % 4 + 0.1 * t;
        }
        return TimeSeries.of(name, LocalDate.of(2000, 1, 1), Frequency.MONTHLY, 4, v);
    }

    @Test
    void aPanelCostsItsSeriesAndAGlobalModelIsCappedOnce() {
        var options = ForecastingTask.Options.defaults().horizon(4).lookback(8).backtest(3).retrain(true);
        TimeSeries a = series("a", 60), b = series("b", 90);
        var gru = Models.gru(8);
        // batches of one: the work is linear in the windows, so sums are exact
        TrainConfig free = TrainConfig.defaults().epochs(5).batchSize(1);
        double costA = ForecastingTask.panel(List.of(a), options).trialCost(gru, free);
        double costB = ForecastingTask.panel(List.of(b), options).trialCost(gru, free);
        var local = ForecastingTask.panel(List.of(a, b), options);
        assertEquals(costA + costB, local.trialCost(gru, free), 1e-9 * (costA + costB));
        assertTrue(costB > costA, "a longer series has more windows");
        var global = ForecastingTask.panel(List.of(a, b), options.global(true));
        assertEquals(local.trialCost(gru, free), global.trialCost(gru, free), 1e-9 * (costA + costB));
        TrainConfig capped = free.stepBudget(10);
        assertTrue(global.trialCost(gru, capped) < local.trialCost(gru, capped));
        // one model for every origin without retraining
        var once = ForecastingTask.panel(List.of(a, b), options.retrain(false));
        assertTrue(once.trialCost(gru, free) < local.trialCost(gru, free) / 2);
        assertEquals(0, local.trialCost(ForecastingTask.theta(), free));
    }
}
