package seqlab.experiment;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import seqlab.engine.Engines;
import seqlab.model.ModelSpec;

/**
 * A comparison, written as a sentence:
 * <pre>{@code
 * var results = Experiment.on(task)
 *     .compare(Models.rnn(128), Models.lstm(128).bidirectional(), Models.gru(128))
 *     .train(t -> t.epochs(10).batchSize(32).adam(1e-3).clipNorm(1.0))
 *     .seeds(3).engine("reference")
 *     .run();
 * }</pre>
 * Each configuration is an immutable value; {@link #toString()} shows what will run. Every finished trial is written
 * to the output folder at once, and running the same experiment into the same folder skips finished trials.
 */
public final class Experiment {
    private final Task task;
    private final List<ModelSpec> models;
    private final Map<String, List<Object>> grid;
    private final TrainConfig train;
    private final int seeds;
    private final long firstSeed;
    private final List<String> engines;
    private final boolean baselines;
    private final long matchParameters;
    private final Path out;
    private final int parallelism;
    private final boolean quiet;
    private final TrialListener listener;

    private Experiment(Task task, List<ModelSpec> models, Map<String, List<Object>> grid, TrainConfig train, int seeds,
                       long firstSeed, List<String> engines, boolean baselines, long matchParameters, Path out,
                       int parallelism, boolean quiet, TrialListener listener) {
        this.task = task;
        this.models = List.copyOf(models);
        this.grid = grid;
        this.train = train;
        this.seeds = seeds;
        this.firstSeed = firstSeed;
        this.engines = List.copyOf(engines);
        this.baselines = baselines;
        this.matchParameters = matchParameters;
        this.out = out;
        this.parallelism = parallelism;
        this.quiet = quiet;
        this.listener = listener;
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
        return new Experiment(task, List.of(), new LinkedHashMap<>(), TrainConfig.defaults(), 1, 1, List.of(), true, 0,
                null, 1, false, TrialListener.NONE);
    }

    private Experiment copy(List<ModelSpec> m, Map<String, List<Object>> g, TrainConfig t, int s, long fs, List<String> e,
                            boolean b, long mp, Path o, int p, boolean q, TrialListener l) {
        return new Experiment(task, m, g, t, s, fs, e, b, mp, o, p, q, l);
    }

    /** The models to compare (the task's baselines are added unless {@link #withoutBaselines()}). */
    public Experiment compare(ModelSpec... specs) {
        List<ModelSpec> m = new ArrayList<>(models);
        m.addAll(List.of(specs));
        return copy(m, grid, train, seeds, firstSeed, engines, baselines, matchParameters, out, parallelism, quiet, listener);
    }

