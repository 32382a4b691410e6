package seqlab.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import seqlab.engine.Engine;
import seqlab.engine.Engines;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.model.RecurrentSpec;
import seqlab.model.Models;
import seqlab.model.SequenceEncoder;
import seqlab.plot.Charts;
import seqlab.train.Losses;
import seqlab.train.Optimizer;
import seqlab.train.Optimizers;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * <b>Claim:</b> a GRU has about 25% fewer parameters than an LSTM and is faster.
 *
 * <p><b>Method.</b> RNN, GRU, LSTM, peephole LSTM and CIFG LSTM at the same hidden size and input size. Parameters
 * are counted on the built layers (PyTorch's layout: an LSTM has four gate blocks, a GRU three, so the GRU should
 * have exactly 25% fewer). Speed is training throughput: a full step (forward, loss, backward, Adam update) on a
 * fixed batch, timed after warm-up steps, in tokens (sequence steps) per second; the repetitions are interleaved
 * across models so that a change in machine load hits them all alike, and the median is reported. Every available
 * engine is measured; the "fused" column says whether the engine ran the layer as one fused kernel or composed it
 * from ops step by step (LibTorch has no peephole or CIFG kernel, so there they measure the composed path; the
 * reference engine fuses every variant).
 */
public final class ParamsAndSpeed extends ClaimExperiment {
    /** Within this of 25% counts as "about 25% fewer". */
    static final double TOLERANCE = 0.05;
    /** A throughput ratio must exceed this (beyond the spread of repetitions) to count as faster. */
    static final double FASTER = 1.05;

    /**
     * @param budget      the budget's name
     * @param hidden      hidden size of every cell
     * @param inputSize   features per step
     * @param length      steps per sequence
     * @param batch       sequences per step
     * @param warmup      untimed steps before each measurement
     * @param steps       timed steps per measurement
     * @param repetitions measurements per model and engine (the median is reported)
     */
    public record Config(String budget, int hidden, int inputSize, int length, int batch, int warmup, int steps,
                         int repetitions) {
        public static Config of(Budget b) {
            return switch (b) {
                case QUICK -> new Config("quick", 128, 64, 50, 32, 3, 8, 5);
                case STANDARD -> new Config("standard", 128, 64, 100, 32, 5, 20, 5);
                case FULL -> new Config("full", 256, 128, 100, 64, 10, 50, 7);
            };
        }

        /** Seconds-sized, for tests. */
        public static Config tiny() {
            return new Config("test", 8, 4, 5, 2, 1, 2, 1);
        }

        public Config seeds(int n) {
            return new Config(budget, hidden, inputSize, length, batch, warmup, steps, n);
        }
    }

    private final Config config;

    public ParamsAndSpeed(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "params-and-speed";
    }

    @Override
    public String claim() {
        return "a GRU has about 25% fewer parameters than an LSTM and is faster";
    }

