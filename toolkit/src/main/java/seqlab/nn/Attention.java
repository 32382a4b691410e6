package seqlab.nn;

import seqlab.engine.Tensor;

/**
 * The part every attention form shares: masked softmax over keys and the weighted sum of values, plus scaled
 * dot-product attention (Vaswani et al. 2017, eq. 1) as a function.
 *
 * <p>Shapes are batch-first: queries {@code (batch, queries, dq)}, keys {@code (batch, keys, dk)}, values
 * {@code (batch, keys, dv)}; extra axes between batch and the last two (heads) pass through. Masks follow
 * {@link Masks}: a key-padding mask {@code (batch, keys)} and an attention mask {@code (queries, keys)} or
 * {@code (batch, queries, keys)}, both 1 where attention is forbidden; either may be {@code null}.
 *
 * <p><b>Masked keys get exactly zero weight</b>: their scores are set to {@code -inf} before the softmax, and
 * {@code exp(-inf) = 0}. <b>A row with every key masked</b> (a query that may attend to nothing, e.g. a sequence of
 * length 0) would be {@code 0/0 = NaN} in PyTorch; here its weights are all exactly zero, so its output is the zero
 * vector (for {@link MultiheadAttention}, the output projection's bias) and no gradient flows through it. That choice
 * keeps a batch with an empty sequence finite without hiding anything: the row's weights sum to 0, not 1.
 */
public final class Attention {
    private Attention() {
    }

    /**
     * What an attention call returns: the attended values and the attention weights.
     *
     * @param output  {@code (batch, queries, dv)} (or {@code (batch, dv)} for a single query of rank 2)
     * @param weights {@code (batch, queries, keys)} (or {@code (batch, keys)}), rows summing to 1 over the keys a
     *                query may attend to; for {@link MultiheadAttention} the average over heads, as PyTorch's
     *                {@code average_attn_weights=True}
     */
    public record Result(Tensor output, Tensor weights) {
    }

    /**
     * {@code softmax(q k^T / sqrt(dk)) v} with masks (Vaswani et al. 2017, eq. 1); the scale keeps the logits' variance
     * near 1 for unit-variance inputs.
     */
    public static Result scaledDotProduct(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask,
                                          Tensor attnMask) {
        Tensor scores = query.matmul(key.transpose(-2, -1)).mul(1.0 / Math.sqrt(query.dim(-1)));
        Tensor weights = maskedSoftmax(scores, keyPaddingMask, attnMask);
        return new Result(weights.matmul(value), weights);
    }

    /**
     * Softmax over the last axis of {@code scores (batch, [heads,] queries, keys)} with masked keys at exactly zero
     * and fully masked rows all zero (see the class comment). Without masks this is {@code scores.softmax(-1)}.
     */
    public static Tensor maskedSoftmax(Tensor scores, Tensor keyPaddingMask, Tensor attnMask) {
        Tensor mask = combinedMask(scores, keyPaddingMask, attnMask);
        if (mask == null) {
            return scores.softmax(-1);
        }
        // Rows with every key masked are left unmasked for the softmax (so it stays finite, gradient included) and
        // zeroed after it. The row test runs on the small mask, not on the (batch, heads, q, k) scores.
        Tensor full = mask.sum(-1, true).gt(scores.dim(-1) - 0.5);
        Tensor partial = mask.mul(full.rsub(1.0));
        Tensor weights = scores.maskedFill(partial, Double.NEGATIVE_INFINITY).softmax(-1);
        return weights.maskedFill(full, 0.0);
    }

    /**
     * The union of the two masks, shaped to broadcast against {@code scores}, in the scores' dtype; {@code null} when
     * both are null.
     */
    static Tensor combinedMask(Tensor scores, Tensor keyPaddingMask, Tensor attnMask) {
        int rank = scores.rank();
        if (rank < 3) {
            throw new IllegalArgumentException("attention scores must be (batch, [heads,] queries, keys), got " + scores.shape());
        }
        int batch = scores.dim(0), queries = scores.dim(-2), keys = scores.dim(-1);
        Tensor mask = null;
        if (keyPaddingMask != null) {
            if (keyPaddingMask.rank() != 2 || keyPaddingMask.dim(0) != batch || keyPaddingMask.dim(1) != keys) {
                throw new IllegalArgumentException("key-padding mask must be (batch, keys) = (" + batch + ", " + keys
                        + "), got " + keyPaddingMask.shape() + "; build it with Masks.keyPadding(engine, lengths, keys)");
            }
            Tensor m = keyPaddingMask;
            for (int i = 1; i < rank - 1; i++) {
                m = m.unsqueeze(1);
            }
            mask = m.to(scores.dtype());
        }
        if (attnMask != null) {
            Tensor m = attnMask;
            boolean ok = m.dim(-1) == keys && m.dim(-2) == queries
                    && (m.rank() == 2 || (m.rank() == 3 && m.dim(0) == batch));
            if (!ok) {
                throw new IllegalArgumentException("attention mask must be (queries, keys) = (" + queries + ", " + keys
                        + ") or (batch, queries, keys), got " + attnMask.shape()
                        + "; a causal mask is Masks.causal(engine, queries, keys)");
            }
            if (m.rank() == 3) {
                for (int i = 1; i < rank - 2; i++) {
                    m = m.unsqueeze(1);
                }
            }
            m = m.to(scores.dtype());
            mask = mask == null ? m : mask.maximum(m);
        }
        return mask;
    }

    /** Lifts a single query {@code (batch, d)} to {@code (batch, 1, d)}; leaves rank-3 queries alone. */
    static Tensor asQueries(Tensor query, String layer) {
        if (query.rank() == 2) {
            return query.unsqueeze(1);
        }
        if (query.rank() != 3) {
            throw new IllegalArgumentException(layer + ": query must be (batch, queries, features) or (batch, features), got "
                    + query.shape());
        }
        return query;
    }

    /** Undoes {@link #asQueries} on a result when the query was a single vector. */
    static Result forQuery(Tensor query, Result r) {
        return query.rank() == 2 ? new Result(r.output().squeeze(1), r.weights().squeeze(-2)) : r;
    }

    static void checkKeys(Tensor query, Tensor key, Tensor value, String layer) {
        if (key.rank() != 3 || value.rank() != 3) {
            throw new IllegalArgumentException(layer + ": keys and values must be (batch, keys, features), got "
                    + key.shape() + " and " + value.shape());
        }
        if (key.dim(0) != query.dim(0) || value.dim(0) != query.dim(0) || key.dim(1) != value.dim(1)) {
            throw new IllegalArgumentException(layer + ": query " + query.shape() + ", keys " + key.shape() + " and values "
                    + value.shape() + " must share the batch size, and keys and values the number of steps");
        }
    }
}
