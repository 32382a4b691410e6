package seqlab.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static seqlab.conformance.GradCheck.gradCheck;
import static seqlab.conformance.LayerFixtures.assertGolden;
import static seqlab.conformance.LayerFixtures.assertParameterGradients;
import static seqlab.conformance.LayerFixtures.input;

import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.nn.AdditiveAttention;
import seqlab.nn.Attention;
import seqlab.nn.AttentionLayer;
import seqlab.nn.LuongAttention;
import seqlab.nn.Masks;
import seqlab.nn.Module;
import seqlab.nn.MultiheadAttention;
import seqlab.nn.ScaledDotProductAttention;

/**
 * Attention layers on an engine: every form (additive, Luong dot and general, scaled dot-product, multi-head) under
 * finite-difference gradient checks with key-padding and causal masks; closed-form cases (identical keys give uniform
 * weights, causal masks give exactly zero weight to the future, masked keys exactly zero and without influence, fully
 * masked rows finite); and {@code nn.MultiheadAttention} fixtures from PyTorch (outputs, averaged and per-head weights,
 * gradients).
 */
public abstract class AttentionConformance {

    protected abstract Engine engine();

    private final RandomSource rng = new RandomSource(4242);

    /** Each attention form, built for query width {@code dq} and key/value width {@code dk}, named for messages. */
    private record Form(String name, BiFunction<Engine, RandomSource, Module> make) {
    }

    private static final int DQ = 4, DK = 4;

    private List<Form> forms() {
        return List.of(
                new Form("additive", (e, r) -> new AdditiveAttention(e, DQ, DK, 3, r)),
                new Form("luong-dot", (e, r) -> LuongAttention.dot(e, DQ)),
                new Form("luong-general", (e, r) -> LuongAttention.general(e, DQ, DK, r)),
                new Form("scaled-dot-product", (e, r) -> new ScaledDotProductAttention(e)),
                new Form("multi-head", (e, r) -> new MultiheadAttention(e, DQ, 2, r)));
    }

    /** A form's layer with parameters in the check dtype. */
    private Module make(Form f, long seed) {
        Module m = f.make().apply(engine(), new RandomSource(seed));
        m.to(LayerFixtures.dtype(engine()));
        return m;
    }

    private static AttentionLayer layer(Module m) {
        return (AttentionLayer) m;
    }

    // ----- gradient checks -----

    @Test
    void everyFormPassesGradientChecksWithKeyPaddingMask() {
        Engine e = engine();
        Tensor kpm = Masks.keyPadding(e, new int[] {4, 2}, 4);
        for (Form f : forms()) {
            Module m = make(f, 1);
            Tensor q = input(e, rng, 2, 3, DQ), k = input(e, rng, 2, 4, DK), v = input(e, rng, 2, 4, DK);
            gradCheck(m, xs -> layer(m).attend(xs.get(0), xs.get(1), xs.get(2), kpm, null).output(), q, k, v);
            // the weights themselves are differentiable too
            gradCheck(m, xs -> layer(m).attend(xs.get(0), xs.get(1), xs.get(2), kpm, null).weights(), q, k, v);
        }
    }

    @Test
    void everyFormPassesGradientChecksWithCausalAndPaddingMasks() {
        Engine e = engine();
        Tensor kpm = Masks.keyPadding(e, new int[] {3, 2}, 3);
        Tensor causal = Masks.causal(e, 3);
        for (Form f : forms()) {
            Module m = make(f, 2);
            Tensor x = input(e, rng, 2, 3, DQ);
            // self-attention: one tensor as query, key and value, so its gradient sums three paths
            gradCheck(m, xs -> layer(m).attend(xs.get(0), xs.get(0), xs.get(0), kpm, causal).output(), x);
        }
    }

