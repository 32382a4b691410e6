package seqlab.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;
import seqlab.experiment.ProgressView;

/**
 * The seqlab Jupyter kernel: jjava-jupyter speaks the protocol, {@link JShellEvaluator} runs the cells
 * in this JVM, {@link Renderers} turns values into outputs.
 *
 * <p>Started by Jupyter from the kernelspec that {@link KernelInstall} writes:
 * {@code java --add-modules jdk.incubator.vector -cp CLASSPATH seqlab.kernel.SeqlabKernel CONNECTION_FILE}.
 * Interrupts arrive as messages ({@code interrupt_mode: message}), never as signals, which would end the JVM.
 *
 * <p>The sockets are {@link KernelConnection}'s: a message with a wrong, empty or truncated signature, or junk, on
 * any of them is logged and dropped and the kernel keeps serving. The kernel exits when the process named by
 * {@code JPY_PARENT_PID} (the front end that started it) exits ({@link ParentWatch}).
 */
public final class SeqlabKernel extends BaseKernel {

    /** The kernel's version, from the jar manifest when packaged. */
    static final String VERSION = Optional.ofNullable(SeqlabKernel.class.getPackage().getImplementationVersion())
            .orElse("dev");

    private final JShellEvaluator evaluator;
    private final Renderers renderers;
    /** Page-wide libraries already sent in this session (a restart starts a new session). */
    private final Set<String> librariesSent = ConcurrentHashMap.newKeySet();

    public SeqlabKernel(JShellEvaluator evaluator, Renderers renderers) {
        super("seqlab", VERSION, languageInfo(), List.of(), null, new JupyterIO(StandardCharsets.UTF_8),
                new CommManager(), new Renderer(), null, null, false, errorStyler());
        this.evaluator = evaluator;
        this.renderers = renderers;
    }

    private static LanguageInfo languageInfo() {
        return new LanguageInfo.Builder("java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("java")
                .build();
    }

    private static StringStyler errorStyler() {
        return new StringStyler.Builder()
                .addPrimaryStyle(TextColor.BOLD_RESET_FG)
                .addSecondaryStyle(TextColor.BOLD_RED_FG)
                .addHighlightStyle(TextColor.BOLD_RESET_FG)
                .build();
    }

    /**
     * Installs the Display sink before the kernel takes requests, and makes experiments show their progress through
     * it (one block updated in place) rather than on standard error.
     */
    @Override
    public void onStartup() {
        super.onStartup();
        ProgressView.install(NotebookProgress::new);
        Display.install(new Display.Sink() {
            @Override
            public void display(String id, Object value) {
                DisplayData data = toDisplayData(value);
                data.setDisplayId(id);
                io.display.display(data);
            }

            @Override
            public void update(String id, Object value) {
                io.display.updateDisplay(id, toDisplayData(value));
            }
        });
    }

    @Override
    public void onShutdown(boolean restarting) {
        evaluator.stop();
        evaluator.close();
        Display.install(Display.CONSOLE);
        ProgressView.install(null);
        super.onShutdown(restarting);
    }

    @Override
    public String getBanner() {
        return "seqlab " + VERSION + " on Java " + Runtime.version() + " (JShell, local execution)";
    }

    @Override
    public Object evalRaw(String code) {
        return evaluator.eval(code).orElse(null);
    }

    @Override
    public DisplayData eval(String code) {
        Optional<Object> value = evaluator.eval(code);
        return value.map(this::toDisplayData).orElse(null);
    }

    /** Renders a value, first sending any page-wide library its HTML needs and this session lacks. */
    DisplayData toDisplayData(Object value) {
        if (value instanceof DisplayData d) {
            return d;
        }
        MimeBundle bundle = renderers.render(value);
        for (String lib : bundle.requires()) {
            if (librariesSent.add(lib)) {
                renderers.library(lib).ifPresent(l -> io.display.display(asDisplayData(l)));
            }
        }
        return asDisplayData(bundle);
    }

    private static DisplayData asDisplayData(MimeBundle bundle) {
        DisplayData d = new DisplayData();
        bundle.data().forEach(d::putData);
        return d;
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return evaluator.inspect(code, at, extraDetail).map(DisplayData::new).orElse(null);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        Completion c = evaluator.complete(code, at);
        return new ReplacementOptions(c.matches(), c.start(), c.end());
    }

    @Override
    public String isComplete(String code) {
        switch (evaluator.completeness(code)) {
            case "complete":
                return IS_COMPLETE_YES;
            case "invalid":
                return IS_COMPLETE_BAD;
            default:
                return "    "; // incomplete: the indent the next line starts with
        }
    }

    @Override
    public void interrupt() {
        evaluator.stop();
    }

    @Override
    public List<String> formatError(Throwable e) {
        if (e instanceof CellError ce) {
            List<String> lines = new ArrayList<>(ce.traceback());
            if (!lines.isEmpty()) {
                lines.set(0, errorStyler.secondary(lines.get(0)));
            }
            return lines;
        }
        return super.formatError(e);
    }

    /**
     * Runs the kernel until Jupyter shuts it down.
     *
     * @param args the connection file Jupyter writes ({@code {connection_file}} in kernel.json)
     */
    public static void main(String[] args) throws Exception {
        // jjava logs each channel loop at INFO; Jupyter shows kernel stderr, so keep it to real problems.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        if (args.length != 1) {
            System.err.println("usage: java -cp CLASSPATH seqlab.kernel.SeqlabKernel CONNECTION_FILE\n"
                    + "Jupyter starts this with the connection file it wrote; install the kernel with\n"
                    + "  java -cp CLASSPATH seqlab.kernel.KernelInstall   (or ./seqlab kernel install)");
            System.exit(2);
        }
        String json;
        try {
            json = Files.readString(Path.of(args[0]));
        } catch (NoSuchFileException e) {
            System.err.println("connection file " + args[0] + " does not exist: start the kernel from Jupyter,"
                    + " which writes that file first");
            System.exit(2);
            return;
        } catch (IOException e) {
            System.err.println("cannot read connection file " + args[0] + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        ParentWatch.watch(System.getenv(ParentWatch.VARIABLE), () -> {
            System.err.println("seqlab kernel: the process that started it (" + ParentWatch.VARIABLE + "="
                    + System.getenv(ParentWatch.VARIABLE) + ") has exited; shutting down");
            System.exit(0);
        });
        KernelConnectionProperties props;
        try {
            props = KernelConnectionProperties.parse(json);
        } catch (RuntimeException e) {
            System.err.println("connection file " + args[0] + " is not a Jupyter connection file: " + e.getMessage());
            System.exit(2);
            return;
        }
        SeqlabKernel kernel = new SeqlabKernel(new JShellEvaluator(), Renderers.standard());
        JupyterConnection connection = new KernelConnection(props);
        kernel.becomeHandlerForConnection(connection);
        kernel.onStartup();
        connection.connect();
        connection.waitUntilClose();
        // Threads a cell started would keep the JVM alive after Jupyter said goodbye.
        System.exit(0);
    }

}
