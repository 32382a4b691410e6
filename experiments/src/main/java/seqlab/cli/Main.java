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

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit status: 0 ok, 1 failure, 2 bad arguments. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("seqlab: " + ex.getMessage());
            c.usage(c.getErr());
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof IllegalArgumentException) {
                c.getErr().println("seqlab: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
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
