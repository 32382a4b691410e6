package seqlab.experiment;

/**
 * How each trial trains, as an immutable value with readable withers:
 * {@code t -> t.epochs(10).batchSize(32).adam(1e-3).clipNorm(1.0)}.
 *
 * @param epochs       maximum epochs
 * @param batchSize    examples per step
 * @param optimizer    {@code adam}, {@code adamw}, {@code sgd} or {@code rmsprop}
 * @param learningRate the optimizer's base rate
 * @param weightDecay  L2 (decoupled for AdamW)
 * @param clipNorm     gradient clipping by global norm; 0 disables
 * @param patience     early stopping: epochs without validation improvement; 0 disables
 * @param maxSeconds   a wall-clock budget per trial; 0 means none
 * @param maxSteps     a step budget per trial; 0 means none
 */
public record TrainConfig(int epochs, int batchSize, String optimizer, double learningRate, double weightDecay,
                          double clipNorm, int patience, double maxSeconds, long maxSteps) {

    public TrainConfig {
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        if (!java.util.Set.of("adam", "adamw", "sgd", "rmsprop").contains(optimizer)) {
            throw new IllegalArgumentException("Unknown optimizer '" + optimizer + "'; use adam, adamw, sgd or rmsprop");
        }
    }

    /** Adam at 1e-3, batch 32, 10 epochs, clipping at 1.0, early stopping after 3 epochs without improvement. */
    public static TrainConfig defaults() {
        return new TrainConfig(10, 32, "adam", 1e-3, 0.0, 1.0, 3, 0, 0);
    }

    public TrainConfig epochs(int n) {
        return new TrainConfig(n, batchSize, optimizer, learningRate, weightDecay, clipNorm, patience, maxSeconds, maxSteps);
    }

    public TrainConfig batchSize(int n) {
        return new TrainConfig(epochs, n, optimizer, learningRate, weightDecay, clipNorm, patience, maxSeconds, maxSteps);
    }

    public TrainConfig adam(double lr) {
        return new TrainConfig(epochs, batchSize, "adam", lr, weightDecay, clipNorm, patience, maxSeconds, maxSteps);
    }

    public TrainConfig adamw(double lr, double decay) {
        return new TrainConfig(epochs, batchSize, "adamw", lr, decay, clipNorm, patience, maxSeconds, maxSteps);
    }

    public TrainConfig sgd(double lr) {
        return new TrainConfig(epochs, batchSize, "sgd", lr, weightDecay, clipNorm, patience, maxSeconds, maxSteps);
    }

    public TrainConfig rmsprop(double lr) {
        return new TrainConfig(epochs, batchSize, "rmsprop", lr, weightDecay, clipNorm, patience, maxSeconds, maxSteps);
    }

    public TrainConfig weightDecay(double decay) {
        return new TrainConfig(epochs, batchSize, optimizer, learningRate, decay, clipNorm, patience, maxSeconds, maxSteps);
    }

    public TrainConfig clipNorm(double norm) {
        return new TrainConfig(epochs, batchSize, optimizer, learningRate, weightDecay, norm, patience, maxSeconds, maxSteps);
    }

    public TrainConfig patience(int epochsWithoutImprovement) {
        return new TrainConfig(epochs, batchSize, optimizer, learningRate, weightDecay, clipNorm, epochsWithoutImprovement,
                maxSeconds, maxSteps);
    }

    /** Gives every model the same wall-clock budget (seconds of training per trial). */
    public TrainConfig timeBudget(double seconds) {
        return new TrainConfig(epochs, batchSize, optimizer, learningRate, weightDecay, clipNorm, patience, seconds, maxSteps);
    }

    /** Gives every model the same number of optimizer steps. */
    public TrainConfig stepBudget(long steps) {
        return new TrainConfig(epochs, batchSize, optimizer, learningRate, weightDecay, clipNorm, patience, maxSeconds, steps);
    }
}
