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
}
