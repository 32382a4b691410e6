package seqlab.nn;

import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;

/**
 * Multi-head attention (Vaswani et al. 2017, section 3.2.2) with PyTorch's {@code nn.MultiheadAttention} layout and
 * arithmetic, batch-first: {@code head_i = softmax(q W_i^Q (k W_i^K)^T / sqrt(d/h)) v W_i^V}, heads concatenated and
 * projected by {@code out_proj}.
 *
 * <p>Parameters, as PyTorch names them: {@code in_proj_weight (3 * embed, embed)} (query, key and value projections
 * stacked in that order), {@code in_proj_bias (3 * embed)}, {@code out_proj.weight (embed, embed)},
 * {@code out_proj.bias (embed)}; initialised as PyTorch does (Xavier-uniform in-projection, zero biases, {@link Linear}
 * out-projection), so a PyTorch {@code state_dict} loads with {@link #loadStateDict}. Keys and values have the
 * embedding width (PyTorch's {@code kdim = vdim = embed_dim}, the only case with a packed {@code in_proj_weight}).
 *
 * <p>Masks follow {@link Attention}. Dropout applies to the attention weights in training mode, as in PyTorch. The
 * returned weights are averaged over heads ({@code average_attn_weights=True}); {@link #lastAttentionWeights()} keeps
 * every head's. Both are the weights before dropout (PyTorch returns them after), so a heatmap drawn in training mode
 * shows what the model attends to, not one dropout draw; with dropout 0 or in eval mode the two agree.
 */
public final class MultiheadAttention extends Module implements AttentionLayer {
    private final int embedDim, numHeads, headDim;
    private final boolean bias;
    private final double dropout;
    private final Linear outProj;
    private Tensor last;

    public MultiheadAttention(Engine engine, int embedDim, int numHeads, double dropout, boolean bias, RandomSource rng) {
        super(engine);
        if (embedDim <= 0 || numHeads <= 0 || embedDim % numHeads != 0) {
            throw new IllegalArgumentException("MultiheadAttention: embedDim " + embedDim + " must be a positive multiple of numHeads "
                    + numHeads + " (each head gets embedDim / numHeads features)");
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("MultiheadAttention: dropout must be in [0, 1), got " + dropout);
        }
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.headDim = embedDim / numHeads;
        this.bias = bias;
        this.dropout = dropout;
        addParameter("in_proj_weight", Init.xavierUniform(engine, shape(3 * embedDim, embedDim), 1.0, rng));
        if (bias) {
            addParameter("in_proj_bias", engine.zeros(shape(3 * embedDim)));
        }
        outProj = addModule("out_proj", new Linear(engine, embedDim, embedDim, bias, rng));
        if (bias) {
            try (var ignored = engine.noGrad()) {
                outProj.stateDict().get("bias").assign(engine.zeros(shape(embedDim)));
            }
        }
    }

    public MultiheadAttention(Engine engine, int embedDim, int numHeads, RandomSource rng) {
        this(engine, embedDim, numHeads, 0.0, true, rng);
    }

    /** Self-attention: {@code x} is query, key and value. */
    public Attention.Result forward(Tensor x, Tensor keyPaddingMask, Tensor attnMask) {
        return attend(x, x, x, keyPaddingMask, attnMask);
    }

    @Override
    public Attention.Result attend(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, Tensor attnMask) {
        Tensor q0 = Attention.asQueries(query, "MultiheadAttention");
        Attention.checkKeys(q0, key, value, "MultiheadAttention");
        if (q0.dim(-1) != embedDim || key.dim(-1) != embedDim || value.dim(-1) != embedDim) {
            throw new IllegalArgumentException("MultiheadAttention(" + embedDim + "): query " + query.shape() + ", key "
                    + key.shape() + " and value " + value.shape() + " must all have " + embedDim + " features");
        }
        int batch = q0.dim(0), lq = q0.dim(1), lk = key.dim(1);
        Tensor w = parameter("in_proj_weight");
        Tensor b = bias ? parameter("in_proj_bias") : null;
        Tensor q, k, v;
        // One matmul for the projections that share an input (self-attention; key = value = memory).
        if (query == key && key == value) {
            Tensor qkv = project(q0, w, b, 0, 3);
            q = qkv.narrow(-1, 0, embedDim);
            k = qkv.narrow(-1, embedDim, embedDim);
            v = qkv.narrow(-1, 2 * embedDim, embedDim);
        } else if (key == value) {
            q = project(q0, w, b, 0, 1);
            Tensor kv = project(key, w, b, 1, 2);
            k = kv.narrow(-1, 0, embedDim);
            v = kv.narrow(-1, embedDim, embedDim);
        } else {
            q = project(q0, w, b, 0, 1);
            k = project(key, w, b, 1, 1);
            v = project(value, w, b, 2, 1);
        }
        Tensor qh = q.reshape(batch, lq, numHeads, headDim).permute(0, 2, 1, 3);  // (b, h, lq, d)
        Tensor kt = k.reshape(batch, lk, numHeads, headDim).permute(0, 2, 3, 1);  // (b, h, d, lk)
        Tensor vh = v.reshape(batch, lk, numHeads, headDim).permute(0, 2, 1, 3);  // (b, h, lk, d)
        // Scaling q before the product, as PyTorch does, keeps rounding comparable with its fixtures.
        Tensor scores = qh.mul(1.0 / Math.sqrt(headDim)).matmul(kt);
        Tensor weights = Attention.maskedSoftmax(scores, keyPaddingMask, attnMask); // (b, h, lq, lk)
        last = weights.detach();
        Tensor heads = dropout(weights, dropout).matmul(vh);                         // (b, h, lq, d)
        Tensor out = outProj.forward(heads.permute(0, 2, 1, 3).reshape(batch, lq, embedDim));
        return Attention.forQuery(query, new Attention.Result(out, weights.mean(1, false)));
    }

    /** {@code x W[from*E : (from+count)*E]^T + b[...]}: the rows of the packed in-projection for query, key or value. */
    private Tensor project(Tensor x, Tensor w, Tensor b, int from, int count) {
        Tensor wi = count == 3 ? w : w.narrow(0, from * embedDim, count * embedDim);
        Tensor y = x.matmul(wi.transpose(0, 1));
        return b == null ? y : y.add(count == 3 ? b : b.narrow(0, from * embedDim, count * embedDim));
    }

    /**
     * Every head's weights from the latest call, {@code (batch, heads, queries, keys)}, cut from the graph (PyTorch's
     * {@code average_attn_weights=False}); {@code null} before the first call.
     */
    @Override
    public Tensor lastAttentionWeights() {
        return last;
    }

    /** One head's weights from the latest call, {@code (batch, queries, keys)}, for a heatmap. */
    public Tensor lastAttentionWeights(int head) {
        if (last == null) {
            throw new IllegalStateException("MultiheadAttention: no attention weights yet; call forward first");
        }
        if (head < 0 || head >= numHeads) {
            throw new IllegalArgumentException("MultiheadAttention: head " + head + " is outside 0.." + (numHeads - 1));
        }
        return last.narrow(1, head, 1).squeeze(1);
    }

    public int embedDim() {
        return embedDim;
    }

    public int numHeads() {
        return numHeads;
    }

    @Override
    public String toString() {
        return "MultiheadAttention(" + embedDim + ", heads=" + numHeads + (dropout > 0 ? ", dropout=" + dropout : "")
                + (bias ? "" : ", no bias") + ")";
    }
}
