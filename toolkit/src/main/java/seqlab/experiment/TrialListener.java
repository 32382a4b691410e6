package seqlab.experiment;

/**
 * Hears a trial's progress: for progress bars, live charts in notebooks, logs. All methods optional. Trials may run
 * side by side ({@link Parallelism}), so the methods are called from the trials' threads, at the same time for
 * different trials: an implementation that keeps state synchronizes it.
 */
public interface TrialListener {
    TrialListener NONE = new TrialListener() {
    };

    default void trialStarted(TrialSpec spec, int index, int total) {
    }

    /** After every optimizer step of a trial (from the trial's thread: keep it quick). */
    default void stepEnded(TrialSpec spec, TrialProgress progress) {
    }

    default void epochEnded(TrialSpec spec, EpochStats stats) {
    }

    /**
     * A trial that started was set aside and will start again later, e.g. because it ran out of memory beside other
     * trials and runs again alone; {@code why} says so in words.
     */
    default void trialDeferred(TrialSpec spec, String why) {
    }

    default void trialEnded(TrialResult result, int index, int total, boolean reused) {
    }
}
