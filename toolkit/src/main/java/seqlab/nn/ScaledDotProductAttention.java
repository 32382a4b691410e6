package seqlab.nn;

import seqlab.engine.Engine;
import seqlab.engine.Tensor;

/**
 * Scaled dot-product attention (Vaswani et al. 2017, eq. 1) as a layer without parameters: {@code softmax(q k^T /
 * sqrt(d)) v}, with optional dropout on the weights (training mode only). Query and key widths must match.
 */
public final class ScaledDotProductAttention extends Module implements AttentionLayer {
    private final double dropout;
    private Tensor last;

    public ScaledDotProductAttention(Engine engine, double dropout) {
        super(engine);
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("ScaledDotProductAttention: dropout must be in [0, 1), got " + dropout);
        }
        this.dropout = dropout;
    }

    public ScaledDotProductAttention(Engine engine) {
        this(engine, 0.0);
    }

    @Override
    public Attention.Result attend(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, Tensor attnMask) {
        Tensor q = Attention.asQueries(query, "ScaledDotProductAttention");
        Attention.checkKeys(q, key, value, "ScaledDotProductAttention");
        if (q.dim(-1) != key.dim(-1)) {
            throw new IllegalArgumentException("ScaledDotProductAttention: query width " + q.dim(-1) + " differs from key width "
                    + key.dim(-1) + "; project one of them, or use AdditiveAttention or LuongAttention(GENERAL)");
        }
        Tensor scores = q.matmul(key.transpose(1, 2)).mul(1.0 / Math.sqrt(q.dim(-1)));
        Tensor weights = Attention.maskedSoftmax(scores, keyPaddingMask, attnMask);
        last = weights.detach();
        Tensor out = dropout(weights, dropout).matmul(value);
        return Attention.forQuery(query, new Attention.Result(out, weights));
    }

    @Override
    public Tensor lastAttentionWeights() {
        return last;
    }

    @Override
    public String toString() {
        return "ScaledDotProductAttention(dropout=" + dropout + ")";
    }
}
