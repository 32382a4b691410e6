package seqlab.experiment;

import java.util.Objects;
import java.util.function.Supplier;
import seqlab.train.ProgressBarListener;

/**
 * Where a running experiment shows its progress: on a terminal a live line per running trial and an overall bar with
 * the time left ({@link ConsoleProgress#live}); off a terminal (CI, pipes, JShell scripts writing to a file) a line
 * per finished trial and nothing that redraws ({@link ConsoleProgress#lines}); in a notebook one output block updated
 * in place (the seqlab Jupyter kernel installs that view with {@link #install}).
 */
public interface ProgressView {

    /** The run's state changed; a view that redraws shows {@code now} (called at most every {@link #refreshMillis}). */
    void update(ProgressSnapshot now);

    /** A line to keep: a trial's result, a note, or with {@link Verbosity#EPOCHS} an epoch. */
    void line(String text, ProgressSnapshot now);

    /** A trial's result line, e.g. {@code [5/33] classification lstm seed 1 on reference: accuracy 0.7780 (61.2 s)}. */
    default void result(String text, ProgressSnapshot now) {
        line(text, now);
    }

    /** The run ended (normally or not): the last state. */
    void close(ProgressSnapshot last);

    /** Whether {@link #update} draws anything (a view of lines only is not refreshed). */
    default boolean live() {
        return true;
    }

    /** The shortest time between two {@link #update}s worth drawing. */
    default long refreshMillis() {
        return 250;
    }

    /** The view for runs in this JVM: the installed one (a notebook's), else the console's. */
    static ProgressView standard() {
        Supplier<ProgressView> installed = ConsoleProgress.installed;
        if (installed != null) {
            return Objects.requireNonNull(installed.get(), "the installed ProgressView factory returned null");
        }
        return ProgressBarListener.terminalAvailable() ? ConsoleProgress.live(System.err, ConsoleProgress::columns)
                : ConsoleProgress.lines(System.err);
    }

    /**
     * Makes {@code factory} give the view of every run that starts from now on (the notebook kernel installs its
     * display block); null restores the console. Returns the previous factory.
     */
    static Supplier<ProgressView> install(Supplier<ProgressView> factory) {
        synchronized (ConsoleProgress.class) {
            Supplier<ProgressView> previous = ConsoleProgress.installed;
            ConsoleProgress.installed = factory;
            return previous;
        }
    }

    /** A view that shows nothing. */
    ProgressView NONE = new ProgressView() {
        @Override
        public void update(ProgressSnapshot now) {
        }

        @Override
        public void line(String text, ProgressSnapshot now) {
        }

        @Override
        public void close(ProgressSnapshot last) {
        }

        @Override
        public boolean live() {
            return false;
        }
    };
}
