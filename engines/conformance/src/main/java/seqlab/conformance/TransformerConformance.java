package seqlab.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static seqlab.conformance.GradCheck.gradCheck;
import static seqlab.conformance.LayerFixtures.assertGolden;
import static seqlab.conformance.LayerFixtures.assertParameterGradients;
import static seqlab.conformance.LayerFixtures.input;

import java.util.List;
import org.junit.jupiter.api.Test;
import seqlab.engine.DType;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.nn.Activations;
import seqlab.nn.Conv1d;
import seqlab.nn.Embedding;
import seqlab.nn.LayerNorm;
import seqlab.nn.LearnedPositionalEncoding;
import seqlab.nn.Masks;
import seqlab.nn.SinusoidalPositionalEncoding;
import seqlab.nn.TemporalPooling;
import seqlab.nn.TransformerConfig;
import seqlab.nn.TransformerConfig.Activation;
import seqlab.nn.TransformerDecoder;
import seqlab.nn.TransformerDecoderLayer;
import seqlab.nn.TransformerEncoder;
import seqlab.nn.TransformerEncoderLayer;
import seqlab.train.Optimizer;
import seqlab.train.OptimizerSpec;
import seqlab.train.Optimizers;

/**
 * Transformer blocks on an engine: PyTorch fixtures for {@code nn.TransformerEncoderLayer} (post- and pre-norm),
 * a 2-layer {@code nn.TransformerEncoder}, {@code nn.TransformerDecoderLayer} (post- and pre-norm), {@code nn.LayerNorm}
 * and {@code nn.Embedding}; finite-difference gradient checks of the layers, LayerNorm and positional encodings;
 * permutation equivariance without positions; padding and causal independence; and the acceptance case, a
 * 2-layer width-128, 4-head encoder over a padded (32, 50, 128) batch.
 */
public abstract class TransformerConformance {

    protected abstract Engine engine();

    private final RandomSource rng = new RandomSource(2024);

    private static TransformerConfig small(boolean normFirst) {
        return new TransformerConfig(4, 2, 6, 0.0, Activation.RELU, normFirst, 1e-5);
    }

    private static TransformerConfig fromFixture(Golden g) {
        Activation act = Activation.valueOf(g.stringConfig("activation").toUpperCase());
        return new TransformerConfig(g.intConfig("d_model"), g.intConfig("nhead"), g.intConfig("dim_feedforward"),
                g.doubleConfig("dropout"), act, g.booleanConfig("norm_first"), g.doubleConfig("layer_norm_eps"));
    }

    // ----- PyTorch fixtures -----

    @Test
    void goldenEncoderLayerPostNorm() {
        goldenEncoderLayer("transformer_encoder_layer_postnorm");
    }

    @Test
    void goldenEncoderLayerPreNorm() {
        goldenEncoderLayer("transformer_encoder_layer_prenorm");
    }

    private void goldenEncoderLayer(String name) {
        Engine e = engine();
        Golden g = Golden.load(name);
        var layer = LayerFixtures.load(new TransformerEncoderLayer(e, fromFixture(g), new RandomSource(0)), g, "");
        Tensor x = LayerFixtures.leaf(e, g.tensor("input"));
        Tensor y = layer.forward(x, LayerFixtures.mask(e, g.tensor("key_padding_mask")));
        assertGolden(g, "output", y, g.tensor("valid_mask"));
        LayerFixtures.probeLoss(y, g).backward();
        assertGolden(g, "grad.input", x.grad());
        assertParameterGradients(g, layer, "");
    }

    @Test
    void goldenTwoLayerEncoder() {
        Engine e = engine();
        Golden g = Golden.load("transformer_encoder_2layer_postnorm");
        var enc = LayerFixtures.load(new TransformerEncoder(e, fromFixture(g), g.intConfig("num_layers"),
                g.booleanConfig("final_norm"), new RandomSource(0)), g, "");
        Tensor x = LayerFixtures.leaf(e, g.tensor("input"));
        Tensor y = enc.forward(x, LayerFixtures.mask(e, g.tensor("key_padding_mask")));
        assertGolden(g, "output", y, g.tensor("valid_mask"));
        LayerFixtures.probeLoss(y, g).backward();
        assertGolden(g, "grad.input", x.grad());
        assertParameterGradients(g, enc, "");
    }

    @Test
    void goldenDecoderLayerPostNorm() {
        goldenDecoderLayer("transformer_decoder_layer_postnorm");
    }

