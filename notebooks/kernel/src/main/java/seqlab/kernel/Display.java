package seqlab.kernel;

import java.util.Objects;
import java.util.UUID;

/**
 * {@code display} and {@code updateDisplay} for cells (imported statically at start-up).
 *
 * <pre>{@code
 * String id = display(lossChart(history));        // shows now, returns the output's id
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     train(epoch);
 *     updateDisplay(id, lossChart(history));       // redraws that output in place
 * }
 * }</pre>
 *
 * In the kernel the value is rendered like a cell value (a table as HTML, a figure as a chart). Outside
 * it (plain JShell, tests) it is printed as text, and updates print again.
 */
public final class Display {

    /** Where displays go: the kernel installs one that publishes Jupyter display messages. */
    public interface Sink {
        void display(String id, Object value);

        void update(String id, Object value);
    }

    /** Prints the text rendering: what a terminal can show. */
    public static final Sink CONSOLE = new Sink() {
        @Override
        public void display(String id, Object value) {
            System.out.println(Renderers.standard().render(value).text());
        }

        @Override
        public void update(String id, Object value) {
            display(id, value);
        }
    };

    private static volatile Sink sink = CONSOLE;

    private Display() {
    }

    /** Shows {@code value} as a new output and returns the id that {@link #updateDisplay} takes. */
    public static String display(Object value) {
        String id = UUID.randomUUID().toString();
        sink.display(id, value);
        return id;
    }

    /** Replaces the output {@code id} (from {@link #display}) with a rendering of {@code value}. */
    public static void updateDisplay(String id, Object value) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("updateDisplay needs the id that display(...) returned, got '" + id + "'");
        }
        sink.update(id, value);
    }

    /** Routes displays to {@code next}; returns the previous sink so callers can restore it. */
    public static Sink install(Sink next) {
        Sink previous = sink;
        sink = Objects.requireNonNull(next, "sink");
        return previous;
    }
}
