package seqlab.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import seqlab.engine.DType;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.model.RecurrentSpec;
import seqlab.model.Models;
import seqlab.model.SequenceEncoder;
import seqlab.nn.Linear;
import seqlab.nn.Module;
import seqlab.nn.Recurrent;
import seqlab.nn.RecurrentResult;
import seqlab.plot.Charts;
import seqlab.train.Optimizers;
import seqlab.train.Seeds;
import seqlab.train.Trainer;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * <b>Claim:</b> vanilla RNNs suffer vanishing (and exploding) gradients; LSTM and GRU do not.
 *
 * <p><b>Method.</b> For each cell, the loss depends on the last step only (a linear head reads the final hidden
 * state and is scored against the adding-problem target). The layer runs one step at a time, and each step's hidden
 * state gets a zero-valued leaf added to it, {@code h_t' = h_t + e_t}; back-propagation then leaves
 * {@code dL/de_t = dL/dh_t} in {@code e_t}'s gradient. Its norm, averaged over the sequences of a batch (the
 * geometric mean over seeds), is plotted against the distance {@code T - 1 - t} from the loss on a log scale. The
 * rate of decay is the least-squares slope of {@code log10 |dL/dh_t|} against distance, in decades per 100 steps:
 * 1 means the gradient is ten times smaller 100 steps back. This is measured at initialisation and again after a
 * brief training on the adding problem (which rewards carrying information across the whole sequence). The
 * measurement runs in float64 where the engine has it, so that a gradient of 10^-60 is a number, not an underflow.
 */
public final class GradientFlow extends ClaimExperiment {
    /** Decay faster than this many decades per 100 steps counts as vanishing (and below its negative, exploding). */
    static final double VANISHING = 1.0;

    /**
     * @param budget       the budget's name
     * @param hidden       hidden size of every cell
     * @param lengths      sequence lengths the gradient is measured at (the chart shows the longest)
     * @param trainLength  adding-problem length used for the brief training
     * @param trainSteps   optimizer steps of that training
     * @param batch        sequences per batch, in training and in the measurement
     * @param learningRate Adam's rate
     * @param seeds        independent initialisations; norms are averaged (geometrically) over them
     */
    public record Config(String budget, int hidden, List<Integer> lengths, int trainLength, int trainSteps, int batch,
                         double learningRate, int seeds) {
        public Config {
            lengths = List.copyOf(lengths);
        }

        public static Config of(Budget b) {
            return switch (b) {
                case QUICK -> new Config("quick", 64, List.of(100, 200, 400), 50, 800, 32, 1e-2, 1);
                case STANDARD -> new Config("standard", 64, List.of(100, 200, 400), 100, 2000, 32, 3e-3, 3);
                case FULL -> new Config("full", 128, List.of(100, 200, 400), 100, 4000, 32, 3e-3, 5);
            };
        }

        /** Seconds-sized, for tests. */
        public static Config tiny() {
            return new Config("test", 8, List.of(12), 12, 3, 4, 1e-2, 1);
        }

        public Config seeds(int n) {
            return new Config(budget, hidden, lengths, trainLength, trainSteps, batch, learningRate, n);
        }
    }

    /** The cells compared, at equal hidden size. */
    static List<RecurrentSpec> cells(int hidden) {
        return List.of(Models.rnn(hidden).named("rnn"), Models.lstm(hidden).named("lstm"), Models.gru(hidden).named("gru"));
    }

    private final Config config;

    public GradientFlow(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "gradient-flow";
    }

    @Override
    public String claim() {
        return "vanilla RNNs suffer vanishing and exploding gradients and cannot capture long-term dependencies; "
                + "LSTM and GRU keep gradients flowing";
    }

    @Override
    public String budget() {
        return String.format(Locale.ROOT, "%s (hidden %d; gradients at lengths %s; training: %d steps of batch %d on "
                        + "the adding problem of length %d; %d seed%s)", config.budget(), config.hidden(),
                join(config.lengths()), config.trainSteps(), config.batch(), config.trainLength(), config.seeds(),
                config.seeds() == 1 ? "" : "s");
    }

