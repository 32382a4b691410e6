package seqlab.train;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A terminal progress bar per epoch (me.tongfei:progressbar) showing the running loss, gradient norm, learning
 * rate and tokens/s, then one summary line per epoch. {@link Trainer} adds one automatically when
 * {@link #terminalAvailable()}; notebooks use their own {@link TrainingListener} instead.
 */
public final class ProgressBarListener implements TrainingListener {
    private final PrintStream out;
    /** Whether bar frames are drawn; off a terminal only the epoch lines are printed. */
    private final boolean frames;
    private ProgressBar bar;
    private int epochs;

    /**
     * Draws on the terminal (standard error, sized to the terminal's width); without a console but with
     * {@link #terminalAvailable()} true (JShell's execution JVM on a terminal) it writes carriage-return lines of 150
     * characters to standard error, which JShell shows as an updating line. Where standard error is no terminal (a
     * script's output going to a file) it prints only the line per epoch: no carriage-return frames.
     */
    public ProgressBarListener() {
        this.out = System.console() == null ? System.err : null;
        this.frames = terminalAvailable();
    }

    /** Draws on {@code out} with a fixed width, e.g. for a log file or a test. */
    public ProgressBarListener(PrintStream out) {
        this.out = out;
        this.frames = true;
    }

    /** The system property that turns the automatic bar on or off ({@code true}/{@code false}) regardless of the terminal. */
    public static final String PROPERTY = "seqlab.progress";

    /**
     * Whether the JVM runs on an interactive terminal and not in CI (the environment variable {@code CI} unset).
     * The system property {@value #PROPERTY} overrides the guess: JShell runs code in a second JVM that has no
     * console, so {@code ./seqlab} passes {@code -R-Dseqlab.progress=true} there when standard error is a terminal
     * (and {@code false} when it is not, e.g. a script's output going to a file).
     */
    public static boolean terminalAvailable() {
        String forced = System.getProperty(PROPERTY);
        if (forced != null && !forced.isBlank()) {
            return Boolean.parseBoolean(forced.trim());
        }
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
            return false;
        }
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            // Java 22+ returns a console even when redirected; isTerminal() tells the truth there.
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    @Override
    public void onStart(int firstEpoch, int epochs) {
        this.epochs = epochs;
    }

    @Override
    public void onEpochStart(int epoch, int batches) {
        close();
        if (!frames) {
            return;
        }
        ProgressBarBuilder b = new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, epochs))
                .setInitialMax(batches)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setUnit(" steps", 1);
        if (out != null) {
            b.setConsumer(new DelegatingProgressBarConsumer(s -> out.print("\r" + s), 150));
        }
        bar = b.build();
    }

    @Override
    public void onStep(StepEvent s) {
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f, grad %.3g, lr %.2g, %.0f tok/s", s.loss(),
                    s.gradNorm(), s.lr(), s.tokensPerSecond()));
        }
    }

    @Override
    public void onEpoch(EpochResult e) {
        close();
        (out != null ? out : System.err).println(TrainingListener.describe(e));
    }

    @Override
    public void onEnd(History history, Throwable error) {
        close();
    }

    private void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