    @Test
    void goldenDecoderLayerPreNorm() {
        goldenDecoderLayer("transformer_decoder_layer_prenorm");
    }

    private void goldenDecoderLayer(String name) {
        Engine e = engine();
        Golden g = Golden.load(name);
        var layer = LayerFixtures.load(new TransformerDecoderLayer(e, fromFixture(g), new RandomSource(0)), g, "");
        Tensor tgt = LayerFixtures.leaf(e, g.tensor("tgt"));
        Tensor memory = LayerFixtures.leaf(e, g.tensor("memory"));
        Tensor y = layer.forward(tgt, memory, LayerFixtures.mask(e, g.tensor("tgt_mask")), null,
                LayerFixtures.mask(e, g.tensor("memory_key_padding_mask")));
        assertGolden(g, "output", y);
        LayerFixtures.probeLoss(y, g).backward();
        assertGolden(g, "grad.tgt", tgt.grad());
        assertGolden(g, "grad.memory", memory.grad());
        assertParameterGradients(g, layer, "");
    }

    @Test
    void goldenLayerNorm() {
        Engine e = engine();
        Golden g = Golden.load("layernorm");
        var norm = LayerFixtures.load(new LayerNorm(e, g.tensor("weight").size(), g.doubleConfig("eps")), g, "");
        Tensor x = LayerFixtures.leaf(e, g.tensor("input"));
        Tensor y = norm.forward(x);
        assertGolden(g, "output", y);
        LayerFixtures.probeLoss(y, g).backward();
        assertGolden(g, "grad.input", x.grad());
        assertParameterGradients(g, norm, "");
    }

    @Test
    void goldenEmbedding() {
        Engine e = engine();
        Golden g = Golden.load("embedding");
        var emb = LayerFixtures.load(new Embedding(e, g.intConfig("num_embeddings"), g.intConfig("embedding_dim"),
                new RandomSource(0)), g, "");
        Tensor ids = e.ofIndices(g.tensor("input").longs(), Shape.of(g.tensor("input").shape()));
        Tensor y = emb.forward(ids);
        assertGolden(g, "output", y);
        LayerFixtures.probeLoss(y, g).backward();
        assertParameterGradients(g, emb, "");
    }

    @Test
    void goldenEmbeddingPaddingIdx() {
        Engine e = engine();
        Golden g = Golden.load("embedding_padding_idx");
        int vocab = g.intConfig("num_embeddings"), dim = g.intConfig("embedding_dim"), pad = g.intConfig("padding_idx");
        var emb = LayerFixtures.load(new Embedding(e, vocab, dim, pad, new RandomSource(0)), g, "");
        GoldenTensor input = g.tensor("input");
        Tensor ids = e.ofIndices(input.longs(), Shape.of(input.shape()));
        Tensor y = emb.forward(ids);
        assertGolden(g, "output", y);
        LayerFixtures.probeLoss(y, g).backward();
        assertParameterGradients(g, emb, "");
        assertPaddingRowZero(emb.stateDict().get("weight").grad(), pad, "gradient");

        // training: the padding row gets no gradient and stays exactly zero under Adam's and AdamW's weight decay
        var training = g.configNode().get("training");
        double lr = training.get("lr").asDouble(), wd = training.get("weight_decay").asDouble();
        trainEmbedding(g, "", Optimizers.adam(lr).withWeightDecay(wd), "train.adam_wd.weight", true);
        trainEmbedding(g, "", Optimizers.adamW(lr, wd), "train.adamw.weight", true);

        // a loaded non-zero padding row is kept and looked up as stored (weight decay still moves it)
        var loaded = LayerFixtures.load(new Embedding(e, vocab, dim, pad, new RandomSource(0)), g, "loaded.");
        assertGolden(g, "loaded.output", loaded.forward(ids));
        trainEmbedding(g, "loaded.", Optimizers.adam(lr).withWeightDecay(wd), "loaded.train.adam_wd.weight", false);
    }

