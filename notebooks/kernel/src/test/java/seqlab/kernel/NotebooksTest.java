package seqlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import seqlab.plot.PlotlyJs;
import seqlab.testing.HeadlessChromium;

/**
 * The shipped notebooks and JShell scripts ({@code notebooks/*.ipynb}, {@code notebooks/*.jsh}) run end to end:
 * every notebook is executed headless with {@code jupyter nbconvert --execute} against the seqlab kernel (a cell
 * error, or a trial that failed inside an experiment, fails it), one is converted to HTML and checked to show its
 * tables and charts offline, and every script is run with {@code jshell} the way {@code ./seqlab jshell FILE} runs
 * it. Everything runs in temporary folders with this test's own class path, so a clean {@code mvn verify} needs
 * nothing installed beforehand but Jupyter and a JDK.
 */
class NotebooksTest {

    /** The notebooks the README describes; more may be added, none may go missing. */
    static final List<String> EXPECTED = List.of("01-quick-tour", "02-text-classification", "03-translation",
            "04-forecasting", "05-vanishing-gradients", "06-engines");
    /** Executed and then converted to HTML: it has a results table, a Tablesaw table and several charts. */
    static final String HTML_CHECKED = "02-text-classification";
    /** A line an {@link seqlab.experiment.Experiment} prints for a trial that threw. */
    static final Pattern FAILED_TRIAL = Pattern.compile("\\[\\d+/\\d+\\] .* FAILED: .*");
    /** A trial's result line, as the console prints it. */
    static final Pattern TRIAL_LINE = Pattern.compile("\\[\\d+/\\d+\\] \\w+ .* seed \\d+");
    /**
     * What jshell prints for a snippet that did not compile or threw: {@code Error:} / {@code Exception ...} at the
     * start of a line when it runs a file, with the {@code |  } prefix in its interactive feedback modes.
     */
    static final Pattern JSHELL_ERROR = Pattern.compile(
            "(?m)^(\\|  )?(Error:|Exception [\\w.$]+|Caused by: |State engine terminated)");

    @TempDir
    static Path home;

    static Path notebooksDir() {
        String dir = System.getProperty("seqlab.notebooks.dir");
        Path p = dir != null ? Path.of(dir) : Path.of("").toAbsolutePath().getParent();
        if (!Files.isRegularFile(p.resolve("kernel/pom.xml"))) {
            fail("cannot find the notebooks folder (looked in " + p + "); run the tests from notebooks/kernel or set"
                    + " -Dseqlab.notebooks.dir");
        }
        return p.toAbsolutePath().normalize();
    }

