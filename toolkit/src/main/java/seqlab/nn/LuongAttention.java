package seqlab.nn;

import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;

/**
 * Multiplicative attention (Luong, Pham &amp; Manning 2015, eq. 8): {@link Score#DOT} {@code score(q, k) = q^T k} and
 * {@link Score#GENERAL} {@code score(q, k) = q^T W k}, softmax over keys, weighted sum of values. (Their "concat" score
 * is {@link AdditiveAttention}.) The attentional state {@code tanh(W_c [c; h])} of their eq. 5 belongs to the decoder
 * that uses this layer.
 *
 * <p>{@code GENERAL} has one parameter, {@code weight (dq, dk)}, initialised {@code U(-1/sqrt(dk), 1/sqrt(dk))}.
 */
public final class LuongAttention extends Module implements AttentionLayer {

    /** The score function. */
    public enum Score { DOT, GENERAL }

    private final Score score;
    private final int queryDim, keyDim;
    private Tensor last;

    public LuongAttention(Engine engine, Score score, int queryDim, int keyDim, RandomSource rng) {
        super(engine);
        this.score = score;
        this.queryDim = queryDim;
        this.keyDim = keyDim;
        if (score == Score.DOT && queryDim != keyDim) {
            throw new IllegalArgumentException("LuongAttention(DOT): query width " + queryDim + " differs from key width "
                    + keyDim + "; use Score.GENERAL, which learns a (query, key) matrix");
        }
        if (score == Score.GENERAL) {
            addParameter("weight", Init.uniform(engine, shape(queryDim, keyDim), 1.0 / Math.sqrt(keyDim), rng));
        }
    }

    /** Dot-product attention (no parameters). */
    public static LuongAttention dot(Engine engine, int dim) {
        return new LuongAttention(engine, Score.DOT, dim, dim, null);
    }

    /** "General" (bilinear) attention. */
    public static LuongAttention general(Engine engine, int queryDim, int keyDim, RandomSource rng) {
        return new LuongAttention(engine, Score.GENERAL, queryDim, keyDim, rng);
    }

    @Override
    public Attention.Result attend(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, Tensor attnMask) {
        Tensor q = Attention.asQueries(query, "LuongAttention");
        Attention.checkKeys(q, key, value, "LuongAttention");
        if (q.dim(-1) != queryDim || key.dim(-1) != keyDim) {
            throw new IllegalArgumentException("LuongAttention(" + score + ", query " + queryDim + ", key " + keyDim
                    + "): got query " + query.shape() + " and keys " + key.shape());
        }
        // q^T W k computed as (q W) k^T: one (q x dk) product instead of projecting every key
        Tensor left = score == Score.GENERAL ? q.matmul(parameter("weight")) : q;
        Tensor scores = left.matmul(key.transpose(1, 2));
        Tensor weights = Attention.maskedSoftmax(scores, keyPaddingMask, attnMask);
        last = weights.detach();
        return Attention.forQuery(query, new Attention.Result(weights.matmul(value), weights));
    }

    public Score score() {
        return score;
    }

    @Override
    public Tensor lastAttentionWeights() {
        return last;
    }

    @Override
    public String toString() {
        return "LuongAttention(" + score + ", query " + queryDim + ", key " + keyDim + ")";
    }
}
