package seqlab.kernel;

import static seqlab.kernel.StandardRenderers.escape;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import seqlab.experiment.ConsoleProgress;
import seqlab.experiment.ProgressSnapshot;
import seqlab.experiment.ProgressView;

/**
 * A run's progress in a notebook: one output block, shown with {@link Display#display} and redrawn in place with
 * {@link Display#updateDisplay} (an HTML table of the running trials with bars, the overall bar with the time left,
 * and the result lines under it), instead of lines on standard error, which Jupyter shows in red boxes.
 */
final class NotebookProgress implements ProgressView {
    /** Lines kept in the block; older ones are counted. */
    static final int KEPT_LINES = 200;

    /**
     * What the block shows.
     *
     * @param now     the run's state
     * @param lines   result lines (and epoch lines with verbose), oldest first
     * @param dropped older lines no longer shown
     */
    record Block(ProgressSnapshot now, List<String> lines, int dropped) {
    }

    private final Deque<String> lines = new ArrayDeque<>();
    private int dropped;
    private String id;

    @Override
    public synchronized void update(ProgressSnapshot now) {
        show(now);
    }

    @Override
    public synchronized void line(String text, ProgressSnapshot now) {
        lines.addLast(text);
        if (lines.size() > KEPT_LINES) {
            lines.removeFirst();
            dropped++;
        }
        show(now);
    }

    @Override
    public synchronized void close(ProgressSnapshot last) {
        show(last);
    }

    @Override
    public long refreshMillis() {
        return 500;
    }

    private void show(ProgressSnapshot now) {
        Block b = new Block(now, List.copyOf(lines), dropped);
        if (id == null) {
            id = Display.display(b);
        } else {
            Display.updateDisplay(id, b);
        }
    }

    /** The block as text (the console's lines at 100 columns) and as HTML. */
    static MimeBundle render(Block b) {
        ProgressSnapshot s = b.now();
        List<String> text = new ArrayList<>();
        text.add(s.title() + ": " + s.summary());
        if (!s.finished()) {
            text.addAll(ConsoleProgress.block(s, 100));
        }
        if (b.dropped() > 0) {
            text.add("(" + b.dropped() + " earlier lines not shown)");
        }
        text.addAll(b.lines());
        StringBuilder h = new StringBuilder("<div class=\"seqlab-progress\">\n<div><b>")
                .append(escape(s.title())).append("</b>: ").append(escape(s.summary())).append("</div>\n");
        if (!s.finished()) {
            h.append("<progress value=\"").append(num(s.fraction())).append("\" max=\"1\" style=\"width:40em\"></progress>\n");
            if (!s.running().isEmpty()) {
                h.append("<table>\n");
                for (ProgressSnapshot.Running r : s.running()) {
                    h.append("<tr><td>").append(escape(r.label())).append("</td><td><progress value=\"")
                            .append(num(r.fraction())).append("\" max=\"1\"></progress></td><td>")
                            .append(escape(r.position())).append("</td><td>")
                            .append(Double.isNaN(r.loss()) ? "" : String.format(Locale.ROOT, "loss %.4f", r.loss()))
                            .append("</td><td>").append(ProgressSnapshot.duration(r.elapsed())).append("</td></tr>\n");
                }
                h.append("</table>\n");
            }
        }
        if (!b.lines().isEmpty()) {
            h.append("<pre>");
            if (b.dropped() > 0) {
                h.append("(").append(b.dropped()).append(" earlier lines not shown)\n");
            }
            b.lines().forEach(l -> h.append(escape(l)).append('\n'));
            h.append("</pre>\n");
        }
        h.append("</div>\n");
        return new MimeBundle().put(MimeBundle.TEXT, String.join("\n", text)).html(h.toString());
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4f", Math.max(0, Math.min(1, v)));
    }
}
