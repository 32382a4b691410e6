package seqlab.datasets;

import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import seqlab.data.DatasetInfo;
import seqlab.data.Frequency;
import seqlab.data.LabeledText;
import seqlab.data.MissingPolicy;
import seqlab.data.ParallelCorpus;
import seqlab.data.SentencePair;
import seqlab.data.TextDataset;
import seqlab.data.TimeSeries;

/** Parses verified files into the {@code seqlab.data} types. Strict: any surprise is a {@link DatasetException}. */
final class Loader {

    /** A text dataset and, row by row, the sub-corpus each row came from (null when the spec has none). */
    record ParsedText(TextDataset dataset, List<String> groups) {
    }

    private final ResourceFiles files;

    Loader(ResourceFiles files) {
        this.files = files;
    }

    ParsedText text(Spec.Text spec) {
        ResourceFiles.Verified f = files.read(spec.folder(), spec.file());
        checkHeader(f, "\t", spec.header());
        int textIx = spec.header().indexOf(spec.textColumn());
        int labelIx = spec.header().indexOf(spec.labelColumn());
        int groupIx = spec.groupColumn() == null ? -1 : spec.header().indexOf(spec.groupColumn());
        List<LabeledText> rows = new ArrayList<>(f.lines().size());
        List<String> groups = new ArrayList<>(f.lines().size());
        for (int i = 1; i < f.lines().size(); i++) {
            String[] cells = fields(f, i, "\t", spec.header().size(), "tab");
            String text = cells[textIx];
            String label = cells[labelIx];
            if (text.isBlank()) {
                throw DatasetException.at(f.path(), i + 1, "column '" + spec.textColumn() + "' is empty");
            }
            if (!spec.labels().contains(label)) {
                throw DatasetException.at(f.path(), i + 1, "label '" + label + "' is not one of " + spec.labels());
            }
            rows.add(new LabeledText(text, label));
            groups.add(groupIx < 0 ? null : cells[groupIx]);
        }
        TextDataset ds = new TextDataset(info(spec, rows.size(), f.sha256()), rows, spec.labels());
        return new ParsedText(ds, groups);
    }

    ParallelCorpus pairs(Spec.Pairs spec) {
        ResourceFiles.Verified f = files.read(spec.folder(), spec.file());
        checkHeader(f, "\t", List.of(spec.sourceLanguage(), spec.targetLanguage()));
        List<SentencePair> pairs = new ArrayList<>(f.lines().size());
        for (int i = 1; i < f.lines().size(); i++) {
            String[] cells = fields(f, i, "\t", 2, "tab");
            if (cells[0].isBlank() || cells[1].isBlank()) {
                throw DatasetException.at(f.path(), i + 1, "an empty sentence");
            }
            pairs.add(new SentencePair(cells[0], cells[1]));
        }
        return new ParallelCorpus(info(spec, pairs.size(), f.sha256()), spec.sourceLanguage(), spec.targetLanguage(), pairs);
    }

    /** Every numeric column of the file as a series, in file order. */
    Map<String, TimeSeries> series(Spec.Series spec, MissingPolicy policy) {
        ResourceFiles.Verified f = files.read(spec.folder(), spec.file());
        checkHeader(f, ",", spec.header());
        int n = spec.header().size();
        int[] colIx = spec.columns().stream().mapToInt(c -> spec.header().indexOf(c)).toArray();
        List<LocalDate> grid = new ArrayList<>();
        List<double[]> points = new ArrayList<>();  // one array of column values per grid point
        // Line numbers of observed grid points; an absent row is stored as minus the next row's line.
        List<Integer> lineOf = new ArrayList<>();
        double[] absent = new double[colIx.length];
        Arrays.fill(absent, Double.NaN);
        for (int i = 1; i < f.lines().size(); i++) {
            String[] cells = fields(f, i, ",", n, "comma");
            LocalDate date = parseTime(f, i, cells[0], spec.frequency());
            if (!grid.isEmpty()) {
                LocalDate prev = grid.get(grid.size() - 1);
                if (!date.isAfter(prev)) {
                    throw DatasetException.at(f.path(), i + 1, "time " + cells[0] + " is not after the previous row's "
                            + prev + "; rows must be in increasing time order without repeats");
                }
                LocalDate expected = spec.frequency().plus(prev, 1);
                while (expected.isBefore(date)) {  // an absent row: a missing point on the grid
                    grid.add(expected);
                    points.add(absent);
                    lineOf.add(-(i + 1));
                    expected = spec.frequency().plus(expected, 1);
                }
                if (!expected.equals(date)) {
                    throw DatasetException.at(f.path(), i + 1, "time " + cells[0] + " is not on the " + spec.frequency().label()
                            + " grid that starts at " + grid.get(0) + " (the next grid point is " + expected + ")");
                }
            }
            double[] point = new double[colIx.length];
            for (int c = 0; c < colIx.length; c++) {
                point[c] = parseValue(f, i, spec.header().get(colIx[c]), cells[colIx[c]]);
            }
            grid.add(date);
            points.add(point);
            lineOf.add(i + 1);
        }
        Map<String, TimeSeries> out = new LinkedHashMap<>();
        for (int c = 0; c < colIx.length; c++) {
            String column = spec.columns().get(c);
            double[] raw = new double[grid.size()];
            for (int g = 0; g < raw.length; g++) {
                raw[g] = points.get(g)[c];
            }
            out.put(column, fill(spec, f, column, grid, raw, lineOf, policy));
        }
        return out;
    }

