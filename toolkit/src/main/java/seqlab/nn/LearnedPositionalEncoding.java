package seqlab.nn;

import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;

/**
 * Learned absolute positional embeddings (Gehring et al. 2017; the alternative Vaswani et al. 2017 compare in section
 * 3.5): a table {@code weight (maxLen, dim)}, initialised {@code N(0, 1)} as {@code nn.Embedding} (it is one, indexed
 * by position), whose first {@code time} rows are added to a batch-first {@code (batch, time, dim)} input, then dropout.
 */
public final class LearnedPositionalEncoding extends Module {
    private final int dim, maxLen;
    private final double dropout;

    public LearnedPositionalEncoding(Engine engine, int dim, int maxLen, double dropout, RandomSource rng) {
        super(engine);
        if (dim <= 0 || maxLen <= 0) {
            throw new IllegalArgumentException("LearnedPositionalEncoding: dim and maxLen must be positive, got " + dim
                    + " and " + maxLen);
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("LearnedPositionalEncoding: dropout must be in [0, 1), got " + dropout);
        }
        this.dim = dim;
        this.maxLen = maxLen;
        this.dropout = dropout;
        addParameter("weight", Init.normal(engine, shape(maxLen, dim), 1.0, rng));
    }

    public LearnedPositionalEncoding(Engine engine, int dim, int maxLen, RandomSource rng) {
        this(engine, dim, maxLen, 0.0, rng);
    }

    /** {@code x + weight[0 .. time-1]}. */
    public Tensor forward(Tensor x) {
        return forward(x, 0);
    }

    /** {@code x + weight[offset .. offset+time-1]}. */
    public Tensor forward(Tensor x, int offset) {
        Tensor pe = SinusoidalPositionalEncoding.slice(parameter("weight"), x, offset, dim, maxLen, "LearnedPositionalEncoding");
        return dropout(x.add(pe), dropout);
    }

    @Override
    public String toString() {
        return "LearnedPositionalEncoding(" + dim + ", maxLen=" + maxLen + ")";
    }
}