    @Override
    public String budget() {
        return String.format(Locale.ROOT, "%s (hidden %d, input %d, batch %d x %d steps; %d warm-up and %d timed "
                        + "training steps per measurement, median of %d)", config.budget(), config.hidden(),
                config.inputSize(), config.batch(), config.length(), config.warmup(), config.steps(),
                config.repetitions());
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public boolean comparesEngines() {
        return true;
    }

    static List<RecurrentSpec> cells(int h) {
        return List.of(Models.rnn(h).named("rnn"), Models.gru(h).named("gru"), Models.lstm(h).named("lstm"),
                Models.peephole(h).named("peephole"), Models.cifg(h).named("cifg"));
    }

    /** A model ready to be timed: its parameters, optimizer and one fixed batch. */
    private record Bench(EncoderWithHead model, Optimizer optimizer, Tensor x, Tensor y) {
        double tokensPerSecond(int warmup, int steps) {
            for (int i = 0; i < warmup; i++) {
                step();
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                step();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return (double) x.dim(0) * x.dim(1) * steps / seconds;
        }

        private void step() {
            try (var scope = model.engine().scope()) {
                Tensor loss = Losses.mse(model.fromSummary(x), y);
                optimizer.zeroGrad();
                loss.backward();
                optimizer.step();
            }
        }
    }

    @Override
    protected Findings measure(Context ctx) {
        StringColumn engineCol = StringColumn.create("engine"), model = StringColumn.create("model"),
                fused = StringColumn.create("fused");
        LongColumn params = LongColumn.create("params");
        DoubleColumn vsLstm = DoubleColumn.create("params_vs_lstm"), tps = DoubleColumn.create("tokens_per_s"),
                lo = DoubleColumn.create("tokens_per_s_min"), hi = DoubleColumn.create("tokens_per_s_max"),
                speedVsLstm = DoubleColumn.create("speed_vs_lstm");
        IntColumn reps = IntColumn.create("repetitions");
        List<Chart> charts = new ArrayList<>();
        // engine -> model -> tokens/s of each round
        Map<String, Map<String, double[]>> speeds = new LinkedHashMap<>();
        Map<String, Long> paramCounts = new LinkedHashMap<>();
        for (String engineName : ctx.engines()) {
            Engine engine = Engines.get(engineName);
            Map<String, Bench> benches = new LinkedHashMap<>();
            Map<String, Boolean> fusedByModel = new LinkedHashMap<>();
            for (RecurrentSpec spec : cells(config.hidden())) {
                RandomSource rng = new RandomSource(1);
                var m = new EncoderWithHead(engine, spec, config.inputSize(), 1, rng);
                Tensor x = engine.randn(Shape.of(config.batch(), config.length(), config.inputSize()), rng);
                Tensor y = engine.randn(Shape.of(config.batch(), 1), rng);
                benches.put(spec.name(), new Bench(m, Optimizers.adam(1e-3).create(m.namedParameters()), x, y));
                fusedByModel.put(spec.name(), SequenceEncoder.recurrent(engine, spec, config.inputSize(), rng).runsFused());
                paramCounts.put(spec.name(), m.encoderParameterCount());
            }
            // one untimed round first: the JIT compiles the hot loops while nothing is being timed
            for (Bench b : benches.values()) {
                b.tokensPerSecond(config.warmup(), 1);
            }
            Map<String, double[]> samples = new LinkedHashMap<>();
            for (int r = 0; r < config.repetitions(); r++) {
                for (var e : benches.entrySet()) {
                    double v = e.getValue().tokensPerSecond(config.warmup(), config.steps());
                    samples.computeIfAbsent(e.getKey(), k -> new double[config.repetitions()])[r] = v;
                    ctx.log("params-and-speed: %s on %s, repetition %d: %.0f tokens/s", e.getKey(), engineName, r + 1, v);
                }
            }
            Map<String, double[]> stats = new LinkedHashMap<>();
            samples.forEach((k, v) -> stats.put(k, new double[] {median(v), Arrays.stream(v).min().orElse(0),
                Arrays.stream(v).max().orElse(0)}));
            speeds.put(engineName, samples);
            for (RecurrentSpec spec : cells(config.hidden())) {
                double[] s = stats.get(spec.name());
                engineCol.append(engineName);
                model.append(spec.name());
                fused.append(fusedByModel.get(spec.name()) ? "yes" : "no");
                params.append(paramCounts.get(spec.name()));
                vsLstm.append((double) paramCounts.get(spec.name()) / paramCounts.get("lstm"));
                tps.append(s[0]);
                lo.append(s[1]);
                hi.append(s[2]);
                reps.append(config.repetitions());
                speedVsLstm.append(medianRatio(samples.get(spec.name()), samples.get("lstm")));
            }
        }
        Table table = Table.create("parameters and training throughput at hidden " + config.hidden(), engineCol, model,
                params, vsLstm, fused, tps, lo, hi, reps, speedVsLstm);
        Table paramTable = table.where(table.stringColumn("engine").isEqualTo(ctx.engines().get(0)));
        charts.add(new Chart(Charts.bars(paramTable, "model", "params", null, "Parameters at hidden " + config.hidden()
                + ", input " + config.inputSize()), "Parameters by cell"));
        for (String engineName : ctx.engines()) {
            Table t = table.where(table.stringColumn("engine").isEqualTo(engineName));
            charts.add(new Chart(Charts.bars(t, "model", "tokens_per_s", null, "Training tokens/s on " + engineName
                    + " (median of " + config.repetitions() + ")"), "Training throughput on " + engineName));
        }
        List<String> notes = List.of("params counts the recurrent layer only (PyTorch's layout, biases included); "
                + "params_vs_lstm is the ratio to the LSTM; speed_vs_lstm the median over rounds of the throughput "
                + "ratio to the LSTM timed in the same round. Throughput depends on "
                + "the machine and its load; compare models within one run, not across machines.");
        return findings(table, verdict(paramCounts, speeds), charts, notes);
    }

    /**
     * Parameters: the GRU has 25% +- 5 points fewer than the LSTM. Speed, per engine, on the rounds (each round times
     * every model back to back, so both saw the same load): the GRU is faster when the median of its per-round
     * throughput ratio to the LSTM exceeds 1.05 and it won most rounds; slower in the mirror case.
     */
    static ClaimVerdict verdict(Map<String, Long> params, Map<String, Map<String, double[]>> samples) {
        double fewer = 1 - (double) params.get("gru") / params.get("lstm");
        boolean paramsHold = Math.abs(fewer - 0.25) <= TOLERANCE;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "the GRU has %.1f%% fewer parameters than the "
                + "LSTM (%d vs %d)", 100 * fewer, params.get("gru"), params.get("lstm")));
        int faster = 0, notFaster = 0;
        for (var e : samples.entrySet()) {
            double[] g = e.getValue().get("gru"), l = e.getValue().get("lstm");
            int wins = 0;
            for (int r = 0; r < g.length; r++) {
                wins += g[r] > l[r] ? 1 : 0;
            }
            double ratio = medianRatio(g, l);
            boolean isFaster = ratio > FASTER && 2 * wins > g.length;
            boolean isSlower = ratio < 1 / FASTER && 2 * (g.length - wins) > g.length;
            sb.append(String.format(Locale.ROOT, "; on %s it trains at %.0f vs %.0f tokens/s (median ratio %.2fx, faster "
                            + "in %d of %d rounds: %s)", e.getKey(), median(g), median(l), ratio, wins, g.length,
                    isFaster ? "faster" : isSlower ? "slower" : "no clear difference"));
            if (isFaster) {
                faster++;
            } else {
                notFaster++;
            }
        }
        ClaimVerdict.Outcome o;
        if (paramsHold && notFaster == 0) {
            o = ClaimVerdict.Outcome.HOLDS;
        } else if (paramsHold || faster > 0) {
            o = ClaimVerdict.Outcome.PARTLY;
        } else {
            o = ClaimVerdict.Outcome.DOES_NOT_HOLD;
        }
        return new ClaimVerdict(o, sb.toString());
    }

    /** The median over rounds of {@code a[r] / b[r]}. */
    static double medianRatio(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / b[i];
        }
        return median(r);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