    /**
     * Expands every model over values of one setting: {@code hidden}, {@code layers} or {@code dropout}, or a
     * family option (e.g. {@code heads}). Several calls form a grid.
     */
    public Experiment vary(String setting, Object... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("vary(\"" + setting + "\"): give at least one value");
        }
        Map<String, List<Object>> g = new LinkedHashMap<>(grid);
        g.put(setting, List.of(values));
        return copy(models, g, train, seeds, firstSeed, engines, baselines, matchParameters, out, parallelism, quiet, listener);
    }

    /** Training settings: {@code t -> t.epochs(10).batchSize(32).adam(1e-3)}. */
    public Experiment train(UnaryOperator<TrainConfig> settings) {
        return copy(models, grid, settings.apply(train), seeds, firstSeed, engines, baselines, matchParameters, out,
                parallelism, quiet, listener);
    }

    /** Runs each configuration with seeds {@code 1..n}. */
    public Experiment seeds(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("seeds must be >= 1, got " + n);
        }
        return copy(models, grid, train, n, firstSeed, engines, baselines, matchParameters, out, parallelism, quiet, listener);
    }

    /** Runs each configuration with seeds {@code first .. first+n-1}. */
    public Experiment seeds(long first, int n) {
        return seeds(n).copyFirstSeed(first);
    }

    private Experiment copyFirstSeed(long first) {
        return copy(models, grid, train, seeds, first, engines, baselines, matchParameters, out, parallelism, quiet, listener);
    }

    /** The engine(s) to run on; several compare the engines themselves. Unknown names fail now, listing the available. */
    public Experiment engine(String... names) {
        for (String n : names) {
            Engines.get(n);
        }
        return copy(models, grid, train, seeds, firstSeed, List.of(names), baselines, matchParameters, out, parallelism,
                quiet, listener);
    }

    /** Leaves out the task's trivial baselines. */
    public Experiment withoutBaselines() {
        return copy(models, grid, train, seeds, firstSeed, engines, false, matchParameters, out, parallelism, quiet, listener);
    }

    /**
     * Fair comparison by size: each model's width is chosen so that its parameter count is as close as possible to
     * {@code n}. The chosen widths are in the results (column {@code hidden}).
     */
    public Experiment matchParameters(long n) {
        return copy(models, grid, train, seeds, firstSeed, engines, baselines, n, out, parallelism, quiet, listener);
    }

    /** Where results, trials and the report go; default {@code reports/<date-time>}. */
    public Experiment out(Path dir) {
        return copy(models, grid, train, seeds, firstSeed, engines, baselines, matchParameters, dir, parallelism, quiet,
                listener);
    }

    /**
     * Trials run at once on a local pool (default 1: each engine already uses every core). The cores are shared: each
     * of the {@code n} trials runs its ops on {@code threads / n} intra-op threads ({@code seqlab.threads}, default
     * every core; at least 1), so the trials do not wait for each other's cores.
     */
    public Experiment parallelism(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + n);
        }
        return copy(models, grid, train, seeds, firstSeed, engines, baselines, matchParameters, out, n, quiet, listener);
    }

    /** No progress lines on the terminal. */
    public Experiment quiet() {
        return copy(models, grid, train, seeds, firstSeed, engines, baselines, matchParameters, out, parallelism, true,
                listener);
    }

    /** Hears every trial and epoch (live charts, logs). */
    public Experiment listener(TrialListener l) {
        return copy(models, grid, train, seeds, firstSeed, engines, baselines, matchParameters, out, parallelism, quiet, l);
    }

    public Task task() {
        return task;
    }

    public TrainConfig trainConfig() {
        return train;
    }

    /** The model specs after expanding the grid and matching parameter counts (baselines not included). */
    public List<ModelSpec> expandedModels() {
        List<ModelSpec> specs = new ArrayList<>(models);
        for (var e : grid.entrySet()) {
            List<ModelSpec> next = new ArrayList<>();
            for (ModelSpec s : specs) {
                for (Object v : e.getValue()) {
                    next.add(apply(s, e.getKey(), v));
                }
            }
            specs = next;
        }
        if (matchParameters > 0) {
            specs = specs.stream().map(this::matched).toList();
        }
        for (ModelSpec s : specs) {
            if (!task.families().contains(s.family())) {
                throw new IllegalArgumentException("The " + task.name() + " task cannot build a '" + s.family()
                        + "' model; it builds " + task.families());
            }
        }
        return specs;
    }

    private static ModelSpec apply(ModelSpec s, String key, Object v) {
        ModelSpec r = switch (key) {
            case "hidden" -> s.withHidden(((Number) v).intValue());
            case "layers" -> s.layers(((Number) v).intValue());
            case "dropout" -> s.dropout(((Number) v).doubleValue());
            case "bidirectional" -> Boolean.TRUE.equals(v) ? s.bidirectional() : s.unidirectional();
            default -> s.with(key, v);
        };
        return s.label() == null ? r : r.named(s.label() + " " + key + "=" + v);
    }

    private ModelSpec matched(ModelSpec s) {
        int lo = 1, hi = 4096;
        int step = s.family().equals("transformer") ? s.intOption("heads", 1) : 1;
        int best = s.hidden();
        long bestDiff = Long.MAX_VALUE;
        // parameter counts grow monotonically with width: bisect, then check the neighbours
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (task.parameterCount(s.withHidden(roundTo(mid, step))) < matchParameters) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int h = Math.max(step, lo - 2 * step); h <= lo + 2 * step; h++) {
            int w = roundTo(h, step);
            long d = Math.abs(task.parameterCount(s.withHidden(w)) - matchParameters);
            if (d < bestDiff) {
                bestDiff = d;
                best = w;
            }
        }
        return s.withHidden(best).with("matched_parameters", matchParameters);
    }

    private static int roundTo(int v, int step) {
        return Math.max(step, (v + step - 1) / step * step);
    }

    /** Every trial this experiment runs, in order. */
    public List<TrialSpec> trials() {
        List<ModelSpec> specs = new ArrayList<>();
        if (baselines) {
            specs.addAll(task.baselines());
        }
        specs.addAll(expandedModels());
        List<String> es = engines.isEmpty() ? List.of(Engines.defaultName()) : engines;
        List<TrialSpec> out = new ArrayList<>();
        for (String e : es) {
            for (ModelSpec m : specs) {
                for (int i = 0; i < seeds; i++) {
                    out.add(new TrialSpec(task.name(), task.dataset(), task.datasetChecksum(), m, e, firstSeed + i, train));
                }
            }
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
     * pool of {@link #parallelism(int)} threads: {@code runOn(TrialRunner.local(parallelism))}.
     */
    public Results run() {
        return runOn(TrialRunner.local(parallelism));
    }

    /**
     * As {@link #run()}, with the trials run by {@code runner}, e.g. a Spark cluster
     * ({@code runOn(Spark.session("spark://host:7077"))} from seqlab-spark). Whatever the runner, finished trials are
     * skipped, each result is saved here the moment it arrives (so a run that dies loses nothing finished and a rerun
     * resumes), and the results and report are the same.
     */
    public Results runOn(TrialRunner runner) {
        Path dir = out != null ? out : outputDirectory();
        ResultStore store = new ResultStore(dir);
        List<TrialSpec> specs = trials();
        int total = specs.size();
        // the same configuration listed twice is one trial (one file on disk): run it once, fill every slot
        Map<String, List<Integer>> slots = new LinkedHashMap<>();
        for (int i = 0; i < total; i++) {
            slots.computeIfAbsent(specs.get(i).id(), k -> new ArrayList<>()).add(i);
        }
        TrialResult[] results = new TrialResult[total];
        AtomicInteger done = new AtomicInteger();
        List<TrialSpec> todo = new ArrayList<>();
        for (List<Integer> idx : slots.values()) {
            TrialSpec spec = specs.get(idx.get(0));
            var existing = store.find(spec);
            if (existing.isPresent()) {
                for (int i : idx) {
                    results[i] = existing.get();
                }
                int n = done.addAndGet(idx.size());
                listener.trialEnded(existing.get(), n, total, true);
                progress(existing.get(), n, total, true);
            } else {
                todo.add(spec);
            }
        }
        Consumer<TrialResult> finished = r -> {
            synchronized (results) {
                List<Integer> idx = slots.get(r.spec().id());
                if (idx == null || results[idx.get(0)] != null) {
                    return; // not ours, or a duplicate delivery (a retried task): each trial counts once
                }
                // the driver's own spec object, so results are the same values however the trial travelled
                TrialResult mine = withSpec(r, specs.get(idx.get(0)));
                store.save(mine);
                for (int i : idx) {
                    results[i] = mine;
                }
                int n = done.addAndGet(idx.size());
                listener.trialEnded(mine, n, total, false);
                progress(mine, n, total, false);
            }
        };
        TrialListener forward = new TrialListener() {
            @Override
            public void trialStarted(TrialSpec spec, int index, int count) {
                listener.trialStarted(spec, done.get() + 1, total);
            }

            @Override
            public void epochEnded(TrialSpec spec, EpochStats stats) {
                listener.epochEnded(spec, stats);
            }
        };
        if (!todo.isEmpty()) {
            runner.run(task, todo, forward, finished);
        }
        long missing;
        synchronized (results) {
            missing = java.util.Arrays.stream(results).filter(java.util.Objects::isNull).count();
        }
        if (missing > 0) {
            throw new IllegalStateException(runner + " returned without " + missing + " of " + total
                    + " trials; the finished ones are saved in " + dir + ", so running again resumes");
        }
        Results res = new Results(task, List.of(results), dir, describe());
        res.writeTables();
        return res;
    }

    private static TrialResult withSpec(TrialResult r, TrialSpec spec) {
        return r.spec() == spec ? r : new TrialResult(spec, r.status(), r.error(), r.parameters(), r.epochs(),
                r.trainSeconds(), r.tokensPerSecond(), r.metrics(), r.curve(), r.extras(), r.provenance());
    }

    private void progress(TrialResult r, int n, int total, boolean reused) {
        if (quiet) {
            return;
        }
        String what = r.ok()
                ? task.mainMetric() + " " + String.format("%.4f", r.metric(task.mainMetric()))
                        + String.format(" (%.1f s, %d epochs)", r.trainSeconds(), r.epochs())
                : "FAILED: " + r.error();
        System.err.printf("[%d/%d] %s %s seed %d on %s: %s%s%n", n, total, task.name(), r.spec().model().name(),
                r.spec().seed(), r.spec().engine(), what, reused ? " (done before, reused)" : "");
    }

    /** The configuration, as recorded with the results. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", task.name());
        m.put("dataset", task.dataset());
        m.put("dataset_sha256", task.datasetChecksum());
        m.put("models", expandedModels().stream().map(ModelSpec::toString).toList());
        m.put("baselines", baselines ? task.baselines().stream().map(ModelSpec::name).toList() : List.of());
        m.put("train", train.toString());
        m.put("seeds", seeds);
        m.put("first_seed", firstSeed);
        m.put("engines", engines.isEmpty() ? List.of(Engines.defaultName()) : engines);
        m.put("match_parameters", matchParameters);
        m.put("parallelism", parallelism);
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
        sb.append("  baselines: ").append(baselines ? task.baselines().stream().map(ModelSpec::name).toList() : "none").append('\n');
        sb.append("  train:     ").append(train).append('\n');
        sb.append("  seeds:     ").append(seeds).append(" (from ").append(firstSeed).append(")\n");
        sb.append("  engines:   ").append(engines.isEmpty() ? "default (" + Engines.defaultName() + ")" : engines).append('\n');
        sb.append("  trials:    ").append(trials().size());
        return sb.toString();
    }
}
