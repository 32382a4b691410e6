package seqlab.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import seqlab.experiment.Parallelism;
import seqlab.experiment.Verbosity;

/** How trials share the machine, and how much a run shows: the options {@code compare} and {@code experiment} share. */
final class ParallelOptions {
    @Option(names = "--parallel", paramLabel = "N",
            description = "Trials at once (default: sized to the machine, one per core; 1 runs them one after another "
                    + "with every core for each).")
    Integer trials;

    @Option(names = "--threads-per-trial", paramLabel = "N",
            description = "Engine threads each trial uses, at most seqlab.threads (default: the cores divided among "
                    + "the trials at once).")
    Integer threadsPerTrial;

    /** The parallelism asked for; a value below 1 is an error naming the option. */
    Parallelism parallelism() {
        if (trials != null && trials < 1) {
            throw new IllegalArgumentException("--parallel must be at least 1 (1 runs the trials one after another), got "
                    + trials);
        }
        if (threadsPerTrial != null && threadsPerTrial < 1) {
            throw new IllegalArgumentException("--threads-per-trial must be at least 1, got " + threadsPerTrial);
        }
        return Parallelism.of(trials == null ? 0 : trials, threadsPerTrial == null ? 0 : threadsPerTrial);
    }

    /** Whether either option was given (a cluster runner sizes its own executors, so there they are an error). */
    boolean given() {
        return trials != null || threadsPerTrial != null;
    }

    /** A line per epoch of every trial with {@code --verbose}, else the running trials and a line per result. */
    static Verbosity verbosity(CommandSpec spec) {
        var v = spec.findOption("--verbose");
        return v != null && Boolean.TRUE.equals(v.getValue()) ? Verbosity.EPOCHS : Verbosity.TRIALS;
    }
}