    /** Trains a fixture embedding (weights from {@code prefix + "weight"}) and compares the weight after every step. */
    private void trainEmbedding(Golden g, String prefix, OptimizerSpec spec, String trace, boolean paddingStaysZero) {
        Engine e = engine();
        int pad = g.intConfig("padding_idx");
        var emb = LayerFixtures.load(new Embedding(e, g.intConfig("num_embeddings"), g.intConfig("embedding_dim"), pad,
                new RandomSource(0)), g, prefix);
        Tensor weight = emb.stateDict().get("weight");
        Optimizer opt = spec.create(emb.namedParameters());
        GoldenTensor ids = g.tensor("train.ids"), probes = g.tensor("train.grad_probes"), after = g.tensor(trace);
        for (int s = 0; s < after.shape()[0]; s++) {
            emb.zeroGrad();
            GoldenTensor step = ids.slice(s);
            Tensor y = emb.forward(e.ofIndices(step.longs(), Shape.of(step.shape())));
            y.mul(LayerFixtures.tensor(e, probes.slice(s))).sum().backward();
            assertPaddingRowZero(weight.grad(), pad, trace + " gradient at step " + (s + 1));
            opt.step();
            assertGolden(g, trace + "[" + s + "]", after.slice(s), weight, null);
            if (paddingStaysZero) {
                assertPaddingRowZero(weight, pad, trace + " after step " + (s + 1));
            }
        }
    }

    private static void assertPaddingRowZero(Tensor t, int pad, String what) {
        int dim = t.shape().dim(1);
        double[] v = t.toDoubleArray();
        assertArrayEquals(new double[dim], java.util.Arrays.copyOfRange(v, pad * dim, (pad + 1) * dim), 0.0,
                "padding row of the " + what);
    }

    @Test
    void embeddingPaddingRowStartsAtZeroWithTheOtherRowsUnchanged() {
        Engine e = engine();
        float[] plain = new Embedding(e, 7, 3, new RandomSource(41)).stateDict().get("weight").toFloatArray();
        var padded = new Embedding(e, 7, 3, -2, new RandomSource(41));
        assertEquals(5, padded.paddingIdx().getAsInt(), "a negative index counts from the end, as in PyTorch");
        assertEquals("Embedding(7, 3, padding_idx=5)", padded.toString());
        float[] w = padded.stateDict().get("weight").toFloatArray();
        for (int i = 0; i < w.length; i++) {
            assertEquals(i / 3 == 5 ? 0f : plain[i], w[i], 0f, "element " + i);
        }
        padded.resetParameters(0.5, new RandomSource(42));
        assertPaddingRowZero(padded.stateDict().get("weight"), 5, "re-initialised weight");
        assertTrue(padded.stateDict().get("weight").toDoubleArray()[0] != w[0], "resetParameters redraws the table");
        for (int bad : new int[] {7, -8}) {
            var ex = assertThrows(IllegalArgumentException.class, () -> new Embedding(e, 7, 3, bad, new RandomSource(1)));
            assertTrue(ex.getMessage().contains("padding index " + bad + " is outside the vocabulary of 7 rows"),
                    ex.getMessage());
        }
    }

    @Test
    void parameterNamesMatchPyTorch() {
        Engine e = engine();
        var enc = new TransformerEncoder(e, TransformerConfig.of(8, 2).feedforward(16), 2, true, new RandomSource(1));
        Golden g = Golden.load("transformer_encoder_2layer_postnorm");
        List<String> expected = new java.util.ArrayList<>();
        for (String n : g.names()) {
            if (n.startsWith("layers.")) {
                expected.add(n);
            }
        }
        expected.add("norm.weight");
        expected.add("norm.bias");
        assertEquals(expected, List.copyOf(enc.stateDict().keySet()));
        Golden d = Golden.load("transformer_decoder_layer_prenorm");
        var dec = new TransformerDecoderLayer(e, TransformerConfig.of(8, 2).feedforward(16), new RandomSource(1));
        for (String n : dec.stateDict().keySet()) {
            assertTrue(d.has(n), "decoder parameter " + n + " is not a PyTorch name");
        }
        assertEquals(18, dec.stateDict().size());
        var stack = new TransformerDecoder(e, TransformerConfig.of(8, 2).feedforward(16), 2, false, new RandomSource(1));
        assertTrue(stack.stateDict().containsKey("layers.1.multihead_attn.out_proj.bias"));
        // layers of a stack start different (PyTorch's deep copies start equal)
        assertFalse(java.util.Arrays.equals(enc.stateDict().get("layers.0.linear1.weight").toFloatArray(),
                enc.stateDict().get("layers.1.linear1.weight").toFloatArray()));
    }

