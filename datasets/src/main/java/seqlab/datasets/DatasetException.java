package seqlab.datasets;

/**
 * A shipped data file could not be used: it is missing from the class path, fails its checksum, or has a
 * malformed row. The message names the file (and line, where there is one), the problem and the fix.
 */
public class DatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    DatasetException(String file, int line, String message) {
        super(message);
        this.file = file;
        this.line = line;
    }

    static DatasetException at(String file, int line, String problem) {
        return new DatasetException(file, line, file + " line " + line + ": " + problem
                + ". The shipped file should never look like this: restore it from git or regenerate it with datasets/prepare.");
    }

    /** The resource path of the offending file, e.g. {@code seqlab/datasets/co2/co2.csv}. */
    public String file() {
        return file;
    }

    /** 1-based line number of the problem, or 0 when it concerns the whole file. */
    public int line() {
        return line;
    }
}