    @Test
    void singleQueryOfRankTwoPassesGradientCheck() {
        Engine e = engine();
        Tensor kpm = Masks.keyPadding(e, new int[] {2, 4}, 4);
        for (Form f : forms()) {
            Module m = make(f, 3);
            Tensor q = input(e, rng, 2, DQ), k = input(e, rng, 2, 4, DK);
            Attention.Result r = layer(m).attend(q.detach(), k.detach(), k.detach(), kpm);
            assertEquals(Shape.of(2, DK), r.output().shape(), f.name());
            assertEquals(Shape.of(2, 4), r.weights().shape(), f.name());
            gradCheck(m, xs -> layer(m).attend(xs.get(0), xs.get(1), xs.get(1), kpm).output(), q, k);
        }
    }

    @Test
    void multiheadCrossAttentionWithDistinctKeyAndValuePassesGradientCheck() {
        Engine e = engine();
        var mha = new MultiheadAttention(e, 4, 2, new RandomSource(5));
        Tensor kpm = Masks.keyPadding(e, new int[] {3, 1}, 3);
        Tensor q = input(e, rng, 2, 2, 4), k = input(e, rng, 2, 3, 4), v = input(e, rng, 2, 3, 4);
        gradCheck(mha, xs -> mha.attend(xs.get(0), xs.get(1), xs.get(2), kpm, null).output(), q, k, v);
        gradCheck(mha, xs -> mha.attend(xs.get(0), xs.get(1), xs.get(1), kpm, null).output(), q, k);
    }

    // ----- closed-form cases -----

