package seqlab.experiment;

import seqlab.nn.Module;
import seqlab.train.Trainer;

/** The bridge from an experiment's {@link TrainConfig} to a {@link Trainer}, shared by every task. */
public final class Training {
    private Training() {
    }

    /**
     * Applies epochs, batch size, the optimizer, the schedule, clipping, early stopping (restoring the best weights),
     * the step budget and the seed to {@code trainer}. Inside an experiment the trainer draws no bar of its own: the
     * experiment shows every running trial ({@link ProgressView}).
     */
    public static <M extends Module, B> Trainer<M, B> configure(Trainer<M, B> trainer, TrainConfig c, long seed) {
        trainer.optimizer(c.optimizer()).epochs(c.epochs()).batchSize(c.batchSize()).seed(seed);
        if (!(c.schedule() instanceof LrSchedule.Constant)) {
            trainer.schedule(c.schedule().toSchedule(), c.schedulePerStep());
        }
        if (c.clipNorm() > 0) {
            trainer.clipNorm(c.clipNorm());
        }
        if (c.clipValue() > 0) {
            trainer.clipValue(c.clipValue());
        }
        if (c.patience() > 0) {
            trainer.earlyStopping(c.patience(), true);
        }
        if (c.stepBudget() > 0) {
            trainer.maxSteps(c.stepBudget());
        }
        return trainer;
    }
}