    static List<Path> files(String glob) throws IOException {
        List<Path> out = new ArrayList<>();
        try (var s = Files.newDirectoryStream(notebooksDir(), glob)) {
            s.forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    static String stem(Path p) {
        String n = p.getFileName().toString();
        return n.substring(0, n.lastIndexOf('.'));
    }

    // ------------------------------------------------------------------ notebooks as saved

    @Test
    void notebooksAreSavedForTheSeqlabKernelWithOutputsCleared() throws IOException {
        List<Path> notebooks = files("*.ipynb");
        List<String> names = notebooks.stream().map(NotebooksTest::stem).toList();
        assertTrue(names.containsAll(EXPECTED), "missing notebooks: expected " + EXPECTED + ", found " + names);
        ObjectMapper json = new ObjectMapper();
        for (Path nb : notebooks) {
            JsonNode root = json.readTree(nb.toFile());
            String what = nb.getFileName().toString();
            assertEquals("seqlab", root.at("/metadata/kernelspec/name").asText(), what + ": kernelspec");
            assertEquals("java", root.at("/metadata/kernelspec/language").asText(), what + ": language");
            int markdown = 0;
            for (JsonNode cell : root.get("cells")) {
                if (cell.get("cell_type").asText().equals("markdown")) {
                    markdown++;
                } else if (cell.get("cell_type").asText().equals("code")) {
                    assertEquals(0, cell.get("outputs").size(), what + ": save it with its outputs cleared");
                    assertTrue(cell.get("execution_count").isNull(), what + ": save it with its outputs cleared");
                }
            }
            assertTrue(markdown >= 3, what + ": a notebook is a study with prose, not a bare listing");
        }
    }

    // ------------------------------------------------------------------ notebooks executed

    @TestFactory
    Stream<DynamicTest> everyNotebookExecutesWithoutErrors() throws IOException {
        List<Path> notebooks = files("*.ipynb");
        assertFalse(notebooks.isEmpty(), "no notebooks in " + notebooksDir());
        return notebooks.stream().map(nb -> DynamicTest.dynamicTest(stem(nb), () -> execute(nb)));
    }

    private static Jupyter jupyter;

    private static synchronized Jupyter jupyter() throws Exception {
        if (jupyter == null) {
            jupyter = Jupyter.withKernel(Files.createDirectories(home.resolve("jupyter")));
        }
        return jupyter;
    }

    private void execute(Path notebook) throws Exception {
        Jupyter j = jupyter();
        String name = stem(notebook);
        // a fresh folder per notebook: what it writes (runs/, reports) starts empty, so nothing is reused
        Path work = Files.createDirectories(home.resolve("nb-" + name));
        Path copy = work.resolve(notebook.getFileName());
        Files.copy(notebook, copy);
        long start = System.nanoTime();
        Jupyter.Result run = j.run(List.of("jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.kernel_name=" + Jupyter.KERNEL_NAME, "--ExecutePreprocessor.timeout=300",
                "--output", "executed", "--output-dir", work.toString(), copy.toString()), 600);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("notebook %s executed in %.1f s%n", name, seconds);
        assertEquals(0, run.code(), "executing " + name + " failed:\n" + run.out());
        Path executed = work.resolve("executed.ipynb");
        String text = Files.readString(executed, StandardCharsets.UTF_8);
        JsonNode root = new ObjectMapper().readTree(text);
        int progressBlocks = 0;
        for (JsonNode cell : root.get("cells")) {
            for (JsonNode out : cell.path("outputs")) {
                String source = text(cell.get("source"));
                if (out.path("output_type").asText().equals("error")) {
                    fail(name + ": a cell failed: " + out.path("ename").asText() + ": " + out.path("evalue").asText()
                            + "\n--- cell ---\n" + source);
                }
                String shown = text(out.path("text")) + text(out.path("data").path("text/plain"));
                Matcher failed = FAILED_TRIAL.matcher(shown);
                if (failed.find()) {
                    fail(name + ": a trial failed inside an experiment: " + failed.group() + "\n--- cell ---\n" + source);
                }
                // trial progress is one display block updated in place, never lines in red stderr boxes
                if (out.path("name").asText().equals("stderr") && TRIAL_LINE.matcher(shown).find()) {
                    fail(name + ": trial progress went to stderr:\n" + shown + "\n--- cell ---\n" + source);
                }
                progressBlocks += text(out.path("data").path("text/html")).contains("class=\"seqlab-progress\"") ? 1 : 0;
            }
        }
        if (text.contains("Experiment.") && text.contains(".run();")) {
            assertTrue(progressBlocks > 0, name + " runs an experiment but shows no progress block");
        }
        if (name.equals(HTML_CHECKED)) {
            checkHtml(j, work, executed);
        }
    }

    /** A notebook string field: either one string or a list of lines. */
    static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "";
        }
        if (node.isArray()) {
            StringBuilder b = new StringBuilder();
            node.forEach(n -> b.append(n.asText()));
            return b.toString();
        }
        return node.asText();
    }

