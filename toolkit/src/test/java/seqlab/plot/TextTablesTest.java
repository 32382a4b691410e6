package seqlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TextTablesTest {

    @Test
    void columnsAlignNumbersRight() {
        Table t = Table.create("summary", StringColumn.create("model", "lstm", "bidirectional-gru"),
                IntColumn.create("params", 52360, 9),
                DoubleColumn.create("accuracy", 0.812345, Double.NaN));
        String expected = """
                summary (2 rows)
                model              params  accuracy
                -----------------  ------  --------
                lstm                52360    0.8123
                bidirectional-gru       9
                """;
        assertEquals(expected, TextTables.format(t));
    }

    @Test
    void longCellsAndManyRowsAreCut() {
        Table t = Table.create("t", StringColumn.create("s", "x".repeat(100), "a\nb", "c"));
        String out = TextTables.format(t, 2);
        String[] lines = out.split("\n");
        assertEquals(TextTables.MAX_CELL, lines[3].length());
        assertTrue(lines[3].endsWith("…"));
        assertEquals("a b", lines[4]);
        assertEquals("... 1 more rows", lines[5]);
        assertEquals(6, lines.length);
    }

    @Test
    void emptyTables() {
        assertEquals("t (0 rows)\n(no columns)\n", TextTables.format(Table.create("t")));
        assertEquals("t (0 rows)\nn\n-\n", TextTables.format(Table.create("t", IntColumn.create("n"))));
        assertThrows(IllegalArgumentException.class, () -> TextTables.format(null));
        assertThrows(IllegalArgumentException.class, () -> TextTables.format(Table.create("t"), -1));
    }

    @Test
    void decimalsLineUpPerColumnAndFloatsAreRoundedToFourSignificantDigits() {
        Table t = Table.create("s", StringColumn.create("model", "a", "b", "c"),
                DoubleColumn.create("accuracy", 0.43848718291040006, 0.8, 0.7),
                DoubleColumn.create("p", 0.5, 2.5e-7, 0.01));
        String out = TextTables.format(t, 10, 80, false);
        // accuracy: one number of decimals for the column; p: a tiny value, so each in its own shortest form
        assertTrue(out.contains("a        0.4385        0.5\n"), out);
        assertTrue(out.contains("b        0.8000  2.500e-07\n"), out);
        assertTrue(!out.contains("0.43848718"), out);
        // no more decimals than give the largest value five significant digits
        Table secs = Table.create("s", DoubleColumn.create("s_per_epoch", 28.6402, 0.4726, 2.8613));
        assertEquals("s_per_epoch\n-----------\n     28.640\n      0.473\n      2.861\n",
                TextTables.format(secs, 10, 80, false));
    }

    @Test
    void emptyColumnsAreLeftOutAndNamed() {
        Table t = Table.create("summary", StringColumn.create("model", "lstm", "gru"),
                DoubleColumn.create("accuracy_mean", 0.81, 0.8), DoubleColumn.create("accuracy_sd", Double.NaN, Double.NaN));
        String out = TextTables.format(t);
        assertTrue(out.contains("model  accuracy_mean\n"), out);
        assertTrue(out.endsWith("(not shown, no values: accuracy_sd)\n"), out);
    }

    @Test
    void wideTablesContinueInBlocksThatRepeatTheLabelColumn() {
        Table t = Table.create("wide", StringColumn.create("model", "lstm", "transformer"));
        for (int i = 0; i < 12; i++) {
            t.addColumns(DoubleColumn.create("metric_number_" + i, 0.5 + i, 0.25 + i));
        }
        String out = TextTables.format(t, 100, 80, true);
        for (String line : out.split("\n")) {
            assertTrue(line.length() <= 80, "line of " + line.length() + " characters: " + line);
        }
        for (int i = 0; i < 12; i++) {
            assertTrue(out.contains("metric_number_" + i), "column " + i + " is missing:\n" + out);
        }
        long blocks = out.lines().filter(l -> l.startsWith("model ")).count();
        assertTrue(blocks >= 3, out);
        assertEquals(blocks * 2, out.lines().filter(l -> l.startsWith("transformer") || l.startsWith("lstm")).count(), out);
        assertEquals(1, out.lines().filter(l -> l.startsWith("wide (2 rows)")).count(), "one caption");
    }

    @Test
    void theWidthComesFromTheLauncherOrTheEnvironment() {
        String before = System.getProperty(TextTables.PROPERTY);
        try {
            System.setProperty(TextTables.PROPERTY, "132");
            assertEquals(132, TextTables.width());
            System.setProperty(TextTables.PROPERTY, "12");
            assertEquals(TextTables.MIN_WIDTH, TextTables.width(), "never narrower than a readable table");
            System.setProperty(TextTables.PROPERTY, "wide");
            String columns = System.getenv("COLUMNS");
            assertEquals(columns != null && columns.strip().matches("\\d+") ? Math.max(TextTables.MIN_WIDTH,
                    Integer.parseInt(columns.strip())) : TextTables.DEFAULT_WIDTH, TextTables.width());
        } finally {
            if (before == null) {
                System.clearProperty(TextTables.PROPERTY);
            } else {
                System.setProperty(TextTables.PROPERTY, before);
            }
        }
    }

    @Test
    void tablesawPrintsRoundedNumbersButTheCsvKeepsEveryDigit() {
        Table t = Cells.roundForPrinting(Table.create("t", DoubleColumn.create("x", 0.43848718291040006, 0.5)));
        assertTrue(t.print().contains("0.4385") && !t.print().contains("0.43848718"), t.print());
        var csv = new java.io.StringWriter();
        t.write().csv(csv);
        assertTrue(csv.toString().contains("0.43848718291040006"), csv.toString());
        assertEquals("0.43848718291040006", t.column("x").getUnformattedString(0));
    }
}