    @Override
    public Config config() {
        return config;
    }

    /** A recurrent layer and a linear head on its final hidden state. */
    static final class Probe extends Module {
        final Recurrent recurrent;
        final Linear head;

        Probe(Engine engine, RecurrentSpec spec, RandomSource rng) {
            super(engine);
            recurrent = addModule("rnn", SequenceEncoder.recurrent(engine, spec, 2, rng));
            head = addModule("head", new Linear(engine, spec.hidden(), 1, rng));
        }

        /** The whole sequence at once (fused kernels where the engine has them): for training. */
        Tensor forward(Tensor x) {
            return head.forward(recurrent.forward(x).hN().squeeze(0));
        }
    }

    /**
     * {@code |dL/dh_t|} for {@code t = 0..T-1}, averaged over the batch, where the loss is the summed squared error of
     * the head on the final state: the layer runs step by step with a zero leaf added to each hidden state.
     */
    static double[] hiddenGradientNorms(Probe model, Tensor x, Tensor y) {
        Engine e = model.engine();
        int batch = x.dim(0), time = x.dim(1), hidden = model.head.inFeatures();
        DType dt = x.dtype();
        Tensor h = null, c = null;
        Tensor[] leaves = new Tensor[time];
        for (int t = 0; t < time; t++) {
            RecurrentResult r = model.recurrent.forward(x.narrow(1, t, 1), null, h, c);
            leaves[t] = e.zeros(Shape.of(1, batch, hidden), dt).requiresGrad(true);
            h = r.hN().add(leaves[t]);
            c = r.cN();
        }
        // summed, not averaged, so each sequence's gradient is its own loss's
        Tensor loss = model.head.forward(h.squeeze(0)).sub(y).square().sum();
        loss.backward();
        double[] norms = new double[time];
        for (int t = 0; t < time; t++) {
            Tensor g = leaves[t].grad();
            double[] v = g == null ? new double[batch * hidden] : g.toDoubleArray();
            double sum = 0;
            for (int b = 0; b < batch; b++) {
                double s = 0;
                for (int k = 0; k < hidden; k++) {
                    double z = v[b * hidden + k];
                    s += z * z;
                }
                sum += Math.sqrt(s);
            }
            norms[t] = sum / batch;
        }
        return norms;
    }

    /**
     * Decades lost per 100 steps: minus the least-squares slope of {@code log10 norm} against distance, times 100,
     * over the distances where the norm is a positive finite number.
     */
    static double decayPer100(double[] byDistance) {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int n = 0;
        for (int d = 0; d < byDistance.length; d++) {
            double v = byDistance[d];
            if (v > 0 && Double.isFinite(v)) {
                double y = Math.log10(v);
                sx += d;
                sy += y;
                sxx += (double) d * d;
                sxy += d * y;
                n++;
            }
        }
        if (n < 2) {
            return Double.NaN;
        }
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        return -100 * slope;
    }

    /** One cell and seed: log10 gradient norms at initialisation and after training, and the trained test MSE. */
    private record Measured(double[][] before, double mse, double[][] after) {
    }

