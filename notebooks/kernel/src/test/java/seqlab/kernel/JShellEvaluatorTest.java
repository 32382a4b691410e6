package seqlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tech.tablesaw.api.Table;

/** The evaluator on its own: no Jupyter involved. One JShell for the class (it takes a second to start). */
class JShellEvaluatorTest {

    private static JShellEvaluator eval;

    @BeforeAll
    static void start() {
        eval = new JShellEvaluator();
    }

    @AfterAll
    static void stop() {
        eval.close();
    }

    @Test
    void lastExpressionIsTheValueAsARealObject() {
        Optional<Object> v = eval.eval("int a = 20;\nint b = 22;\na + b");
        assertEquals(Optional.of(42), v);
        Object list = eval.eval("new ArrayList<>(List.of(\"x\", \"y\"))").orElseThrow();
        assertInstanceOf(ArrayList.class, list);
        assertEquals(List.of("x", "y"), list);
    }

    @Test
    void declarationsAndStatementsHaveNoValue() {
        assertEquals(Optional.empty(), eval.eval("int declared = 3;"));
        assertEquals(Optional.empty(), eval.eval("declared = 4;"));
        assertEquals(Optional.empty(), eval.eval("void noop() {}\nnoop();"));
        assertEquals(Optional.empty(), eval.eval("(String) null"));
        assertEquals(Optional.of(4), eval.eval("declared"));
    }

    @Test
    void declarationsSurviveAcrossCells() {
        eval.eval("record P(int x, int y) {}\nint sq(int v) { return v * v; }");
        assertEquals(Optional.of(25), eval.eval("sq(new P(5, 0).x())"));
    }

    @Test
    void startupImportsSeqlabTablesawAndDisplay() {
        assertEquals(Optional.of("a"), eval.eval("Shape.of(2, 3).rank() == 2 ? \"a\" : \"b\""));
        assertInstanceOf(Table.class, eval.eval("Table.create(\"t\")").orElseThrow());
        assertEquals(Optional.of(true), eval.eval("Display.class.getName().equals(\"seqlab.kernel.Display\")"));
        // Packages that do not exist yet are skipped, never fatal.
        assertTrue(eval.skippedStartup().stream().noneMatch(s -> s.contains("seqlab.engine")), eval.skippedStartup().toString());
    }

    @Test
    void cellsSeeTheKernelsOwnClasses() {
        // Same class loader: a static set by the cell is visible here (what Display relies on).
        eval.eval("seqlab.kernel.CellProbe.fromCell = \"hello\";");
        assertEquals("hello", CellProbe.fromCell);
    }

