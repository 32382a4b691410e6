package seqlab.experiment;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import seqlab.engine.Device;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.model.Baseline;
import seqlab.model.Candidate;
import seqlab.model.ModelSpec;
import seqlab.model.SpecSyntax;
import seqlab.model.TransformerSpec;
import seqlab.train.OptimizerSpec;
import tech.tablesaw.api.Table;

/**
 * A comparison, written as a sentence:
 * <pre>{@code
 * var results = Experiment.on(task)
 *     .compare(Models.rnn(128), Models.lstm(128).bidirectional(), Models.gru(128))
 *     .train(t -> t.epochs(10).batchSize(32).adam(1e-3).clipNorm(1.0))
 *     .seeds(3).engine("reference")
 *     .run();
 * }</pre>
 * A record: each call returns a changed copy, and {@link #toString()} shows what will run. Every grid point of
 * {@link #vary} gets its own name ({@code gru[hidden=8]}, {@code lstm[lr=0.01]}), and two models that would share a
 * name are an error before anything runs, so results never pool different configurations as if they were seeds.
 * Every finished trial is written to the output folder at once, and running the same experiment into the same folder
 * reuses finished trials, after checking that each stored file holds exactly the trial requested.
 *
 * @param task            what is compared on
 * @param models          the models, in order (the task's baselines come first unless {@code baselines} is false)
 * @param grid            settings to vary, each with its values, in the order given
 * @param train           how every model trains (grid points may change it)
 * @param seeds           seeds per configuration
 * @param firstSeed       the first seed
 * @param engines         engine names; empty for the default engine
 * @param baselines       whether the task's baselines run too
 * @param matchParameters a parameter count every model's width is fitted to; 0 for none
 * @param out             the output folder, or null for {@code reports/<date-time>}
 * @param parallelism     trials at once on the local pool and threads per trial (default: sized to the machine)
 * @param progress        what the run shows while it runs (default: the running trials and a line per result)
 * @param listener        hears trials, steps and epochs (from the trials' threads)
 * @param familyTraining  per model family (or trained baseline kind), changes to {@code train} for its models:
 *                        {@link #train(String, UnaryOperator)}
 * @param tuning          how each model's learning rate is chosen on the validation split before the comparison
 * @param device          where the trials run, by name: {@code cpu}, {@code gpu}, {@code gpu:N}, {@code auto} (each
 *                        engine's first GPU if it has one, else the CPU), or {@code default} (each engine's default
 *                        device, the CPU unless set; the default)
 */