    @Override
    protected Findings measure(Context ctx) {
        Engine engine = ctx.engine();
        DType measureType = engine.supports(DType.FLOAT64) ? DType.FLOAT64 : DType.FLOAT32;
        int longest = config.lengths().stream().mapToInt(Integer::intValue).max().orElseThrow();
        StringColumn model = StringColumn.create("model"), phase = StringColumn.create("phase");
        IntColumn length = IntColumn.create("length");
        DoubleColumn n0 = DoubleColumn.create("norm_at_0"), n100 = DoubleColumn.create("norm_at_100"),
                nEnd = DoubleColumn.create("norm_at_start"), decay = DoubleColumn.create("decades_per_100_steps"),
                testMse = DoubleColumn.create("test_mse");
        // phase -> model -> log10 norms by distance at the longest length, summed over seeds
        Map<String, Map<String, double[]>> curves = new LinkedHashMap<>();
        Map<String, Double> decayAfter = new LinkedHashMap<>(), decayBefore = new LinkedHashMap<>(),
                mses = new LinkedHashMap<>();
        // every cell and seed is measured, trained and measured again on its own, side by side
        List<int[]> runs = new ArrayList<>();
        List<RecurrentSpec> cells = cells(config.hidden());
        for (int c = 0; c < cells.size(); c++) {
            for (int seed = 1; seed <= config.seeds(); seed++) {
                runs.add(new int[] {c, seed});
            }
        }
        List<Measured> measured = ctx.parallelism().map(runs, ctx.engines(), run -> {
            RecurrentSpec spec = cells.get(run[0]);
            int seed = run[1];
            Seeds seeds = Seeds.of(seed);
            Probe probe = new Probe(engine, spec, seeds.init());
            double[][] before = measureAll(probe, measureType, seeds, engine);
            long t0 = System.nanoTime();
            double mse = train(probe, seed, engine);
            ctx.log("gradient-flow: %s seed %d trained %d steps, adding-problem test MSE %.4f (%.1f s)", spec.name(), seed,
                    config.trainSteps(), mse, (System.nanoTime() - t0) / 1e9);
            return new Measured(before, mse, measureAll(probe, measureType, seeds, engine));
        });
        for (int c = 0; c < cells.size(); c++) {
            RecurrentSpec spec = cells.get(c);
            // [phase][length index] -> sum over seeds of log10 norms by distance, in seed order
            double[][][] logSums = new double[2][config.lengths().size()][];
            double mseSum = 0;
            for (int seed = 1; seed <= config.seeds(); seed++) {
                Measured m = measured.get(c * config.seeds() + seed - 1);
                addLogs(logSums[0], m.before());
                mseSum += m.mse();
                addLogs(logSums[1], m.after());
            }
            mses.put(spec.name(), mseSum / config.seeds());
            for (int p = 0; p < 2; p++) {
                String ph = p == 0 ? "initialisation" : "trained";
                for (int li = 0; li < config.lengths().size(); li++) {
                    double[] byDistance = reverseAndMean(logSums[p][li], config.seeds());
                    double rate = decayPer100(byDistance);
                    model.append(spec.name());
                    phase.append(ph);
                    length.append(config.lengths().get(li));
                    n0.append(byDistance[0]);
                    n100.append(byDistance.length > 100 ? byDistance[100] : Double.NaN);
                    nEnd.append(byDistance[byDistance.length - 1]);
                    decay.append(rate);
                    testMse.append(p == 0 ? Double.NaN : mseSum / config.seeds());
                    if (config.lengths().get(li) == longest) {
                        curves.computeIfAbsent(ph, k -> new LinkedHashMap<>()).put(spec.name(), byDistance);
                        (p == 0 ? decayBefore : decayAfter).put(spec.name(), rate);
                    }
                }
            }
        }
        Table table = Table.create("gradient norm |dL/dh_t| by distance from the loss", model, phase, length, n0, n100,
                nEnd, decay, testMse);
        List<Chart> charts = new ArrayList<>();
        for (var e : curves.entrySet()) {
            Map<String, double[][]> series = new LinkedHashMap<>();
            e.getValue().forEach((m, v) -> series.put(m, positivePoints(v)));
            charts.add(new Chart(Charts.lines("|dL/dh_t| against distance T - 1 - t, " + e.getKey() + " (length "
                            + longest + ")", "distance from the loss (steps)", "gradient norm (log scale)", true, series),
                    "Gradient norm by distance, " + e.getKey()));
        }
        List<String> notes = List.of("Read the slope: a straight line on the log scale is exponential decay. "
                + "decades_per_100_steps is the fitted rate (1 = ten times smaller every 100 steps; negative = growing). "
                + "norm_at_start is the gradient reaching the first step of the sequence. test_mse is the trained "
                + "model's adding-problem error on fresh sequences of the training length (predicting the mean scores "
                + num(SyntheticTasks.ADDING_BASELINE_MSE) + "). Gradients measured in " + measureType + ".");
        return findings(table, verdict(decayBefore, decayAfter, mses, longest, config.trainLength()), charts, notes);
    }

