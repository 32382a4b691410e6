package seqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./seqlab compare --data FILE}: the canonical comparison on the user's own file, the report naming where the
 * data came from, and for each kind of bad input one line naming the file, the row and the problem, exit status 2,
 * and no output folder.
 */
class CompareDataTest {
    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private static Run compare(String... args) {
        PrintStream out = System.out, err = System.err;
        var o = new ByteArrayOutputStream();
        var e = new ByteArrayOutputStream();
        int[] rc = new int[1];
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            List<String> all = new ArrayList<>(List.of("compare"));
            all.addAll(List.of(args));
            rc[0] = Main.run(all.toArray(new String[0]));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Run(rc[0], o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    private Path write(String name, String content) throws IOException {
        return write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    /** The run fails with status 2, its first line holding every fragment, and writes nothing. */
    private void refused(List<String> args, String... fragments) {
        Path out = dir.resolve("out-" + Math.abs(args.hashCode()));
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--out", out.toString(), "--seeds", "1"));
        Run r = compare(all.toArray(new String[0]));
        assertEquals(2, r.status(), r.err());
        String first = r.err().lines().findFirst().orElse("");
        for (String f : fragments) {
            assertTrue(first.contains(f), "expected '" + f + "' in the first line of: " + r.err());
        }
        assertTrue(first.startsWith("seqlab: "), first);
        assertFalse(Files.exists(out), "nothing written for " + args);
    }

    private static String monthly(int n) {
        StringBuilder sb = new StringBuilder("date,units,price\n");
        for (int i = 0; i < n; i++) {
            sb.append(String.format("%d-%02d-01,%.2f,%.2f%n", 2015 + i / 12, i % 12 + 1,
                    100 + i + 20 * Math.sin(2 * Math.PI * i / 12) + 3 * Math.sin(7.1 * i), 10 + (i * 7 % 5) / 5.0));
        }
        return sb.toString();
    }

    @Test
    void everyKindOfBadForecastingFileIsOneLineNamingFileRowAndProblem() throws IOException {
        String f = "forecasting";
        refused(List.of("--task", f, "--data", dir.resolve("nope.csv").toString()), "No such file", "nope.csv");
        Path sales = write("sales.csv", monthly(60));
        refused(List.of("--task", f, "--data", sales.toString(), "--value-column", "unit"),
                "sales.csv has no value column 'unit'", "its columns are date, units, price");
        refused(List.of("--task", f, "--data", write("date.csv", "date,units\n2020-01-01,1\n2020-13-01,2\n").toString(),
                "--value-column", "units"), "date.csv row 3", "2020-13-01");
        refused(List.of("--task", f, "--data", write("num.csv", "date,units\n2020-01-01,1\n2020-02-01,twelve\n").toString(),
                "--value-column", "units"), "num.csv row 3", "twelve", "not a number");
        refused(List.of("--task", f, "--data", write("dup.csv", "date,units\n2020-01-01,1\n2020-02-01,2\n2020-02-01,3\n")
                .toString(), "--value-column", "units"), "dup.csv row 4", "repeats row 3");
        refused(List.of("--task", f, "--data", write("sort.csv", "date,units\n2020-02-01,1\n2020-01-01,2\n2020-03-01,3\n")
                .toString(), "--value-column", "units"), "sort.csv row 3", "comes before", "sort the rows by date");
        refused(List.of("--task", f, "--data", write("gap.csv", "date,units\n2020-01-01,1\n2020-02-01,2\n2020-04-01,4\n")
                .toString(), "--value-column", "units"), "gap.csv row 3", "2020-03-01", "add --missing interpolate");
        refused(List.of("--task", f, "--data", write("empty.csv", "").toString()), "empty.csv is empty");
        refused(List.of("--task", f, "--data", write("latin1.csv", "date,units\n2020-01-01,caf\u00e9\n"
                .getBytes(StandardCharsets.ISO_8859_1)).toString(), "--value-column", "units"), "latin1.csv row 2",
                "not UTF-8");
        refused(List.of("--task", f, "--data", write("short.csv", monthly(20)).toString(), "--value-column", "units"),
                "short:units", "20 points", "need at least");
        refused(List.of("--task", f, "--data", sales.toString(), "--value-column", "units", "--frequency", "hourly"),
                "--frequency 'hourly'", "quarterly");
        refused(List.of("--task", f, "--data", sales.toString(), "--value-column", "units", "--missing", "zero"),
                "--missing 'zero'", "reject or interpolate");
        refused(List.of("--task", f, "--data", sales.toString(), "--value-column", "units", "--global"),
                "--global", "--key-column");
    }

    @Test
    void badTextFilesAndMisplacedOptionsAreOneLineToo() throws IOException {
        Path reviews = write("reviews.csv", "text,label\ngood,pos\n  ,neg\nbad,neg\n");
        refused(List.of("--task", "classification", "--data", reviews.toString()), "reviews.csv row 3",
                "text column 'text' is empty");
        refused(List.of("--task", "classification", "--data", write("one.csv", "text,label\na,pos\nb,pos\n").toString()),
                "single class");
        refused(List.of("--task", "classification", "--data", reviews.toString(), "--text-column", "review"),
                "no text column 'review'");
        refused(List.of("--task", "translation", "--data", write("pairs.tsv", "de\ten\nHallo\tHello\nJa\t \n").toString(),
                "--source-column", "de", "--target-column", "en"), "pairs.tsv row 3", "target column 'en' is empty");
        refused(List.of("--data", reviews.toString()), "--data", "choose it with --task");
        refused(List.of("--task", "forecasting", "--data", reviews.toString(), "--text-column", "text"),
                "--text-column is for --task classification, not forecasting");
        refused(List.of("--task", "classification", "--label-column", "label"), "--label-column", "add --data");
        refused(List.of("--task", "classification", "--data", ""), "--data is empty");
    }

    @Test
    void aForecastingFileRunsTheCanonicalComparisonAndTheReportNamesIt() throws Exception {
        Path sales = write("sales.csv", monthly(72));
        Path out = dir.resolve("report");
        Run r = compare("--task", "forecasting", "--data", sales.toString(), "--value-column", "units",
                "--future-covariates", "price", "--origins", "2", "--models", "cnn", "--seeds", "1", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(sales)));
        String where = "Data: sales (72 points) from " + sales.toAbsolutePath().normalize() + ", SHA-256 " + sha;
        assertTrue(r.out().contains(where), r.out());
        for (Path page : List.of(out.resolve("index.html"), out.resolve("forecasting/index.html"))) {
            assertTrue(Files.readString(page).contains(where), page.toString());
        }
        String csv = Files.readString(out.resolve("forecasting/results.csv"));
        assertTrue(csv.contains("sales:units[future=sales:price]") && csv.contains("holt-winters-multiplicative")
                && csv.contains("cnn"), csv);
        assertTrue(r.out().contains("cnn"), r.out());
    }

    @Test
    void aTextFileRunsTheCanonicalClassification() throws Exception {
        StringBuilder sb = new StringBuilder("review,stars\n");
        for (int i = 0; i < 80; i++) {
            sb.append(i % 2 == 0 ? "a fine good film " + i + ",good\n" : "a dull bad film " + i + ",bad\n");
        }
        Path file = write("films.csv", sb.toString());
        Path out = dir.resolve("films");
        Run r = compare("--task", "classification", "--data", file.toString(), "--text-column", "review",
                "--label-column", "stars", "--models", "cnn", "--seeds", "1", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.readString(out.resolve("classification/index.html")).contains("Data: films (80 rows) from "
                + file.toAbsolutePath().normalize()));
    }
}
