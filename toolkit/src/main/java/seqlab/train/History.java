package seqlab.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The record of a training run: one {@link EpochResult} per completed epoch (including those before a resume), the
 * best epoch by the monitored metric (-1 if none), whether early stopping ended the run, and the last checkpoint.
 */
public record History(List<EpochResult> epochs, String metric, int bestEpoch, double best, boolean stoppedEarly,
                      Path lastCheckpoint) {

    public History {
        epochs = List.copyOf(epochs);
    }

    /** The last completed epoch's result. */
    public Optional<EpochResult> last() {
        return epochs.isEmpty() ? Optional.empty() : Optional.of(epochs.get(epochs.size() - 1));
    }

    public double[] trainLosses() {
        return epochs.stream().mapToDouble(EpochResult::trainLoss).toArray();
    }

    public double[] validationLosses() {
        return epochs.stream().mapToDouble(EpochResult::validationLoss).toArray();
    }

    public Optional<Path> checkpoint() {
        return Optional.ofNullable(lastCheckpoint);
    }
}