    /**
     * The verdict from the decay rates at the longest length and the adding-problem MSE after training. The claim has
     * two parts: the RNN's gradient vanishes (or explodes) where the gated cells' does not, and the RNN fails to learn
     * a long dependency that the gated cells learn; both are judged after training, where it matters.
     */
    static ClaimVerdict verdict(Map<String, Double> before, Map<String, Double> after, Map<String, Double> mse, int length,
                           int trainLength) {
        double rnn = after.get("rnn"), lstm = after.get("lstm"), gru = after.get("gru");
        String gradients = String.format(Locale.ROOT, "gradient norm lost per 100 steps at length %d after training: "
                        + "RNN %s, LSTM %s, GRU %s decades (at initialisation %s, %s, %s)", length, dec(rnn), dec(lstm),
                dec(gru), dec(before.get("rnn")), dec(before.get("lstm")), dec(before.get("gru")));
        String learning = String.format(Locale.ROOT, "adding-problem test MSE at length %d: RNN %s, LSTM %s, GRU %s "
                + "(predicting the mean: %s)", trainLength, num(mse.get("rnn")), num(mse.get("lstm")), num(mse.get("gru")),
                num(SyntheticTasks.ADDING_BASELINE_MSE));
        if (!Double.isFinite(rnn) || !Double.isFinite(lstm) || !Double.isFinite(gru)) {
            return new ClaimVerdict(ClaimVerdict.Outcome.INCONCLUSIVE, gradients + "; some gradients were not finite. " + learning);
        }
        boolean rnnBad = Math.abs(rnn) > VANISHING;
        boolean gatedFine = Math.abs(lstm) <= VANISHING && Math.abs(gru) <= VANISHING;
        boolean gradientPart = rnnBad && gatedFine;
        String gradientWords;
        if (gradientPart) {
            gradientWords = "the RNN's gradient " + (rnn > 0 ? "vanishes" : "explodes") + " and the gated cells' does not";
        } else if (rnnBad) {
            gradientWords = "the RNN's gradient " + (rnn > 0 ? "vanishes" : "explodes") + ", but so does a gated cell's";
        } else {
            gradientWords = "no RNN gradient vanishing or explosion after training (within 10x per 100 steps)";
        }
        // "learned" = at most half the MSE of predicting the mean
        double learned = SyntheticTasks.ADDING_BASELINE_MSE / 2;
        boolean rnnLearned = mse.get("rnn") <= learned;
        boolean gatedLearned = mse.get("lstm") <= learned && mse.get("gru") <= learned;
        String learningWords;
        Boolean learningPart;
        if (gatedLearned && !rnnLearned) {
            learningWords = "only the gated cells learned the long dependency";
            learningPart = true;
        } else if (gatedLearned) {
            learningWords = "all three learned it";
            learningPart = false;
        } else if (!rnnLearned && mse.get("lstm") > learned && mse.get("gru") > learned) {
            learningWords = "no cell learned it at this budget";
            learningPart = null;
        } else {
            learningWords = "the RNN learned it but a gated cell did not";
            learningPart = false;
        }
        String text = gradients + ": " + gradientWords + ". " + learning + ": " + learningWords + ".";
        ClaimVerdict.Outcome o;
        if (learningPart == null) {
            o = gradientPart ? ClaimVerdict.Outcome.PARTLY : ClaimVerdict.Outcome.INCONCLUSIVE;
        } else if (gradientPart && learningPart) {
            o = ClaimVerdict.Outcome.HOLDS;
        } else if (gradientPart || learningPart) {
            o = ClaimVerdict.Outcome.PARTLY;
        } else {
            o = ClaimVerdict.Outcome.DOES_NOT_HOLD;
        }
        return new ClaimVerdict(o, text);
    }

