package seqlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import seqlab.train.Adam;
import seqlab.train.Optimizers;
import seqlab.train.Schedule;
import seqlab.train.Sgd;

class TrainConfigTest {
    @Test
    void withersChangeOneSettingAndOptimizersAreTypedSpecs() {
        TrainConfig t = TrainConfig.defaults().epochs(4).batchSize(8).adam(3e-3).weightDecay(0.01).clipValue(0.5)
                .patience(0).stepBudget(100).labelSmoothing(0.1).schedule(LrSchedule.cosine(4, 1e-5));
        assertEquals(new Adam.Spec(3e-3, 0.9, 0.999, 1e-8, 0.01, false), t.optimizer());
        assertEquals("adam", t.optimizerName());
        assertEquals(3e-3, t.learningRate());
        assertEquals(new TrainConfig(4, 8, Optimizers.adam(3e-3).withWeightDecay(0.01), LrSchedule.cosine(4, 1e-5),
                false, 1.0, 0.5, 0, 100, 0.1), t);
        assertEquals(Optimizers.adamW(1e-3, 0.05), TrainConfig.defaults().adamw(1e-3, 0.05).optimizer());
        assertEquals("adamw", TrainConfig.defaults().adamw(1e-3, 0.05).optimizerName());
        assertEquals(new Sgd.Spec(0.1, 0.9, 0, 0.01, false), TrainConfig.defaults().weightDecay(0.01).sgd(0.1).optimizer());
        assertEquals(0.2, TrainConfig.defaults().sgd(0.1).lr(0.2).learningRate());
        var lambda = assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.defaults().optimizer(params -> null));
        assertTrue(lambda.getMessage().contains("Optimizers' specs"), lambda.getMessage());
    }

    @Test
    void settingsByNameAreCheckedLikeModelSettings() {
        TrainConfig t = TrainConfig.defaults().with("lr", 0.01).with("batch_size", "16").with("weight_decay", 1e-4)
                .with("clip_norm", 0.5).with("step_budget", 50).with("optimizer", "rmsprop")
                .with("schedule", LrSchedule.step(2, 0.5)).with("label_smoothing", 0.1).with("epochs", 3);
        assertEquals(0.01, t.learningRate());
        assertEquals(16, t.batchSize());
        assertEquals("rmsprop", t.optimizerName());
        assertEquals(1e-4, t.weightDecay(), "a named optimizer keeps the rate and weight decay set so far");
        assertEquals(LrSchedule.step(2, 0.5), t.schedule());
        assertEquals(50, t.stepBudget());
        var unknown = assertThrows(IllegalArgumentException.class, () -> TrainConfig.defaults().with("learning_rate", 1));
        assertTrue(unknown.getMessage().contains("training has no setting 'learning_rate'")
                && unknown.getMessage().contains("lr"), unknown.getMessage());
        var type = assertThrows(IllegalArgumentException.class, () -> TrainConfig.defaults().with("epochs", 2.5));
        assertTrue(type.getMessage().contains("'epochs' takes an integer"), type.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.defaults().with("optimizer", "lion"));
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.defaults().with("schedule", "cosine"));
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.defaults().lr(0));
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.defaults().schedule(LrSchedule.plateau(0.5, 2), true));
    }

    /** The schedules are Schedule's formulas; a warm-up rises linearly as (t + 1) / length, then hands over. */
    @Test
    void schedulesAreTheTrainersFormulas() {
        double base = 0.1;
        Schedule warm = LrSchedule.warmup(4, LrSchedule.cosine(10, 0.0)).toSchedule();
        for (int t = 0; t < 4; t++) {
            assertEquals(base * (t + 1) / 4, warm.rate(t, base), 1e-15, "warm-up step " + t);
        }
        Schedule cos = Schedule.cosine(10, 0);
        for (int t = 4; t < 14; t++) {
            assertEquals(cos.rate(t - 4, base), warm.rate(t, base), 1e-15);
        }
        assertEquals(base, LrSchedule.warmup(1, LrSchedule.constant()).toSchedule().rate(0, base), 1e-15);
        assertEquals(base * 0.25, LrSchedule.step(3, 0.5).toSchedule().rate(7, base), 1e-15);
        assertEquals(base * Math.pow(0.9, 5), LrSchedule.exponential(0.9).toSchedule().rate(5, base), 1e-15);
        assertEquals("warmup(4)+cosine(10,0)", LrSchedule.warmup(4, LrSchedule.cosine(10)).label());
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.warmup(2, LrSchedule.plateau(0.5, 1)));
    }

    @Test
    void configsSurviveJson() throws Exception {
        for (TrainConfig t : List.of(TrainConfig.defaults(), TrainConfig.defaults().adamw(1e-3, 0.1)
                        .schedule(LrSchedule.warmup(100, LrSchedule.step(5, 0.5)), true),
                TrainConfig.defaults().sgd(0.05).schedule(LrSchedule.plateau(0.5, 2)),
                TrainConfig.defaults().rmsprop(1e-2).clipValue(1))) {
            assertEquals(t, Json.COMPACT.readValue(Json.COMPACT.writeValueAsString(t), TrainConfig.class));
        }
    }
}
