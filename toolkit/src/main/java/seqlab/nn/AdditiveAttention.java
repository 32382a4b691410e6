package seqlab.nn;

import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;

/**
 * Additive attention (Bahdanau, Cho &amp; Bengio 2015, eq. 6 and appendix A.1.2):
 * {@code score(q, k) = v^T tanh(W_q q + W_k k + b)}, softmax over keys, weighted sum of values.
 *
 * <p>Parameters: {@code query_proj.weight (attn, dq)}, {@code key_proj.weight (attn, dk)}, {@code key_proj.bias
 * (attn)}, {@code v.weight (1, attn)}, initialised as {@link Linear}. One bias suffices: a second on the query side
 * would add the same vector. The scores take {@code batch * queries * keys * attn} memory, fine for the sequence
 * lengths it was designed for; use {@link #projectKeys} to project the keys once when decoding step by step.
 */
public final class AdditiveAttention extends Module implements AttentionLayer {
    private final int queryDim, keyDim, attnDim;
    private final Linear queryProj, keyProj, v;
    private Tensor last;

    public AdditiveAttention(Engine engine, int queryDim, int keyDim, int attnDim, RandomSource rng) {
        super(engine);
        this.queryDim = queryDim;
        this.keyDim = keyDim;
        this.attnDim = attnDim;
        queryProj = addModule("query_proj", new Linear(engine, queryDim, attnDim, false, rng));
        keyProj = addModule("key_proj", new Linear(engine, keyDim, attnDim, true, rng));
        v = addModule("v", new Linear(engine, attnDim, 1, false, rng));
    }

    /** {@code W_k k + b}, {@code (batch, keys, attn)}: compute once per source sequence and pass to {@link #attendProjected}. */
    public Tensor projectKeys(Tensor key) {
        return keyProj.forward(key);
    }

    @Override
    public Attention.Result attend(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, Tensor attnMask) {
        return attendProjected(query, projectKeys(key), value, keyPaddingMask, attnMask);
    }

    /** As {@link #attend} with keys already passed through {@link #projectKeys}. */
    public Attention.Result attendProjected(Tensor query, Tensor projectedKeys, Tensor value, Tensor keyPaddingMask,
                                            Tensor attnMask) {
        Tensor q = Attention.asQueries(query, "AdditiveAttention");
        Attention.checkKeys(q, projectedKeys, value, "AdditiveAttention");
        Tensor qp = queryProj.forward(q).unsqueeze(2);          // (b, q, 1, a)
        Tensor kp = projectedKeys.unsqueeze(1);                 // (b, 1, k, a)
        Tensor scores = v.forward(qp.add(kp).tanh()).squeeze(-1); // (b, q, k)
        Tensor weights = Attention.maskedSoftmax(scores, keyPaddingMask, attnMask);
        last = weights.detach();
        return Attention.forQuery(query, new Attention.Result(weights.matmul(value), weights));
    }

    @Override
    public Tensor lastAttentionWeights() {
        return last;
    }

    @Override
    public String toString() {
        return "AdditiveAttention(query " + queryDim + ", key " + keyDim + ", attn " + attnDim + ")";
    }
}