    private static String dec(double x) {
        return String.format(Locale.ROOT, "%.1f", x);
    }

    private double[][] measureAll(Probe trained, DType dt, Seeds seeds, Engine engine) {
        // a float64 copy for the measurement, so the trained float32 model is left as it is
        Probe probe = new Probe(engine, cellOf(trained), new RandomSource(0));
        probe.loadStateDict(trained.stateDict());
        if (dt != DType.FLOAT32) {
            probe.to(dt);
        }
        // the composed path: step-by-step calls with states passed in, the same numbers as the fused kernel
        probe.recurrent.useFusedKernels(false);
        RandomSource data = seeds.splits();
        double[][] out = new double[config.lengths().size()][];
        for (int i = 0; i < out.length; i++) {
            int len = config.lengths().get(i);
            var ex = SyntheticTasks.collate(engine, SyntheticTasks.adding(config.batch(), len, data), len, 2);
            out[i] = hiddenGradientNorms(probe, ex.inputs().to(dt), ex.targets().to(dt));
        }
        return out;
    }

    private RecurrentSpec cellOf(Probe p) {
        return switch (p.recurrent.config().kind()) {
            case LSTM -> Models.lstm(config.hidden());
            case GRU -> Models.gru(config.hidden());
            default -> Models.rnn(config.hidden());
        };
    }

    /** Trains {@code probe} on the adding problem and returns its MSE on fresh test sequences. */
    private double train(Probe probe, long seed, Engine engine) {
        int perEpoch = Math.min(config.trainSteps(), 32);
        int epochs = (config.trainSteps() + perEpoch - 1) / perEpoch;
        var data = SyntheticTasks.source(engine, SyntheticTasks.adding(perEpoch * config.batch(), config.trainLength(),
                Seeds.of(seed).shuffle().split()), config.trainLength(), 2);
        var trainer = Trainer.of(probe, (Probe m, SyntheticTasks.Batch b) -> m.forward(b.inputs()).sub(b.targets())
                        .square().mean())
                .optimizer(Optimizers.adam(config.learningRate())).epochs(epochs).batchSize(config.batch())
                .maxSteps(config.trainSteps()).clipNorm(1.0).seed(seed).progress(false);
        trainer.fit(data);
        var test = SyntheticTasks.collate(engine, SyntheticTasks.adding(256, config.trainLength(),
                Seeds.of(seed).splits().split()), config.trainLength(), 2);
        probe.eval();
        try (var ignored = engine.noGrad()) {
            return probe.forward(test.inputs()).sub(test.targets()).square().mean().item();
        } finally {
            probe.train();
        }
    }

    private static void addLogs(double[][] sums, double[][] norms) {
        for (int i = 0; i < sums.length; i++) {
            if (sums[i] == null) {
                sums[i] = new double[norms[i].length];
            }
            for (int t = 0; t < norms[i].length; t++) {
                sums[i][t] += Math.log10(norms[i][t]);
            }
        }
    }

    /** Mean of log10 norms over seeds, back to norms, indexed by distance from the loss (0 = last step). */
    private static double[] reverseAndMean(double[] logSumsByStep, int seeds) {
        int n = logSumsByStep.length;
        double[] out = new double[n];
        for (int t = 0; t < n; t++) {
            out[n - 1 - t] = Math.pow(10, logSumsByStep[t] / seeds);
        }
        return out;
    }

    /** {x = distance, y = norm} for the distances whose norm a log axis can draw. */
    private static double[][] positivePoints(double[] byDistance) {
        List<double[]> pts = new ArrayList<>();
        for (int d = 0; d < byDistance.length; d++) {
            if (byDistance[d] > 0 && Double.isFinite(byDistance[d])) {
                pts.add(new double[] {d, byDistance[d]});
            }
        }
        double[][] xy = new double[2][pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            xy[0][i] = pts.get(i)[0];
            xy[1][i] = pts.get(i)[1];
        }
        return xy;
    }
}
