package seqlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import seqlab.engine.Engines;
import seqlab.experiment.Experiment;
import seqlab.experiment.Parallelism;
import seqlab.experiment.Results;
import seqlab.experiment.TrialRunner;
import seqlab.experiment.Tuning;
import seqlab.experiment.Verbosity;
import seqlab.experiments.Budget;
import seqlab.experiments.Canonical;
import seqlab.experiments.ComparisonReport;
import seqlab.model.SpecSyntax;

/** {@code ./seqlab compare}: the canonical comparisons, their summaries on the terminal and one HTML report. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Train and compare sequence models on the canonical tasks; prints each task's summary and writes "
                + "an HTML report, results.csv and summary.csv.")
final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--task", defaultValue = "all", paramLabel = "TASK",
            description = "classification, translation, forecasting or all (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--engine", defaultValue = "reference", split = ",", paramLabel = "NAME[,NAME]",
            description = "Engine(s) to run on; several compare the engines (default: ${DEFAULT-VALUE}).")
    List<String> engines;

    @Option(names = "--models", split = ",(?![^\\[]*\\])", splitSynopsisLabel = ",", paramLabel = "MODEL",
            description = {"Models: rnn, lstm, bilstm, gru, bigru, peephole, cifg, cnn, attention, transformer "
                    + "(default: every model that fits the task).",
                "Each may carry settings, checked like Models.lstm(64).with(key, value): "
                    + "lstm:hidden=128:layers=2:dropout=0.2 (no shell quoting needed) or, quoted, "
                    + "'lstm[hidden=128,layers=2]'. Keys: hidden, layers, bidirectional, dropout, recurrent_dropout, "
                    + "bias, init, nonlinearity (rnn), peephole, cifg, forget_bias, projection (lstm), reset_before, "
                    + "update_gate (gru), heads, feedforward, activation, norm, positional, max_positions (transformer), "
                    + "kernel (cnn), and the task heads pool, attention, input_feeding, bridge, embedding, "
                    + "tie_embeddings, share_embeddings, strategy, head, level, calendar. An unknown key or value is an error listing the valid ones."})
    List<String> models;

    @Option(names = "--seeds", paramLabel = "N", description = "Seeds per model (default: 3 for quick and standard, "
            + "5 for full); a verdict needs at least 3.")
    Integer seeds;

    @Option(names = "--tune", paramLabel = "none|lr", description = "How learning rates are chosen: none (each "
            + "family's documented rate) or lr (a third of it, it and three times it, on the validation split of the "
            + "first seed). Default: none for quick, lr for standard and full.")
    String tune;

    @Option(names = "--match-params", paramLabel = "N", description = "Size every model's width so that its "
            + "parameter count is as close as possible to N (a fair comparison by size; the widths are in the hidden "
            + "column).")
    Long matchParams;

    @Option(names = "--budget", defaultValue = "quick", paramLabel = "BUDGET",
            description = "quick (all tasks in under 10 minutes on 2 cores), standard or full (default: ${DEFAULT-VALUE}).")
    String budget;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: reports/<date-time>).")
    Path out;

    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    ParallelOptions parallel;

    @Mixin
    DeviceOption device;

    @Option(names = "--spark", paramLabel = "MASTER_URL",
            description = "Run each trial as a Spark task on this master: local[N], spark://host:7077, yarn, "
                    + "k8s://https://host:port (default: a local pool). Results and report are the same.")
    String sparkMaster;

    private Tuning tuning;

    @Override
    public Integer call() throws IOException {
        Budget b;
        Parallelism parallelism;
        List<String> tasks;
        List<String> names;
        try {
            b = Budget.parse(budget);
            tasks = task.equals("all") ? Canonical.TASKS : List.of(task);
            for (String t : tasks) {
                if (!Canonical.TASKS.contains(t)) {
                    throw new IllegalArgumentException("Unknown task '" + t + "'; use " + String.join(", ", Canonical.TASKS)
                            + " or all");
                }
            }
            names = Canonical.checkModels(models == null ? Canonical.MODEL_NAMES : models);
            data.check(tasks); // your own file: loaded (or refused) before anything is written
            if (tune != null) {
                tuning = Tuning.parse(tune);
            }
            if (matchParams != null) {
                if (matchParams < 1) {
                    throw new IllegalArgumentException("--match-params must be a positive parameter count, got "
                            + matchParams);
                }
                for (String m : names) {
                    if (SpecSyntax.parse(m).settings().containsKey("hidden")) {
                        throw new IllegalArgumentException("--match-params " + matchParams + " chooses every model's "
                                + "width, and '" + m + "' sets hidden too; drop one of them");
                    }
                }
            }
            if (seeds != null && seeds < 1) {
                throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
            }
            for (String t : tasks) {
                // every task's models named, sized and checked before any trains (a setting another task reads fails here)
                configure(data.experiment(t, names, b)).points();
            }
            for (String e : engines) {
                Engines.get(e);
            }
            if (sparkMaster != null) {
                if (parallel.given()) {
                    throw new IllegalArgumentException("--parallel and --threads-per-trial size the local pool; with "
                            + "--spark the cluster decides (spark.task.cpus, executors): drop them or drop --spark");
                }
                Runner.checkAvailable();
            }
            parallelism = parallel.parallelism();
            device.apply(engines);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Path dir = OutputFolder.prepare(spec.commandLine(), out, "");
        System.out.println("seqlab compare: tasks " + tasks + ", engines " + engines + ", budget " + b + ", seeds "
                + (seeds != null ? seeds : b.seeds()) + ", tuning " + (tuning != null ? tuning : b.tuning())
                + (matchParams != null ? ", ~" + matchParams + " parameters per model" : "") + ", output " + dir
                + (sparkMaster != null ? ", on Spark " + sparkMaster : ""));
        try (Runner runner = new Runner(sparkMaster)) {
            return compare(b, tasks, names, dir, runner.runner != null ? runner.runner : TrialRunner.local(parallelism));
        }
    }

    /** The trial runner: a local pool, or seqlab-spark's {@code Spark} when the module is on the class path. */
    private static final class Runner implements AutoCloseable {
        final TrialRunner runner;

        Runner(String sparkMaster) {
            if (sparkMaster == null) {
                runner = null;
                return;
            }
            try {
                runner = (TrialRunner) spark().getMethod("session", String.class).invoke(null, sparkMaster);
            } catch (java.lang.reflect.InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException("Cannot start Spark on " + sparkMaster + ": " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("seqlab-spark does not match this seqlab version: " + e, e);
            }
        }

        /** By name: seqlab-experiments does not depend on Spark; ./seqlab adds seqlab-spark only for --spark. */
        private static Class<?> spark() {
            try {
                return Class.forName("seqlab.spark.Spark");
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("--spark needs the seqlab-spark module on the class path: run "
                        + "./seqlab compare --spark ... (it builds and adds experiments/spark), or spark-submit "
                        + "experiments/spark/target/seqlab-spark-*-all.jar (see experiments/spark/README.md)");
            }
        }

        static void checkAvailable() {
            spark();
        }

        @Override
        public void close() {
            if (runner instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("seqlab: stopping Spark: " + e.getMessage());
                }
            }
        }
    }

    private Integer compare(Budget b, List<String> tasks, List<String> names, Path dir, TrialRunner runner)
            throws IOException {
        ComparisonReport report = ComparisonReport.create(dir, "Budget " + b + "; engines " + String.join(", ", engines)
                + ". Each task's full report is linked below.");
        List<String> ran = new ArrayList<>();
        List<Experiment> experiments = new ArrayList<>();
        Verbosity verbosity = ParallelOptions.verbosity(spec);
        for (String t : tasks) {
            Experiment e = configure(data.experiment(t, names, b)).engine(engines.toArray(new String[0]))
                    .out(dir.resolve(t)).progress(verbosity);
            if (e.expandedModels().isEmpty()) {
                System.out.println("(" + t + ": none of the chosen models fits this task; skipped)");
                continue;
            }
            System.out.println();
            System.out.println("== " + t + " ==");
            System.out.println(e);
            if (data.file != null) {
                Results.dataLines(e.task()).forEach(System.out::println);
            }
            ran.add(t);
            experiments.add(e);
        }
        System.out.println();
        // one pool for every task's trials, the longest first, so no core waits for a task to finish
        List<Results> results = Experiment.runAll(experiments, runner);
        for (int i = 0; i < ran.size(); i++) {
            String t = ran.get(i);
            Results r = results.get(i);
            report.add(t, r);
            System.out.println();
            System.out.println("== " + t + " ==");
            System.out.println(r);
        }
        report.write();
        System.out.println();
        System.out.println("Report: " + dir.resolve("index.html").toAbsolutePath());
        return 0;
    }

    /** The canonical experiment with the command line's seeds, tuning and parameter matching. */
    private Experiment configure(Experiment e) {
        if (seeds != null) {
            e = e.seeds(seeds);
        }
        if (tuning != null) {
            e = e.tune(tuning);
        }
        if (matchParams != null) {
            e = e.matchParameters(matchParams);
        }
        return e;
    }
}
