package seqlab.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.UsageMessageSpec;

/** {@code ./seqlab}: the command line. Each subcommand is its own class. */
@Command(name = "seqlab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Compare RNN, LSTM, GRU and attention models on text classification, translation and forecasting.",
        subcommands = {CompareCommand.class, ExperimentCommand.class, BenchCommand.class, EnginesCommand.class,
            DoctorCommand.class, picocli.AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print a line per epoch of every trial, and on an error the full stack trace after the "
                    + "one-line message.")
    boolean verbose;

    /**
     * The subcommands the {@code ./seqlab} launcher runs itself (they start JShell or Jupyter, not this program), with
     * what they do; {@code ./seqlab help} lists them with the others and {@code ./seqlab help NAME} explains one.
     */
    static final Map<String, String> LAUNCHER_COMMANDS = launcherCommands();

    private static Map<String, String> launcherCommands() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jshell", "JShell with seqlab on the class path and its entry points imported (Experiment, Models, "
                + "Datasets, Engines, Charts, ...); ./seqlab jshell FILE.jsh runs a script.");
        m.put("kernel install", "Install the Jupyter kernel 'seqlab (Java)' for this user, so notebooks can use it. "
                + "./seqlab kernel install --help lists its options.");
        m.put("notebook", "Start Jupyter on notebooks/, with the seqlab kernel installed first.");
        return java.util.Collections.unmodifiableMap(m);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the CLI and returns its exit status: 0 ok, 1 failure, 2 bad arguments. Every error is one line
     * ({@code seqlab: ...}) whatever its exception class; {@code --verbose} adds the stack trace.
     */
    public static int run(String... args) {
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        CommandLine cl = new CommandLine(new Main());
        cl.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, Main::commandList);
        if (args.length >= 2 && args[0].equals("help") && !args[1].startsWith("-")) {
            String named = String.join(" ", java.util.Arrays.copyOfRange(args, 1, args.length));
            for (var e : LAUNCHER_COMMANDS.entrySet()) {
                if (e.getKey().equals(named) || e.getKey().startsWith(named + " ")) {
                    cl.getOut().println("Usage: ./seqlab " + e.getKey() + (e.getKey().equals("jshell") ? " [FILE.jsh]" : ""));
                    cl.getOut().println(e.getValue());
                    cl.getOut().flush();
                    return 0;
                }
            }
        }
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("seqlab: " + oneLine(ex));
            c.usage(c.getErr());
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("seqlab: " + oneLine(ex));
            if (verbose) {
                ex.printStackTrace(c.getErr());
            }
            return rootCause(ex) instanceof IllegalArgumentException ? 2 : 1;
        });
        try {
            // -Dseqlab.threads is read when an engine starts; a bad value is a usage error before any work.
            seqlab.engine.Engines.configuredThreads();
        } catch (IllegalArgumentException e) {
            cl.getErr().println("seqlab: " + oneLine(e));
            return 2;
        }
        return cl.execute(args);
    }

    /**
     * The "Commands:" section: this program's subcommands and the launcher's own (jshell, kernel install, notebook),
     * each with the first sentence of its description, in the order a new user needs them.
     */
    private static String commandList(CommandLine.Help help) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (var e : help.subcommands().entrySet()) {
            var usage = e.getValue().commandSpec().usageMessage();
            // picocli's own commands (help) put their one-liner in the header and start the description with %n
            String[] d = usage.header().length > 0 ? usage.header() : usage.description();
            rows.put(e.getKey(), d.length == 0 ? "" : firstSentence(String.join(" ", d)));
            if (e.getKey().equals("doctor")) {
                LAUNCHER_COMMANDS.forEach((name, text) -> rows.put(name, firstSentence(text)));
            }
        }
        CommandLine.Help.TextTable table = CommandLine.Help.TextTable.forColumns(help.colorScheme(),
                new CommandLine.Help.Column(24, 2, CommandLine.Help.Column.Overflow.SPAN),
                new CommandLine.Help.Column(help.commandSpec().usageMessage().width() - 24, 1,
                        CommandLine.Help.Column.Overflow.WRAP));
        rows.forEach((name, text) -> table.addRowValues(name, text));
        return table.toString();
    }

    /**
     * A description's first sentence without its asides: picocli's {@code %n} line breaks go, and so does a
     * parenthesis that stands apart from the words ("forward (inference) and" reads "forward and"; a quoted name such
     * as 'seqlab (Java)' keeps its own).
     */
    static String firstSentence(String text) {
        String t = text.replace("%n", " ").replaceAll("\\s+", " ").strip();
        t = t.replaceAll(" \\([^()]*\\)(?=[\\s.,;:]|$)", "");
        int end = t.indexOf(". ");
        return end < 0 ? t : t.substring(0, end + 1);
    }

    /** The exception a wrapper (initializer, reflection, unchecked I/O) carries. */
    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExceptionInInitializerError || t instanceof java.lang.reflect.InvocationTargetException
                || t instanceof java.util.concurrent.ExecutionException
                || t instanceof java.util.concurrent.CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The message of the root cause, on one line, with its class when it has no message. */
    static String oneLine(Throwable e) {
        Throwable t = rootCause(e);
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            m = t.getClass().getSimpleName() + (t.getCause() != null ? ": " + oneLine(t.getCause()) : "");
        }
        return m.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"seqlab " + (v == null ? "0.1.0-SNAPSHOT" : v) + " on Java " + Runtime.version()};
        }
    }
}
