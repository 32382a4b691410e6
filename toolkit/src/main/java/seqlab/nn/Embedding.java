package seqlab.nn;

import seqlab.engine.DType;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;

/** A lookup table {@code weight: (vocab, dim)} initialised {@code N(0, 1)} as PyTorch's {@code nn.Embedding}. */
public final class Embedding extends Module {
    private final int vocab, dim;

    public Embedding(Engine engine, int vocab, int dim, RandomSource rng) {
        super(engine);
        this.vocab = vocab;
        this.dim = dim;
        addParameter("weight", Init.normal(engine, shape(vocab, dim), 1.0, rng));
    }

    /** Looks up INT64 ids of any shape; the result has one more axis of size {@code dim}. */
    public Tensor forward(Tensor ids) {
        if (ids.dtype() != DType.INT64) {
            throw new IllegalArgumentException("Embedding: ids must be an INT64 tensor (Engine.ofIndices), got " + ids.dtype());
        }
        int[] dims = ids.shape().dims();
        int[] out = java.util.Arrays.copyOf(dims, dims.length + 1);
        out[dims.length] = dim;
        return parameter("weight").indexSelect(0, ids.reshape(-1)).reshape(out);
    }

    public int vocabularySize() {
        return vocab;
    }

    public int dimension() {
        return dim;
    }

    @Override
    public String toString() {
        return "Embedding(" + vocab + ", " + dim + ")";
    }
}
