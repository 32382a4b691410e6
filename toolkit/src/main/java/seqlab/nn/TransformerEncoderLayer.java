package seqlab.nn;

import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;

/**
 * One Transformer encoder layer (Vaswani et al. 2017, section 3.1), as PyTorch's {@code nn.TransformerEncoderLayer}
 * with {@code batch_first=True}: self-attention then a position-wise feed-forward network, each a residual branch
 * with dropout, normalised after the sum (post-norm) or before the branch (pre-norm, {@link TransformerConfig#normFirst}).
 *
 * <p>Parameter names are PyTorch's: {@code self_attn.in_proj_weight}, {@code self_attn.in_proj_bias},
 * {@code self_attn.out_proj.weight|bias}, {@code linear1.weight|bias}, {@code linear2.weight|bias},
 * {@code norm1.weight|bias}, {@code norm2.weight|bias}.
 *
 * <p>Input {@code (batch, time, dModel)}. With a key-padding mask, real positions do not depend on padded ones;
 * padded positions still get (meaningless) outputs, as in PyTorch's math path: ignore them downstream.
 */
public final class TransformerEncoderLayer extends Module {
    private final TransformerConfig config;
    private final MultiheadAttention selfAttn;
    private final Linear linear1, linear2;
    private final LayerNorm norm1, norm2;

    public TransformerEncoderLayer(Engine engine, TransformerConfig config, RandomSource rng) {
        super(engine);
        this.config = config;
        int d = config.dModel();
        selfAttn = addModule("self_attn", new MultiheadAttention(engine, d, config.nhead(), config.dropout(), true, rng));
        linear1 = addModule("linear1", new Linear(engine, d, config.dimFeedforward(), rng));
        linear2 = addModule("linear2", new Linear(engine, config.dimFeedforward(), d, rng));
        norm1 = addModule("norm1", new LayerNorm(engine, d, config.layerNormEps()));
        norm2 = addModule("norm2", new LayerNorm(engine, d, config.layerNormEps()));
    }

    /** Encodes with a key-padding mask ({@code (batch, time)}, 1 = padded; may be null). */
    public Tensor forward(Tensor src, Tensor keyPaddingMask) {
        return forward(src, keyPaddingMask, null);
    }

    /** Encodes with a key-padding mask and an attention mask ({@code (time, time)}, 1 = may not attend); either may be null. */
    public Tensor forward(Tensor src, Tensor keyPaddingMask, Tensor attnMask) {
        if (src.rank() != 3 || src.dim(-1) != config.dModel()) {
            throw new IllegalArgumentException("TransformerEncoderLayer(" + config.dModel() + "): input must be (batch, time, "
                    + config.dModel() + "), got " + src.shape());
        }
        Tensor x = src;
        if (config.normFirst()) {
            x = x.add(selfAttentionBlock(norm1.forward(x), keyPaddingMask, attnMask));
            x = x.add(feedForwardBlock(norm2.forward(x)));
        } else {
            x = norm1.forward(x.add(selfAttentionBlock(x, keyPaddingMask, attnMask)));
            x = norm2.forward(x.add(feedForwardBlock(x)));
        }
        return x;
    }

    private Tensor selfAttentionBlock(Tensor x, Tensor keyPaddingMask, Tensor attnMask) {
        return dropout(selfAttn.forward(x, keyPaddingMask, attnMask).output(), config.dropout());
    }

    Tensor feedForwardBlock(Tensor x) {
        Tensor h = dropout(config.activation().apply(linear1.forward(x)), config.dropout());
        return dropout(linear2.forward(h), config.dropout());
    }

    public MultiheadAttention selfAttention() {
        return selfAttn;
    }

    /** Every head's self-attention weights from the latest call, {@code (batch, heads, time, time)}. */
    public Tensor lastAttentionWeights() {
        return selfAttn.lastAttentionWeights();
    }

    public TransformerConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "TransformerEncoderLayer(" + config + ")";
    }
}
