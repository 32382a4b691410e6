package seqlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import seqlab.experiment.ProgressSnapshot;

/** A run's progress in a notebook: one output shown once and then redrawn in place, as HTML with bars. */
class NotebookProgressTest {

    private static ProgressSnapshot running(int done) {
        return new ProgressSnapshot("classification (sentiment)", "2 trials at once, 1 thread each (2 cores)", 4, done,
                0, 0, List.of(new ProgressSnapshot.Running("classification lstm seed 1", "epoch 3/6", 0.5123, 0.48, 41),
                new ProgressSnapshot.Running("classification <gru> seed 1", "starting", Double.NaN, 0, 1)), 0.25, 60,
                180, false);
    }

    @Test
    void oneOutputIsDisplayedAndThenUpdatedWithTheRunningTrialsAndResults() {
        List<String> calls = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        Display.Sink previous = Display.install(new Display.Sink() {
            @Override
            public void display(String id, Object value) {
                calls.add("display " + id);
                values.add(value);
            }

            @Override
            public void update(String id, Object value) {
                calls.add("update " + id);
                values.add(value);
            }
        });
        try {
            var view = new NotebookProgress();
            view.update(running(0));
            view.result("[1/4] classification lstm seed 1 on reference: accuracy 0.7780 (61.2 s, 6 epochs)", running(1));
            view.close(new ProgressSnapshot("classification (sentiment)", "p", 4, 4, 0, 0, List.of(), 1, 200, 0, true));
        } finally {
            Display.install(previous);
        }
        assertEquals(3, calls.size());
        String id = calls.get(0).substring("display ".length());
        assertEquals(List.of("display " + id, "update " + id, "update " + id), calls);

        MimeBundle live = Renderers.standard().render(values.get(1));
        String html = live.data().get(MimeBundle.HTML);
        assertTrue(html.contains("<b>classification (sentiment)</b>: 1/4 trials, 25%, 1m00s elapsed, ETA 3m00s"), html);
        assertTrue(html.contains("<td>classification lstm seed 1</td><td><progress value=\"0.4800\" max=\"1\">"), html);
        assertTrue(html.contains("classification &lt;gru&gt; seed 1"), "names are escaped: " + html);
        assertTrue(html.contains("<pre>[1/4] classification lstm seed 1 on reference: accuracy 0.7780"), html);
        assertFalse(live.text().contains("\r"), live.text());
        assertTrue(live.text().contains("1/4 trials [") && live.text().contains("accuracy 0.7780"), live.text());

        String last = Renderers.standard().render(values.get(2)).data().get(MimeBundle.HTML);
        assertTrue(last.contains("4/4 trials in 3m20s") && !last.contains("<progress"), last);
    }
}
