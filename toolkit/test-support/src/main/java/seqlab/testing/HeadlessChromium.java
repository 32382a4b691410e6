package seqlab.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Opens an HTML page in headless Chromium, the way a reader's browser would, and says what happened: whether
 * every Plotly chart drew its traces, which errors reached the console, which resources were fetched from
 * outside the page, and (optionally) a screenshot. Tests of reports and of notebooks converted to HTML use it.
 *
 * <p>How it knows: it renders a copy of the page (next to the original, so relative links still resolve) into
 * which a small probe script is inserted first in the head. The probe records uncaught errors, unhandled
 * promise rejections, {@code console.error} calls and failed resource loads; every 100 ms of page time it
 * writes them, the resources the page fetched, and per Plotly chart the number of SVG roots, trace groups and
 * drawn marks (line paths, points, bars, heatmap images) into a JSON element. Chromium runs with a virtual time
 * budget (timers fast-forward, so the page gets seconds of script time in a fraction of that) and then dumps
 * the DOM, from which the JSON is read. This is deterministic, unlike parsing Chromium's log output.
 *
 * <p>The browser is Debian's {@code chromium} package (or {@code $SEQLAB_CHROMIUM}, or chromium-browser /
 * google-chrome on the PATH). It runs without network: background services are off and every host name
 * resolves to nothing, so a page that still tries to reach a CDN shows up as a failed request.
 */
