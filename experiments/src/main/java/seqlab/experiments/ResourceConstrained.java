package seqlab.experiments;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import seqlab.datasets.Datasets;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.experiment.ClassificationTask;
import seqlab.experiment.Experiment;
import seqlab.experiment.Results;
import seqlab.experiment.TrialResult;
import seqlab.model.ModelSpec;
import seqlab.model.Models;
import seqlab.model.SequenceClassifier;
import seqlab.plot.Charts;
import seqlab.stats.Comparison;
import seqlab.stats.Direction;
import seqlab.stats.Stats;
import seqlab.stats.Verdict.Category;
import seqlab.stats.Verdicts;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * <b>Claim:</b> under tight resources, use a GRU or a CNN: they sit on the Pareto front of accuracy against cost.
 *
 * <p><b>Method.</b> GRU, temporal CNN, LSTM and Transformer classifiers of the same width are trained on the
 * sentiment dataset over several seeds (test accuracy). Their costs are measured on each engine for the same
 * classifier (embedding, encoder and head, random weights): parameters; latency, the fastest round's time of one inference
 * on one sentence (batch 1), with the models timed in interleaved rounds so that a change in machine load hits all
 * alike; and memory per example, the activations a forward pass with gradients holds for backward (the Java heap live
 * at its end, after full collections, above what was live before it) divided by the batch: what a training step needs
 * beyond the weights, and the high-water mark an inference that kept its intermediates would reach. It is measured on
 * the reference engine, whose tensors live on the Java heap (LibTorch's do not); an inference without gradients frees
 * each intermediate as it goes, so its live heap is only the output and says nothing about the model. A model is dominated when another is no costlier
 * on any axis (latency and memory within 5%, a measurement's noise) and either is significantly more accurate, or is
 * cheaper on some axis without being significantly less accurate. Accuracy differences are tested pairwise (paired t
 * over seeds and paired bootstrap over test sentences, jointly; Holm over the six pairs). The Pareto front is the set
 * of models nobody dominates, per engine.
 */
public final class ResourceConstrained extends ClaimExperiment {
    /** Latency and memory within this ratio count as equal: timing noise on a shared machine. */
    static final double TOLERANCE = 1.05;

    /**
     * @param budget      the budget's name
     * @param width       width of every model (embedding too)
     * @param maxLength   tokens kept per sentence
     * @param sentences   sentences used (a stratified subset; 0 for all 3000)
     * @param epochs      maximum epochs (early stopping, patience 2)
     * @param stepBudget  optimizer steps per trial (0: none)
     * @param latencyLength tokens in the sentence timed for latency
     * @param batch       sentences in the batch whose memory is measured
     * @param rounds      interleaved timing rounds (the fastest is the latency)
     * @param repeats     inferences per model and round
     * @param seeds       training seeds per model
     */
    public record Config(String budget, int width, int maxLength, int sentences, int epochs, long stepBudget, int latencyLength,
                         int batch, int rounds, int repeats, int seeds) {
        public static Config of(Budget b) {
            return switch (b) {
                case QUICK -> new Config("quick", 32, 30, 0, 5, 300, 20, 32, 7, 20, 4);
                case STANDARD -> new Config("standard", 64, 50, 0, 15, 0, 20, 32, 9, 50, 5);
                case FULL -> new Config("full", 128, 60, 0, 30, 0, 20, 32, 11, 100, 8);
            };
        }

        /** Seconds-sized, for tests. */
        public static Config tiny() {
            return new Config("test", 8, 10, 200, 1, 6, 5, 4, 2, 2, 3);
        }

        public Config seeds(int n) {
            return new Config(budget, width, maxLength, sentences, epochs, stepBudget, latencyLength, batch, rounds, repeats, n);
        }
    }

    private final Config config;

    public ResourceConstrained(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "resource-constrained";
    }

    @Override
    public String claim() {
        return "under tight resources, use a GRU or a CNN: they are on the Pareto front of accuracy against "
                + "parameters, latency and memory";
    }

    @Override
    public String budget() {
        return String.format(Locale.ROOT, "%s (sentiment, sentences of up to %d tokens; GRU, CNN, LSTM and 2-layer "
                        + "Transformer of width %d; %s; %d seeds; latency: a %d-token sentence, fastest of %d rounds of "
                        + "%d; memory: a batch of %d)", config.budget(), config.maxLength(), config.width(),
                config.stepBudget() > 0 ? config.stepBudget() + " steps per trial" : "up to " + config.epochs()
                        + " epochs", config.seeds(), config.latencyLength(), config.rounds(), config.repeats(),
                config.batch());
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public boolean comparesEngines() {
        return true;
    }

    List<ModelSpec> models() {
        int w = config.width();
        return List.of(Models.gru(w).named("gru"), Models.cnn(w).named("cnn"), Models.lstm(w).named("lstm"),
                Models.transformer(2, w, 4).named("transformer"));
    }

    /** A model's measured costs on one engine. */
    record Cost(String engine, String model, long params, double latencyMs, double[] rounds, double bytesPerExample) {
    }

    @Override
    protected Findings measure(Context ctx) {
        var task = new ClassificationTask(Datasets.sentiment(), ClassificationTask.Options.defaults()
                .embedding(config.width()).maxLength(config.maxLength()).maxExamples(config.sentences()));
        Path out = ctx.out().resolve("trials");
        Results results = Experiment.on(task).compare(models().toArray(new ModelSpec[0]))
                .train(t -> t.epochs(config.epochs()).batchSize(32).adam(3e-3).clipNorm(1.0).patience(2)
                        .stepBudget(config.stepBudget()))
                .seeds(config.seeds()).engine(ctx.engines().get(0)).out(out)
                .parallelism(ctx.parallelism()).progress(ctx.progress()).run();
        results.report(out);
        Map<String, List<TrialResult>> by = ClaimTrials.byModel(results.trials());
        List<Comparison> family = new ArrayList<>();
        List<String> names = models().stream().map(ModelSpec::name).toList();
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                family.add(ClaimTrials.compare("accuracy", Direction.HIGHER_IS_BETTER, names.get(i),
                        by.get(names.get(i)), names.get(j), by.get(names.get(j)), ClaimTrials::accuracy));
            }
        }
        List<seqlab.stats.Verdict> verdicts = ClaimTests.decide(family);
        int vocabulary = results.trials().stream().filter(r -> r.ok() && r.extras() != null
                && r.spec().model() instanceof ModelSpec).findFirst()
                .map(r -> r.classification().vocabulary()).orElse(2000);
        Map<String, Double> memory = memory(vocabulary);
        List<Cost> costs = new ArrayList<>();
        for (String e : ctx.engines()) {
            costs.addAll(latencies(ctx, Engines.get(e), vocabulary, memory));
        }
        Map<String, double[]> accuracy = new LinkedHashMap<>();
        for (String n : names) {
            accuracy.put(n, ClaimTrials.metric(by.get(n), "accuracy"));
        }
        Table table = table(costs, accuracy, verdicts);
        List<Chart> charts = new ArrayList<>();
        charts.add(new Chart(ClaimTests.forest("Test accuracy, each pair", verdicts),
                "Accuracy differences with 95% intervals, coloured by verdict"));
        for (String e : ctx.engines()) {
            Table t = table.where(table.stringColumn("engine").isEqualTo(e));
            charts.add(new Chart(Charts.scatter(t, "latency_ms", "accuracy_mean", "model", "Accuracy against latency on "
                    + e + " (batch 1)", false), "Accuracy against latency, " + e));
        }
        Table first = table.where(table.stringColumn("engine").isEqualTo(ctx.engines().get(0)));
        charts.add(new Chart(Charts.scatter(first, "params", "accuracy_mean", "model", "Accuracy against parameters",
                true), "Accuracy against parameters"));
        charts.add(new Chart(Charts.scatter(first, "memory_kb_per_example", "accuracy_mean", "model",
                "Accuracy against memory per example (reference engine)", false), "Accuracy against memory"));
        List<String> notes = List.of(ClaimTests.method(verdicts), "latency_ms is the fastest round's time of one "
                + "inference on a " + config.latencyLength() + "-token sentence (batch 1, no gradients); params counts "
                + "the whole classifier; memory_kb_per_example is the activations a forward pass with gradients "
                + "holds for backward on the reference engine (its live heap at the end of a batch's forward, over the "
                + "batch; LibTorch keeps its tensors outside the Java heap, so the same figure stands for both engines). "
                + "dominated_by names who dominates the model on that engine. Wall-clock latency depends on the machine and its load: compare models within one run.");
        return new Findings(table, verdict(table, ctx.engines()), charts, List.of(Verdicts.table(verdicts),
                results.summary()), notes);
    }

    /** A classifier of {@code spec} with random weights, in eval mode, and a batch of token ids to feed it. */
    private SequenceClassifier classifier(Engine engine, ModelSpec spec, int vocabulary) {
        var m = new SequenceClassifier(engine, spec, vocabulary, config.width(), 2, new RandomSource(1));
        m.eval();
        return m;
    }

    private static Tensor ids(Engine engine, int batch, int length, int vocabulary) {
        RandomSource r = new RandomSource(7);
        long[] v = new long[batch * length];
        for (int i = 0; i < v.length; i++) {
            // ids above the special tokens (padding 0, unknown 1)
            v[i] = 2 + r.nextInt(vocabulary - 2);
        }
        return engine.ofIndices(v, Shape.of(batch, length));
    }

    /** Bytes per example of activations a batch's forward pass holds for backward, per model, on the reference engine. */
    private Map<String, Double> memory(int vocabulary) {
        Engine engine = Engines.get("reference");
        Map<String, Double> out = new LinkedHashMap<>();
        for (ModelSpec spec : models()) {
            var m = classifier(engine, spec, vocabulary);
            Tensor x = ids(engine, config.batch(), config.latencyLength(), vocabulary);
            int[] lengths = new int[config.batch()];
            Arrays.fill(lengths, config.latencyLength());
            try (var ng = engine.noGrad(); var s = engine.scope()) {
                m.forward(x, lengths); // once untimed, so lazily built state is not counted below
            }
            long base = liveHeap();
            long held;
            try (var s = engine.scope()) {
                // with gradients on, the output's graph keeps every activation backward would read
                Tensor y = m.forward(x, lengths);
                held = liveHeap() - base;
                Reference.reachabilityFence(y);
            }
            out.put(spec.name(), Math.max(0, held) / (double) config.batch());
        }
        return out;
    }

    private static long liveHeap() {
        var mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        System.gc();
        return mem.getHeapMemoryUsage().getUsed();
    }

    /** Each model's batch-1 latency on {@code engine}: rounds of repeated inferences, models interleaved. */
    private List<Cost> latencies(Context ctx, Engine engine, int vocabulary, Map<String, Double> memory) {
        List<ModelSpec> specs = models();
        List<SequenceClassifier> ms = new ArrayList<>();
        for (ModelSpec s : specs) {
            ms.add(classifier(engine, s, vocabulary));
        }
        Tensor x = ids(engine, 1, config.latencyLength(), vocabulary);
        int[] lengths = {config.latencyLength()};
        double[][] rounds = new double[specs.size()][config.rounds()];
        // one untimed round first: the JIT compiles the hot loops while nothing is being timed
        for (int r = -1; r < config.rounds(); r++) {
            for (int k = 0; k < specs.size(); k++) {
                int i = (k + Math.max(r, 0)) % specs.size();
                long t0 = System.nanoTime();
                for (int n = 0; n < config.repeats(); n++) {
                    try (var ng = engine.noGrad(); var s = engine.scope()) {
                        ms.get(i).forward(x, lengths);
                    }
                }
                if (r >= 0) {
                    rounds[i][r] = (System.nanoTime() - t0) / 1e6 / config.repeats();
                }
            }
        }
        List<Cost> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            // other work on the machine only ever adds time: the fastest round is the least disturbed estimate of
            // the model's own cost (Chen & Revels 2016, "Robust benchmarking in noisy environments")
            double fastest = java.util.Arrays.stream(rounds[i]).min().orElseThrow();
            ctx.log("resource-constrained: %s on %s: %.3f ms per sentence (fastest of %d rounds)", specs.get(i).name(),
                    engine.name(), fastest, config.rounds());
            out.add(new Cost(engine.name(), specs.get(i).name(), ms.get(i).parameterCount(), fastest, rounds[i],
                    memory.get(specs.get(i).name())));
        }
        return out;
    }

    private static boolean noWorse(double a, double b) {
        return a <= b * TOLERANCE;
    }

    private static boolean cheaper(double a, double b) {
        return a * TOLERANCE < b;
    }

    /** The category of {@code a}'s accuracy against {@code b}'s, from the verdict of either order. */
    static Category accuracy(List<seqlab.stats.Verdict> verdicts, String a, String b) {
        for (seqlab.stats.Verdict v : verdicts) {
            if (v.candidate().equals(a) && v.reference().equals(b)) {
                return v.category();
            }
            if (v.candidate().equals(b) && v.reference().equals(a)) {
                return switch (v.category()) {
                    case BETTER -> Category.WORSE;
                    case WORSE -> Category.BETTER;
                    default -> v.category();
                };
            }
        }
        return Category.NOT_TESTED;
    }

    /**
     * Whether {@code a} dominates {@code b}: no costlier on any axis, and either significantly more accurate or
     * cheaper on some axis without being significantly less accurate.
     */
    static boolean dominates(Cost a, Cost b, Category accuracy) {
        boolean noCostlier = a.params() <= b.params() && noWorse(a.latencyMs(), b.latencyMs())
                && noWorse(a.bytesPerExample(), b.bytesPerExample());
        boolean cheaper = a.params() < b.params() || cheaper(a.latencyMs(), b.latencyMs())
                || cheaper(a.bytesPerExample(), b.bytesPerExample());
        return noCostlier && (accuracy == Category.BETTER || (cheaper && accuracy != Category.WORSE));
    }

    private static Table table(List<Cost> costs, Map<String, double[]> accuracy, List<seqlab.stats.Verdict> verdicts) {
        StringColumn engine = StringColumn.create("engine"), model = StringColumn.create("model"),
                front = StringColumn.create("pareto_front"), by = StringColumn.create("dominated_by");
        LongColumn params = LongColumn.create("params");
        IntColumn seeds = IntColumn.create("seeds");
        DoubleColumn acc = DoubleColumn.create("accuracy_mean"), ci = DoubleColumn.create("accuracy_ci95"),
                latency = DoubleColumn.create("latency_ms"), memory = DoubleColumn.create("memory_kb_per_example");
        for (Cost c : costs) {
            List<String> dominators = new ArrayList<>();
            for (Cost o : costs) {
                if (o.engine().equals(c.engine()) && !o.model().equals(c.model())
                        && dominates(o, c, accuracy(verdicts, o.model(), c.model()))) {
                    dominators.add(o.model());
                }
            }
            double[] a = accuracy.get(c.model());
            engine.append(c.engine());
            model.append(c.model());
            params.append(c.params());
            seeds.append(a.length);
            acc.append(a.length == 0 ? Double.NaN : Stats.mean(a));
            ci.append(a.length < 2 ? Double.NaN : Stats.meanConfidenceInterval(a, 0.95).halfWidth());
            latency.append(c.latencyMs());
            memory.append(c.bytesPerExample() / 1024);
            front.append(dominators.isEmpty() ? "yes" : "no");
            by.append(String.join(", ", dominators));
        }
        return Table.create("resource-constrained: accuracy and cost by model and engine", engine, model, params, seeds,
                acc, ci, latency, memory, front, by);
    }

    /** Holds when GRU and CNN are on the front on every engine; partly when one is on some engine. */
    static ClaimVerdict verdict(Table table, List<String> engines) {
        int on = 0, total = 0;
        List<String> parts = new ArrayList<>();
        for (String e : engines) {
            Table t = table.where(table.stringColumn("engine").isEqualTo(e));
            List<String> front = new ArrayList<>(), dominated = new ArrayList<>();
            for (int i = 0; i < t.rowCount(); i++) {
                String m = t.stringColumn("model").get(i);
                boolean isOn = t.stringColumn("pareto_front").get(i).equals("yes");
                if (isOn) {
                    front.add(m);
                }
                if (m.equals("gru") || m.equals("cnn")) {
                    total++;
                    on += isOn ? 1 : 0;
                    if (!isOn) {
                        dominated.add(m + " is dominated by " + t.stringColumn("dominated_by").get(i));
                    }
                }
            }
            parts.add("front on " + e + ": " + String.join(", ", front)
                    + (dominated.isEmpty() ? "" : " (" + String.join("; ", dominated) + ")"));
        }
        ClaimVerdict.Outcome o = on == total ? ClaimVerdict.Outcome.HOLDS : on > 0 ? ClaimVerdict.Outcome.PARTLY
                : ClaimVerdict.Outcome.DOES_NOT_HOLD;
        return new ClaimVerdict(o, String.join("; ", parts));
    }
}
