package seqlab.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import seqlab.engine.CellKind;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.model.Forecaster;
import seqlab.model.ModelSpec;
import seqlab.model.Models;
import seqlab.model.Seq2Seq;
import seqlab.model.SequenceClassifier;
import seqlab.nn.AdditiveAttention;
import seqlab.nn.Attention;
import seqlab.nn.Conv1d;
import seqlab.nn.Embedding;
import seqlab.nn.LayerNorm;
import seqlab.nn.LearnedPositionalEncoding;
import seqlab.nn.Linear;
import seqlab.nn.LuongAttention;
import seqlab.nn.Masks;
import seqlab.nn.Module;
import seqlab.nn.MultiheadAttention;
import seqlab.nn.Recurrent;
import seqlab.nn.RecurrentConfig;
import seqlab.nn.RecurrentResult;
import seqlab.nn.ScaledDotProductAttention;
import seqlab.nn.SinusoidalPositionalEncoding;
import seqlab.nn.TransformerConfig;
import seqlab.nn.TransformerDecoder;
import seqlab.nn.TransformerDecoderLayer;
import seqlab.nn.TransformerEncoder;
import seqlab.nn.TransformerEncoderLayer;
import seqlab.train.BatchSource;
import seqlab.train.Losses;
import seqlab.train.Optimizers;
import seqlab.train.Trainer;

/**
 * Two engines, one model: every layer and task model is built on the {@link #reference()} engine, its state dict is
 * loaded into the same module built on {@link #engine()}, both get the same float32 inputs, and then
 * <ul>
 * <li>outputs agree within {@code 1e-5} and the gradients of the inputs and of every parameter within {@code 1e-4},
 * relative to the reference value where it exceeds 1 (absolute below: {@code |a - b| <= tol * max(1, |a|)}), the
 * gradients taken of {@code sum(output * probe)} with a fixed random probe per output;</li>
 * <li>in training mode the dropout masks come from one {@link RandomSource} seed on both engines, so the engines
 * must also drop the same units (both draw masks in Java, in the order the layers ask for them);</li>
 * <li>weights trained on one engine and saved as safetensors load into a model built on the other, which then
 * predicts the same.</li>
 * </ul>
 * Covers RNN (tanh, ReLU), LSTM (peephole, CIFG, projection), GRU (reset gate after and before the hidden product),
 * stacked, bidirectional, padded batches with given initial states, inter-layer dropout; multi-head, additive, Luong
 * and scaled dot-product attention with masks; Transformer encoder and decoder layers and stacks, pre- and post-norm;
 * Conv1d, LayerNorm, Embedding, Linear, positional encodings; and {@link SequenceClassifier}, {@link Forecaster} and
 * {@link Seq2Seq}. Float32 throughout: that is what both engines train in, and where they differ most.
 */
public abstract class LayerParityConformance {
    private static final double VALUES = 1e-5, GRADIENTS = 1e-4;
    private static final int TIME = 5, BATCH = 4, INPUT = 6, HIDDEN = 8;
    private static final int[] LENGTHS = {5, 3, 1, 4};

    /** The engine under test. */
    protected abstract Engine engine();

    /** The engine it must agree with. */
    protected abstract Engine reference();

    @TempDir
    Path dir;

    // ------------------------------------------------------------------------------------------ plumbing

    /** What one engine computed. */
    private record Run(List<Tensor> outputs, Map<String, float[]> gradients) {
    }

    /** Uniform values in [-1, 1) drawn in Java, so every engine sees the same floats for a seed. */
    private static Tensor uniform(Engine e, RandomSource rng, int... dims) {
        return e.of(rng.uniform((int) Shape.of(dims).size(), -1, 1), Shape.of(dims));
    }

    /** As {@link #uniform}, as a leaf whose gradient is compared. */
    private static Tensor leaf(Engine e, RandomSource rng, int... dims) {
        return uniform(e, rng, dims).requiresGrad(true);
    }

