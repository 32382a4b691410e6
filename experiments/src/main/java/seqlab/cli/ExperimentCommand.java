package seqlab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import seqlab.engine.Engines;
import seqlab.experiment.Parallelism;
import seqlab.experiments.Budget;
import seqlab.experiments.ClaimExperiment;
import seqlab.experiments.ClaimResult;
import seqlab.experiments.Claims;

/** {@code ./seqlab experiment NAME}: one experiment that tests a claim of the guide, with its report and verdict. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Run an experiment that tests one of the guide's claims; prints its table and verdict and writes "
                + "an HTML report with chart(s), the table (results.csv) and the configuration.")
final class ExperimentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", completionCandidates = Names.class,
            description = "The experiment: ${COMPLETION-CANDIDATES}.")
    String name;

    @Option(names = "--budget", defaultValue = "quick", paramLabel = "BUDGET",
            description = "quick (a few minutes on 2 cores), standard or full (default: ${DEFAULT-VALUE}); the report "
                    + "states what each means for the experiment.")
    String budget;

    @Option(names = "--engine", split = ",", paramLabel = "NAME[,NAME]",
            description = "Engine to run on (default: reference); params-and-speed, resource-constrained and "
                    + "length-scaling measure each one given (default: every available engine).")
    List<String> engines;

    @Option(names = "--seeds", paramLabel = "N",
            description = "Seeds (or timing repetitions) per configuration (default: set by the budget).")
    Integer seeds;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: reports/<date-time>-NAME).")
    Path out;

    @Mixin
    ParallelOptions parallel;

    @Mixin
    DeviceOption device;

    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Claims.NAMES.iterator();
        }
    }

    /** The experiments that run on several engines. */
    private static List<String> enginesComparing() {
        return Claims.NAMES.stream().filter(n -> Claims.create(n, Budget.QUICK, null).comparesEngines()).toList();
    }

    @Override
    public Integer call() throws IOException {
        ClaimExperiment experiment;
        List<String> on;
        Parallelism parallelism;
        try {
            parallelism = parallel.parallelism();
            Budget b = Budget.parse(budget);
            if (seeds != null && seeds < 1) {
                throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
            }
            experiment = Claims.create(name, b, seeds);
            if (engines == null) {
                on = experiment.comparesEngines() ? Engines.available() : List.of("reference");
            } else {
                on = List.copyOf(engines);
                for (String e : on) {
                    Engines.get(e);
                }
                if (!experiment.comparesEngines() && on.size() != 1) {
                    throw new IllegalArgumentException(name + " runs on one engine, got " + String.join(",", on)
                            + "; give one --engine (only " + String.join(", ", enginesComparing()) + " compare engines)");
                }
            }
            device.apply(on);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Path dir = OutputFolder.prepare(spec.commandLine(), out, "-" + name);
        System.out.println("seqlab experiment " + name + ": " + experiment.claim());
        System.out.println("budget " + experiment.budget() + "; engine" + (on.size() == 1 ? " " : "s ")
                + String.join(", ", on) + "; output " + dir);
        ClaimResult r = experiment.run(new ClaimExperiment.Context(on, dir, System.out, parallelism,
                ParallelOptions.verbosity(spec)));
        System.out.println();
        System.out.println(r);
        System.out.println("Report: " + r.report().toAbsolutePath());
        return 0;
    }
}
