package seqlab.data;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A header and rows of text cells, read from a delimited file or a Tablesaw table, with what every error message
 * needs: where the data came from and the row number a user would look up.
 *
 * <p>Files are decoded as strict UTF-8 (a leading byte-order mark is dropped; any other invalid byte is an error
 * naming its row) and parsed with univocity's RFC 4180 parser (quoted fields may hold separators, quotes written
 * {@code ""} and line breaks). The separator is a tab for {@code .tsv} and {@code .tab} files and a comma for
 * {@code .csv}; for other names it is guessed from the header (tab, then semicolon, then comma). Rows that are
 * entirely empty are skipped but still counted, so row numbers stay those a spreadsheet shows.
 *
 * @param where      how messages name the data: the file name, or {@code table 'name'}
 * @param source     the absolute path, or a description of the table, for {@link DatasetInfo#source()}
 * @param name       a short dataset name: the file name without extension, or the table's name
 * @param sha256     the file's SHA-256, or {@code ""} for a table
 * @param header     column names, trimmed
 * @param rows       cells of each data row, as many as the header has columns
 * @param rowNumbers the 1-based row of each data row (the header is row 1 of a file; a table's first row is 1)
 */
record TabularData(String where, String source, String name, String sha256, List<String> header, List<String[]> rows,
                   List<Integer> rowNumbers) {

    /** Reads a delimited text file. */
    static TabularData read(Path path) {
        Path file = path.toAbsolutePath().normalize();
        String where = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new DataFileException(file.toString(), 0, file + " is a directory; give the path of a CSV or TSV file");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file.toString(), 0, "No such file: " + file + " (the working directory is "
                    + Path.of("").toAbsolutePath() + "); check the path");
        } catch (IOException e) {
            throw new DataFileException(file.toString(), 0, "Cannot read " + file + ": " + e.getMessage()
                    + "; check that the file is readable");
        }
        if (bytes.length == 0) {
            throw new DataFileException(file.toString(), 0, where + " is empty; a data file starts with a header row"
                    + " naming its columns, e.g. text,label");
        }
        String text = decode(file.toString(), where, bytes);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);  // the byte-order mark spreadsheets put at the start of UTF-8 files
        }
        char separator = separator(where, text);
        checkQuotes(file.toString(), where, text, separator);
        CsvParserSettings settings = new CsvParserSettings();
        settings.getFormat().setDelimiter(separator);
        settings.setLineSeparatorDetectionEnabled(true);
        settings.setMaxCharsPerColumn(-1);
        settings.setMaxColumns(100_000);
        settings.setSkipEmptyLines(false);
        settings.setIgnoreLeadingWhitespaces(false);
        settings.setIgnoreTrailingWhitespaces(false);
        settings.setNullValue("");
        settings.setEmptyValue("");
        CsvParser parser = new CsvParser(settings);
        List<String> header = null;
        List<String[]> rows = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        int row = 0;
        try {
            parser.beginParsing(new StringReader(text));
            String[] cells;
            while ((cells = parser.parseNext()) != null) {
                row++;
                if (blank(cells)) {
                    continue;
                }
                if (header == null) {
                    header = header(file.toString(), where, row, cells);
                    continue;
                }
                if (cells.length != header.size()) {
                    throw new DataFileException(file.toString(), row, where + " row " + row + " has " + cells.length
                            + " fields but the header has " + header.size() + " (" + String.join(", ", header)
                            + "); quote values that contain the separator '" + printable(separator) + "'");
                }
                rows.add(cells);
                numbers.add(row);
            }
        } catch (TextParsingException e) {
            throw new DataFileException(file.toString(), row + 1, where + " row " + (row + 1) + " cannot be parsed: "
                    + firstLine(e.getMessage()) + "; check its quotes and separators");
        } finally {
            parser.stopParsing();
        }
        if (header == null) {
            throw new DataFileException(file.toString(), 0, where + " has only empty lines; a data file starts with a"
                    + " header row naming its columns");
        }
        if (rows.isEmpty()) {
            throw new DataFileException(file.toString(), 0, where + " has a header (" + String.join(", ", header)
                    + ") but no data rows");
        }
        String stem = where.contains(".") ? where.substring(0, where.lastIndexOf('.')) : where;
        return new TabularData(where, file.toString(), stem.isBlank() ? where : stem, sha256(bytes), header, rows, numbers);
    }

    /** Reads a Tablesaw table; dates become ISO text, numbers their shortest round-trip text, missing values "". */
    static TabularData of(Table table) {
        String name = table.name() == null || table.name().isBlank() ? "table" : table.name();
        String where = "table '" + name + "'";
        List<String> header = new ArrayList<>(table.columnNames());
        Set<String> seen = new HashSet<>();
        for (String h : header) {
            if (!seen.add(h)) {
                throw new DataFileException(name, 0, where + " has two columns named '" + h + "'; rename one");
            }
        }
        if (table.rowCount() == 0) {
            throw new DataFileException(name, 0, where + " has no rows");
        }
        List<Column<?>> columns = table.columns();
        List<String[]> rows = new ArrayList<>(table.rowCount());
        List<Integer> numbers = new ArrayList<>(table.rowCount());
        for (int r = 0; r < table.rowCount(); r++) {
            String[] cells = new String[columns.size()];
            for (int c = 0; c < cells.length; c++) {
                cells[c] = cell(columns.get(c), r);
            }
            rows.add(cells);
            numbers.add(r + 1);
        }
        return new TabularData(where, "Tablesaw table '" + name + "' (" + table.rowCount() + " rows, columns "
                + String.join(", ", header) + ")", name, "", header, rows, numbers);
    }

    /** The index of column {@code name}, or an error listing the columns there are. */
    int column(String name, String role) {
        if (name == null || name.isBlank()) {
            throw new DataFileException(source, 0, where + ": no " + role + " column given; choose one of "
                    + String.join(", ", header));
        }
        int ix = header.indexOf(name);
        if (ix < 0) {
            String near = "";
            for (String h : header) {
                if (h.equalsIgnoreCase(name)) {
                    near = " (column names are case-sensitive: did you mean '" + h + "'?)";
                }
            }
            throw new DataFileException(source, 0, where + " has no " + role + " column '" + name + "'" + near
                    + "; its columns are " + String.join(", ", header));
        }
        return ix;
    }

    /** An error at data row {@code index} (0-based in {@link #rows()}), worded with the row a user sees. */
    DataFileException error(int index, String problem) {
        int row = rowNumbers.get(index);
        return new DataFileException(source, row, where + " row " + row + ": " + problem);
    }

    /** An error about the data as a whole. */
    DataFileException error(String problem) {
        return new DataFileException(source, 0, where + ": " + problem);
    }

    /** Provenance for a dataset made from this data: named after the file or table. */
    DatasetInfo info(String task, int size, String datasetName) {
        return new DatasetInfo(datasetName, task, size, "unknown (user data)", source, sha256);
    }

    // ------------------------------------------------------------------ files

    private static String decode(String source, String where, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        if (decoder.decode(in, out, true).isError()) {
            // Counted in lines: the same as rows unless a quoted value before it spans lines.
            int offset = in.position();
            int line = 1;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new DataFileException(source, line, where + " row " + line + ": byte 0x"
                    + String.format(Locale.ROOT, "%02X", bytes[offset] & 0xFF) + " at byte offset " + offset
                    + " is not UTF-8; save the file as UTF-8 (e.g. \"CSV UTF-8\" in a spreadsheet, or iconv -f latin1"
                    + " -t utf-8)");
        }
        try {
            decoder.flush(out);
        } catch (IllegalStateException e) {
            throw new AssertionError(e);
        }
        out.flip();
        return out.toString();
    }

    private static char separator(String where, String text) {
        String lower = where.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".tsv") || lower.endsWith(".tab")) {
            return '\t';
        }
        if (lower.endsWith(".csv")) {
            return ',';
        }
        int end = text.indexOf('\n');
        String first = end < 0 ? text : text.substring(0, end);
        if (first.indexOf('\t') >= 0) {
            return '\t';
        }
        if (first.indexOf(';') >= 0 && first.indexOf(',') < 0) {
            return ';';
        }
        return ',';
    }

    /**
     * A quote opened and never closed would make the parser read the rest of the file as one value; find it first
     * and name the row where it opened.
     */
    private static void checkQuotes(String source, String where, String text, char separator) {
        boolean quoted = false;
        boolean fieldStart = true;
        int line = 1;
        int openedAt = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        i++;
                    } else {
                        quoted = false;
                    }
                } else if (ch == '\n') {
                    line++;
                }
                continue;
            }
            if (ch == '"' && fieldStart) {
                quoted = true;
                openedAt = line;
            } else if (ch == '\n') {
                line++;
            }
            fieldStart = ch == '\n' || ch == separator || ch == '\r';
        }
        if (quoted) {
            throw new DataFileException(source, openedAt, where + " row " + openedAt + ": a quoted value opens with \""
                    + " but never closes; add the closing quote (a quote inside a quoted value is written \"\")");
        }
    }

    private static List<String> header(String source, String where, int row, String[] cells) {
        List<String> header = new ArrayList<>(cells.length);
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < cells.length; c++) {
            String h = cells[c].strip();
            if (h.isEmpty()) {
                throw new DataFileException(source, row, where + " row " + row + ": header column " + (c + 1)
                        + " has no name; name every column in the first row");
            }
            if (!seen.add(h)) {
                throw new DataFileException(source, row, where + " row " + row + ": two columns are named '" + h
                        + "'; rename one");
            }
            header.add(h);
        }
        return List.copyOf(header);
    }

    private static boolean blank(String[] cells) {
        for (String c : cells) {
            if (c != null && !c.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static String printable(char separator) {
        return separator == '\t' ? "\\t" : String.valueOf(separator);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed input";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }

    // ------------------------------------------------------------------ tables

    private static String cell(Column<?> column, int r) {
        if (column.isMissing(r)) {
            return "";
        }
        Object v = column.get(r);
        if (v instanceof Double d) {
            return Double.toString(d);
        }
        if (v instanceof Float f) {
            return Float.toString(f);
        }
        if (v instanceof LocalDate d) {
            return d.toString();
        }
        if (v instanceof LocalDateTime t) {
            return t.toString();
        }
        return String.valueOf(v);
    }
}