    @Test
    void identicalKeysGiveUniformWeightsOverRealKeys() {
        Engine e = engine();
        int[] lengths = {5, 3};
        Tensor kpm = Masks.keyPadding(e, lengths, 5);
        for (Form f : forms()) {
            Module m = make(f, 6);
            Tensor q = input(e, rng, 2, 4, DQ).detach();
            Tensor one = input(e, rng, 2, 1, DK).detach();
            Tensor keys = one.broadcastTo(Shape.of(2, 5, DK));
            Tensor values = input(e, rng, 2, 5, DK).detach();
            double[] w = layer(m).attend(q, keys, values, kpm).weights().toDoubleArray();
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 5; j++) {
                        double expected = j < lengths[b] ? 1.0 / lengths[b] : 0.0;
                        assertEquals(expected, w[(b * 4 + i) * 5 + j], 1e-6, f.name() + " weight [" + b + "][" + i + "][" + j + "]");
                    }
                }
            }
        }
    }

    @Test
    void causalMaskGivesExactlyZeroWeightToTheFuture() {
        Engine e = engine();
        Tensor causal = Masks.causal(e, 4);
        for (Form f : forms()) {
            Module m = make(f, 7);
            Tensor x = input(e, rng, 2, 4, DQ).detach();
            layer(m).attend(x, x, x, null, causal);
            Tensor last = layer(m).lastAttentionWeights();
            double[] w = last.toDoubleArray();
            int rows = w.length / 4;
            for (int r = 0; r < rows; r++) {
                int i = r % 4;
                double sum = 0;
                for (int j = 0; j < 4; j++) {
                    if (j > i) {
                        assertEquals(0.0, w[r * 4 + j], 0.0, f.name() + ": query " + i + " attends to future key " + j);
                    }
                    sum += w[r * 4 + j];
                }
                assertEquals(1.0, sum, 1e-6, f.name() + ": row " + r + " sums to 1");
            }
            // query 0 can only see key 0
            assertEquals(1.0, w[0], 1e-12, f.name());
        }
    }

    @Test
    void maskedKeysGetExactlyZeroWeightAndDoNotInfluenceTheOutput() {
        Engine e = engine();
        int[] lengths = {2, 5, 3};
        Tensor kpm = Masks.keyPadding(e, lengths, 5);
        for (Form f : forms()) {
            Module m = make(f, 8);
            Tensor q = input(e, rng, 3, 2, DQ).detach();
            Tensor k = input(e, rng, 3, 5, DK).detach(), v = input(e, rng, 3, 5, DK).detach();
            Attention.Result a = layer(m).attend(q, k, v, kpm);
            // the same batch with wild values at the padded keys and values
            Tensor noise = input(e, rng, 3, 5, DK).mul(1000).detach();
            Tensor pad = kpm.unsqueeze(-1).to(k.dtype());
            Tensor k2 = k.add(noise.mul(pad)), v2 = v.sub(noise.mul(pad));
            Attention.Result b = layer(m).attend(q, k2, v2, kpm);
            double[] w = a.weights().toDoubleArray();
            for (int bi = 0; bi < 3; bi++) {
                for (int i = 0; i < 2; i++) {
                    for (int j = lengths[bi]; j < 5; j++) {
                        assertEquals(0.0, w[(bi * 2 + i) * 5 + j], 0.0, f.name() + ": padded key weight");
                    }
                }
            }
            assertArrayEquals(a.weights().toDoubleArray(), b.weights().toDoubleArray(), 1e-12, f.name());
            assertArrayEquals(a.output().toDoubleArray(), b.output().toDoubleArray(), 1e-12, f.name());
        }
    }

    @Test
    void fullyMaskedRowsGiveZeroWeightsAndFiniteGradients() {
        Engine e = engine();
        Tensor kpm = Masks.keyPadding(e, new int[] {0, 3}, 3);   // sequence 0 has no real key
        for (Form f : forms()) {
            Module m = make(f, 9);
            Tensor q = input(e, rng, 2, 2, DQ), k = input(e, rng, 2, 3, DK);
            Attention.Result r = layer(m).attend(q, k, k, kpm);
            double[] w = r.weights().toDoubleArray();
            for (int i = 0; i < 6; i++) {
                assertEquals(0.0, w[i], 0.0, f.name() + ": fully masked row weight");
            }
            assertTrue(LayerFixtures.maxAbs(r.output()) < 1e6, f.name() + ": output must be finite");
            r.output().sum().backward();
            assertTrue(LayerFixtures.maxAbs(q.grad()) < 1e6, f.name() + ": query gradient must be finite");
            assertTrue(LayerFixtures.maxAbs(k.grad()) < 1e6, f.name() + ": key gradient must be finite");
            // and it is still a correct gradient
            gradCheck(m, xs -> layer(m).attend(xs.get(0), xs.get(1), xs.get(1), kpm).output(), q, k);
        }
    }

    @Test
    void causalMaskForTrailingQueriesLinesUpWithTheLastKeys() {
        Engine e = engine();
        // 2 queries that are the last 2 of 4 steps
        assertArrayEquals(new float[] {0, 0, 0, 1, 0, 0, 0, 0}, Masks.causal(e, 2, 4).toFloatArray(), 0f);
        assertArrayEquals(new float[] {0, 1, 1, 0, 0, 1, 0, 0, 0}, Masks.causal(e, 3).toFloatArray(), 0f);
        assertArrayEquals(new float[] {0, 0, 1, 0, 1, 1}, Masks.keyPadding(e, new int[] {2, 1}, 3).toFloatArray(), 0f);
        assertArrayEquals(new float[] {1, 1, 0, 1, 0, 0}, Masks.valid(e, new int[] {2, 1}, 3).toFloatArray(), 0f);
        assertArrayEquals(new int[] {2, 1, 0}, Masks.lengths(Masks.keyPadding(e, new int[] {2, 1, 0}, 3)));
        assertThrows(IllegalArgumentException.class, () -> Masks.keyPadding(e, new int[] {4}, 3));
        assertThrows(IllegalArgumentException.class, () -> Masks.lengths(e.of(new float[] {1, 0}, Shape.of(1, 2))));
    }

    @Test
    void badShapesAndMasksAreRejectedWithMessages() {
        Engine e = engine();
        var mha = new MultiheadAttention(e, 4, 2, new RandomSource(1));
        Tensor x = e.zeros(Shape.of(2, 3, 4));
        var err = assertThrows(IllegalArgumentException.class, () -> mha.forward(x, e.zeros(Shape.of(2, 4)), null));
        assertTrue(err.getMessage().contains("key-padding mask"), err.getMessage());
        err = assertThrows(IllegalArgumentException.class, () -> mha.forward(x, null, e.zeros(Shape.of(2, 3))));
        assertTrue(err.getMessage().contains("Masks.causal"), err.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MultiheadAttention(e, 5, 2, new RandomSource(1)));
        assertThrows(IllegalArgumentException.class, () -> mha.forward(e.zeros(Shape.of(2, 3, 5)), null, null));
        assertThrows(IllegalArgumentException.class, () -> LuongAttention.dot(e, 4)
                .attend(x, e.zeros(Shape.of(2, 3, 5)), e.zeros(Shape.of(2, 3, 5)), null));
    }

    @Test
    void multiheadParametersHavePyTorchNamesAndShapes() {
        var mha = new MultiheadAttention(engine(), 8, 2, new RandomSource(1));
        var sd = mha.stateDict();
        assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"), List.copyOf(sd.keySet()));
        assertEquals(Shape.of(24, 8), sd.get("in_proj_weight").shape());
        assertEquals(0.0, LayerFixtures.maxAbs(sd.get("in_proj_bias")), 0.0, "PyTorch initialises in_proj_bias to 0");
        assertEquals(0.0, LayerFixtures.maxAbs(sd.get("out_proj.bias")), 0.0, "PyTorch initialises out_proj.bias to 0");
        // Xavier-uniform bound sqrt(6 / (8 + 24)) for the packed in-projection
        assertTrue(LayerFixtures.maxAbs(sd.get("in_proj_weight")) <= Math.sqrt(6.0 / 32));
    }

    // ----- PyTorch fixtures -----

    @Test
    void goldenSelfAttentionWithKeyPadding() {
        goldenSelfAttention("mha_self_key_padding", "key_padding_mask", null);
    }

    @Test
    void goldenSelfAttentionWithCausalMask() {
        goldenSelfAttention("mha_self_causal", null, "attn_mask");
    }

    private void goldenSelfAttention(String name, String kpmName, String maskName) {
        Engine e = engine();
        Golden g = Golden.load(name);
        var mha = LayerFixtures.load(new MultiheadAttention(e, g.intConfig("embed_dim"), g.intConfig("num_heads"),
                new RandomSource(0)), g, "");
        Tensor x = LayerFixtures.leaf(e, g.tensor("input"));
        Tensor kpm = kpmName == null ? null : LayerFixtures.mask(e, g.tensor(kpmName));
        Tensor am = maskName == null ? null : LayerFixtures.mask(e, g.tensor(maskName));
        Attention.Result r = mha.forward(x, kpm, am);
        assertGolden(g, "output", r.output());
        assertGolden(g, "attn_weights", r.weights());
        assertGolden(g, "attn_weights_per_head", mha.lastAttentionWeights());
        LayerFixtures.probeLoss(r.output(), g).backward();
        assertGolden(g, "grad.input", x.grad());
        assertParameterGradients(g, mha, "");
    }

    @Test
    void goldenCrossAttention() {
        Engine e = engine();
        Golden g = Golden.load("mha_cross");
        var mha = LayerFixtures.load(new MultiheadAttention(e, g.intConfig("embed_dim"), g.intConfig("num_heads"),
                new RandomSource(0)), g, "");
        Tensor q = LayerFixtures.leaf(e, g.tensor("query"));
        Tensor k = LayerFixtures.leaf(e, g.tensor("key"));
        Tensor v = LayerFixtures.leaf(e, g.tensor("value"));
        Attention.Result r = mha.attend(q, k, v, LayerFixtures.mask(e, g.tensor("key_padding_mask")), null);
        assertGolden(g, "output", r.output());
        assertGolden(g, "attn_weights", r.weights());
        assertGolden(g, "attn_weights_per_head", mha.lastAttentionWeights());
        LayerFixtures.probeLoss(r.output(), g).backward();
        assertGolden(g, "grad.query", q.grad());
        assertGolden(g, "grad.key", k.grad());
        assertGolden(g, "grad.value", v.grad());
        assertParameterGradients(g, mha, "");
        // one head, for a heatmap
        Tensor h1 = mha.lastAttentionWeights(1);
        assertEquals(Shape.of(3, 4, 6), h1.shape());
        assertEquals(g.tensor("attn_weights_per_head").get(2, 1, 3, 4), h1.toDoubleArray()[(2 * 4 + 3) * 6 + 4],
                LayerFixtures.tolerance(e));
    }
}
