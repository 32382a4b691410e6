package seqlab.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.model.ModelSpec;
import seqlab.model.Models;
import seqlab.plot.Charts;
import seqlab.stats.ConfidenceInterval;
import seqlab.stats.Comparison;
import seqlab.stats.Direction;
import seqlab.stats.SeedTest;
import seqlab.stats.Stats;
import seqlab.stats.Verdict.Category;
import seqlab.stats.Verdicts;
import seqlab.train.Losses;
import seqlab.train.Optimizer;
import seqlab.train.Optimizers;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * <b>Claim:</b> recurrent layers are a sequential bottleneck: their time grows linearly with the sequence length,
 * step after step, while a Transformer processes all positions at once (at a cost quadratic in the length).
 *
 * <p><b>Method.</b> RNN, LSTM, GRU and a one-layer Transformer encoder of the same width, each with a linear head on
 * its summary, timed on every engine at sequence lengths from 50 to 1600: inference (forward, no gradients) and a
 * training step (forward, mean-squared loss, backward, Adam update) on a fixed random batch. At each length the
 * models are timed in interleaved rounds, after a warm-up round, so that a change in machine load hits them all
 * alike. This experiment measures time; it is not budgeted by it. Two fits per model, engine and phase: the growth
 * exponent {@code k} of {@code time ~ length^k} over all lengths (least squares on the log-log medians, with its
 * t interval), and the exponent between the two longest lengths, where fixed per-step costs no longer hide the
 * growth (from each round's ratio, with its t interval over rounds). Two parts of the claim are judged: recurrent
 * training time is linear in the length (the long-length exponent's interval lies within 1 ± 0.2), and the
 * Transformer's parallel step is faster than each recurrent model's at the shortest length (paired t over the
 * interleaved rounds on log time; Holm over the family, which also holds the same test at the longest length).
 */
public final class LengthScaling extends ClaimExperiment {
    /** The recurrent exponent counts as linear within this of 1. */
    static final double LINEAR_MARGIN = 0.2;

    /**
     * @param budget  the budget's name
     * @param width   hidden size of every model (and the input's features)
     * @param batch   sequences per batch
     * @param lengths sequence lengths, shortest first
     * @param rounds  timed rounds per length (after one warm-up round)
     */
    public record Config(String budget, int width, int batch, List<Integer> lengths, int rounds) {
        public Config {
            lengths = List.copyOf(lengths);
            if (lengths.size() < 3) {
                throw new IllegalArgumentException("length-scaling: give at least 3 lengths to fit an exponent, got "
                        + lengths);
            }
            if (rounds < 2) {
                throw new IllegalArgumentException("length-scaling: at least 2 timed rounds, got " + rounds);
            }
        }

        public static Config of(Budget b) {
            return switch (b) {
                case QUICK -> new Config("quick", 32, 1, List.of(50, 100, 200, 400, 800, 1600), 4);
                case STANDARD -> new Config("standard", 64, 8, List.of(50, 100, 200, 400, 800, 1600), 9);
                case FULL -> new Config("full", 128, 16, List.of(50, 100, 200, 400, 800, 1600), 15);
            };
        }

        /** Seconds-sized, for tests. */
        public static Config tiny() {
            return new Config("test", 4, 2, List.of(4, 8, 16), 3);
        }

        public Config seeds(int n) {
            return new Config(budget, width, batch, lengths, n);
        }
    }

    private final Config config;

    public LengthScaling(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "length-scaling";
    }

    @Override
    public String claim() {
        return "recurrent layers are a sequential bottleneck: their time grows linearly with the length, while a "
                + "Transformer processes all positions at once";
    }

    @Override
    public String budget() {
        return String.format(Locale.ROOT, "%s (width %d, batch %d, lengths %s; RNN, LSTM, GRU and a 1-layer "
                        + "Transformer with 4 heads; forward and training step; median of %d interleaved rounds after "
                        + "a warm-up round)", config.budget(), config.width(), config.batch(), join(config.lengths()),
                config.rounds());
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
        return List.of(Models.rnn(w).named("rnn"), Models.lstm(w).named("lstm"), Models.gru(w).named("gru"),
                Models.transformer(1, w, 4).with("max_positions", Math.max(512,
                        config.lengths().get(config.lengths().size() - 1))).named("transformer"));
    }

    static final List<String> PHASES = List.of("forward", "train");

    /** Timings of one model, engine and phase: {@code ms[length index][round]}. */
    record Timing(String engine, String model, String phase, double[][] ms) {
    }

    @Override
    protected Findings measure(Context ctx) {
        List<Timing> timings = new ArrayList<>();
        for (String engineName : ctx.engines()) {
            timings.addAll(time(ctx, Engines.get(engineName)));
        }
        List<Comparison> family = family(timings);
        List<seqlab.stats.Verdict> verdicts = Verdicts.decide(family, Verdicts.ALPHA, 2);
        Table exponents = exponents(timings);
        List<Chart> charts = new ArrayList<>();
        for (String e : ctx.engines()) {
            for (String phase : PHASES) {
                Map<String, double[][]> series = new LinkedHashMap<>();
                for (Timing t : timings) {
                    if (t.engine().equals(e) && t.phase().equals(phase)) {
                        double[] xs = config.lengths().stream().mapToDouble(Integer::doubleValue).toArray();
                        double[] ys = new double[xs.length];
                        for (int i = 0; i < xs.length; i++) {
                            ys[i] = SyntheticRuns.median(t.ms()[i]);
                        }
                        series.put(t.model(), new double[][] {xs, ys});
                    }
                }
                charts.add(new Chart(Charts.lines(phase + " time against sequence length on " + e + " (log scale; a "
                        + "slope of 1 is linear, 2 quadratic)", "sequence length", "ms per batch (log scale)", true,
                        logX(series)), phase + " on " + e));
            }
        }
        charts.add(new Chart(ClaimTests.forest("Transformer minus each recurrent model, log10 ms", verdicts),
                "Differences in log10 time with 95% intervals over rounds; negative: the Transformer is faster"));
        List<String> notes = List.of(ClaimTests.method(verdicts).replace("pairs seed i of the candidate with seed i "
                        + "of its reference (same data and batch order)", "pairs timing round i of the candidate with "
                        + "round i of its reference (timed back to back)").replace("over seeds", "over rounds")
                        .replace("A verdict needs at least 3 seeds", "The 'seeds' of these tests are the rounds"),
                "exponent is the least-squares slope of log time against log length over all lengths (each length's "
                        + "fastest round, the one other work on the machine disturbed least), with its 95% t interval; long_exponent is log2 of the time ratio between the two longest lengths (mean over "
                        + "rounds, 95% t interval). Fixed costs per call (the head, the optimizer update, thread "
                        + "hand-offs) flatten short lengths, so the long-length exponent is the cleaner reading. "
                        + "Wall-clock times depend on the machine and its load; this run's load average is in the "
                        + "configuration below.",
                "The charts' x axis is log10 of the length.");
        Table table = table(timings);
        return new Findings(table, verdict(exponents, verdicts, config.lengths().get(0)), charts, List.of(exponents, Verdicts.table(verdicts)),
                notes);
    }

    private static Map<String, double[][]> logX(Map<String, double[][]> series) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        series.forEach((k, v) -> {
            double[] x = new double[v[0].length];
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.log10(v[0][i]);
            }
            out.put(k, new double[][] {x, v[1]});
        });
        return out;
    }

    /** Times every model on {@code engine}: for each length, a warm-up round and then interleaved timed rounds. */
    private List<Timing> time(Context ctx, Engine engine) {
        List<ModelSpec> specs = models();
        int n = specs.size(), lengths = config.lengths().size();
        List<EncoderWithHead> ms = new ArrayList<>();
        List<Optimizer> opts = new ArrayList<>();
        for (ModelSpec s : specs) {
            EncoderWithHead m = new EncoderWithHead(engine, s, config.width(), 1, new RandomSource(1));
            ms.add(m);
            opts.add(Optimizers.adam(1e-3).create(m.namedParameters()));
        }
        double[][][][] ms2 = new double[2][n][lengths][config.rounds()];
        RandomSource rng = new RandomSource(2);
        for (int li = 0; li < lengths; li++) {
            int length = config.lengths().get(li);
            Tensor x = engine.randn(Shape.of(config.batch(), length, config.width()), rng);
            Tensor y = engine.randn(Shape.of(config.batch(), 1), rng);
            for (int r = -1; r < config.rounds(); r++) {
                for (int k = 0; k < n; k++) {
                    // a rotating start, so no model is always timed first in a round
                    int i = (k + Math.max(r, 0)) % n;
                    EncoderWithHead m = ms.get(i);
                    long t0 = System.nanoTime();
                    m.eval();
                    try (var ng = engine.noGrad(); var s = engine.scope()) {
                        m.fromSummary(x).toFloatArray();
                    }
                    long t1 = System.nanoTime();
                    m.train();
                    try (var s = engine.scope()) {
                        Optimizer o = opts.get(i);
                        o.zeroGrad();
                        Losses.mse(m.fromSummary(x), y).backward();
                        o.step();
                    }
                    long t2 = System.nanoTime();
                    if (r >= 0) {
                        ms2[0][i][li][r] = (t1 - t0) / 1e6;
                        ms2[1][i][li][r] = (t2 - t1) / 1e6;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                ctx.log("length-scaling: %s on %s at length %d: forward %.2f ms, training step %.2f ms (medians)",
                        specs.get(i).name(), engine.name(), length, SyntheticRuns.median(ms2[0][i][li]),
                        SyntheticRuns.median(ms2[1][i][li]));
            }
        }
        List<Timing> out = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            for (int i = 0; i < n; i++) {
                out.add(new Timing(engine.name(), specs.get(i).name(), PHASES.get(p), ms2[p][i]));
            }
        }
        return out;
    }

    /**
     * For each engine and phase, the Transformer against each recurrent model on log10 time at the shortest and the
     * longest length, paired over rounds.
     */
    List<Comparison> family(List<Timing> timings) {
        List<Comparison> family = new ArrayList<>();
        int last = config.lengths().size() - 1;
        for (Timing t : timings) {
            if (t.model().equals("transformer")) {
                continue;
            }
            Timing tr = timings.stream().filter(o -> o.model().equals("transformer") && o.engine().equals(t.engine())
                    && o.phase().equals(t.phase())).findFirst().orElseThrow();
            for (int li : new int[] {0, last}) {
                String where = String.format(Locale.ROOT, " (%s, %s, length %d)", t.engine(), t.phase(),
                        config.lengths().get(li));
                family.add(Comparison.of("transformer" + where, t.model() + where, "log10 ms", Direction.LOWER_IS_BETTER,
                        SeedTest.of(log10(tr.ms()[li]), log10(t.ms()[li]))));
            }
        }
        return family;
    }

    private static double[] log10(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.log10(Math.max(v[i], 1e-6));
        }
        return out;
    }

    /** The least-squares slope of {@code y} on {@code x} with its 95% t interval (n - 2 degrees of freedom). */
    static ConfidenceInterval slope(double[] x, double[] y) {
        int n = x.length;
        double mx = Stats.mean(x), my = Stats.mean(y), sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }
        double b = sxy / sxx, sse = 0;
        for (int i = 0; i < n; i++) {
            double e = y[i] - my - b * (x[i] - mx);
            sse += e * e;
        }
        double half = n > 2 ? Stats.studentTQuantile(0.975, n - 2) * Math.sqrt(sse / (n - 2) / sxx) : Double.NaN;
        return new ConfidenceInterval(b, b - half, b + half, 0.95, n);
    }

    /** log2 of the time ratio between the two longest lengths per round, scaled to an exponent, with its t interval. */
    ConfidenceInterval longExponent(Timing t) {
        int a = config.lengths().size() - 2, b = a + 1;
        double factor = Math.log((double) config.lengths().get(b) / config.lengths().get(a));
        double[] k = new double[config.rounds()];
        for (int r = 0; r < k.length; r++) {
            k[r] = Math.log(t.ms()[b][r] / t.ms()[a][r]) / factor;
        }
        return Stats.meanConfidenceInterval(k, 0.95);
    }

    private Table exponents(List<Timing> timings) {
        StringColumn engine = StringColumn.create("engine"), model = StringColumn.create("model"),
                phase = StringColumn.create("phase");
        DoubleColumn k = DoubleColumn.create("exponent"), lo = DoubleColumn.create("exponent_lower"),
                hi = DoubleColumn.create("exponent_upper"), lk = DoubleColumn.create("long_exponent"),
                llo = DoubleColumn.create("long_exponent_lower"), lhi = DoubleColumn.create("long_exponent_upper");
        double[] x = config.lengths().stream().mapToDouble(l -> Math.log(l)).toArray();
        for (Timing t : timings) {
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                // the fastest round: other work on the machine only ever adds time, so the minimum is the estimate
                // of the model's own cost least disturbed by it (Chen & Revels 2016, "Robust benchmarking in noisy
                // environments")
                y[i] = Math.log(java.util.Arrays.stream(t.ms()[i]).min().orElseThrow());
            }
            ConfidenceInterval s = slope(x, y), l = longExponent(t);
            engine.append(t.engine());
            model.append(t.model());
            phase.append(t.phase());
            k.append(s.estimate());
            lo.append(s.lower());
            hi.append(s.upper());
            lk.append(l.estimate());
            llo.append(l.lower());
            lhi.append(l.upper());
        }
        return Table.create("growth exponents: time ~ length^k", engine, model, phase, k, lo, hi, lk, llo, lhi);
    }

    private Table table(List<Timing> timings) {
        StringColumn engine = StringColumn.create("engine"), model = StringColumn.create("model"),
                phase = StringColumn.create("phase");
        IntColumn length = IntColumn.create("length"), rounds = IntColumn.create("rounds");
        DoubleColumn med = DoubleColumn.create("ms_median"), min = DoubleColumn.create("ms_min"),
                max = DoubleColumn.create("ms_max"), perToken = DoubleColumn.create("us_per_token");
        for (Timing t : timings) {
            for (int i = 0; i < config.lengths().size(); i++) {
                double[] v = t.ms()[i];
                double m = SyntheticRuns.median(v);
                engine.append(t.engine());
                model.append(t.model());
                phase.append(t.phase());
                length.append(config.lengths().get(i));
                rounds.append(v.length);
                med.append(m);
                min.append(java.util.Arrays.stream(v).min().orElse(Double.NaN));
                max.append(java.util.Arrays.stream(v).max().orElse(Double.NaN));
                perToken.append(1000 * m / ((double) config.batch() * config.lengths().get(i)));
            }
        }
        return Table.create("length-scaling: time per batch by engine, model, phase and length", engine, model, phase,
                length, rounds, med, min, max, perToken);
    }

    /**
     * Two parts, each over every engine: (1) each recurrent model's training-step time is linear at long lengths:
     * linear when the long-length exponent's interval lies inside 1 ± 0.2, not linear when it lies wholly outside
     * that band, undecided otherwise (a wide interval from a loaded machine decides nothing); (2) the Transformer's training step is significantly
     * faster than each recurrent model's at the shortest length. The growth exponents are reported beside.
     */
    static ClaimVerdict verdict(Table exponents, List<seqlab.stats.Verdict> verdicts, int shortestLength) {
        int linear = 0, nonlinear = 0, recurrent = 0;
        List<String> exps = new ArrayList<>();
        for (int i = 0; i < exponents.rowCount(); i++) {
            String model = exponents.stringColumn("model").get(i), phase = exponents.stringColumn("phase").get(i);
            double lo = exponents.doubleColumn("long_exponent_lower").get(i),
                    hi = exponents.doubleColumn("long_exponent_upper").get(i);
            if (phase.equals("train")) {
                exps.add(String.format(Locale.ROOT, "%s on %s %.2f [%.2f, %.2f]", model,
                        exponents.stringColumn("engine").get(i), exponents.doubleColumn("long_exponent").get(i), lo,
                        hi));
                if (!model.equals("transformer")) {
                    recurrent++;
                    linear += lo >= 1 - LINEAR_MARGIN && hi <= 1 + LINEAR_MARGIN ? 1 : 0;
                    nonlinear += lo > 1 + LINEAR_MARGIN || hi < 1 - LINEAR_MARGIN ? 1 : 0;
                }
            }
        }
        ClaimVerdict.Outcome linearPart = linear == recurrent ? ClaimVerdict.Outcome.HOLDS : linear > 0
                ? ClaimVerdict.Outcome.PARTLY : nonlinear > 0 ? ClaimVerdict.Outcome.DOES_NOT_HOLD : ClaimVerdict.Outcome.INCONCLUSIVE;
        List<seqlab.stats.Verdict> shortest = verdicts.stream().filter(v -> v.candidate().endsWith(", train, length "
                + shortestLength + ")")).toList();
        ClaimVerdict.Outcome parallelPart = ClaimTests.better(shortest);
        long faster = shortest.stream().filter(v -> v.category() == Category.BETTER).count();
        String text = String.format(Locale.ROOT, "training-step growth exponent between the two longest lengths: %s; "
                        + "recurrent models linear (interval within 1 ± %s): %d of %d, clearly not linear: %d; the Transformer's training step is "
                        + "significantly faster than a recurrent model's at the shortest length in %d of %d comparisons; %s",
                String.join(", ", exps), LINEAR_MARGIN, linear, recurrent, nonlinear, faster, shortest.size(),
                ClaimTests.briefs(verdicts.stream().filter(v -> v.candidate().contains("train")).toList()));
        return new ClaimVerdict(ClaimTests.combine(List.of(linearPart, parallelPart)), text);
    }
}
