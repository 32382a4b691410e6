package seqlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The console's progress: lines that fit the terminal with a real bar, and no redrawing off a terminal. */
class ConsoleProgressTest {
    private static final Pattern BAR = Pattern.compile("\\[([=> ]*)]");

    private static ProgressSnapshot snapshot(int running, String label) {
        List<ProgressSnapshot.Running> rs = new ArrayList<>();
        for (int i = 0; i < running; i++) {
            rs.add(new ProgressSnapshot.Running(label + " seed " + (i + 1), "epoch 3/6", 0.51234, 0.48, 41));
        }
        return new ProgressSnapshot("classification (sentiment)", "2 trials at once, 1 thread each (2 cores)", 33, 5, 0,
                0, rs, 0.15, 151, 372, false);
    }

    @Test
    void at80ColumnsEveryLineFitsAndEveryBarHasAtLeastTenCells() {
        for (String label : List.of("classification lstm", "translation lstm[hidden=128,layers=2,dropout=0.2] on pytorch")) {
            for (int width : new int[] {80, 60, 40, 200}) {
                List<String> block = ConsoleProgress.block(snapshot(2, label), width);
                assertEquals(3, block.size());
                for (String l : block) {
                    assertTrue(l.length() <= width - 1, width + " columns: " + l.length() + " chars: " + l);
                    Matcher m = BAR.matcher(l);
                    assertTrue(m.find(), "a bar at " + width + " columns: " + l);
                    assertTrue(m.group(1).length() >= ConsoleProgress.BAR_MIN, "bar of " + m.group(1).length()
                            + " cells at " + width + " columns: " + l);
                }
            }
        }
        List<String> at80 = ConsoleProgress.block(snapshot(2, "classification lstm"), 80);
        assertEquals("  classification lstm seed 1  epoch 3/6  loss 0.5123 [=======>       ]  48% 41s",
                at80.get(0));
        assertEquals("5/33 trials [=====>                             ]  15% 2m31s elapsed, ETA 6m12s",
                at80.get(2));
    }

    @Test
    void tooNarrowForABarLeavesTheBarOutRatherThanDrawingAnEmptyOne() {
        for (String l : ConsoleProgress.block(snapshot(1, "classification bilstm"), 24)) {
            assertFalse(l.contains("[ ]") || l.contains("[]"), l);
            assertTrue(l.length() <= 23, l);
        }
    }

    @Test
    void manyRunningTrialsAreCountedOnOneLine() {
        List<String> block = ConsoleProgress.block(snapshot(20, "forecasting gru"), 80);
        assertEquals(ConsoleProgress.MAX_RUNNING_LINES + 1, block.size());
        assertEquals("  ... and 9 more running", block.get(ConsoleProgress.MAX_RUNNING_LINES - 1));
    }

    @Test
    void offATerminalThereAreOnlyWholeLines() {
        var bytes = new ByteArrayOutputStream();
        ProgressView v = ConsoleProgress.lines(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertFalse(v.live());
        v.update(snapshot(2, "classification lstm"));
        v.result("[5/33] classification lstm seed 1: accuracy 0.7780 (61.2 s, 6 epochs)", snapshot(1, "x"));
        v.close(new ProgressSnapshot("t", "p", 33, 33, 0, 1, List.of(), 1, 400, 0, true));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals("[5/33] classification lstm seed 1: accuracy 0.7780 (61.2 s, 6 epochs) [15%, ETA 6m12s]\n"
                + "33/33 trials in 6m40s, 1 failed\n", out);
    }

    @Test
    void onATerminalTheBlockIsRedrawnInPlaceAndResultsScrollAboveIt() {
        var bytes = new ByteArrayOutputStream();
        ProgressView v = ConsoleProgress.live(new PrintStream(bytes, true, StandardCharsets.UTF_8), () -> 80);
        v.update(snapshot(2, "classification lstm"));
        v.result("[5/33] done", snapshot(1, "classification lstm"));
        v.close(new ProgressSnapshot("t", "p", 33, 33, 0, 0, List.of(), 1, 400, 0, true));
        String out = bytes.toString(StandardCharsets.UTF_8);
        String[] frames = out.split("\r\033\\[", -1);
        assertEquals(3, frames.length, out);
        assertTrue(frames[1].startsWith("3A\033[J[5/33] done\n  classification lstm seed 1"), frames[1]);
        assertTrue(frames[2].startsWith("2A\033[J33/33 trials in 6m40s\n"), frames[2]);
    }
}