public record Experiment(Task task, List<ModelSpec> models, Map<String, List<Object>> grid, TrainConfig train,
                         int seeds, long firstSeed, List<String> engines, boolean baselines, long matchParameters,
                         Path out, Parallelism parallelism, Verbosity progress, TrialListener listener,
                         Map<String, UnaryOperator<TrainConfig>> familyTraining, Tuning tuning,
                         String device) {

    /** The device name meaning each engine's default device. */
    public static final String DEFAULT_DEVICE = "default";

    public Experiment {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(device, "device");
        device = device.strip().toLowerCase(java.util.Locale.ROOT);
        if (!device.equals("auto") && !device.equals(DEFAULT_DEVICE)) {
            Device.parse(device);
        }
        Objects.requireNonNull(tuning, "tuning");
        familyTraining = Collections.unmodifiableMap(new LinkedHashMap<>(familyTraining));
        models = List.copyOf(models);
        Map<String, List<Object>> g = new LinkedHashMap<>();
        grid.forEach((k, v) -> g.put(k, Collections.unmodifiableList(new ArrayList<>(v))));
        grid = Collections.unmodifiableMap(g);
        engines = List.copyOf(engines);
        if (seeds < 1) {
            throw new IllegalArgumentException("seeds must be >= 1, got " + seeds);
        }
        Objects.requireNonNull(parallelism, "parallelism");
        Objects.requireNonNull(progress, "progress");
        if (matchParameters < 0) {
            throw new IllegalArgumentException("matchParameters must be >= 0 (0 = off), got " + matchParameters);
        }
    }

    /** Text classification on {@code data} with the task's default options. */
    public static Experiment classify(seqlab.data.TextDataset data) {
        return on(new ClassificationTask(data));
    }

    /** Forecasting {@code series} with the task's default options (horizon = the seasonal period). */
    public static Experiment forecast(seqlab.data.TimeSeries series) {
        return on(new ForecastingTask(series));
    }

    /** Translation of {@code corpus} with the task's default options. */
    public static Experiment translate(seqlab.data.ParallelCorpus corpus) {
        return on(new TranslationTask(corpus));
    }

    /** A comparison on {@code task} with default training, one seed, the default engine. */
    public static Experiment on(Task task) {
        return new Experiment(task, List.of(), Map.of(), TrainConfig.defaults(), 1, 1, List.of(), true, 0, null,
                Parallelism.auto(), Verbosity.TRIALS, TrialListener.NONE, Map.of(), Tuning.none(),
                DEFAULT_DEVICE);
    }

    // ----- withers -----

    /** The models to compare (the task's baselines are added unless {@link #withoutBaselines()}). */
    public Experiment compare(ModelSpec... specs) {
        List<ModelSpec> m = new ArrayList<>(models);
        m.addAll(List.of(specs));
        return new Experiment(task, m, grid, train, seeds, firstSeed, engines, baselines, matchParameters, out,
                parallelism, progress, listener, familyTraining, tuning, device);
    }

    /**
     * Expands every model over values of one setting: a model setting ({@code hidden}, {@code layers},
     * {@code dropout}, {@code recurrent_dropout}, {@code heads}, ... : {@link ModelSpec#settingKeys()}) or a training
     * setting ({@code lr}, {@code batch_size}, {@code weight_decay}, {@code clip_norm}, {@code schedule},
     * {@code epochs}, ...: {@link TrainConfig#settingKeys()}). Several calls form a grid; each point is named after
     * what varies, e.g. {@code gru[hidden=8,lr=0.01]}.
     */
    public Experiment vary(String setting, Object... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("vary(\"" + setting + "\"): give at least one value");
        }
        if (grid.containsKey(setting)) {
            throw new IllegalArgumentException("vary(\"" + setting + "\") is given twice; give all its values in one call");
        }
        if (setting.equals("name")) {
            throw new IllegalArgumentException("vary(\"name\"): a name is not a setting; name models with named(...)");
        }
        if (!TrainConfig.hasSetting(setting) && models.stream().noneMatch(m -> m.settingKeys().contains(setting))) {
            Set<String> keys = new LinkedHashSet<>();
            models.forEach(m -> keys.addAll(m.settingKeys()));
            throw new IllegalArgumentException("vary(\"" + setting + "\"): no such setting. Model settings: "
                    + (keys.isEmpty() ? "(compare models first)" : String.join(", ", keys)) + "; training settings: "
                    + String.join(", ", TrainConfig.settingKeys()));
        }
        Map<String, List<Object>> g = new LinkedHashMap<>(grid);
        g.put(setting, List.of(values));
        return new Experiment(task, models, g, train, seeds, firstSeed, engines, baselines, matchParameters, out,
                parallelism, progress, listener, familyTraining, tuning, device);
    }

    /** Training settings: {@code t -> t.epochs(10).batchSize(32).adam(1e-3)}. */
    public Experiment train(UnaryOperator<TrainConfig> settings) {
        return new Experiment(task, models, grid, settings.apply(train), seeds, firstSeed, engines, baselines,
                matchParameters, out, parallelism, progress, listener, familyTraining, tuning, device);
    }

    /**
     * Training for the models of one family, applied on top of the shared training when the experiment runs:
     * {@code .train("transformer", t -> t.lr(1e-3).schedule(LrSchedule.warmup(100, LrSchedule.constant()), true))}.
     * The family is a model family the task builds ({@code rnn}, {@code lstm}, {@code gru}, {@code transformer},
     * {@code cnn}; peephole and coupled-gate LSTMs are {@code lstm}) or the kind of a baseline that trains
     * ({@code bow}). Given twice for one family, the second replaces the first. Grid points ({@link #vary}) apply after
     * it.
     */
    public Experiment train(String family, UnaryOperator<TrainConfig> settings) {
        Objects.requireNonNull(settings, "settings");
        List<String> known = new ArrayList<>(task.families());
        task.baselines().forEach(b -> known.add(b.kind()));
        if (!known.contains(family)) {
            throw new IllegalArgumentException("train(\"" + family + "\", ...): the " + task.name() + " task has no "
                    + "model family or baseline of that name; use one of " + String.join(", ", known));
        }
        settings.apply(train); // a bad setting fails here, not when the experiment runs
        Map<String, UnaryOperator<TrainConfig>> f = new LinkedHashMap<>(familyTraining);
        f.put(family, settings);
        return new Experiment(task, models, grid, train, seeds, firstSeed, engines, baselines, matchParameters, out,
                parallelism, progress, listener, f, tuning, device);
    }

    /**
     * Chooses each model's learning rate on the validation split before the comparison: {@code tune(Tuning
     * .learningRate())} tries a third of its rate, its rate and three times it on the first seed and keeps the rate
     * with the best validation score; {@code Tuning.none()} (the default) trains each at its own rate. The chosen
     * rates are in {@link Results#tuning()} and the report.
     */
    public Experiment tune(Tuning t) {
        if (t.active() && grid.containsKey("lr")) {
            throw new IllegalArgumentException("tune(" + t + ") chooses each model's learning rate, and vary(\"lr\", "
                    + "...) sets it too; use one of them");
        }
        return new Experiment(task, models, grid, train, seeds, firstSeed, engines, baselines, matchParameters, out,
                parallelism, progress, listener, familyTraining, t, device);
    }

    /** The training a candidate of {@code family} gets before any grid point changes it. */
    public TrainConfig trainingFor(String family) {
        UnaryOperator<TrainConfig> f = familyTraining.get(family);
        return f == null ? train : f.apply(train);
    }

    /** Runs each configuration with seeds {@code 1..n}. */
    public Experiment seeds(int n) {
        return seeds(1, n);
    }

    /** Runs each configuration with seeds {@code first .. first+n-1}. */
    public Experiment seeds(long first, int n) {
        return new Experiment(task, models, grid, train, n, first, engines, baselines, matchParameters, out,
                parallelism, progress, listener, familyTraining, tuning, device);
    }

    /** The engine(s) to run on; several compare the engines themselves. Unknown names fail now, listing the available. */
    public Experiment engine(String... names) {
        for (String n : names) {
            Engines.get(n);
        }
        return new Experiment(task, models, grid, train, seeds, firstSeed, List.of(names), baselines, matchParameters,
                out, parallelism, progress, listener, familyTraining, tuning, device);
    }

    /** Leaves out the task's trivial baselines. */
    public Experiment withoutBaselines() {
        return new Experiment(task, models, grid, train, seeds, firstSeed, engines, false, matchParameters, out,
                parallelism, progress, listener, familyTraining, tuning, device);
    }

    /**
     * Fair comparison by size: each model's width is chosen so that its parameter count is as close as possible to
     * {@code n}. The chosen widths are in the results (column {@code hidden}).
     */
    public Experiment matchParameters(long n) {
        return new Experiment(task, models, grid, train, seeds, firstSeed, engines, baselines, n, out, parallelism,
                progress, listener, familyTraining, tuning, device);
    }

    /** Where results, trials and the report go; default {@code reports/<date-time>}. */
    public Experiment out(Path dir) {
        return new Experiment(task, models, grid, train, seeds, firstSeed, engines, baselines, matchParameters, dir,
                parallelism, progress, listener, familyTraining, tuning, device);
    }

    /**
     * {@code n} trials at once on the local pool, the cores divided among them; 1 runs them one after another with
     * every core for each. The default, {@link Parallelism#auto()}, sizes both to the machine; results are the same
     * either way on the reference engine.
     */
    public Experiment parallelism(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1 trial at once, got " + n);
        }
        return parallelism(Parallelism.of(n));
    }

    /** {@code trials} at once with {@code threadsPerTrial} engine threads each (0 for either: sized to the machine). */
    public Experiment parallelism(int trials, int threadsPerTrial) {
        return parallelism(Parallelism.of(trials, threadsPerTrial));
    }

    /** How trials share this machine's cores. */
    public Experiment parallelism(Parallelism p) {
        return new Experiment(task, models, grid, train, seeds, firstSeed, engines, baselines, matchParameters, out, p,
                progress, listener, familyTraining, tuning, device);
    }

    /**
     * Where the trials run: {@code "cpu"}, {@code "gpu"} (the first GPU), {@code "gpu:N"}, {@code "auto"} (each
     * engine's first GPU if it sees one, else the CPU) or {@code "default"} (each engine's default device, the CPU
     * unless set with {@code Engine.setDefaultDevice}; the default). A device an engine lacks fails when the trials
     * are made, before any training, with a line saying what the engine found. The device's kind is part of each
     * trial's identity; which GPU is not, since any GPU of a kind gives the same numbers.
     */
    public Experiment device(String name) {
        return new Experiment(task, models, grid, train, seeds, firstSeed, engines, baselines, matchParameters, out,
                parallelism, progress, listener, familyTraining, tuning, name);
    }

    /** The device of each engine this experiment uses, as {@link #device(String)} chose it. */
    public Map<String, Device> devices() {
        Map<String, Device> m = new LinkedHashMap<>();
        for (String name : engineNames()) {
            Engine e = Engines.get(name);
            try {
                m.put(name, device.equals(DEFAULT_DEVICE) ? e.defaultDevice() : e.device(device));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("device " + device + ": " + ex.getMessage(), ex);
            }
        }
        return m;
    }

    /** Shows nothing while it runs. */
    public Experiment quiet() {
        return progress(Verbosity.QUIET);
    }

    /** Shows a line per epoch of every trial too. */
    public Experiment verbose() {
        return progress(Verbosity.EPOCHS);
    }

    /** What the run shows while it runs. */
    public Experiment progress(Verbosity v) {
        return new Experiment(task, models, grid, train, seeds, firstSeed, engines, baselines, matchParameters, out,
                parallelism, v, listener, familyTraining, tuning, device);
    }

    /** Hears every trial and epoch (live charts, logs). */
    public Experiment listener(TrialListener l) {
        return new Experiment(task, models, grid, train, seeds, firstSeed, engines, baselines, matchParameters, out,
                parallelism, progress, l, familyTraining, tuning, device);
    }

    // ----- what runs -----

    /**
     * One configuration of the experiment: a model under its final name and the training it gets.
     *
     * @param model the model, named as tables will show it
     * @param train its training configuration
     */
    public record Point(ModelSpec model, TrainConfig train) {
    }

    /**
     * The configurations this experiment runs (baselines not included), after expanding the grid and matching
     * parameter counts, each checked against the task and named distinctly: a grid point after what varies, models
     * that would share a derived name after the settings that tell them apart ({@code lstm[hidden=64]}). Two models
     * given the same name, or one listed twice, fail here with the names involved.
     */
    public List<Point> points() {
        List<Draft> drafts = new ArrayList<>();
        for (ModelSpec m : models) {
            drafts.add(new Draft(m, trainingFor(m.family()), new LinkedHashMap<>()));
        }
        for (var e : grid.entrySet()) {
            String key = e.getKey();
            boolean training = TrainConfig.hasSetting(key);
            List<Draft> next = new ArrayList<>();
            for (Draft d : drafts) {
                for (Object v : e.getValue()) {
                    Draft p = training ? new Draft(d.model, d.train.with(key, v), new LinkedHashMap<>(d.varied))
                            : new Draft(d.model.with(key, v), d.train, new LinkedHashMap<>(d.varied));
                    p.varied.put(key, training ? display(p.train.setting(key)) : display(p.model.setting(key)));
                    next.add(p);
                }
            }
            drafts = next;
        }
        if (matchParameters > 0) {
            if (grid.containsKey("hidden")) {
                throw new IllegalArgumentException("matchParameters(" + matchParameters + ") chooses each model's width, "
                        + "and vary(\"hidden\", ...) sets it too; use one of them");
            }
            drafts = drafts.stream().map(d -> new Draft(matched(d.model), d.train, d.varied)).toList();
        }
        for (Draft d : drafts) {
            task.check(d.model, d.train);
        }
        return name(drafts);
    }

    /** The models of {@link #points()}, named. */
    public List<ModelSpec> expandedModels() {
        return points().stream().map(Point::model).toList();
    }

    private record Draft(ModelSpec model, TrainConfig train, Map<String, String> varied) {
        String base() {
            return model.label() != null ? model.label() : model.name();
        }
    }

    private static String display(Object v) {
        if (v instanceof LrSchedule s) {
            return s.label();
        }
        if (v instanceof OptimizerSpec o) {
            return TrainConfig.optimizerName(o);
        }
        return SpecSyntax.format(v);
    }

    private List<Point> name(List<Draft> drafts) {
        List<String> names = new ArrayList<>();
        for (Draft d : drafts) {
            names.add(SpecSyntax.name(d.base(), d.varied));
        }
        // derived names that collide: add the settings that tell those models apart
        Map<String, List<Integer>> byName = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            byName.computeIfAbsent(names.get(i), k -> new ArrayList<>()).add(i);
        }
        for (List<Integer> same : byName.values()) {
            if (same.size() < 2 || same.stream().anyMatch(i -> drafts.get(i).model.label() != null)) {
                continue;
            }
            Set<String> differing = new LinkedHashSet<>();
            Map<String, Object> first = drafts.get(same.get(0)).model.settings();
            for (int i : same) {
                drafts.get(i).model.settings().forEach((k, v) -> {
                    if (!Objects.equals(v, first.get(k)) || !first.containsKey(k)) {
                        differing.add(k);
                    }
                });
            }
            for (int i : same) {
                Draft d = drafts.get(i);
                Map<String, String> label = new LinkedHashMap<>();
                for (String k : differing) {
                    label.put(k, display(d.model.setting(k)));
                }
                label.putAll(d.varied);
                names.set(i, SpecSyntax.name(d.base(), label));
            }
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        Set<String> baselineNames = new LinkedHashSet<>();
        if (baselines) {
            task.baselines().forEach(b -> baselineNames.add(b.name()));
        }
        List<Point> out = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            String n = names.get(i);
            Integer j = seen.putIfAbsent(n, i);
            if (j != null) {
                Draft o = drafts.get(j);
                boolean same = o.model.settings().equals(d.model.settings()) && o.train.equals(d.train);
                throw new IllegalArgumentException(same
                        ? "'" + n + "' is listed twice (" + d.model + "); its results would count twice as seeds. "
                                + "Compare each model once and use seeds(n) for repeats"
                        : "Two models would both be named '" + n + "': " + o.model + " and " + d.model
                                + "; give them different names with named(...)");
            }
            if (baselineNames.contains(n)) {
                throw new IllegalArgumentException("'" + n + "' is the name of one of the task's baselines; name the "
                        + "model otherwise");
            }
            out.add(new Point(n.equals(d.model.name()) ? d.model : d.model.named(n), d.train));
        }
        return out;
    }

    private ModelSpec matched(ModelSpec s) {
        int step = s instanceof TransformerSpec t ? t.config().nhead() : 1;
        int lo = 1, hi = 4096;
        long smallest = task.parameterCount(s.hidden(step)), largest = task.parameterCount(s.hidden(roundTo(hi, step)));
        if (matchParameters < smallest || matchParameters > largest) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "matchParameters(%d): %s has "
                    + "%,d parameters at width %d and %,d at width %d on this task (embedding and head included); "
                    + "ask for a count between those", matchParameters, s.name(), smallest, step, largest,
                    roundTo(hi, step)));
        }
        int best = s.hidden();
        long bestDiff = Long.MAX_VALUE;
        // parameter counts grow monotonically with width: bisect, then check the neighbours
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (task.parameterCount(s.hidden(roundTo(mid, step))) < matchParameters) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int h = Math.max(step, lo - 2 * step); h <= lo + 2 * step; h++) {
            int w = roundTo(h, step);
            long d = Math.abs(task.parameterCount(s.hidden(w)) - matchParameters);
            if (d < bestDiff) {
                bestDiff = d;
                best = w;
            }
        }
        return s.hidden(best);
    }

    private static int roundTo(int v, int step) {
        return Math.max(step, (v + step - 1) / step * step);
    }

    List<String> engineNames() {
        return engines.isEmpty() ? List.of(Engines.defaultName()) : engines;
    }

    /** Every trial this experiment runs, in order: per engine, the baselines then each point, each over the seeds. */
    public List<TrialSpec> trials() {
        List<Point> points = points();
        List<TrialSpec> out = new ArrayList<>();
        Map<Candidate, TrainConfig> all = new LinkedHashMap<>();
        if (baselines) {
            for (Baseline b : task.baselines()) {
                TrainConfig t = trainingFor(b.kind());
                task.check(b, t);
                all.put(b, t);
            }
        }
        points.forEach(p -> all.put(p.model(), p.train()));
        Map<String, Device> devices = devices();
        for (String name : engineNames()) {
            Engine e = Engines.get(name);
            Device d = devices.get(name);
            all.forEach((c, t) -> {
                for (int i = 0; i < seeds; i++) {
                    out.add(TrialSpec.of(task, c, t, firstSeed + i, e, d));
                }
            });
        }
        return out;
    }

    /** The output folder this experiment writes to. */
    public Path outputDirectory() {
        return out != null ? out : Path.of("reports", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss")));
    }

    /**
     * Runs every trial not already finished in the output folder, writing each as it ends, and returns all results
     * (reused and new). A trial that fails is recorded with its error and the others go on. Trials run on a local
     * pool sized by {@link #parallelism(Parallelism)}, the longest first: {@code runOn(TrialRunner.local(parallelism))}.
     */
    public Results run() {
        return runOn(TrialRunner.local(parallelism));
    }

    /**
     * As {@link #run()}, with the trials run by {@code runner}, e.g. a Spark cluster
     * ({@code runOn(Spark.session("spark://host:7077"))} from seqlab-spark). Whatever the runner, finished trials are
     * reused (after {@link ResultStore#find} checked each file against the trial), each result is saved here the
     * moment it arrives (so a run that dies loses nothing finished and a rerun resumes), and the results and report
     * are the same.
     */
    public Results runOn(TrialRunner runner) {
        return runAll(List.of(this), runner).get(0);
    }

    /**
     * The trials that choose each model's learning rate ({@link #tune}): per engine and point, each rate
     * {@link Tuning#rates} gives on each of the first {@link Tuning#seeds()} seeds, named like
     * {@code lstm[lr=0.001]}; empty without tuning. Baselines are not tuned.
     */
    public List<TrialSpec> tuningTrials() {
        return tuningPlan().stream().map(Tunings.Try::spec).toList();
    }

    private List<Tunings.Try> tuningPlan() {
        if (!tuning.active()) {
            return List.of();
        }
        List<Tunings.Try> out = new ArrayList<>();
        List<Point> points = points();
        Map<String, Device> devices = devices();
        for (String name : engineNames()) {
            Engine e = Engines.get(name);
            Device d = devices.get(name);
            for (Point p : points) {
                for (double lr : tuning.rates(p.train().learningRate())) {
                    ModelSpec named = p.model().named(Tunings.name(p.model().name(), lr));
                    for (int i = 0; i < Math.min(tuning.seeds(), seeds); i++) {
                        out.add(new Tunings.Try(name, p.model().name(), lr,
                                TrialSpec.of(task, named, p.train().lr(lr), firstSeed + i, e, d)));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Several experiments as one run on a local pool sized by {@code parallelism}: see
     * {@link #runAll(List, TrialRunner)}.
     */
    public static List<Results> runAll(List<Experiment> experiments, Parallelism parallelism) {
        return runAll(experiments, TrialRunner.local(parallelism));
    }

    /**
     * Several experiments (tasks, say) as one run: their trials go to {@code runner} together, so a local pool keeps
     * every core busy across experiments and starts the longest trials of all first. Each experiment reuses, saves
     * and reports exactly as {@link #runOn} does (a trial two of them share runs once); one progress display shows
     * the whole run, as detailed as the most detailed experiment asks. Returns the results in order.
     */
    public static List<Results> runAll(List<Experiment> experiments, TrialRunner runner) {
        Objects.requireNonNull(runner, "runner");
        Map<Path, Experiment> folders = new LinkedHashMap<>();
        for (Experiment e : experiments) {
            Path dir = e.outputDirectory();
            Experiment other = folders.putIfAbsent(dir.toAbsolutePath().normalize(), e);
            if (other != null) {
                throw new IllegalArgumentException("Two experiments of one run write to " + dir + " (" + other.task()
                        + " and " + e.task().name() + "); give each its own out(...) folder");
            }
            if (e.tuning().active() && e.tuning().seeds() > e.seeds()) {
                throw new IllegalArgumentException("tuning " + e.tuning() + " chooses on " + e.tuning().seeds()
                        + " seeds but the experiment runs " + e.seeds() + "; tune on at most as many seeds as it runs");
            }
        }
        // first every experiment's tuning trials, in one pool; then the comparisons at the chosen rates
        List<List<Tunings.Try>> plans = new ArrayList<>();
        List<ExperimentRun> tuningRuns = new ArrayList<>();
        for (Experiment e : experiments) {
            List<Tunings.Try> plan = e.tuningPlan();
            plans.add(plan);
            if (!plan.isEmpty()) {
                tuningRuns.add(new ExperimentRun(e, plan.stream().map(Tunings.Try::spec).toList()));
            }
        }
        execute(tuningRuns, runner);
        List<ExperimentRun> runs = new ArrayList<>();
        int tuned = 0;
        for (int i = 0; i < experiments.size(); i++) {
            Experiment e = experiments.get(i);
            List<TrialSpec> specs = e.trials();
            Table rates = Tunings.empty(e.task());
            if (!plans.get(i).isEmpty()) {
                Map<String, Double> chosen = new LinkedHashMap<>();
                rates = Tunings.choose(e.task(), plans.get(i), tuningRuns.get(tuned++).finished(runner), chosen);
                specs = Tunings.apply(specs, chosen);
            }
            runs.add(new ExperimentRun(e, specs, rates));
        }
        execute(runs, runner);
        List<Results> out = new ArrayList<>();
        for (ExperimentRun r : runs) {
            out.add(r.results(runner));
        }
        return out;
    }

    /** Runs the runs' trials not finished before in one pool, with one progress display; each saves its own. */
    private static void execute(List<ExperimentRun> runs, TrialRunner runner) {
        if (runs.isEmpty()) {
            return;
        }
        Map<String, TrialRunner.Job> jobs = new LinkedHashMap<>();
        Map<String, List<ExperimentRun>> owners = new LinkedHashMap<>();
        Set<String> tasks = new LinkedHashSet<>(), engineNames = new LinkedHashSet<>();
        Verbosity verbosity = Verbosity.QUIET;
        for (ExperimentRun r : runs) {
            Task t = r.experiment.task();
            tasks.add(t.name() + " (" + t.dataset() + ")");
            engineNames.addAll(r.experiment.engineNames());
            if (r.experiment.progress().compareTo(verbosity) > 0) {
                verbosity = r.experiment.progress();
            }
            for (TrialSpec s : r.todo()) {
                owners.computeIfAbsent(s.id(), k -> new ArrayList<>()).add(r);
                jobs.computeIfAbsent(s.id(), k -> new TrialRunner.Job(t, s, t.trialCost(s.model(), s.train())));
            }
        }
        int reused = 0;
        for (ExperimentRun r : runs) {
            reused += r.total() - r.todo().size();
        }
        Map<String, Device> devices = new LinkedHashMap<>();
        for (ExperimentRun r : runs) {
            r.experiment.devices().forEach((engine, d) -> {
                Device other = devices.putIfAbsent(engine, d);
                if (other != null && !other.equals(d)) {
                    throw new IllegalArgumentException("The experiments of one run put the " + engine + " engine on "
                            + other + " and on " + d + "; give them one device(...)");
                }
            });
        }
        int total = jobs.size() + reused;
        try (RunProgress progress = new RunProgress(ProgressView.standard(), verbosity, String.join(", ", tasks),
                runner.describe(jobs.size()), total, jobs, engineNames.size() > 1)) {
            for (ExperimentRun r : runs) {
                for (TrialResult done : r.announceReused()) {
                    progress.ended(done, true);
                }
            }
            progress.begin(reused);
            TrialListener fan = new TrialListener() {
                @Override
                public void trialStarted(TrialSpec spec, int index, int count) {
                    progress.trialStarted(spec, index, count);
                    owners.getOrDefault(spec.id(), List.of()).forEach(r -> r.started(spec));
                }

                @Override
                public void stepEnded(TrialSpec spec, TrialProgress p) {
                    progress.stepEnded(spec, p);
                    owners.getOrDefault(spec.id(), List.of()).forEach(r -> r.experiment.listener().stepEnded(spec, p));
                }

                @Override
                public void epochEnded(TrialSpec spec, EpochStats stats) {
                    progress.epochEnded(spec, stats);
                    owners.getOrDefault(spec.id(), List.of()).forEach(r -> r.experiment.listener().epochEnded(spec, stats));
                }

                @Override
                public void trialDeferred(TrialSpec spec, String why) {
                    progress.trialDeferred(spec, why);
                    owners.getOrDefault(spec.id(), List.of()).forEach(r -> r.experiment.listener().trialDeferred(spec, why));
                }
            };
            Consumer<TrialResult> finished = result -> {
                boolean mine = false;
                for (ExperimentRun r : owners.getOrDefault(result.spec().id(), List.of())) {
                    mine |= r.accept(result);
                }
                if (mine) {
                    progress.ended(result, false);
                }
            };
            if (!jobs.isEmpty()) {
                try (EngineDevices placed = EngineDevices.place(devices)) {
                    runner.run(new ArrayList<>(jobs.values()), fan, finished);
                }
            }
        }
    }

    /** The configuration, as recorded with the results. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", task.name());
        m.put("dataset", task.dataset());
        m.put("data_sha256", task.dataHash());
        m.put("data_sources", task.sources().stream().map(Experiment::source).toList());
        m.put("task_options", task.spec().options());
        List<Map<String, Object>> ms = new ArrayList<>();
        for (Point p : points()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", p.model().name());
            e.put("settings", p.model().settings());
            e.put("train", p.train().toString());
            ms.add(e);
        }
        m.put("models", ms);
        m.put("baselines", baselines ? task.baselines().stream().map(Baseline::name).toList() : List.of());
        m.put("train", train.toString());
        m.put("seeds", seeds);
        m.put("first_seed", firstSeed);
        m.put("engines", engineNames());
        m.put("match_parameters", matchParameters);
        m.put("tuning", tuning.toString());
        m.put("parallelism", parallelism.toString());
        return m;
    }

    /** A dataset's provenance as the configuration records it. */
    static Map<String, Object> source(seqlab.data.DatasetInfo info) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", info.name());
        m.put("size", info.size());
        m.put("source", info.source());
        m.put("sha256", info.sha256());
        m.put("licence", info.licence());
        return m;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Experiment[").append(task.name()).append(" on ").append(task.dataset())
                .append("]\n");
        sb.append("  models:    ").append(models.isEmpty() ? "(none)" : models).append('\n');
        if (!grid.isEmpty()) {
            sb.append("  vary:      ").append(grid).append('\n');
        }
        if (matchParameters > 0) {
            sb.append("  match:     ~").append(matchParameters).append(" parameters each\n");
        }
        sb.append("  baselines: ").append(baselines ? task.baselines().stream().map(Baseline::name).toList() : "none")
                .append('\n');
        sb.append("  train:     ").append(train).append('\n');
        familyTraining.keySet().forEach(f -> sb.append("  ").append(f).append(": ").append(trainingFor(f)).append('\n'));
        if (tuning.active()) {
            sb.append("  tuning:    ").append(tuning).append(", chosen on validation ").append(task.mainMetric())
                    .append('\n');
        }
        sb.append("  seeds:     ").append(seeds).append(" (from ").append(firstSeed).append(")\n");
        sb.append("  engines:   ").append(engines.isEmpty() ? "default (" + Engines.defaultName() + ")" : engines).append('\n');
        sb.append("  device:    ").append(device).append('\n');
        sb.append("  parallel:  ").append(parallelism).append('\n');
        try {
            int perEngine = (baselines ? task.baselines().size() : 0) + points().size();
            sb.append("  trials:    ").append(perEngine * seeds * engineNames().size());
            if (tuning.active()) {
                sb.append(" (+ ").append(tuningTrials().size() - points().size() * engineNames().size()
                        * Math.min(tuning.seeds(), seeds)).append(" to tune)");
            }
        } catch (IllegalArgumentException e) {
            // shown, not thrown: a notebook cell that displays the experiment says what run() will refuse
            sb.append("  trials:    none can run: ").append(e.getMessage());
        }
        return sb.toString();
    }
}