    private static Tensor ids(Engine e, RandomSource rng, int vocabulary, int... dims) {
        long[] v = new long[(int) Shape.of(dims).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextInt(vocabulary);
        }
        return e.ofIndices(v, Shape.of(dims));
    }

    private <M extends Module> Run run(Engine e, M m, boolean training, List<Tensor> inputs,
                                       BiFunction<M, List<Tensor>, List<Tensor>> forward) {
        if (training) {
            m.train();
        } else {
            m.eval();
        }
        m.randomSource(new RandomSource(99));
        List<Tensor> outs = forward.apply(m, inputs);
        Tensor loss = null;
        RandomSource probes = new RandomSource(7);
        for (Tensor o : outs) {
            Tensor probe = e.of(probes.uniform((int) o.size(), -1, 1), o.shape());
            if (o.requiresGrad()) {
                Tensor term = o.mul(probe).sum();
                loss = loss == null ? term : loss.add(term);
            }
        }
        Map<String, float[]> grads = new LinkedHashMap<>();
        if (loss != null) {
            loss.backward();
            for (int i = 0; i < inputs.size(); i++) {
                if (inputs.get(i).requiresGrad()) {
                    Tensor g = inputs.get(i).grad();
                    grads.put("input " + i, g == null ? null : g.toFloatArray());
                }
            }
            for (var p : m.namedParameters().entrySet()) {
                Tensor g = p.getValue().grad();
                grads.put(p.getKey(), g == null ? null : g.toFloatArray());
            }
        }
        return new Run(outs, grads);
    }

    /**
     * Builds the module on both engines (the engine under test loads the reference's weights), runs {@code forward} on
     * the same inputs and compares outputs and gradients.
     *
     * @param inputs makes the inputs on an engine; it must draw them from its own fixed seed
     */
    private <M extends Module> void parity(String name, BiFunction<Engine, RandomSource, M> build, boolean training,
                                           Function<Engine, List<Tensor>> inputs,
                                           BiFunction<M, List<Tensor>, List<Tensor>> forward) {
        Engine ref = reference(), e = engine();
        assertNotSame(ref, e, "the parity suite compares two different engines");
        M a = build.apply(ref, new RandomSource(1));
        // another seed on purpose: only the loaded state may make the two agree
        M b = build.apply(e, new RandomSource(2));
        b.loadStateDict(a.stateDict());
        Run ra = run(ref, a, training, inputs.apply(ref), forward);
        Run rb = run(e, b, training, inputs.apply(e), forward);
        assertEquals(ra.outputs().size(), rb.outputs().size(), name + ": number of outputs");
        for (int i = 0; i < ra.outputs().size(); i++) {
            Tensor x = ra.outputs().get(i), y = rb.outputs().get(i);
            assertEquals(x.shape(), y.shape(), name + ": shape of output " + i);
            assertEquals(x.requiresGrad(), y.requiresGrad(), name + ": output " + i + " requires a gradient");
            close(name + ", output " + i, x.toFloatArray(), y.toFloatArray(), VALUES);
        }
        assertEquals(ra.gradients().keySet(), rb.gradients().keySet(), name + ": parameters");
        assertTrue(ra.gradients().values().stream().anyMatch(g -> g != null), name + ": no gradient at all");
        for (var g : ra.gradients().entrySet()) {
            float[] other = rb.gradients().get(g.getKey());
            assertEquals(g.getValue() == null, other == null, name + ": gradient presence of " + g.getKey() + " ("
                    + reference().name() + " " + (g.getValue() != null) + ", " + engine().name() + " "
                    + (other != null) + ")");
            if (other != null) {
                close(name + ", gradient of " + g.getKey(), g.getValue(), other, GRADIENTS);
            }
        }
    }

    private void close(String what, float[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length, what + ": sizes");
        for (int i = 0; i < expected.length; i++) {
            double a = expected[i], b = actual[i];
            if (!(Math.abs(a - b) <= tol * Math.max(1, Math.abs(a)))) {
                throw new AssertionError(String.format("%s, element %d: %s %.9g, %s %.9g (|diff| %.3g, tolerance %.0e"
                        + " relative)", what, i, reference().name(), a, engine().name(), b, Math.abs(a - b), tol));
            }
        }
    }

