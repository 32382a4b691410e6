package seqlab.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.SourceCodeAnalysis.Documentation;
import jdk.jshell.SourceCodeAnalysis.Suggestion;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates notebook cells with JShell in this JVM.
 *
 * <p>A cell may hold many snippets (declarations, statements, expressions); they run in order and the
 * value of the last one, if it is an expression, is the cell's value, as the real object. Output written
 * to {@code System.out}/{@code System.err} goes wherever those streams point while the cell runs (the
 * kernel points them at Jupyter). Not thread-safe: one cell at a time; only {@link #stop()} may be called
 * from another thread.
 */
public final class JShellEvaluator implements AutoCloseable {

    /** The start-up script: imports every cell starts with. One snippet per line; extend it there. */
    public static final String STARTUP_RESOURCE = "/seqlab/kernel/startup.jsh";

    private static final Logger LOG = LoggerFactory.getLogger(JShellEvaluator.class);
    private static final int MAX_DIAGNOSTICS = 8;
    private static final Object NO_VALUE = new Object();

    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final CellExecutionControl control = new CellExecutionControl();
    /** Where each snippet came from, by JShell snippet id, so stack frames can name cell lines. */
    private final Map<String, Place> places = new ConcurrentHashMap<>();
    private final List<String> skippedStartup = new ArrayList<>();
    private int cellCount;
    private volatile boolean interrupted;

    private record Place(int cell, int firstLine) {
    }

    /** An evaluator over this JVM's class path, with the standard start-up imports. */
    public JShellEvaluator() {
        this(System.getProperty("java.class.path", ""), readStartup());
    }

    /**
     * @param classPath path-separated entries the cells compile against (the kernel passes its own, so
     *                  cells see the same classes, and the same static state, as the kernel)
     * @param startup   snippets run first; an import of a package that does not exist (yet) is skipped
     */
    public JShellEvaluator(String classPath, List<String> startup) {
        JShell.Builder builder = JShell.builder()
                .executionEngine(new CellExecutionControl.Provider(control), Map.of());
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            // seqlab's engine signatures may mention Vector API types; the compiler must see the module.
            builder.compilerOptions("--add-modules", "jdk.incubator.vector");
        }
        this.shell = builder.build();
        this.analysis = shell.sourceCodeAnalysis();
        if (classPath != null && !classPath.isBlank()) {
            shell.addToClasspath(classPath);
        }
        for (String line : startup) {
            runStartup(line);
        }
    }

    /** Snippets of {@link #STARTUP_RESOURCE}, comments and blank lines dropped. */
    public static List<String> readStartup() {
        try (InputStream in = JShellEvaluator.class.getResourceAsStream(STARTUP_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + STARTUP_RESOURCE + " on the class path: rebuild seqlab-kernel");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("//"))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void runStartup(String snippet) {
        for (SnippetEvent ev : shell.eval(snippet)) {
            if (ev.causeSnippet() == null && ev.status() == Snippet.Status.REJECTED) {
                // Packages appear as seqlab grows; the start-up list names them ahead of time.
                skippedStartup.add(snippet);
                LOG.debug("start-up snippet skipped: {}", snippet);
            }
        }
    }

    /** Start-up snippets that did not compile here (imports of packages not on this class path). */
    public List<String> skippedStartup() {
        return List.copyOf(skippedStartup);
    }

    /** Cells evaluated so far; the next cell is numbered one more (Jupyter's execution count). */
    public int cellCount() {
        return cellCount;
    }

    /**
     * Runs a cell.
     *
     * @return the value of the cell's last snippet when that is an expression and not null
     * @throws CellError when a snippet does not compile, throws, or the cell is interrupted; snippets
     *                   before it have run (and their declarations stay)
     */
    public Optional<Object> eval(String cell) {
        int number = ++cellCount;
        interrupted = false;
        control.clearValues();
        try {
            Object last = NO_VALUE;
            String rest = cell;
            while (!rest.isBlank()) {
                int start = cell.length() - rest.length();
                CompletionInfo info = analysis.analyzeCompletion(rest);
                if (info.completeness() == Completeness.EMPTY) {
                    break;
                }
                // An unfinished snippet has no source: hand it over whole, so JShell reports what is missing.
                String source = info.source() != null ? info.source() : rest;
                String next = info.source() != null ? info.remaining() : "";
                int firstLine = lineAt(cell, start + leadingBlank(source));
                last = NO_VALUE;
                List<SnippetEvent> events = shell.eval(source);
                if (interrupted || control.stopRequested()) {
                    throw interruptedError(number, firstLine);
                }
                for (SnippetEvent ev : events) {
                    if (ev.causeSnippet() != null) {
                        continue; // a dependent snippet updated as a side effect, not this cell's work
                    }
                    Snippet sn = ev.snippet();
                    places.put(sn.id(), new Place(number, firstLine)); // JShell numbers lines from the first non-blank
                    if (ev.status() == Snippet.Status.REJECTED) {
                        throw compileError(sn, cell, start);
                    }
                    if (ev.exception() != null) {
                        throw runtimeError(ev.exception(), number);
                    }
                    if (ev.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED
                            || ev.status() == Snippet.Status.RECOVERABLE_DEFINED) {
                        warnUnresolved((DeclarationSnippet) sn, ev.status(), number, firstLine);
                    }
                    if (showsValue(sn)) {
                        last = control.valueOf(ev.value(), ev.value());
                    }
                }
                rest = next;
            }
            return last == NO_VALUE ? Optional.empty() : Optional.ofNullable(last);
        } finally {
            control.clearValues();
        }
    }

    /**
     * Stops the running cell: interrupts it, and stops its thread if it ignores the interrupt for a second
     * (possible on Java 17-19; later JVMs cannot stop a busy loop that never checks for interrupts).
     */
    public void stop() {
        interrupted = true;
        shell.stop();
    }

    /** Completion candidates at {@code cursor} in a cell of any number of snippets. */
    public Completion complete(String code, int cursor) {
        int at = clamp(cursor, code);
        int start = snippetStart(code, at);
        String snippet = code.substring(start, at);
        int[] anchor = new int[1];
        List<Suggestion> suggestions = analysis.completionSuggestions(snippet, snippet.length(), anchor);
        Set<String> matches = new LinkedHashSet<>();
        suggestions.stream().filter(Suggestion::matchesType).forEach(s -> matches.add(s.continuation()));
        suggestions.forEach(s -> matches.add(s.continuation()));
        return new Completion(start + anchor[0], at, new ArrayList<>(matches));
    }

    /**
     * What is known about the code at {@code cursor}: the signatures (and Javadoc, when the JDK or library
     * sources are available) of the method or type being called, or a variable's type and value, or the
     * type of the expression ending there.
     */
    public Optional<String> inspect(String code, int cursor, boolean detail) {
        int at = clamp(cursor, code);
        // Let the cursor sit inside or just after a name: documentation wants the end of the name.
        int end = at;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++;
        }
        int start = snippetStart(code, end);
        String snippet = code.substring(start, end);
        StringBuilder out = new StringBuilder();
        String name = identifierBefore(snippet);
        boolean called = end < code.length() && code.substring(end).stripLeading().startsWith("(");
        if (!called && !name.isEmpty()) {
            // A variable: its declared type and current value say more than its documentation would.
            shell.variables()
                    .filter(v -> v.name().equals(name) && shell.status(v).isActive())
                    .reduce((a, b) -> b)
                    .ifPresent(v -> out.append(v.typeName()).append(' ').append(v.name()).append(" = ")
                            .append(shell.varValue(v)));
            if (out.length() > 0) {
                return Optional.of(out.toString());
            }
        }
        List<Documentation> docs = analysis.documentation(snippet, snippet.length(), true);
        Set<String> seen = new LinkedHashSet<>();
        for (Documentation d : docs) {
            if (seen.add(d.signature())) {
                out.append(d.signature()).append('\n');
                if (d.javadoc() != null && !d.javadoc().isBlank()) {
                    out.append(detail ? d.javadoc() : firstParagraph(d.javadoc())).append("\n\n");
                }
            }
        }
        if (out.length() == 0 && !snippet.isBlank()) {
            String type = analysis.analyzeType(snippet, snippet.length());
            if (type != null && !type.isBlank()) {
                out.append(type).append('\n');
            }
        }
        return out.length() == 0 ? Optional.empty() : Optional.of(out.toString().strip());
    }

    /** Jupyter's is-complete question: {@code complete}, {@code incomplete} or {@code invalid}. */
    public String completeness(String code) {
        String rest = code;
        Completeness last = Completeness.EMPTY;
        while (!rest.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(rest);
            last = info.completeness();
            if (info.source() == null || last == Completeness.EMPTY) {
                break;
            }
            rest = info.remaining();
        }
        switch (last) {
            case DEFINITELY_INCOMPLETE:
            case CONSIDERED_INCOMPLETE:
                return "incomplete";
            case UNKNOWN:
                return "invalid";
            default:
                return "complete";
        }
    }

    @Override
    public void close() {
        shell.close();
    }

    // ---- errors -------------------------------------------------------------------------------------

    private CellError compileError(Snippet sn, String cell, int start) {
        List<Diag> errors = shell.diagnostics(sn).filter(Diag::isError).collect(Collectors.toList());
        List<String> lines = new ArrayList<>();
        String first = null;
        Set<String> seen = new LinkedHashSet<>();
        for (Diag d : errors) {
            if (seen.size() == MAX_DIAGNOSTICS) {
                lines.add("... (" + (errors.size() - MAX_DIAGNOSTICS) + " more errors)");
                break;
            }
            long pos = d.getStartPosition() >= 0 ? d.getStartPosition() : d.getPosition();
            int offset = pos >= 0 ? (int) Math.min(start + pos, cell.length()) : start;
            long endPos = d.getEndPosition();
            int end = endPos >= pos && pos >= 0 ? (int) Math.min(start + endPos, cell.length()) : offset;
            String message = cleanMessage(d.getMessage(Locale.ROOT));
            if (!seen.add(offset + ":" + message)) {
                continue;
            }
            int line = lineAt(cell, offset);
            if (first == null) {
                first = "line " + line + ": " + message.lines().findFirst().orElse(message);
            }
            if (!lines.isEmpty()) {
                lines.add("");
            }
            lines.add("Compilation error, line " + line + ":");
            lines.addAll(sourceWithCaret(cell, offset, end));
            message.lines().forEach(l -> lines.add("error: " + l.strip()));
        }
        if (first == null) {
            int line = lineAt(cell, start);
            first = "line " + line + ": the snippet does not compile";
            lines.add("Compilation error, line " + line + ":");
            lines.add(lineText(cell, line));
        }
        return new CellError(CellError.Kind.COMPILE, "CompilationError", first, lines);
    }

    /** JShell's messages name its wrapper classes ("location: class"), which mean nothing in a cell. */
    private static String cleanMessage(String message) {
        return message.lines()
                .filter(l -> !l.strip().matches("location: class\\s*(\\$?JShell\\$\\S*)?"))
                .collect(Collectors.joining("\n"));
    }

    private static List<String> sourceWithCaret(String cell, int offset, int end) {
        int lineStart = cell.lastIndexOf('\n', offset - 1) + 1;
        int lineEnd = cell.indexOf('\n', offset);
        if (lineEnd < 0) {
            lineEnd = cell.length();
        }
        String text = cell.substring(lineStart, lineEnd);
        StringBuilder caret = new StringBuilder();
        for (int i = lineStart; i < offset; i++) {
            caret.append(cell.charAt(i) == '\t' ? '\t' : ' ');
        }
        caret.append('^');
        for (int i = offset + 1; i < Math.min(end, lineEnd); i++) {
            caret.append('~');
        }
        return List.of(text, caret.toString());
    }

    private CellError runtimeError(JShellException e, int cell) {
        List<String> lines = new ArrayList<>();
        String headline = null;
        Throwable t = e;
        String prefix = "";
        while (t != null) {
            String head = describe(t);
            if (headline == null) {
                headline = head;
            }
            lines.add(prefix + head);
            for (StackTraceElement frame : userFrames(t.getStackTrace())) {
                lines.add("    at " + frameText(frame, cell));
            }
            t = t.getCause();
            prefix = "Caused by: ";
        }
        String name = e instanceof EvalException ev ? ev.getExceptionClassName()
                : e instanceof UnresolvedReferenceException ? "UnresolvedReference" : e.getClass().getName();
        String message = headline;
        if (headline.startsWith(name + ": ")) {
            message = headline.substring(name.length() + 2);
        }
        return new CellError(CellError.Kind.RUNTIME, name, message, lines);
    }

    private String describe(Throwable t) {
        if (t instanceof EvalException ev) {
            String msg = ev.getMessage();
            return ev.getExceptionClassName() + (msg == null || msg.isEmpty() ? "" : ": " + msg);
        }
        if (t instanceof UnresolvedReferenceException ur) {
            DeclarationSnippet sn = ur.getSnippet();
            String missing = shell.unresolvedDependencies(sn).collect(Collectors.joining(", "));
            return "UnresolvedReference: " + sn.name() + " cannot run: it uses " + missing
                    + ", which is not defined; define it, then run this cell again";
        }
        return t.toString();
    }

    /** Frames down to the last one in cell code; what lies below (reflection, JShell, kernel) is noise. */
    private static List<StackTraceElement> userFrames(StackTraceElement[] frames) {
        int last = -1;
        for (int i = 0; i < frames.length; i++) {
            if (isCellFrame(frames[i])) {
                last = i;
            }
        }
        List<StackTraceElement> kept = new ArrayList<>();
        for (int i = 0; i < (last < 0 ? frames.length : last + 1); i++) {
            kept.add(frames[i]);
        }
        return kept;
    }

    private static boolean isCellFrame(StackTraceElement f) {
        return f.getFileName() != null && f.getFileName().startsWith("#");
    }

    private String frameText(StackTraceElement f, int cell) {
        if (!isCellFrame(f)) {
            return f.toString();
        }
        Place place = places.get(f.getFileName().substring(1));
        String where;
        if (place == null) {
            where = "snippet " + f.getFileName();
        } else {
            int line = place.firstLine() + Math.max(f.getLineNumber(), 1) - 1;
            where = place.cell() == cell ? "line " + line : "In [" + place.cell() + "], line " + line;
        }
        String cls = f.getClassName() == null ? "" : f.getClassName();
        String method = f.getMethodName() == null ? "" : f.getMethodName();
        String owner = cls.isEmpty() || cls.startsWith("REPL.") || cls.startsWith("$JShell") ? "" : cls + ".";
        return method.isEmpty() || method.equals("do_it$") ? where : owner + method + " (" + where + ")";
    }

    private CellError interruptedError(int cell, int line) {
        String message = "the cell was stopped while running line " + line;
        return new CellError(CellError.Kind.INTERRUPTED, "Interrupted", message,
                List.of("Interrupted: " + message + " (In [" + cell + "])"));
    }

    private void warnUnresolved(DeclarationSnippet sn, Snippet.Status status, int cell, int line) {
        String missing = shell.unresolvedDependencies(sn).collect(Collectors.joining(", "));
        if (missing.isEmpty()) {
            return;
        }
        // Forward references are legal in JShell: the declaration works once the missing piece is defined.
        System.err.println("note (line " + line + "): " + sn.name() + " uses " + missing + ", not defined yet"
                + (status == Snippet.Status.RECOVERABLE_DEFINED ? "; it can be called once that is defined"
                : "; it will be usable once that is defined"));
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static boolean showsValue(Snippet sn) {
        if (sn instanceof VarSnippet) {
            return sn.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
        }
        return sn.kind() == Snippet.Kind.EXPRESSION && sn.subKind() != Snippet.SubKind.ASSIGNMENT_SUBKIND;
    }

    /** Start of the snippet that contains {@code at}: complete snippets before it are skipped. */
    private int snippetStart(String code, int at) {
        String prefix = code.substring(0, at);
        String rest = prefix;
        while (!rest.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(rest);
            if (info.completeness() == Completeness.EMPTY || info.source() == null || info.remaining().isBlank()) {
                break;
            }
            rest = info.remaining();
        }
        int start = prefix.length() - rest.length();
        while (start < at && Character.isWhitespace(code.charAt(start))) {
            start++;
        }
        return start;
    }

    private static String identifierBefore(String s) {
        int i = s.length();
        while (i > 0 && Character.isJavaIdentifierPart(s.charAt(i - 1))) {
            i--;
        }
        return s.substring(i);
    }

    private static String firstParagraph(String javadoc) {
        int blank = javadoc.indexOf("\n\n");
        return blank < 0 ? javadoc : javadoc.substring(0, blank);
    }

    private static int leadingBlank(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** 1-based line of a character offset in the cell. */
    static int lineAt(String cell, int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, cell.length()); i++) {
            if (cell.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String lineText(String cell, int line) {
        String[] lines = cell.split("\n", -1);
        return line - 1 < lines.length ? lines[line - 1] : "";
    }

    private static int clamp(int cursor, String code) {
        return Math.max(0, Math.min(cursor, code.length()));
    }
}