    @Test
    void pyTorchStateDictOfAnEncoderLayerLoadsByName() {
        // the state_dict PyTorch saved as safetensors (its JSON twin): every name and shape must match, none left over
        Engine e = engine();
        Golden g = Golden.load("safetensors/transformer_encoder_layer_8_2_16");
        var layer = new TransformerEncoderLayer(e, TransformerConfig.of(8, 2).feedforward(16), new RandomSource(1));
        java.util.Map<String, Tensor> state = new java.util.LinkedHashMap<>();
        for (String n : g.names()) {
            state.put(n, e.of(g.tensor(n).floats(), Shape.of(g.tensor(n).shape())));
        }
        layer.loadStateDict(state);
        assertArrayEquals(g.tensor("norm2.bias").floats(), layer.stateDict().get("norm2.bias").toFloatArray(), 0f);
    }

    // ----- gradient checks -----

    @Test
    void encoderLayersPassGradientChecks() {
        Engine e = engine();
        Tensor kpm = Masks.keyPadding(e, new int[] {3, 2}, 3);
        for (boolean pre : new boolean[] {false, true}) {
            var layer = new TransformerEncoderLayer(e, small(pre), new RandomSource(pre ? 11 : 12));
            Tensor x = input(e, rng, 2, 3, 4);
            gradCheck(layer, xs -> layer.forward(xs.get(0), kpm), x);
            gradCheck(layer, xs -> layer.forward(xs.get(0), null, Masks.causal(e, 3)), x);
        }
        var gelu = new TransformerEncoderLayer(e, small(true).activation(Activation.GELU), new RandomSource(13));
        gradCheck(gelu, xs -> gelu.forward(xs.get(0), kpm), input(e, rng, 2, 3, 4));
    }

    @Test
    void encoderStackWithFinalNormPassesGradientCheck() {
        Engine e = engine();
        var enc = new TransformerEncoder(e, small(true), 2, true, new RandomSource(14));
        Tensor kpm = Masks.keyPadding(e, new int[] {1, 3}, 3);
        gradCheck(enc, xs -> enc.forward(xs.get(0), kpm), input(e, rng, 2, 3, 4));
    }

    @Test
    void decoderLayersPassGradientChecks() {
        Engine e = engine();
        Tensor causal = Masks.causal(e, 3);
        Tensor tgtPad = Masks.keyPadding(e, new int[] {3, 2}, 3);
        Tensor memPad = Masks.keyPadding(e, new int[] {2, 4}, 4);
        for (boolean pre : new boolean[] {false, true}) {
            var layer = new TransformerDecoderLayer(e, small(pre), new RandomSource(pre ? 15 : 16));
            Tensor tgt = input(e, rng, 2, 3, 4), mem = input(e, rng, 2, 4, 4);
            gradCheck(layer, xs -> layer.forward(xs.get(0), xs.get(1), causal, tgtPad, memPad), tgt, mem);
        }
    }

    @Test
    void layerNormPassesGradientCheck() {
        Engine e = engine();
        var norm = new LayerNorm(e, 5);
        norm.to(LayerFixtures.dtype(e));
        try (var ignored = e.noGrad()) {
            // move weight and bias away from 1 and 0 so their gradients are generic
            norm.stateDict().get("weight").assign(input(e, rng, 5).detach().add(1.0));
            norm.stateDict().get("bias").assign(input(e, rng, 5).detach());
        }
        gradCheck(norm, xs -> norm.forward(xs.get(0)), input(e, rng, 3, 2, 5));
    }

    @Test
    void positionalEncodingsPassGradientChecks() {
        Engine e = engine();
        var sin = new SinusoidalPositionalEncoding(e, 6, 10);
        gradCheck(sin, xs -> sin.forward(xs.get(0), 3).mul(xs.get(0)), input(e, rng, 2, 4, 6));
        var learned = new LearnedPositionalEncoding(e, 6, 10, new RandomSource(17));
        gradCheck(learned, xs -> learned.forward(xs.get(0), 2).square(), input(e, rng, 2, 4, 6));
    }

