package seqlab.nn;

import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;

/**
 * One Transformer decoder layer (Vaswani et al. 2017, section 3.1), as PyTorch's {@code nn.TransformerDecoderLayer}
 * with {@code batch_first=True}: masked self-attention over the target, attention over the encoder's memory, then the
 * feed-forward network; each a residual branch with dropout, post- or pre-norm.
 *
 * <p>Parameter names are PyTorch's: {@code self_attn.*}, {@code multihead_attn.*} (the memory attention),
 * {@code linear1.*}, {@code linear2.*}, {@code norm1.*}, {@code norm2.*}, {@code norm3.*}.
 */
public final class TransformerDecoderLayer extends Module {
    private final TransformerConfig config;
    private final MultiheadAttention selfAttn, crossAttn;
    private final Linear linear1, linear2;
    private final LayerNorm norm1, norm2, norm3;

    public TransformerDecoderLayer(Engine engine, TransformerConfig config, RandomSource rng) {
        super(engine);
        this.config = config;
        int d = config.dModel();
        selfAttn = addModule("self_attn", new MultiheadAttention(engine, d, config.nhead(), config.dropout(), true, rng));
        crossAttn = addModule("multihead_attn", new MultiheadAttention(engine, d, config.nhead(), config.dropout(), true, rng));
        linear1 = addModule("linear1", new Linear(engine, d, config.dimFeedforward(), rng));
        linear2 = addModule("linear2", new Linear(engine, config.dimFeedforward(), d, rng));
        norm1 = addModule("norm1", new LayerNorm(engine, d, config.layerNormEps()));
        norm2 = addModule("norm2", new LayerNorm(engine, d, config.layerNormEps()));
        norm3 = addModule("norm3", new LayerNorm(engine, d, config.layerNormEps()));
    }

    /**
     * Decodes the usual way: {@code tgtMask} is normally {@link Masks#causal}; the key-padding masks mark padded target
     * and memory steps (1 = padded). Any mask may be null.
     */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor tgtKeyPaddingMask, Tensor memoryKeyPaddingMask) {
        return forward(tgt, memory, tgtMask, null, tgtKeyPaddingMask, memoryKeyPaddingMask);
    }

    /** As PyTorch's {@code forward(tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask)}. */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                          Tensor memoryKeyPaddingMask) {
        int d = config.dModel();
        if (tgt.rank() != 3 || tgt.dim(-1) != d || memory.rank() != 3 || memory.dim(-1) != d) {
            throw new IllegalArgumentException("TransformerDecoderLayer(" + d + "): tgt and memory must be (batch, time, " + d
                    + "), got " + tgt.shape() + " and " + memory.shape());
        }
        Tensor x = tgt;
        if (config.normFirst()) {
            x = x.add(selfBlock(norm1.forward(x), tgtMask, tgtKeyPaddingMask));
            x = x.add(crossBlock(norm2.forward(x), memory, memoryMask, memoryKeyPaddingMask));
            x = x.add(feedForwardBlock(norm3.forward(x)));
        } else {
            x = norm1.forward(x.add(selfBlock(x, tgtMask, tgtKeyPaddingMask)));
            x = norm2.forward(x.add(crossBlock(x, memory, memoryMask, memoryKeyPaddingMask)));
            x = norm3.forward(x.add(feedForwardBlock(x)));
        }
        return x;
    }

    private Tensor selfBlock(Tensor x, Tensor attnMask, Tensor keyPaddingMask) {
        return dropout(selfAttn.forward(x, keyPaddingMask, attnMask).output(), config.dropout());
    }

    private Tensor crossBlock(Tensor x, Tensor memory, Tensor attnMask, Tensor keyPaddingMask) {
        return dropout(crossAttn.attend(x, memory, memory, keyPaddingMask, attnMask).output(), config.dropout());
    }

    private Tensor feedForwardBlock(Tensor x) {
        Tensor h = dropout(config.activation().apply(linear1.forward(x)), config.dropout());
        return dropout(linear2.forward(h), config.dropout());
    }

    public MultiheadAttention selfAttention() {
        return selfAttn;
    }

    /** The attention over the encoder's memory ({@code multihead_attn}). */
    public MultiheadAttention memoryAttention() {
        return crossAttn;
    }

    public TransformerConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "TransformerDecoderLayer(" + config + ")";
    }
}