    private static List<Tensor> list(Tensor... t) {
        return new ArrayList<>(Arrays.asList(t));
    }

    // ------------------------------------------------------------------------------------------ recurrent layers

    static Stream<Arguments> recurrentConfigurations() {
        List<RecurrentConfig> cells = List.of(RecurrentConfig.rnn(HIDDEN), RecurrentConfig.rnn(HIDDEN).relu(),
                RecurrentConfig.lstm(HIDDEN), RecurrentConfig.lstm(HIDDEN).peephole(),
                RecurrentConfig.lstm(HIDDEN).coupledInputForget(), RecurrentConfig.lstm(HIDDEN).projection(5),
                RecurrentConfig.lstm(HIDDEN).peephole().coupledInputForget().projection(3),
                RecurrentConfig.gru(HIDDEN), RecurrentConfig.gru(HIDDEN).resetBeforeProduct());
        List<Arguments> out = new ArrayList<>();
        for (RecurrentConfig c : cells) {
            out.add(Arguments.of(c, false, false));                                          // one layer
            out.add(Arguments.of(c.layers(2).bidirectional().batchFirst(), true, false));    // padded, given state
            out.add(Arguments.of(c.layers(2).bidirectional().dropout(0.3), true, true));     // dropout, training
        }
        out.add(Arguments.of(RecurrentConfig.lstm(HIDDEN).layers(3).bias(false), true, false));
        out.add(Arguments.of(RecurrentConfig.gru(HIDDEN).layers(2).bias(false).dropout(0.5), false, true));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, padded {1}, training {2}")
    @MethodSource("recurrentConfigurations")
    void recurrentLayers(RecurrentConfig cfg, boolean padded, boolean training) {
        boolean lstm = cfg.kind() == CellKind.LSTM;
        int states = cfg.layers() * cfg.directions();
        parity(cfg.toString(), (e, rng) -> cfg.build(e, INPUT, rng), training, e -> {
            RandomSource rng = new RandomSource(3);
            Tensor x = cfg.isBatchFirst() ? leaf(e, rng, BATCH, TIME, INPUT) : leaf(e, rng, TIME, BATCH, INPUT);
            if (!padded) {
                return list(x);
            }
            Tensor h0 = leaf(e, rng, states, BATCH, cfg.stateSize());
            return lstm ? list(x, h0, leaf(e, rng, states, BATCH, HIDDEN)) : list(x, h0);
        }, (m, in) -> {
            RecurrentResult r = padded
                    ? m.forward(in.get(0), LENGTHS, in.get(1), lstm ? in.get(2) : null)
                    : m.forward(in.get(0));
            return r.cN() == null ? list(r.output(), r.hN()) : list(r.output(), r.hN(), r.cN());
        });
    }

    @Test
    void recurrentLayersOnBothPathsOfTheEngineUnderTest() {
        // the engine's fused kernel and its composed ops each agree with the reference engine
        RecurrentConfig cfg = RecurrentConfig.lstm(HIDDEN).layers(2).bidirectional().dropout(0.2);
        for (boolean fused : new boolean[] {true, false}) {
            parity(cfg + (fused ? " fused" : " composed"), (e, rng) -> {
                Recurrent r = cfg.build(e, INPUT, rng);
                return e.name().equals(engine().name()) ? r.useFusedKernels(fused) : r;
            }, true, e -> list(leaf(e, new RandomSource(4), TIME, BATCH, INPUT)), (m, in) -> {
                RecurrentResult r = m.forward(in.get(0), LENGTHS);
                return list(r.output(), r.hN(), r.cN());
            });
        }
    }

    // ------------------------------------------------------------------------------------------ attention

    /** Key padding {@code (BATCH, keys)} from {@link #LENGTHS} and a causal mask. */
    private static Tensor padding(Engine e, int keys) {
        return Masks.keyPadding(e, Arrays.stream(LENGTHS).map(l -> Math.min(l, keys)).toArray(), keys);
    }

    @Test
    void multiheadAttention() {
        for (boolean training : new boolean[] {false, true}) {
            String mode = training ? " training" : " eval";
            parity("self-attention, padding and causal masks" + mode,
                    (e, rng) -> new MultiheadAttention(e, HIDDEN, 2, 0.2, true, rng), training,
                    e -> list(leaf(e, new RandomSource(5), BATCH, TIME, HIDDEN)), (m, in) -> {
                        Attention.Result r = m.forward(in.get(0), padding(in.get(0).engine(), TIME),
                                Masks.causal(in.get(0).engine(), TIME));
                        return list(r.output(), r.weights());
                    });
            parity("cross-attention, separate key and value" + mode,
                    (e, rng) -> new MultiheadAttention(e, HIDDEN, 4, 0.2, true, rng), training, e -> {
                        RandomSource rng = new RandomSource(6);
                        return list(leaf(e, rng, BATCH, 3, HIDDEN), leaf(e, rng, BATCH, TIME, HIDDEN),
                                leaf(e, rng, BATCH, TIME, HIDDEN));
                    }, (m, in) -> {
                        Attention.Result r = m.attend(in.get(0), in.get(1), in.get(2), padding(in.get(0).engine(), TIME),
                                null);
                        return list(r.output(), r.weights());
                    });
        }
        parity("attention without bias, key = value memory", (e, rng) -> new MultiheadAttention(e, HIDDEN, 2, 0, false, rng),
                false, e -> {
                    RandomSource rng = new RandomSource(7);
                    return list(leaf(e, rng, BATCH, 2, HIDDEN), leaf(e, rng, BATCH, TIME, HIDDEN));
                }, (m, in) -> list(m.attend(in.get(0), in.get(1), in.get(1), padding(in.get(0).engine(), TIME)).output()));
    }

    @Test
    void additiveLuongAndScaledDotProductAttention() {
        int dq = 7, dk = HIDDEN;
        Function<Engine, List<Tensor>> oneQuery = e -> {
            RandomSource rng = new RandomSource(8);
            return list(leaf(e, rng, BATCH, dq), leaf(e, rng, BATCH, TIME, dk), leaf(e, rng, BATCH, TIME, dk));
        };
        Function<Engine, List<Tensor>> queries = e -> {
            RandomSource rng = new RandomSource(9);
            return list(leaf(e, rng, BATCH, 3, dk), leaf(e, rng, BATCH, TIME, dk), leaf(e, rng, BATCH, TIME, dk));
        };
        BiFunction<seqlab.nn.AttentionLayer, List<Tensor>, List<Tensor>> attend = (m, in) -> {
            Attention.Result r = m.attend(in.get(0), in.get(1), in.get(2), padding(in.get(0).engine(), TIME));
            return list(r.output(), r.weights());
        };
        parity("additive, one query", (e, rng) -> new AdditiveAttention(e, dq, dk, 5, rng), false, oneQuery,
                attend::apply);
        parity("additive, three queries", (e, rng) -> new AdditiveAttention(e, dk, dk, 5, rng), false, queries,
                attend::apply);
        parity("Luong general, one query", (e, rng) -> LuongAttention.general(e, dq, dk, rng), false, oneQuery,
                attend::apply);
        parity("Luong dot, three queries", (e, rng) -> LuongAttention.dot(e, dk), false, queries, attend::apply);
        parity("scaled dot product, dropout", (e, rng) -> new ScaledDotProductAttention(e, 0.25), true, queries,
                attend::apply);
    }

    // ------------------------------------------------------------------------------------------ Transformer

    static Stream<Arguments> transformerConfigurations() {
        TransformerConfig base = TransformerConfig.of(HIDDEN, 2).feedforward(12);
        return Stream.of(Arguments.of(base, false), Arguments.of(base.normFirst(true), false),
                Arguments.of(base.activation(TransformerConfig.Activation.GELU), true),
                Arguments.of(base.normFirst(true).activation(TransformerConfig.Activation.GELU_TANH), true));
    }

    @ParameterizedTest(name = "{0}, training {1}")
    @MethodSource("transformerConfigurations")
    void transformerLayers(TransformerConfig cfg, boolean training) {
        parity("encoder layer " + cfg, (e, rng) -> new TransformerEncoderLayer(e, cfg, rng), training,
                e -> list(leaf(e, new RandomSource(10), BATCH, TIME, HIDDEN)),
                (m, in) -> list(m.forward(in.get(0), padding(in.get(0).engine(), TIME))));
        parity("decoder layer " + cfg, (e, rng) -> new TransformerDecoderLayer(e, cfg, rng), training, e -> {
            RandomSource rng = new RandomSource(11);
            return list(leaf(e, rng, BATCH, 3, HIDDEN), leaf(e, rng, BATCH, TIME, HIDDEN));
        }, (m, in) -> {
            Engine e = in.get(0).engine();
            return list(m.forward(in.get(0), in.get(1), Masks.causal(e, 3), padding(e, 3), padding(e, TIME)));
        });
        parity("two-layer encoder with final norm " + cfg, (e, rng) -> new TransformerEncoder(e, cfg, 2, true, rng),
                training, e -> list(leaf(e, new RandomSource(12), BATCH, TIME, HIDDEN)),
                (m, in) -> list(m.forward(in.get(0), LENGTHS)));
        parity("two-layer decoder " + cfg, (e, rng) -> new TransformerDecoder(e, cfg, 2, cfg.normFirst(), rng),
                training, e -> {
                    RandomSource rng = new RandomSource(13);
                    return list(leaf(e, rng, BATCH, 4, HIDDEN), leaf(e, rng, BATCH, TIME, HIDDEN));
                }, (m, in) -> {
                    Engine e = in.get(0).engine();
                    return list(m.forward(in.get(0), in.get(1), Masks.causal(e, 4), null, padding(e, TIME)));
                });
    }

    // ------------------------------------------------------------------------------------------ other layers

    @Test
    void convolutionNormalisationEmbeddingLinearAndPositions() {
        parity("Conv1d stride 2, dilation 2, padding 1/2", (e, rng) -> new Conv1d(e, INPUT, 5, 3, 2, 2, 1, 2, true, rng),
                false, e -> list(leaf(e, new RandomSource(14), BATCH, INPUT, 9)), (m, in) -> list(m.forward(in.get(0))));
        parity("Conv1d causal, padded batch", (e, rng) -> Conv1d.causal(e, INPUT, 5, 3, 2, rng), false,
                e -> list(leaf(e, new RandomSource(15), BATCH, TIME, INPUT)),
                (m, in) -> list(m.forwardChannelsLast(in.get(0), LENGTHS)));
        parity("Conv1d same, no bias", (e, rng) -> new Conv1d(e, INPUT, 4, 4, 1, 1, 1, 2, false, rng), false,
                e -> list(leaf(e, new RandomSource(16), BATCH, TIME, INPUT)),
                (m, in) -> list(m.forwardChannelsLast(in.get(0))));
        parity("LayerNorm", (e, rng) -> {
            LayerNorm n = new LayerNorm(e, HIDDEN, 1e-5);
            // non-trivial affine parameters, so their use is compared too
            Map<String, Tensor> s = new LinkedHashMap<>();
            n.stateDict().forEach((k, v) -> s.put(k, uniform(e, rng, v.shape().dims())));
            n.loadStateDict(s);
            return n;
        }, false, e -> list(leaf(e, new RandomSource(17), BATCH, TIME, HIDDEN)),
                (m, in) -> list(m.forward(in.get(0))));
        parity("Embedding, repeated ids", (e, rng) -> new Embedding(e, 11, HIDDEN, rng), false,
                e -> list(ids(e, new RandomSource(18), 11, BATCH, TIME)), (m, in) -> list(m.forward(in.get(0))));
        parity("Linear", (e, rng) -> new Linear(e, INPUT, 3, rng), false,
                e -> list(leaf(e, new RandomSource(19), BATCH, TIME, INPUT)), (m, in) -> list(m.forward(in.get(0))));
        parity("sinusoidal positions, dropout, offset", (e, rng) -> new SinusoidalPositionalEncoding(e, HIDDEN, 64, 0.1),
                true, e -> list(leaf(e, new RandomSource(20), BATCH, TIME, HIDDEN)),
                (m, in) -> list(m.forward(in.get(0), 7)));
        parity("learned positions", (e, rng) -> new LearnedPositionalEncoding(e, HIDDEN, 16, rng), false,
                e -> list(leaf(e, new RandomSource(21), BATCH, TIME, HIDDEN)), (m, in) -> list(m.forward(in.get(0), 2)));
    }

    // ------------------------------------------------------------------------------------------ task models

    private static final int VOCABULARY = 13, CLASSES = 3;

    static Stream<ModelSpec> classifierSpecs() {
        return Stream.of(Models.lstm(HIDDEN).bidirectional().layers(2).dropout(0.2).with("pool", "attention"),
                Models.gru(HIDDEN).with("reset_before", true).with("pool", "mean"),
                Models.rnn(HIDDEN).layers(2).dropout(0.3),
                Models.peephole(HIDDEN).with("pool", "max"),
                Models.cifg(HIDDEN).bidirectional(),
                Models.transformer(2, HIDDEN, 2).dropout(0.1),
                Models.cnn(HIDDEN).dropout(0.2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("classifierSpecs")
    void sequenceClassifier(ModelSpec spec) {
        for (boolean training : new boolean[] {false, true}) {
            parity("SequenceClassifier " + spec + (training ? " training" : ""),
                    (e, rng) -> new SequenceClassifier(e, spec, VOCABULARY, INPUT, CLASSES, rng), training,
                    e -> list(ids(e, new RandomSource(22), VOCABULARY, BATCH, TIME)),
                    (m, in) -> list(m.forward(in.get(0), LENGTHS)));
        }
    }

    static Stream<ModelSpec> forecasterSpecs() {
        return Stream.of(Models.lstm(HIDDEN).layers(2).dropout(0.2),
                Models.gru(HIDDEN).with("strategy", "recursive"),
                Models.lstm(HIDDEN).bidirectional().with("head", "flatten").with("level", "none"),
                Models.transformer(1, HIDDEN, 2).dropout(0.1),
                Models.cnn(HIDDEN).with("strategy", "recursive"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forecasterSpecs")
    void forecaster(ModelSpec spec) {
        int lookback = 6, horizon = 3, features = 2;
        parity("Forecaster " + spec, (e, rng) -> new Forecaster(e, spec, features, lookback, horizon, rng), true, e -> {
            RandomSource rng = new RandomSource(23);
            return list(leaf(e, rng, BATCH, lookback, features), uniform(e, rng, BATCH, horizon, features - 1));
        }, (m, in) -> list(m.forward(in.get(0), in.get(1))));
    }

    static Stream<ModelSpec> seq2seqSpecs() {
        return Stream.of(Models.gru(HIDDEN).with("attention", "additive"),
                Models.lstm(HIDDEN).bidirectional().layers(2).dropout(0.2).with("attention", "general"),
                Models.lstm(HIDDEN).with("attention", "dot").with("input_feeding", true),
                Models.rnn(HIDDEN).bidirectional().with("bridge", "sum"),
                Models.transformer(2, HIDDEN, 2).dropout(0.1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seq2seqSpecs")
    void seq2seq(ModelSpec spec) {
        int[] targetLengths = {4, 2, 3, 4};
        for (boolean training : new boolean[] {false, true}) {
            parity("Seq2Seq " + spec + (training ? " training" : ""),
                    (e, rng) -> new Seq2Seq(e, spec, VOCABULARY, 11, INPUT, rng), training, e -> {
                        RandomSource rng = new RandomSource(24);
                        return list(ids(e, rng, VOCABULARY, BATCH, TIME), ids(e, rng, 11, BATCH, 4));
                    }, (m, in) -> list(m.forward(in.get(0), LENGTHS, in.get(1), targetLengths)));
        }
    }

    // ------------------------------------------------------------------------------------------ weights move

    /** A toy task: is token 1 among the real steps? */
    private record Batch(Tensor ids, int[] lengths, Tensor labels) {
    }

    private static BatchSource<Batch> toyData(Engine e) {
        RandomSource rng = new RandomSource(25);
        List<long[]> rows = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            long[] r = new long[TIME + 1];
            r[TIME] = 1 + rng.nextInt(TIME);                     // the length
            for (int t = 0; t < TIME; t++) {
                r[t] = 2 + rng.nextInt(VOCABULARY - 2);
            }
            if (rng.nextInt(2) == 0) {
                r[rng.nextInt((int) r[TIME])] = 1;
            }
            rows.add(r);
        }
        return BatchSource.of(rows, picked -> {
            long[] ids = new long[picked.size() * TIME], labels = new long[picked.size()];
            int[] lengths = new int[picked.size()];
            for (int i = 0; i < picked.size(); i++) {
                long[] r = picked.get(i);
                System.arraycopy(r, 0, ids, i * TIME, TIME);
                lengths[i] = (int) r[TIME];
                for (int t = 0; t < lengths[i]; t++) {
                    labels[i] |= r[t] == 1 ? 1 : 0;
                }
            }
            return new Batch(e.ofIndices(ids, Shape.of(picked.size(), TIME)), lengths,
                    e.ofIndices(labels, Shape.of(picked.size())));
        });
    }

    /** Trains a small bidirectional LSTM classifier on {@code from}, saves it, loads it on {@code to}, predicts. */
    private void trainSaveLoadPredict(Engine from, Engine to, ModelSpec spec) {
        SequenceClassifier trained = new SequenceClassifier(from, spec, VOCABULARY, INPUT, 2, new RandomSource(26));
        Trainer.of(trained, (SequenceClassifier m, Batch b) -> Losses.crossEntropy(m.forward(b.ids(), b.lengths()),
                b.labels())).progress(false).seed(3).epochs(3).batchSize(8).optimizer(Optimizers.adam(2e-2))
                .clipNorm(1.0).fit(toyData(from));
        Path file = dir.resolve(from.name() + "-to-" + to.name() + ".safetensors");
        trained.save(file);
        SequenceClassifier loaded = new SequenceClassifier(to, spec, VOCABULARY, INPUT, 2, new RandomSource(27));
        loaded.load(file);
        trained.eval();
        loaded.eval();
        Tensor x = ids(from, new RandomSource(28), VOCABULARY, BATCH, TIME);
        float[] expected, actual;
        try (var ignored = from.noGrad()) {
            expected = trained.forward(x, LENGTHS).toFloatArray();
        }
        try (var ignored = to.noGrad()) {
            actual = loaded.forward(to.ofIndices(x.toLongArray(), x.shape()), LENGTHS).toFloatArray();
        }
        String what = spec + " trained on " + from.name() + ", loaded on " + to.name();
        for (var p : trained.stateDict().entrySet()) {
            Tensor q = loaded.stateDict().get(p.getKey());
            assertNotNull(q, what + ": " + p.getKey());
            assertTrue(Arrays.equals(p.getValue().toFloatArray(), q.toFloatArray()), what + ": " + p.getKey()
                    + " is not bit-identical after the safetensors round trip");
        }
        close(what + ", logits", expected, actual, VALUES);
    }

    @Test
    void weightsTrainedOnTheReferenceEngineLoadAndPredictTheSame() {
        trainSaveLoadPredict(reference(), engine(), Models.lstm(HIDDEN).bidirectional().layers(2).dropout(0.2));
        trainSaveLoadPredict(reference(), engine(), Models.transformer(1, HIDDEN, 2).with("pool", "attention"));
    }

    @Test
    void weightsTrainedOnTheEngineUnderTestLoadAndPredictTheSame() {
        trainSaveLoadPredict(engine(), reference(), Models.lstm(HIDDEN).bidirectional().layers(2).dropout(0.2));
        trainSaveLoadPredict(engine(), reference(), Models.gru(HIDDEN).with("pool", "attention"));
    }
}
