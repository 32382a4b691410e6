package seqlab.data;

/**
 * User data (a CSV/TSV file or a Tablesaw table) that cannot be loaded as asked. The message is one line: the file
 * (or table), the row where there is one, the problem and the fix, e.g. {@code sales.csv row 14: column 'units'
 * holds 'twelve', which is not a number; write a number, or leave the cell empty for a missing value}.
 */
public class DataFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int row;

    DataFileException(String source, int row, String message) {
        super(message);
        this.source = source;
        this.row = row;
    }

    /** The file path or table name the problem is in. */
    public String source() {
        return source;
    }

    /** The 1-based row (the header is row 1 of a file, as a spreadsheet shows it), or 0 for the whole file. */
    public int row() {
        return row;
    }
}
