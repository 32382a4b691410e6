package seqlab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

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
