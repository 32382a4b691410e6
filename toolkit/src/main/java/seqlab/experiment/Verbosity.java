package seqlab.experiment;

/** What an experiment shows while it runs ({@link Experiment#quiet()}, {@link Experiment#verbose()}). */
public enum Verbosity {
    /** Nothing. */
    QUIET,
    /** The running trials live (a line each and an overall bar) where the output can redraw, and a line per result. */
    TRIALS,
    /** As {@link #TRIALS}, plus a line per epoch of every trial. */
    EPOCHS
}