public final class HeadlessChromium {
    /** The Debian package that provides the browser. */
    public static final String DEBIAN_PACKAGE = "chromium";
    /** Environment variable naming the browser executable, when it is not on the PATH. */
    public static final String ENV_EXECUTABLE = "SEQLAB_CHROMIUM";

    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome",
            "google-chrome-stable", "chrome");
    private static final String PROBE_ID = "seqlab-headless-probe";
    private static final Pattern PROBE_OUT = Pattern.compile(
            "<script type=\"application/json\" id=\"" + PROBE_ID + "\">(.*?)</script>", Pattern.DOTALL);
    private static final Pattern HEAD = Pattern.compile("<head(\\s[^>]*)?>", Pattern.CASE_INSENSITIVE);
    private static final Pattern HTML = Pattern.compile("<html(\\s[^>]*)?>", Pattern.CASE_INSENSITIVE);
    private static final Pattern NEWPLOT_LITERAL = Pattern.compile("Plotly\\.(?:newPlot|react|plot)\\(\\s*[\"']([^\"']+)[\"']");
    private static final Pattern GET_BY_ID = Pattern.compile("getElementById\\(\\s*[\"']([^\"']+)[\"']\\s*\\)");
    private static final Pattern SCRIPT = Pattern.compile("<script[^>]*>(.*?)</script>",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    /** The first line of plotly.js's licence header, in every build of the library. */
    private static final String PLOTLY_BANNER = "* plotly.js v";
    private static final ObjectMapper JSON = new ObjectMapper();

    /*
     * The probe. It must run before any other script (so it sees errors thrown while plotly.js loads), must not
     * need <body> (it is in the head), and keeps its output out of "<" so the JSON survives DOM serialisation
     * inside a <script> element. A chart is any element Plotly took over (class js-plotly-plot) or whose id the
     * host lists in window.__seqlabExpectedCharts.
     */
    private static final String PROBE = """
            <script>
            (function () {
              var errors = [], timer = null, settled = false;
              function rec(m) {
                errors.push(String(m).slice(0, 2000));
                if (settled) { probe(); }
              }
              window.addEventListener('error', function (e) {
                var t = e.target;
                if (t && t !== window && (t.src || t.href)) { rec('failed to load ' + (t.src || t.href)); return; }
                rec((e.message || 'error') + (e.filename ? ' (' + e.filename + ':' + e.lineno + ')' : ''));
              }, true);
              window.addEventListener('unhandledrejection', function (e) {
                var r = e.reason; rec('unhandled promise rejection: ' + (r && r.stack ? r.stack : r));
              });
              var ce = console.error;
              console.error = function () {
                rec(Array.prototype.map.call(arguments, function (a) { return a && a.stack ? a.stack : String(a); }).join(' '));
                return ce.apply(console, arguments);
              };
              function count(el, sel) { return el.querySelectorAll(sel).length; }
              // How each drawn line/marker trace looks, read from the rendered SVG: the line's stroke colour and
              // dash pattern, the first marker's fill and shape. A trace with neither (a filled band) is skipped.
              function styles(el) {
                var out = [];
                el.querySelectorAll('.scatterlayer g.trace').forEach(function (g) {
                  var line = g.querySelector('path.js-line'), pt = g.querySelector('path.point');
                  var ls = line ? getComputedStyle(line) : null;
                  var drawn = ls && ls.stroke !== 'none' && parseFloat(ls.strokeWidth) > 0
                      && (line.getAttribute('d') || '').length > 2;
                  if (!drawn && !pt) { return; }
                  var d = g.__data__ && g.__data__[0] && g.__data__[0].trace;
                  out.push({name: d && d.name !== undefined ? String(d.name) : '',
                            stroke: drawn ? ls.stroke : '', dash: drawn ? ls.strokeDasharray : '',
                            fill: pt ? getComputedStyle(pt).fill : '',
                            symbol: pt ? (pt.getAttribute('d') || '').replace(/[0-9.]+/g, '#') : ''});
                });
                return out;
              }
              // Whether the legend spills out of the chart or needs Plotly's scroll bar (entries hidden).
              function legend(el) {
                var lg = el.querySelector('g.legend'), svg = el.querySelector('svg.main-svg');
                if (!lg || !svg) { return {entries: 0, overflow: false}; }
                var a = lg.getBoundingClientRect(), b = svg.getBoundingClientRect();
                var out = a.left < b.left - 1 || a.right > b.right + 1 || a.top < b.top - 1 || a.bottom > b.bottom + 1;
                var bar = lg.querySelector('rect.scrollbar');
                if (bar && parseFloat(bar.getAttribute('height') || '0') > 0
                    && parseFloat(bar.getAttribute('width') || '0') > 0) { out = true; }
                return {entries: lg.querySelectorAll('g.traces').length, overflow: out};
              }
              function probe() {
                var charts = [];
                var els = Array.prototype.slice.call(document.querySelectorAll('.js-plotly-plot'));
                (window.__seqlabExpectedCharts || []).forEach(function (id) {
                  var el = document.getElementById(id);
                  if (!el) { charts.push({id: id, present: false, svgs: 0, traces: 0, marks: 0, data: -1}); }
                  else if (els.indexOf(el) < 0) { els.push(el); }
                });
                els.forEach(function (el) {
                  var marks = 0;
                  el.querySelectorAll('path.js-line, path.js-fill, path.point, g.point path, .heatmaplayer image, '
                      + '.heatmaplayer rect, path.surface, g.slice path').forEach(function (p) {
                    if (p.tagName.toLowerCase() !== 'path' || (p.getAttribute('d') || '').length > 2) { marks++; }
                  });
                  charts.push({id: el.id || '', present: true, svgs: count(el, 'svg.main-svg'),
                               traces: count(el, 'g.trace, g.hm'), marks: marks,
                               data: el.data ? el.data.length : -1, styles: styles(el), legend: legend(el)});
                });
                var external = [];
                try {
                  performance.getEntriesByType('resource').forEach(function (r) {
                    if (!/^(file|data|blob|about):/.test(r.name)) { external.push(r.name); }
                  });
                } catch (x) { errors.push('probe: ' + x); }
                var out = document.getElementById('%1$s');
                if (!out) {
                  out = document.createElement('script');
                  out.type = 'application/json';
                  out.id = '%1$s';
                  document.documentElement.appendChild(out);
                }
                var state = JSON.stringify({errors: errors, charts: charts, external: external,
                                            ready: document.readyState}).replace(/</g, '\\\\u003c');
                out.textContent = state;
                return state;
              }
              // Probe every 100 ms of page time until nothing has changed for 1 s after load, then stop, so the
              // virtual-time budget can end early instead of running this timer to its end. Errors that come
              // later still reach the output: rec() probes once the page has settled.
              var last = '', still = 0;
              timer = setInterval(function () {
                var now = probe();
                still = (now === last && document.readyState === 'complete') ? still + 1 : 0;
                last = now;
                if (still >= 10) { clearInterval(timer); settled = true; }
              }, 100);
              window.addEventListener('load', probe);
            })();
            </script>
            """.formatted(PROBE_ID);

    private final Path executable;
    private int width = 1280;
    private int height = 2000;
    private Duration virtualTime = Duration.ofSeconds(10);
    private Duration timeout = Duration.ofSeconds(90);

    private HeadlessChromium(Path executable) {
        this.executable = executable;
    }

    /** The browser executable, if one is installed: {@code $SEQLAB_CHROMIUM}, else the first of the usual names on the PATH. */
    public static Optional<Path> executable() {
        return executable(System.getenv());
    }

    static Optional<Path> executable(Map<String, String> environment) {
        String env = environment.get(ENV_EXECUTABLE);
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env.strip());
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = environment.get("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : NAMES) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether a browser is installed. */
    public static boolean available() {
        return executable().isPresent();
    }

    /** Why there is no browser, and how to get one. */
    public static String unavailableMessage() {
        return unavailableMessage(System.getenv());
    }

    static String unavailableMessage(Map<String, String> environment) {
        String env = environment.get(ENV_EXECUTABLE);
        if (env != null && !env.isBlank()) {
            return ENV_EXECUTABLE + "=" + env + " is not an executable file: point it at a Chromium binary or unset it";
        }
        return "headless Chromium is not installed: install the Debian package '" + DEBIAN_PACKAGE
                + "' (apt-get install " + DEBIAN_PACKAGE + ") or set " + ENV_EXECUTABLE + " to a Chromium/Chrome binary";
    }

    /**
     * For tests: empty when the browser is here; otherwise the reason to skip. Where the environment says it is
     * CI ({@code CI=true}) a missing browser is an error, not a reason to skip, so this throws instead.
     */
    public static Optional<String> skipReason() {
        return skipReason(System.getenv());
    }

    static Optional<String> skipReason(Map<String, String> environment) {
        if (executable(environment).isPresent()) {
            return Optional.empty();
        }
        if ("true".equalsIgnoreCase(environment.get("CI"))) {
            throw new IllegalStateException("CI=true but " + unavailableMessage(environment)
                    + "; list '" + DEBIAN_PACKAGE + "' in .ci/apt-packages.txt");
        }
        return Optional.of(unavailableMessage(environment) + " (skipping the browser test)");
    }

    /** A browser handle; throws with {@link #unavailableMessage()} when none is installed. */
    public static HeadlessChromium create() {
        return new HeadlessChromium(executable().orElseThrow(() -> new IllegalStateException(unavailableMessage())));
    }

    /** The window (and screenshot) size in CSS pixels; 1280 x 2000 unless set. */
    public HeadlessChromium windowSize(int width, int height) {
        if (width < 100 || height < 100 || width > 10000 || height > 30000) {
            throw new IllegalArgumentException("window size " + width + "x" + height + " is out of range 100..10000 x 100..30000");
        }
        this.width = width;
        this.height = height;
        return this;
    }

    /** Page time the scripts get before the DOM is read (fast-forwarded, not waited); 10 s unless set. */
    public HeadlessChromium virtualTime(Duration budget) {
        this.virtualTime = requirePositive(budget, "virtual time");
        return this;
    }

    /** Wall-clock limit for one browser run; 90 s unless set. */
    public HeadlessChromium timeout(Duration limit) {
        this.timeout = requirePositive(limit, "timeout");
        return this;
    }

    /** Renders {@code page} and reports on it, without a screenshot. */
    public Rendering render(Path page) {
        return render(page, null);
    }

    /**
     * Renders {@code page}; if {@code screenshot} is not null, also saves a PNG of the window there. The ids of
     * chart divs are found from the page's Plotly calls, so a chart whose script never ran counts as not drawn.
     */
    public Rendering render(Path page, Path screenshot) {
        if (!Files.isRegularFile(page)) {
            throw new IllegalArgumentException("no HTML page at " + page.toAbsolutePath());
        }
        String html;
        try {
            html = Files.readString(page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + page + ": " + e.getMessage(), e);
        }
        List<String> expected = expectedCharts(html);
        Path copy = null;
        Path profile = null;
        long t0 = System.nanoTime();
        try {
            Path dir = page.toAbsolutePath().getParent();
            copy = Files.createTempFile(dir, ".seqlab-chromium-", ".html");
            Files.writeString(copy, instrument(html, expected), StandardCharsets.UTF_8);
            profile = Files.createTempDirectory("seqlab-chromium-profile-");
            if (screenshot != null) {
                Path parent = screenshot.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.deleteIfExists(screenshot);
            }
            Run run = run(command(copy, profile, screenshot));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
            Matcher m = PROBE_OUT.matcher(run.stdout);
            if (!m.find()) {
                throw new IllegalStateException("Chromium ran (exit " + run.exit + ") but the page's probe left no"
                        + " result in the dumped DOM; the browser said:\n" + tail(run.stderr));
            }
            JsonNode out = JSON.readTree(m.group(1));
            List<String> errors = new ArrayList<>();
            out.path("errors").forEach(n -> errors.add(n.asText()));
            List<String> external = new ArrayList<>();
            out.path("external").forEach(n -> external.add(n.asText()));
            List<Chart> charts = new ArrayList<>();
            out.path("charts").forEach(n -> {
                List<TraceStyle> styles = new ArrayList<>();
                n.path("styles").forEach(t -> styles.add(new TraceStyle(t.path("name").asText(),
                        t.path("stroke").asText(), t.path("dash").asText(), t.path("fill").asText(),
                        t.path("symbol").asText())));
                charts.add(new Chart(n.path("id").asText(), n.path("present").asBoolean(), n.path("svgs").asInt(),
                        n.path("traces").asInt(), n.path("marks").asInt(), n.path("data").asInt(), List.copyOf(styles),
                        n.path("legend").path("entries").asInt(), n.path("legend").path("overflow").asBoolean()));
            });
            Path shot = screenshot != null && Files.isRegularFile(screenshot) ? screenshot : null;
            if (screenshot != null && shot == null) {
                errors.add("Chromium wrote no screenshot to " + screenshot + ": " + tail(run.stderr));
            }
            String dom = PROBE_OUT.matcher(run.stdout).replaceAll("");
            return new Rendering(page, List.copyOf(charts), List.copyOf(errors), List.copyOf(external),
                    Optional.ofNullable(shot), dom, elapsed);
        } catch (IOException e) {
            throw new UncheckedIOException("headless Chromium on " + page + " failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(copy);
            deleteQuietly(profile);
        }
    }

    List<String> command(Path page, Path profile, Path screenshot) {
        List<String> cmd = new ArrayList<>(List.of(executable.toString(),
                "--headless",
                "--no-sandbox",                    // runs as root in containers, where the sandbox cannot start
                "--disable-gpu",
                "--disable-dev-shm-usage",         // containers often have a 64 MB /dev/shm
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--no-first-run",
                "--no-default-browser-check",
                "--mute-audio",
                "--hide-scrollbars",
                "--host-resolver-rules=MAP * ~NOTFOUND", // no host resolves: any network fetch fails at once
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height,
                "--virtual-time-budget=" + virtualTime.toMillis(),
                "--dump-dom"));
        if (screenshot != null) {
            cmd.add("--screenshot=" + screenshot.toAbsolutePath());
        }
        cmd.add(page.toAbsolutePath().toUri().toString());
        return cmd;
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    private Run run(List<String> cmd) throws IOException {
        Path out = Files.createTempFile("seqlab-chromium-", ".out");
        Path err = Files.createTempFile("seqlab-chromium-", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            boolean done;
            try {
                done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done = false;
            }
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException("headless Chromium did not finish within " + timeout.toSeconds()
                        + " s; it said:\n" + tail(Files.readString(err)));
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The page with the probe first in its head, told which chart ids to expect. */
    public static String instrument(String html, List<String> expectedCharts) {
        StringBuilder ids = new StringBuilder("<script>window.__seqlabExpectedCharts = [");
        for (int i = 0; i < expectedCharts.size(); i++) {
            ids.append(i == 0 ? "" : ",").append('"')
                    .append(expectedCharts.get(i).replace("\\", "\\\\").replace("\"", "\\\"").replace("<", "\\u003c"))
                    .append('"');
        }
        String inject = ids.append("];</script>\n").append(PROBE).toString();
        Matcher head = HEAD.matcher(html);
        if (head.find()) {
            return html.substring(0, head.end()) + "\n" + inject + html.substring(head.end());
        }
        Matcher root = HTML.matcher(html);
        if (root.find()) {
            return html.substring(0, root.end()) + "\n<head>" + inject + "</head>" + html.substring(root.end());
        }
        return inject + html;
    }

    /**
     * The ids of the elements the page asks Plotly to draw into: literal ids passed to {@code Plotly.newPlot},
     * and, in scripts that call Plotly, the ids looked up with {@code getElementById} (jsplot's and
     * {@code seqlab.plot.PlotlyJs#chart}'s shape).
     */
    public static List<String> expectedCharts(String html) {
        // plotly.js itself mentions Plotly.newPlot and getElementById too: drop every script with its banner first,
        // however the page embeds the library
        String s = SCRIPT.matcher(html).replaceAll(m -> m.group(1).contains(PLOTLY_BANNER) ? ""
                : Matcher.quoteReplacement(m.group()));
        Set<String> ids = new LinkedHashSet<>();
        Matcher lit = NEWPLOT_LITERAL.matcher(s);
        while (lit.find()) {
            ids.add(lit.group(1));
        }
        Matcher script = SCRIPT.matcher(s);
        while (script.find()) {
            String body = script.group(1);
            if (body.contains("Plotly.newPlot(") || body.contains("Plotly.react(")) {
                Matcher g = GET_BY_ID.matcher(body);
                while (g.find()) {
                    ids.add(g.group(1));
                }
            }
        }
        return List.copyOf(ids);
    }

    private static Duration requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be a positive duration, got " + d);
        }
        return d;
    }

    private static String tail(String s) {
        String[] lines = s.strip().split("\n");
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 15), lines.length));
    }

    private static void deleteQuietly(Path p) {
        if (p == null || !Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            walk.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a leftover temporary file is not worth failing a rendering for
        }
    }

    /**
     * How one drawn line or marker trace looks in the rendered SVG: its name, the line's stroke colour and dash
     * pattern ({@code ""} without a line), the first marker's fill colour and shape (the path with its numbers masked,
     * so two markers of one symbol and size compare equal; {@code ""} without markers).
     */
    public record TraceStyle(String name, String stroke, String dash, String fill, String symbol) {
        /** What a reader tells traces apart by: colour, dash and marker together. */
        public String look() {
            return stroke + "|" + dash + "|" + fill + "|" + symbol;
        }
    }

    /**
     * What Plotly left in one chart's element: {@code present} false when the element is missing; SVG roots
     * ({@code svg.main-svg}); trace groups; drawn marks (non-empty line paths, points, bars, heatmap images); how
     * many traces Plotly was given ({@code -1} when it never took the element over); the look of each line or marker
     * trace; the legend's entries, and whether it spills out of the chart or needs a scroll bar.
     */
    public record Chart(String id, boolean present, int svgs, int traces, int marks, int dataTraces,
                        List<TraceStyle> styles, int legendEntries, boolean legendOverflows) {
        /** Whether the chart drew: Plotly built its SVG and at least one trace put marks on it. */
        public boolean drawn() {
            return present && svgs > 0 && traces > 0 && marks > 0;
        }

        /** Pairs of traces a reader cannot tell apart (same colour, dash and marker), as "a = b" lines. */
        public List<String> lookAlikes() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < styles.size(); i++) {
                for (int j = i + 1; j < styles.size(); j++) {
                    if (styles.get(i).look().equals(styles.get(j).look())) {
                        out.add(id + ": '" + styles.get(i).name() + "' looks like '" + styles.get(j).name() + "' ("
                                + styles.get(i).look() + ")");
                    }
                }
            }
            return out;
        }
    }

    /** What happened when the page was opened. */
    public record Rendering(Path page, List<Chart> charts, List<String> consoleErrors, List<String> externalRequests,
                            Optional<Path> screenshot, String dom, Duration elapsed) {
        /** Whether the page has at least one chart and every chart drew. */
        public boolean allChartsDrawn() {
            return !charts.isEmpty() && charts.stream().allMatch(Chart::drawn);
        }

        /** The charts that did not draw. */
        public List<Chart> undrawn() {
            return charts.stream().filter(c -> !c.drawn()).toList();
        }

        /** Whether the page drew every chart, logged no error and fetched nothing from the network. */
        public boolean clean() {
            return allChartsDrawn() && consoleErrors.isEmpty() && externalRequests.isEmpty();
        }

        /** Every pair of look-alike traces over all charts (empty when each chart's traces are told apart). */
        public List<String> lookAlikes() {
            return charts.stream().flatMap(c -> c.lookAlikes().stream()).toList();
        }

        /** The ids of the charts whose legend spills out or scrolls. */
        public List<String> overflowingLegends() {
            return charts.stream().filter(Chart::legendOverflows).map(Chart::id).toList();
        }

        /** A readable account, for assertion messages. */
        public String describe() {
            StringBuilder sb = new StringBuilder("rendered ").append(page).append(" in ").append(elapsed.toMillis())
                    .append(" ms: ").append(charts.size()).append(" charts\n");
            for (Chart c : charts) {
                sb.append("  ").append(c.drawn() ? "drawn    " : "NOT DRAWN").append(' ').append(c).append('\n');
            }
            consoleErrors.forEach(e -> sb.append("  console error: ").append(e).append('\n'));
            externalRequests.forEach(e -> sb.append("  network request: ").append(e).append('\n'));
            screenshot.ifPresent(s -> sb.append("  screenshot: ").append(s).append('\n'));
            return sb.toString();
        }
    }
}