    private static void checkHtml(Jupyter j, Path work, Path executed) throws Exception {
        Jupyter.Result html = j.run(List.of("jupyter", "nbconvert", "--to", "html", "--output-dir", work.toString(),
                executed.toString()), 300);
        assertEquals(0, html.code(), "HTML conversion failed:\n" + html.out());
        String page = Files.readString(work.resolve("executed.html"), StandardCharsets.UTF_8);
        assertTrue(page.contains("<caption>classification summary (sentiment)</caption>")
                && page.contains("<th style=\"text-align: right\">accuracy</th>") && page.contains("<td>lstm</td>"),
                "the results summary table is missing from the HTML");
        assertTrue(page.contains("<caption>lstm vs rnn</caption>")
                && page.contains("<th style=\"text-align: right\">paired_t_p</th>"),
                "the paired-test table is missing from the HTML");
        assertFalse(Pattern.compile("<td[^>]*>\\d+\\.\\d{7,}</td>").matcher(page).find(),
                "a table shows a number with more digits than it means");
        String banner = "plotly.js v" + PlotlyJs.version();
        assertEquals(1, count(page, banner), "plotly.js must be inlined exactly once in the HTML");
        assertTrue(count(page, "Plotly.newPlot(") >= 4, "charts missing from the HTML");
        assertTrue(page.contains("Validation accuracy by epoch"), "the curves chart is missing from the HTML");
        Matcher cdn = Pattern.compile("<script[^>]+src=\"[^\"]*plot\\.?ly[^\"]*\"").matcher(page);
        assertFalse(cdn.find(), "the page loads plotly.js from a CDN");
        // as a reader sees it: every chart drawn, no two traces of a chart alike, no legend spilling out
        if (HeadlessChromium.skipReason().isEmpty()) {
            var rendering = HeadlessChromium.create().windowSize(1100, 3000)
                    .render(work.resolve("executed.html"), work.resolve("executed.png"));
            // Debian's nbconvert template links require.js and MathJax from /usr/share/javascript (libjs-requirejs,
            // libjs-mathjax); where those packages are absent the template's own links fail, which is not this page's
            List<String> errors = rendering.consoleErrors().stream()
                    .filter(e -> !e.startsWith("failed to load file:///usr/share/javascript/")).toList();
            assertTrue(rendering.allChartsDrawn() && errors.isEmpty() && rendering.externalRequests().isEmpty(),
                    rendering.describe());
            assertEquals(List.of(), rendering.lookAlikes(), rendering.describe());
            assertEquals(List.of(), rendering.overflowingLegends(), rendering.describe());
        }
    }

    static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    // ------------------------------------------------------------------ JShell scripts

    @TestFactory
    Stream<DynamicTest> everyJShellScriptRunsHeadless() throws IOException {
        List<Path> scripts = files("*.jsh");
        assertFalse(scripts.isEmpty(), "no JShell scripts in " + notebooksDir());
        return scripts.stream().map(s -> DynamicTest.dynamicTest(stem(s), () -> runScript(s)));
    }

    /** The JDK's jshell next to the java running this test, or the test is skipped (failed under CI=true). */
    static Path jshell() {
        Path p = Path.of(System.getProperty("java.home"), "bin", "jshell");
        if (!Files.isExecutable(p)) {
            String message = "jshell is missing from " + System.getProperty("java.home")
                    + ": the JShell scripts need a full JDK (apt-get install openjdk-17-jdk-headless)";
            if ("true".equals(System.getenv("CI"))) {
                fail(message + " [CI=true: failing instead of skipping]");
            }
            Assumptions.abort(message);
        }
        return p;
    }

    /** The launcher's start-up script, from the class path (it ships in seqlab-experiments). */
    static Path startup() throws IOException {
        Path file = home.resolve("startup.jsh");
        if (!Files.exists(file)) {
            try (InputStream in = Objects.requireNonNull(NotebooksTest.class.getResourceAsStream("/seqlab/startup.jsh"),
                    "seqlab/startup.jsh is not on the class path: seqlab-experiments must be")) {
                Files.copy(in, file);
            }
        }
        return file;
    }

