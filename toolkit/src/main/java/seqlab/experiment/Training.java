package seqlab.experiment;

import java.util.ArrayList;
import java.util.List;
import seqlab.nn.Module;
import seqlab.train.EpochResult;
import seqlab.train.OptimizerSpec;
import seqlab.train.Optimizers;
import seqlab.train.Trainer;
import seqlab.train.TrainingListener;

/**
 * The bridge from an experiment's {@link TrainConfig} to a {@link Trainer}, shared by every task, and the recorder
 * that turns the trainer's epochs into a trial's {@link EpochStats}.
 */
public final class Training {
    private Training() {
    }

    /** The optimizer a config names. */
    public static OptimizerSpec optimizer(TrainConfig c) {
        return switch (c.optimizer()) {
            case "adam" -> Optimizers.adam(c.learningRate()).withWeightDecay(c.weightDecay());
            case "adamw" -> Optimizers.adamW(c.learningRate(), c.weightDecay());
            case "sgd" -> Optimizers.sgd(c.learningRate(), 0.9).withWeightDecay(c.weightDecay());
            case "rmsprop" -> Optimizers.rmsprop(c.learningRate()).withWeightDecay(c.weightDecay());
            default -> throw new IllegalArgumentException("Unknown optimizer '" + c.optimizer() + "'");
        };
    }

    /**
     * Applies epochs, batch size, optimizer, clipping, early stopping (restoring the best weights), budgets and the
     * seed to {@code trainer}. The trainer shows its progress bar on a terminal (or with {@code -Dseqlab.progress=true})
     * and stays quiet otherwise.
     */
    public static <M extends Module, B> Trainer<M, B> configure(Trainer<M, B> trainer, TrainConfig c, long seed) {
        trainer.optimizer(optimizer(c)).epochs(c.epochs()).batchSize(c.batchSize()).seed(seed);
        if (c.clipNorm() > 0) {
            trainer.clipNorm(c.clipNorm());
        }
        if (c.patience() > 0) {
            trainer.earlyStopping(c.patience(), true);
        }
        if (c.maxSeconds() > 0) {
            trainer.maxSeconds(c.maxSeconds());
        }
        if (c.maxSteps() > 0) {
            trainer.maxSteps(c.maxSteps());
        }
        return trainer;
    }

    /** Collects {@link EpochStats} from a trainer and forwards each to the experiment's listener. */
    public static final class Recorder implements TrainingListener {
        private final TrialSpec spec;
        private final TrialListener listener;
        private final List<EpochStats> epochs = new ArrayList<>();
        private double tokensPerSecondSum;
        private double seconds;

        public Recorder(TrialSpec spec, TrialListener listener) {
            this.spec = spec;
            this.listener = listener;
        }

        @Override
        public void onEpoch(EpochResult e) {
            double metric = e.metric() == e.validationLoss() ? Double.NaN : e.metric();
            EpochStats s = new EpochStats(e.epoch() + 1, e.trainLoss(), e.validationLoss(), metric, e.seconds(),
                    e.meanGradNorm());
            epochs.add(s);
            tokensPerSecondSum += e.tokensPerSecond();
            seconds += e.seconds();
            listener.epochEnded(spec, s);
        }

        public List<EpochStats> epochs() {
            return List.copyOf(epochs);
        }

        /** Mean training throughput over epochs. */
        public double tokensPerSecond() {
            return epochs.isEmpty() ? 0 : tokensPerSecondSum / epochs.size();
        }

        /** Training seconds (validation excluded). */
        public double seconds() {
            return seconds;
        }
    }
}
