package seqlab.train;

/**
 * Training produced a NaN or infinite loss or gradient. The message names the step, the last finite loss and the
 * gradient norm, and suggests a remedy. The model keeps the weights of the last good step (the bad update is never
 * applied); {@link #history()} holds the completed epochs and {@link History#checkpoint()} the last good
 * checkpoint, if checkpoints were on.
 */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient History history;
    private final long step;
    private final double lastFiniteLoss, gradNorm;

    public TrainingDivergedException(String message, long step, double lastFiniteLoss, double gradNorm,
                                     History history) {
        super(message);
        this.step = step;
        this.lastFiniteLoss = lastFiniteLoss;
        this.gradNorm = gradNorm;
        this.history = history;
    }

    /** The global step (from 1) that diverged. */
    public long step() {
        return step;
    }

    public double lastFiniteLoss() {
        return lastFiniteLoss;
    }

    /** The gradient norm at the failing step (NaN when the loss failed before backward). */
    public double gradNorm() {
        return gradNorm;
    }

    public History history() {
        return history;
    }
}