    @Test
    void geluVariantsPassGradientChecksAndMatchReferenceValues() {
        Engine e = engine();
        gradCheck(null, xs -> Activations.gelu(xs.get(0)), input(e, rng, 7));
        gradCheck(null, xs -> Activations.geluTanh(xs.get(0)), input(e, rng, 7));
        // erf from tables (Abramowitz & Stegun 1964, table 7.1), within the formula's 1.5e-7
        double[] xs = {-2.0, -0.5, 0.0, 0.3, 1.0, 2.5};
        double[] erf = {-0.9953222650189527, -0.5204998778130465, 0.0, 0.3286267594591112, 0.8427007929497149,
                0.9995930479825550};
        Tensor x = e.of(xs, Shape.of(6));
        if (LayerFixtures.dtype(e) != DType.FLOAT64) {
            x = x.to(DType.FLOAT32);
        }
        assertArrayEquals(erf, Activations.erf(x).toDoubleArray(), 2e-7);
        // GELU(x) = x Phi(x), Phi the standard normal distribution function (tables, ibid. 26.2)
        double[] phi = {0.02275013194817921, 0.3085375387259869, 0.5, 0.6179114221889527, 0.8413447460685429,
                0.9937903346742238};
        double[] gelu = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            gelu[i] = xs[i] * phi[i];
        }
        assertArrayEquals(gelu, Activations.gelu(x).toDoubleArray(), 3e-7);
        // the tanh form differs from the exact GELU by < 1e-3 (Hendrycks & Gimpel 2016)
        assertArrayEquals(gelu, Activations.geluTanh(x).toDoubleArray(), 1e-3);
    }

    // ----- closed-form properties -----

    @Test
    void sinusoidalTableFollowsTheFormula() {
        var pe = new SinusoidalPositionalEncoding(engine(), 4, 8);
        float[] t = pe.table().toFloatArray();
        assertEquals(0f, t[0], 0f);
        assertEquals(1f, t[1], 0f);
        assertEquals((float) Math.sin(5), t[5 * 4], 1e-7f);
        assertEquals((float) Math.cos(5), t[5 * 4 + 1], 1e-7f);
        assertEquals((float) Math.sin(5 / 100.0), t[5 * 4 + 2], 1e-7f);   // 10000^(2/4) = 100
        assertEquals((float) Math.cos(5 / 100.0), t[5 * 4 + 3], 1e-7f);
        var err = assertThrows(IllegalArgumentException.class, () -> pe.forward(engine().zeros(Shape.of(1, 9, 4))));
        assertTrue(err.getMessage().contains("maxLen"), err.getMessage());
    }

    @Test
    void encoderLayerIsPermutationEquivariantWithoutPositions() {
        Engine e = engine();
        for (boolean pre : new boolean[] {false, true}) {
            var layer = new TransformerEncoderLayer(e, small(pre).feedforward(8), new RandomSource(21));
            layer.to(LayerFixtures.dtype(e));
            Tensor x = input(e, rng, 2, 5, 4).detach();
            int[] perm = {3, 0, 4, 1, 2};
            Tensor idx = e.ofIndices(new long[] {3, 0, 4, 1, 2}, Shape.of(5));
            Tensor permutedThenEncoded = layer.forward(x.indexSelect(1, idx), null);
            Tensor encodedThenPermuted = layer.forward(x, null).indexSelect(1, idx);
            assertArrayEquals(encodedThenPermuted.toDoubleArray(), permutedThenEncoded.toDoubleArray(), 1e-10,
                    "permutation " + java.util.Arrays.toString(perm) + (pre ? " (pre-norm)" : " (post-norm)"));
        }
    }

    @Test
    void decoderOutputsDoNotDependOnFutureTargetSteps() {
        Engine e = engine();
        var layer = new TransformerDecoderLayer(e, small(false), new RandomSource(22));
        layer.to(LayerFixtures.dtype(e));
        Tensor tgt = input(e, rng, 2, 4, 4).detach(), mem = input(e, rng, 2, 3, 4).detach();
        Tensor changed = Tensor.concat(List.of(tgt.narrow(1, 0, 2), input(e, rng, 2, 2, 4).detach()), 1);
        Tensor causal = Masks.causal(e, 4);
        Tensor a = layer.forward(tgt, mem, causal, null, null).narrow(1, 0, 2);
        Tensor b = layer.forward(changed, mem, causal, null, null).narrow(1, 0, 2);
        assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), 1e-12);
    }

    @Test
    void dropoutActsOnlyInTrainingModeAndFollowsTheSeed() {
        Engine e = engine();
        var layer = new TransformerEncoderLayer(e, TransformerConfig.of(8, 2).feedforward(16).dropout(0.3), new RandomSource(23));
        Tensor x = e.randn(Shape.of(2, 5, 8), new RandomSource(1));
        layer.randomSource(new RandomSource(5));
        float[] a = layer.forward(x, null).toFloatArray();
        layer.randomSource(new RandomSource(5));
        float[] b = layer.forward(x, null).toFloatArray();
        float[] c = layer.forward(x, null).toFloatArray();
        assertArrayEquals(a, b, 0f, "same seed, same masks");
        assertFalse(java.util.Arrays.equals(a, c), "a new draw gives new masks");
        layer.eval();
        assertArrayEquals(layer.forward(x, null).toFloatArray(), layer.forward(x, null).toFloatArray(), 0f);
    }

    /**
     * The acceptance case: a 2-layer encoder of width 128 with 4 heads over a padded (32, 50, 128) float32
     * batch. Real positions must not depend on padded ones (bit for bit: padded keys get weight exactly 0), the
     * weights of every layer and head must be retrievable, and a Conv1d baseline must run on the same batch.
     */
    @Test
    void paddedBatchAcceptanceCase() {
        Engine e = engine();
        int batch = 32, time = 50, width = 128;
        RandomSource r = new RandomSource(31);
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            lengths[b] = b == 0 ? time : 1 + r.nextInt(time);
        }
        var enc = new TransformerEncoder(e, TransformerConfig.of(width, 4).feedforward(4 * width), 2, false, new RandomSource(32));
        enc.eval();
        Tensor kpm = Masks.keyPadding(e, lengths, time);
        Tensor x = e.randn(Shape.of(batch, time, width), r);
        Tensor pad = kpm.unsqueeze(-1);
        Tensor x2 = x.add(e.randn(Shape.of(batch, time, width), r).mul(100).mul(pad));
        Tensor y, y2;
        long t0 = System.nanoTime();
        try (var ignored = e.noGrad()) {
            y = enc.forward(x, kpm);
            Tensor[] w = new Tensor[2];
            for (int l = 0; l < 2; l++) {
                w[l] = enc.attentionWeights(l);
            }
            y2 = enc.forward(x2, kpm);
            assertEquals(Shape.of(batch, time, width), y.shape());
            // the weights of the first call, before the second overwrote them
            assertEquals(Shape.of(batch, 4, time, time), w[1].shape());
            checkWeightsRespectPadding(w[0].toFloatArray(), lengths, 4, time);
            checkWeightsRespectPadding(w[1].toFloatArray(), lengths, 4, time);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        float[] a = y.toFloatArray(), b = y2.toFloatArray();
        for (int bi = 0; bi < batch; bi++) {
            for (int t = 0; t < lengths[bi]; t++) {
                for (int c = 0; c < width; c++) {
                    int i = (bi * time + t) * width + c;
                    assertEquals(a[i], b[i], 0f, "real output [" + bi + "][" + t + "][" + c + "] changed with padding");
                }
            }
        }
        try (var ignored = e.noGrad()) {
            assertArrayEquals(a, enc.forward(x, lengths).toFloatArray(), 0f, "lengths and the mask they make agree");
        }
        Tensor head = enc.attentionWeights(1, 3);
        assertEquals(Shape.of(batch, time, time), head.shape());
        // a Conv1d baseline on the same batch: causal, dilated, then max over real steps
        var conv = Conv1d.causal(e, width, 64, 3, 2, new RandomSource(33));
        Tensor h1, h2;
        try (var ignored = e.noGrad()) {
            h1 = TemporalPooling.max(conv.forwardChannelsLast(x, lengths).relu(), lengths);
            h2 = TemporalPooling.max(conv.forwardChannelsLast(x2, lengths).relu(), lengths);
        }
        assertEquals(Shape.of(batch, 64), h1.shape());
        assertArrayEquals(h1.toFloatArray(), h2.toFloatArray(), 0f);
        System.out.println("[" + e.name() + "] 2-layer encoder (width 128, 4 heads, ff 512), (32, 50, 128) batch: "
                + "two forward passes in " + ms + " ms");
    }

    private static void checkWeightsRespectPadding(float[] w, int[] lengths, int heads, int time) {
        for (int b = 0; b < lengths.length; b++) {
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < lengths[b]; i++) {
                    int row = ((b * heads + h) * time + i) * time;
                    double sum = 0;
                    for (int j = 0; j < time; j++) {
                        if (j >= lengths[b]) {
                            assertEquals(0f, w[row + j], 0f, "weight on a padded key");
                        }
                        sum += w[row + j];
                    }
                    assertEquals(1.0, sum, 1e-4);
                }
            }
        }
    }
}
