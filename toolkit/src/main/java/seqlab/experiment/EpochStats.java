package seqlab.experiment;

/**
 * One epoch of a trial's training curve.
 *
 * @param epoch          1-based
 * @param trainLoss      mean training loss over the epoch
 * @param validationLoss loss on the validation split (NaN when there is none)
 * @param metric         the task's main metric on the validation split (NaN when not computed)
 * @param seconds        wall-clock seconds of the epoch (training only)
 * @param gradNorm       mean pre-clipping gradient norm over the epoch's steps
 */
public record EpochStats(int epoch, double trainLoss, double validationLoss, double metric, double seconds, double gradNorm) {
}
