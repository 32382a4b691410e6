package seqlab.kernel;

import java.util.List;

/**
 * A cell that did not run to completion: it did not compile, threw, or was interrupted.
 *
 * <p>{@link #traceback()} is what a person reads: the failing line of the cell with a caret under the
 * problem for compile errors, the exception with the frames of the user's code (mapped to cell lines)
 * for runtime errors. JShell's own machinery (reflection, wrapper classes) never shows.
 */
public final class CellError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the cell stopped. */
    public enum Kind { COMPILE, RUNTIME, INTERRUPTED }

    private final Kind kind;
    private final String name;
    private final transient List<String> traceback;

    CellError(Kind kind, String name, String message, List<String> traceback) {
        super(message, null, false, false);
        this.kind = kind;
        this.name = name;
        this.traceback = List.copyOf(traceback);
    }

    /** Why the cell stopped. */
    public Kind kind() {
        return kind;
    }

    /**
     * A short name for the error: {@code CompilationError}, {@code Interrupted}, or the thrown exception's
     * class name (for example {@code java.lang.ArithmeticException}).
     */
    public String errorName() {
        return name;
    }

    /** The readable report, one line per element, no trailing newlines. */
    public List<String> traceback() {
        return traceback;
    }

    /** Name and message together: Jupyter sends this as the error's value next to a generic name. */
    @Override
    public String getLocalizedMessage() {
        return name + ": " + getMessage();
    }

    @Override
    public String toString() {
        return String.join("\n", traceback);
    }
}