    @Test
    void stdoutGoesToSystemOut() {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            eval.eval("for (int i = 0; i < 3; i++) System.out.println(\"line \" + i);");
        } finally {
            System.setOut(old);
        }
        assertEquals("line 0\nline 1\nline 2\n", buf.toString(StandardCharsets.UTF_8).replace("\r", ""));
    }

    @Test
    void compileErrorNamesTheCellLineWithACaret() {
        CellError e = assertThrows(CellError.class,
                () -> eval.eval("int ok = 1;\n\n  String s = 5;\nint never = 2;"));
        assertEquals(CellError.Kind.COMPILE, e.kind());
        assertEquals("CompilationError", e.errorName());
        List<String> tb = e.traceback();
        assertEquals("Compilation error, line 3:", tb.get(0), String.join("\n", tb));
        assertEquals("  String s = 5;", tb.get(1));
        assertEquals("             ^", tb.get(2));
        assertTrue(tb.get(3).startsWith("error: incompatible types"), tb.get(3));
        assertTrue(e.getMessage().startsWith("line 3: incompatible types"), e.getMessage());
        // Snippets before the error ran; the ones after did not.
        assertEquals(Optional.of(1), eval.eval("ok"));
        assertThrows(CellError.class, () -> eval.eval("never"));
    }

    @Test
    void unknownSymbolIsReportedWithoutJShellInternals() {
        CellError e = assertThrows(CellError.class, () -> eval.eval("String x = \"a\";\nx.foo()"));
        String tb = String.join("\n", e.traceback());
        assertTrue(tb.contains("line 2"), tb);
        assertTrue(tb.contains("cannot find symbol"), tb);
        assertFalse(tb.contains("JShell"), tb);
    }

    @Test
    void runtimeErrorShowsTheExceptionAndTheCellLines() {
        eval.eval("int divide(int a, int b) {\n  return a / b;\n}");
        CellError e = assertThrows(CellError.class, () -> eval.eval("int x = 1;\nint y = 0;\ndivide(x, y)"));
        assertEquals(CellError.Kind.RUNTIME, e.kind());
        assertEquals("java.lang.ArithmeticException", e.errorName());
        List<String> tb = e.traceback();
        String all = String.join("\n", tb);
        assertEquals("java.lang.ArithmeticException: / by zero", tb.get(0), all);
        int cellOfDivide = eval.cellCount() - 1;
        assertEquals("    at divide (In [" + cellOfDivide + "], line 2)", tb.get(1), all);
        assertEquals("    at line 3", tb.get(2), all);
        assertEquals(3, tb.size(), "no JShell or reflection frames: " + all);
    }

    @Test
    void libraryFramesAboveTheCellAreKept() {
        CellError e = assertThrows(CellError.class, () -> eval.eval("\n\nInteger.parseInt(\"x1\")"));
        String all = String.join("\n", e.traceback());
        assertTrue(all.startsWith("java.lang.NumberFormatException: For input string: \"x1\""), all);
        assertTrue(all.contains("at java.base/java.lang.Integer.parseInt"), all);
        assertTrue(all.endsWith("at line 3"), all);
    }

    @Test
    void causesAreListed() {
        CellError e = assertThrows(CellError.class,
                () -> eval.eval("throw new IllegalStateException(\"outer\", new java.io.IOException(\"disk\"));"));
        String all = String.join("\n", e.traceback());
        assertTrue(all.contains("Caused by: java.io.IOException: disk"), all);
    }

    @Test
    void incompleteCellIsACompileError() {
        CellError e = assertThrows(CellError.class, () -> eval.eval("for (int i = 0; i < 2; i++) {\n  int z = i;\n"));
        assertEquals(CellError.Kind.COMPILE, e.kind());
    }

    @Test
    void completionInTheLastSnippetOfACell() {
        String code = "int k = 1;\nString.valueO";
        Completion c = eval.complete(code, code.length());
        assertTrue(c.matches().contains("valueOf("), c.toString());
        assertEquals(code.indexOf("valueO"), c.start());
        assertEquals(code.length(), c.end());
        assertEquals(c.matches().size(), c.matches().stream().distinct().count());
    }

    @Test
    void completionSeesCellVariables() {
        eval.eval("String greetingText = \"hi\";");
        String code = "greetingT";
        Completion c = eval.complete(code, code.length());
        assertEquals(List.of("greetingText"), c.matches());
        assertEquals(0, c.start());
    }

    @Test
    void inspectionGivesSignaturesAndVariables() {
        String code = "int m = Math.max(";
        String doc = eval.inspect(code, code.length(), false).orElseThrow();
        assertTrue(doc.contains("int Math.max(int a, int b)"), doc);
        eval.eval("double rate = 0.5;");
        String v = eval.inspect("rate * 2", 2, false).orElseThrow();
        assertEquals("double rate = 0.5", v);
    }

    @Test
    void completenessForConsoleFrontends() {
        assertEquals("complete", eval.completeness("int a = 1;"));
        assertEquals("incomplete", eval.completeness("for (int i = 0; i < 3; i++) {"));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void stopInterruptsASleepingCellAndTheEvaluatorSurvives() throws Exception {
        CompletableFuture<CellError> running = CompletableFuture.supplyAsync(() -> assertThrows(CellError.class,
                () -> eval.eval("int n = 0;\nwhile (true) { Thread.sleep(50); n++; }")));
        Thread.sleep(1500);
        eval.stop();
        CellError e = running.get(20, TimeUnit.SECONDS);
        assertEquals(CellError.Kind.INTERRUPTED, e.kind());
        assertEquals(Optional.of(7), eval.eval("3 + 4"));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void stopEndsABusyLoop() throws Exception {
        // Up to Java 19 a loop that never looks at interrupts is stopped outright (Thread.stop); later JVMs
        // removed Thread.stop, so there only a loop that checks its interrupt flag can be stopped.
        String loop = Runtime.version().feature() < 20
                ? "long spins = 0;\nwhile (true) { spins++; }"
                : "long spins = 0;\nwhile (!Thread.currentThread().isInterrupted()) { spins++; }";
        CompletableFuture<CellError> running = CompletableFuture.supplyAsync(() -> assertThrows(CellError.class,
                () -> eval.eval(loop)));
        Thread.sleep(1000);
        eval.stop();
        assertEquals(CellError.Kind.INTERRUPTED, running.get(20, TimeUnit.SECONDS).kind());
        assertEquals(Optional.of("alive"), eval.eval("\"alive\""));
    }

    @Test
    void displayAndUpdateGoThroughTheInstalledSink() {
        List<String> seen = new ArrayList<>();
        Display.Sink previous = Display.install(new Display.Sink() {
            @Override
            public void display(String id, Object value) {
                seen.add("display " + id + " " + value);
            }

            @Override
            public void update(String id, Object value) {
                seen.add("update " + id + " " + value);
            }
        });
        try {
            Object id = eval.eval("String id = display(\"epoch 0\");\nupdateDisplay(id, \"epoch 1\");\nid").orElseThrow();
            assertEquals(List.of("display " + id + " epoch 0", "update " + id + " epoch 1"), seen);
        } finally {
            Display.install(previous);
        }
    }

    @Test
    void updateDisplayWithoutIdSaysWhatItNeeds() {
        CellError e = assertThrows(CellError.class, () -> eval.eval("updateDisplay(\"\", 1);"));
        assertTrue(e.traceback().get(0).contains("needs the id that display(...) returned"), e.toString());
    }
}
