package seqlab.experiment;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The console's {@link ProgressView}s: {@link #live} redraws a block of lines at the bottom of a terminal (a line per
 * running trial, then the overall bar with the time left) and prints results above it; {@link #lines} prints a line
 * per result and nothing else, for logs, pipes and files.
 *
 * <p>Every line fits the terminal's width: names are shortened first, then the loss and the times are left out, and
 * a bar is drawn with at least {@value #BAR_MIN} cells or not at all, so a narrow terminal never shows an empty
 * {@code [ ]}.
 */
public final class ConsoleProgress {
    /** The fewest cells a bar is drawn with. */
    static final int BAR_MIN = 10;
    /** Running trials shown; more are counted on one line. */
    static final int MAX_RUNNING_LINES = 12;
    /** The view factory a notebook kernel installed ({@link ProgressView#install}). */
    static volatile Supplier<ProgressView> installed;

    private ConsoleProgress() {
    }

    /** Live lines on a terminal of {@code columns} columns (asked again every few seconds, so a resize is followed). */
    public static ProgressView live(PrintStream out, IntSupplier columns) {
        return new Live(out, columns);
    }

    /** A line per finished trial, with the run's progress and time left; no carriage returns, no escape codes. */
    public static ProgressView lines(PrintStream out) {
        return new Lines(out);
    }

    /**
     * The terminal's width: the {@code seqlab.columns} system property, else the {@code COLUMNS} environment variable,
     * else what {@code stty size} reads from {@code /dev/tty}, else 80.
     */
    public static int columns() {
        for (String v : new String[] {System.getProperty("seqlab.columns"), System.getenv("COLUMNS")}) {
            if (v != null && v.strip().matches("\\d{1,4}") && Integer.parseInt(v.strip()) > 0) {
                return Integer.parseInt(v.strip());
            }
        }
        File tty = new File("/dev/tty");
        if (tty.canRead()) {
            try {
                Process p = new ProcessBuilder("stty", "size").redirectInput(tty)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("\\d+ \\d+")) {
                    int c = Integer.parseInt(out.split(" ")[1]);
                    if (c > 0) {
                        return c;
                    }
                }
            } catch (IOException e) {
                // no stty: the default below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return 80;
    }

    // ----- rendering, shared by the views and tested on its own -----

    /**
     * The live block for {@code s} at {@code width} columns: a line per running trial (at most
     * {@value #MAX_RUNNING_LINES}), then the overall line with its bar and the time left.
     */
    public static List<String> block(ProgressSnapshot s, int width) {
        List<String> out = new ArrayList<>();
        int labelWidth = 0;
        for (ProgressSnapshot.Running r : s.running()) {
            labelWidth = Math.max(labelWidth, r.label().length());
        }
        int shown = s.running().size() > MAX_RUNNING_LINES ? MAX_RUNNING_LINES - 1 : s.running().size();
        for (int i = 0; i < shown; i++) {
            out.add(running(s.running().get(i), labelWidth, width));
        }
        if (shown < s.running().size()) {
            out.add(clip("  ... and " + (s.running().size() - shown) + " more running", width));
        }
        out.add(overall(s, width));
        return out;
    }

    /** {@code  lstm seed 1  epoch 3/6  loss 0.5123 [=====>    ]  48% 41s}, shortened to fit. */
    static String running(ProgressSnapshot.Running r, int labelWidth, int width) {
        String pct = String.format(Locale.ROOT, "%3d%%", (int) Math.floor(100 * r.fraction()));
        String loss = Double.isNaN(r.loss()) ? "" : String.format(Locale.ROOT, "loss %.4f", r.loss());
        String time = ProgressSnapshot.duration(r.elapsed());
        String pos = r.position();
        String[][] variants = {
            {join(pos, loss), pct + " " + time},
            {pos, pct + " " + time},
            {pos, pct},
            {"", pct},
        };
        for (String[] v : variants) {
            String l = bar("  ", r.label(), labelWidth, v[0], r.fraction(), " " + v[1], width, 20);
            if (l != null) {
                return l;
            }
        }
        return clip("  " + join(r.label(), pos, pct), width);
    }

    /** {@code 5/33 trials [=====>     ] 15% 2m31s elapsed, ETA 6m12s}, shortened to fit. */
    static String overall(ProgressSnapshot s, int width) {
        String count = s.done() + "/" + s.total() + " trials";
        String pct = String.format(Locale.ROOT, "%3d%%", (int) Math.floor(100 * s.fraction()));
        String eta = "ETA " + ProgressSnapshot.duration(s.eta());
        String[] tails = {" " + pct + " " + ProgressSnapshot.duration(s.elapsed()) + " elapsed, " + eta,
            " " + pct + " " + eta, " " + pct};
        for (String tail : tails) {
            String l = bar("", count, 0, "", s.fraction(), tail, width, 40);
            if (l != null) {
                return l;
            }
        }
        return clip(join(count, pct, eta), width);
    }

    /**
     * {@code indent label info [bar]tail} in {@code width - 1} columns (the last column is left free, or a terminal
     * wraps): the label padded to {@code labelWidth} when there is room and shortened down to 12 characters when
     * there is not, the bar as wide as what is left (at most {@code barMax} cells). Null when the bar would be
     * narrower than {@value #BAR_MIN} cells.
     */
    static String bar(String indent, String label, int labelWidth, String info, double fraction, String tail,
                      int width, int barMax) {
        int avail = width - 1;
        String middle = info.isEmpty() ? "" : "  " + info;
        int other = indent.length() + middle.length() + 3 + tail.length(); // " [" and "]"
        int labelRoom = avail - other - BAR_MIN;
        if (labelRoom < Math.min(label.length(), 12)) {
            return null;
        }
        String l = shorten(label, labelRoom);
        int padded = Math.min(Math.max(labelWidth, l.length()), labelRoom);
        l = l + " ".repeat(padded - l.length());
        int cells = Math.min(barMax, avail - other - l.length());
        int filled = (int) Math.floor(Math.max(0, Math.min(1, fraction)) * cells);
        StringBuilder sb = new StringBuilder(indent).append(l).append(middle).append(" [");
        sb.append("=".repeat(filled));
        if (filled < cells) {
            sb.append('>').append(" ".repeat(cells - filled - 1));
        }
        return sb.append(']').append(tail).toString();
    }

    /** {@code s} in at most {@code n} characters, its end replaced by {@code ~} when cut. */
    static String shorten(String s, int n) {
        return s.length() <= n ? s : n <= 1 ? s.substring(0, Math.max(0, n)) : s.substring(0, n - 1) + "~";
    }

    private static String clip(String s, int width) {
        return shorten(s, Math.max(1, width - 1));
    }

    private static String join(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (!p.isEmpty()) {
                sb.append(sb.length() == 0 ? "" : "  ").append(p);
            }
        }
        return sb.toString();
    }

    // ----- the two views -----

    private static final class Live implements ProgressView {
        /** Cursor to the start of the line, up {@code n} lines, and clear to the end of the screen. */
        private static final String UP = "\r\033[%dA\033[J";
        private static final long WIDTH_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

        private final PrintStream out;
        private final IntSupplier columns;
        private int drawn;
        private int width;
        private long widthAt;

        Live(PrintStream out, IntSupplier columns) {
            this.out = out;
            this.columns = columns;
        }

        @Override
        public synchronized void update(ProgressSnapshot now) {
            StringBuilder sb = new StringBuilder();
            erase(sb);
            draw(sb, now);
            emit(sb);
        }

        @Override
        public synchronized void line(String text, ProgressSnapshot now) {
            StringBuilder sb = new StringBuilder();
            erase(sb);
            sb.append(text).append('\n');
            draw(sb, now);
            emit(sb);
        }

        @Override
        public synchronized void close(ProgressSnapshot last) {
            StringBuilder sb = new StringBuilder();
            erase(sb);
            sb.append(last.summary()).append('\n');
            emit(sb);
        }

        private void erase(StringBuilder sb) {
            if (drawn > 0) {
                sb.append(String.format(Locale.ROOT, UP, drawn));
                drawn = 0;
            }
        }

        private void draw(StringBuilder sb, ProgressSnapshot now) {
            long t = System.nanoTime();
            if (width == 0 || t - widthAt > WIDTH_EVERY_NANOS) {
                width = Math.max(20, columns.getAsInt());
                widthAt = t;
            }
            List<String> lines = block(now, width);
            for (String l : lines) {
                sb.append(l).append('\n');
            }
            drawn = lines.size();
        }

        private void emit(StringBuilder sb) {
            out.print(sb);
            out.flush();
        }
    }

    private static final class Lines implements ProgressView {
        private final PrintStream out;

        Lines(PrintStream out) {
            this.out = out;
        }

        @Override
        public void update(ProgressSnapshot now) {
        }

        @Override
        public synchronized void line(String text, ProgressSnapshot now) {
            out.println(text);
            out.flush();
        }

        @Override
        public synchronized void result(String text, ProgressSnapshot now) {
            boolean more = now.done() < now.total();
            out.println(more && Double.isFinite(now.eta()) ? text + String.format(Locale.ROOT, " [%d%%, ETA %s]",
                    (int) Math.floor(100 * now.fraction()), ProgressSnapshot.duration(now.eta())) : text);
            out.flush();
        }

        @Override
        public synchronized void close(ProgressSnapshot last) {
            out.println(last.summary());
            out.flush();
        }

        @Override
        public boolean live() {
            return false;
        }
    }
}
