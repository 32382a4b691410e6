package seqlab.experiment;

/** Hears a trial's progress: for progress bars, live charts in notebooks, logs. All methods optional. */
public interface TrialListener {
    TrialListener NONE = new TrialListener() {
    };

    default void trialStarted(TrialSpec spec, int index, int total) {
    }

    default void epochEnded(TrialSpec spec, EpochStats stats) {
    }

    default void trialEnded(TrialResult result, int index, int total, boolean reused) {
    }
}
