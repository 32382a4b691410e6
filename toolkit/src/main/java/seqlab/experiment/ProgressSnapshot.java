package seqlab.experiment;

import java.util.List;
import java.util.Locale;

/**
 * A running experiment at one moment, as {@link ProgressView}s draw it.
 *
 * @param title    what runs, e.g. {@code classification, translation}
 * @param plan     how, e.g. {@code 2 trials at once, 1 thread each (2 cores)}
 * @param total    trials of the run, reused ones included
 * @param done     trials finished (reused ones included)
 * @param reused   trials a previous run had finished
 * @param failed   trials that failed or diverged
 * @param running  the trials running now, in the order they started
 * @param fraction the share of the run's work done, 0 to 1 (trials weighted by their estimated cost)
 * @param elapsed  seconds since the run started
 * @param eta      seconds left, estimated; NaN until there is enough to estimate from
 * @param finished whether the run is over
 */
public record ProgressSnapshot(String title, String plan, int total, int done, int reused, int failed,
                               List<Running> running, double fraction, double elapsed, double eta, boolean finished) {

    public ProgressSnapshot {
        running = List.copyOf(running);
    }

    /**
     * One running trial.
     *
     * @param label    e.g. {@code classification lstm seed 1}
     * @param position e.g. {@code epoch 3/6}; empty before its first step
     * @param loss     the last step's training loss (NaN before the first)
     * @param fraction its share of training done, 0 to 1
     * @param elapsed  seconds since it started
     */
    public record Running(String label, String position, double loss, double fraction, double elapsed) {
    }

    /** {@code 42s}, {@code 3m05s}, {@code 1h02m}; {@code --} for NaN. */
    public static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "--";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    /** The overall state in words: {@code 5/33 trials, 15%, 2m31s elapsed, ETA 6m12s}. */
    public String summary() {
        StringBuilder sb = new StringBuilder().append(done).append('/').append(total).append(" trials");
        if (finished) {
            sb.append(" in ").append(duration(elapsed));
        } else {
            sb.append(String.format(Locale.ROOT, ", %d%%, %s elapsed, ETA %s", (int) Math.floor(100 * fraction),
                    duration(elapsed), duration(eta)));
        }
        if (reused > 0) {
            sb.append(", ").append(reused).append(" done before");
        }
        if (failed > 0) {
            sb.append(", ").append(failed).append(" failed");
        }
        return sb.toString();
    }
}
