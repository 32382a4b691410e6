package seqlab.nn;

import seqlab.engine.Tensor;

/**
 * An attention layer: queries attend over keys and read values. Implemented by {@link AdditiveAttention},
 * {@link LuongAttention}, {@link ScaledDotProductAttention} and {@link MultiheadAttention}, so a seq2seq decoder can
 * swap one for another.
 *
 * <p>Shapes and masks follow {@link Attention}: {@code query (batch, queries, dq)} or a single query
 * {@code (batch, dq)}; {@code key (batch, keys, dk)}; {@code value (batch, keys, dv)}; masks 1 where attention is
 * forbidden, either may be {@code null}.
 */
public interface AttentionLayer {

    /** Attends; the result's weights are {@code (batch, queries, keys)} (or {@code (batch, keys)} for one query). */
    Attention.Result attend(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, Tensor attnMask);

    /** Attends with only a key-padding mask. */
    default Attention.Result attend(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask) {
        return attend(query, key, value, keyPaddingMask, null);
    }

    /**
     * The weights of the latest call, cut from the graph, for plotting: {@code (batch, queries, keys)}, or
     * {@code (batch, heads, queries, keys)} for {@link MultiheadAttention}; {@code null} before the first call. Under an
     * engine memory scope ({@code Engine.scope()}) keep the tensor before the scope closes.
     */
    Tensor lastAttentionWeights();
}
