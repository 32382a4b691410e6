package seqlab.train;

/**
 * What happened in one optimizer step, for listeners: the epoch (from 0), the global step (from 1), the batch
 * within the epoch (from 0) of {@code batches}, the loss, the gradient norm before clipping, the learning rate,
 * the step's wall time and its throughput in examples and tokens per second (tokens as counted by the trainer's
 * token counter; examples when it has none).
 */
public record StepEvent(int epoch, long step, int batch, int batches, double loss, double gradNorm, double lr,
                        double seconds, int examples, double examplesPerSecond, double tokensPerSecond) {
}