    /**
     * The README's JShell example, as a user pastes it into {@code ./seqlab jshell}, runs in the {@code jshell} binary
     * itself (not only through the kernel), trains the models it compares and prints their summary.
     */
    @Test
    void readmeJShellExampleRunsInJShell() throws Exception {
        Path readme = notebooksDir().getParent().resolve("README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int section = text.indexOf("\n## In JShell\n");
        assertTrue(section >= 0, "README.md has no '## In JShell' section");
        int start = text.indexOf("```java\n", section) + "```java\n".length();
        int end = text.indexOf("```", start);
        String example = text.substring(start, end);
        assertTrue(example.contains("run();"), "the README's JShell example runs an experiment:\n" + example);
        Path script = home.resolve("readme-example.jsh");
        Files.writeString(script, example + "/exit\n", StandardCharsets.UTF_8);
        Path work = runScript(script);
        // jshell shows expression values only when typed, so the trials' lines and the written report are the evidence
        String err = Files.readString(work.resolve("stderr.txt"), StandardCharsets.UTF_8);
        Matcher reports = Pattern.compile("out\\(Path\\.of\\(\"([^\"]+)\"\\)\\)").matcher(example);
        assertTrue(reports.find(), "the example writes its results to a folder it names:\n" + example);
        String summary = Files.readString(work.resolve(reports.group(1)).resolve("summary.csv"), StandardCharsets.UTF_8);
        for (String model : List.of("bilstm", "lstm", "gru", "majority")) {
            assertTrue(err.contains(" " + model + " seed 2 on reference: accuracy"), model + " trained\n" + tail(err));
            assertTrue(summary.lines().anyMatch(l -> l.startsWith(model + ",")), model + " in summary.csv\n" + summary);
        }
        assertTrue(Files.isRegularFile(work.resolve(reports.group(1)).resolve("index.html")), "the report was written");
    }

    /** Runs a JShell script the way {@code ./seqlab jshell FILE} does; returns its folder (stdout.txt, stderr.txt). */
    private Path runScript(Path script) throws Exception {
        String name = stem(script);
        List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
        String last = lines.stream().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("/exit"), name + ".jsh must end with /exit, or jshell waits for input after it");
        Path work = Files.createDirectories(home.resolve("jsh-" + name));
        // the same flags as ./seqlab jshell with its output going to files, with this test's class path
        List<String> cmd = List.of(jshell().toString(), "--class-path", System.getProperty("java.class.path"),
                "-R--add-modules", "-Rjdk.incubator.vector", "-R-Xss8m", "-R-Dseqlab.progress=false",
                "-R-Dseqlab.charts=" + work.resolve("charts"),
                "--add-modules", "jdk.incubator.vector", "--startup", "DEFAULT", "--startup", startup().toString(),
                script.toString());
        long start = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(work.resolve("stdout.txt").toFile())
                .redirectError(work.resolve("stderr.txt").toFile());
        Process p = pb.start();
        boolean done = p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("script %s ran in %.1f s%n", name, seconds);
        String out = Files.readString(work.resolve("stdout.txt"), StandardCharsets.UTF_8);
        String err = Files.readString(work.resolve("stderr.txt"), StandardCharsets.UTF_8);
        String both = "--- stdout ---\n" + tail(out) + "\n--- stderr ---\n" + tail(err);
        assertTrue(done, name + ".jsh did not finish in 300 s\n" + both);
        assertEquals(0, p.exitValue(), name + ".jsh exited with " + p.exitValue() + "\n" + both);
        Matcher error = JSHELL_ERROR.matcher(err + "\n" + out);
        assertFalse(error.find(), name + ".jsh: jshell reported an error (" + (error.find(0) ? error.group() : "")
                + ")\n" + both);
        Matcher failed = FAILED_TRIAL.matcher(err);
        assertFalse(failed.find(), name + ".jsh: a trial failed: " + (failed.find(0) ? failed.group() : ""));
        assertFalse(out.contains("jshell>"), name + ".jsh fell through to the interactive prompt\n" + both);
        assertFalse(err.contains("\r") || out.contains("\r"), name + ".jsh drew carriage-return frames into a file\n"
                + both);
        return work;
    }

    private static String tail(String s) {
        return s.length() <= 6000 ? s : "..." + s.substring(s.length() - 6000);
    }
}
