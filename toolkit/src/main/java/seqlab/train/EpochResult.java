package seqlab.train;

/**
 * One epoch's summary: the epoch (from 0), the mean training loss (weighted by examples), the mean validation
 * loss (NaN without validation data), the monitored metric (the validation loss unless another was set), the
 * learning rate in effect, the mean pre-clip gradient norm, wall time, tokens per second, and whether the monitored
 * metric improved on the best so far.
 */
public record EpochResult(int epoch, double trainLoss, double validationLoss, double metric, double lr,
                          double meanGradNorm, double seconds, double tokensPerSecond, boolean improved) {
}