    private TimeSeries fill(Spec.Series spec, ResourceFiles.Verified f, String column, List<LocalDate> grid,
                            double[] raw, List<Integer> lineOf, MissingPolicy policy) {
        int first = 0;
        while (first < raw.length && Double.isNaN(raw[first])) {
            first++;
        }
        int last = raw.length - 1;
        while (last >= first && Double.isNaN(raw[last])) {
            last--;
        }
        if (first > last) {
            throw new DatasetException(f.path(), 0, f.path() + ": column '" + column + "' has no values at all;"
                    + " restore the file from git or regenerate it with datasets/prepare.");
        }
        if (policy == MissingPolicy.REJECT) {
            for (int g = 0; g < raw.length; g++) {
                if (Double.isNaN(raw[g])) {
                    int line = Math.abs(lineOf.get(g));
                    String where = lineOf.get(g) < 0 ? "no row for " + grid.get(g) + " (before line " + line + ")"
                            : "an empty value at line " + line;
                    throw new DatasetException(f.path(), line, f.path() + ": column '" + column + "' has " + where
                            + " and the missing-value policy is REJECT; load with MissingPolicy.LINEAR_INTERPOLATION"
                            + " to fill interior gaps.");
                }
            }
        }
        MissingPolicy.Filled filled = MissingPolicy.interpolate(raw, first, last + 1);
        List<LocalDate> ts = grid.subList(first, last + 1);
        DatasetInfo info = info(spec, ts.size(), f.sha256());
        return new TimeSeries(info, column, ts, filled.values(), spec.frequency(), spec.seasonalPeriod(), policy,
                filled.imputed());
    }

    private static DatasetInfo info(Spec spec, int size, String sha256) {
        return new DatasetInfo(spec.name(), spec.task(), size, spec.licence(), spec.source(), sha256);
    }

    private static void checkHeader(ResourceFiles.Verified f, String sep, List<String> expected) {
        if (f.lines().isEmpty()) {
            throw DatasetException.at(f.path(), 1, "the file is empty; expected the header " + String.join(sep, expected));
        }
        List<String> actual = List.of(f.lines().get(0).split(sep, -1));
        if (!actual.equals(expected)) {
            throw DatasetException.at(f.path(), 1, "header is " + actual + " but the loader expects " + expected);
        }
    }

    private static String[] fields(ResourceFiles.Verified f, int index, String sep, int expected, String sepName) {
        String[] cells = f.lines().get(index).split(sep, -1);
        if (cells.length != expected) {
            throw DatasetException.at(f.path(), index + 1, "expected " + expected + " " + sepName + "-separated fields"
                    + " (as in the header) but found " + cells.length);
        }
        return cells;
    }

    private static LocalDate parseTime(ResourceFiles.Verified f, int index, String cell, Frequency frequency) {
        try {
            return switch (frequency) {
                case DAILY, WEEKLY -> LocalDate.parse(cell);
                case MONTHLY -> YearMonth.parse(cell).atDay(1);
                case QUARTERLY -> quarter(cell);
                case YEARLY -> Year.parse(cell).atDay(1);
            };
        } catch (DateTimeParseException e) {
            String form = switch (frequency) {
                case DAILY, WEEKLY -> "yyyy-MM-dd";
                case MONTHLY -> "yyyy-MM";
                case QUARTERLY -> "yyyy-Qn";
                case YEARLY -> "yyyy";
            };
            throw DatasetException.at(f.path(), index + 1, "time '" + cell + "' is not of the form " + form);
        }
    }

    /** {@code 1959-Q2} is 1959-04-01. */
    private static LocalDate quarter(String cell) {
        if (!cell.matches("\\d{4}-Q[1-4]")) {
            throw new DateTimeParseException("not a quarter", cell, 0);
        }
        return LocalDate.of(Integer.parseInt(cell.substring(0, 4)), 3 * (cell.charAt(6) - '0') - 2, 1);
    }

    private static double parseValue(ResourceFiles.Verified f, int index, String column, String cell) {
        if (cell.isEmpty()) {
            return Double.NaN;  // missing; handled by the policy, never read as zero
        }
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw DatasetException.at(f.path(), index + 1, "column '" + column + "' value '" + cell + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw DatasetException.at(f.path(), index + 1, "column '" + column + "' value '" + cell
                    + "' is not a finite number (a missing value is an empty field)");
        }
        return v;
    }
}
