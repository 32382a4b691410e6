package seqlab.train;

import java.util.List;
import java.util.Map;

/**
 * What a checkpoint's {@code trainer.json} holds: everything the next epoch of a run reads, so that a resumed run
 * equals an uninterrupted one bit for bit. Written and read by Jackson ({@link Checkpoint}) with snake_case names;
 * every field is required and typed, and {@link Checkpoint#read} checks ranges and consistency, so a garbled file
 * is an error naming the folder and the field, never a silent default such as "0 epochs completed".
 *
 * <p>Non-finite numbers ({@code NaN} before a first finite loss, a validation loss without validation data) are
 * written as the bare tokens {@code NaN} and {@code Infinity}, which Python's {@code json} module reads.
 *
 * @param format          always {@link Checkpoint#FORMAT}
 * @param version         always {@link Checkpoint#VERSION}
 * @param created         ISO-8601 instant the checkpoint was written
 * @param epochsCompleted epochs done; equals the number in the folder name and the history's length
 * @param globalStep      optimizer steps done in all
 * @param lastFiniteLoss  the last step's loss (NaN before the first step)
 * @param optimizer       the optimizer's name, rates and hyperparameters (its buffers are in optimizer.safetensors)
 * @param schedule        the learning-rate schedule's name and state
 * @param rng             the shuffling and dropout random-number states
 * @param earlyStopping   the monitored metric's best value and epoch, and the epochs since it improved
 * @param history         one entry per completed epoch, in order
 * @param weights         SHA-256 (lower-case hex) of each weight file in the folder, by file name
 * @param provenance      the trainer's {@link Trainer#provenance()} when the checkpoint was written (not read back)
 */
public record TrainerState(String format, int version, String created, int epochsCompleted, long globalStep,
                           double lastFiniteLoss, OptimizerState optimizer, ScheduleState schedule, RngState rng,
                           EarlyStopping earlyStopping, List<EpochResult> history, Map<String, String> weights,
                           Map<String, Object> provenance) {

    public TrainerState {
        history = List.copyOf(history);
        weights = Map.copyOf(weights);
        provenance = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(provenance));
    }

    /** This state with the weight files' hashes set. */
    public TrainerState withWeights(Map<String, String> sha256) {
        return new TrainerState(format, version, created, epochsCompleted, globalStep, lastFiniteLoss, optimizer,
                schedule, rng, earlyStopping, history, sha256, provenance);
    }

    /** The optimizer's name ({@link Optimizer#name()}), current and base learning rate, and hyperparameters. */
    public record OptimizerState(String name, double lr, double baseLr, Map<String, Object> hyperparameters) {
    }

    /** The schedule's description and its {@link Schedule#state()}. */
    public record ScheduleState(String name, Map<String, Double> state) {
    }

    /** The {@link seqlab.engine.RandomSource} states of shuffling and dropout, four longs each. */
    public record RngState(long[] shuffle, long[] dropout) {
    }

    /** Early stopping's memory: the best monitored value (NaN before the first epoch), its epoch (-1: none). */
    public record EarlyStopping(double best, int bestEpoch, int badEpochs, String monitor) {
    }
}
