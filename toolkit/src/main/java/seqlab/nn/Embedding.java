package seqlab.nn;

import java.util.Arrays;
import java.util.OptionalInt;
import seqlab.engine.DType;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;

/**
 * A lookup table {@code weight: (vocab, dim)} initialised {@code N(0, 1)}, as PyTorch's {@code nn.Embedding}.
 *
 * <p>With a padding index (PyTorch's {@code padding_idx}) that row is the padding token's vector. As in PyTorch:
 * <ul>
 *   <li>it starts at zero: every row is drawn first, in the same order as without a padding index, and then the
 *       padding row is zeroed, so the other rows get the same random numbers either way;</li>
 *   <li>it receives no gradient from the loss, so it stays zero through training with any optimizer (Adam's and
 *       AdamW's weight decay act on the parameter itself, and decay zero to zero);</li>
 *   <li>weights loaded with {@link Module#loadStateDict} are taken as they are: a non-zero padding row (a
 *       pre-trained table) is looked up as stored, still gets no gradient from the loss, and weight decay still
 *       shrinks it. PyTorch's {@code load_state_dict} and {@code from_pretrained} behave the same way.</li>
 * </ul>
 * A negative index counts from the end, as in PyTorch ({@code -1} is the last row).
 */
public final class Embedding extends Module {
    private final int vocab, dim;
    private final OptionalInt paddingIdx;

    /** A table without a padding row. */
    public Embedding(Engine engine, int vocab, int dim, RandomSource rng) {
        this(engine, vocab, dim, OptionalInt.empty(), rng);
    }

    /** A table whose row {@code paddingIdx} (in {@code [-vocab, vocab)}) is the padding token's; see the class comment. */
    public Embedding(Engine engine, int vocab, int dim, int paddingIdx, RandomSource rng) {
        this(engine, vocab, dim, OptionalInt.of(paddingIdx), rng);
    }

    private Embedding(Engine engine, int vocab, int dim, OptionalInt paddingIdx, RandomSource rng) {
        super(engine);
        if (vocab < 1 || dim < 1) {
            throw new IllegalArgumentException("Embedding: vocabulary size and dimension must be >= 1, got " + vocab
                    + " and " + dim);
        }
        this.vocab = vocab;
        this.dim = dim;
        this.paddingIdx = paddingIdx.isPresent() ? OptionalInt.of(rowOf(paddingIdx.getAsInt(), vocab)) : paddingIdx;
        addParameter("weight", initial(1.0, rng));
    }

    private static int rowOf(int paddingIdx, int vocab) {
        if (paddingIdx < -vocab || paddingIdx >= vocab) {
            throw new IllegalArgumentException("Embedding: padding index " + paddingIdx + " is outside the vocabulary of "
                    + vocab + " rows; use a row in [0, " + vocab + ") or count from the end in [-" + vocab + ", -1]");
        }
        return paddingIdx < 0 ? vocab + paddingIdx : paddingIdx;
    }

    /** {@code N(0, std^2)} for every row, then the padding row zeroed (PyTorch's {@code reset_parameters} order). */
    private Tensor initial(double std, RandomSource rng) {
        Shape s = shape(vocab, dim);
        Tensor w = Init.normal(engine(), s, std, rng);
        if (paddingIdx.isEmpty()) {
            return w;
        }
        float[] values = w.toFloatArray();
        int row = paddingIdx.getAsInt();
        Arrays.fill(values, row * dim, (row + 1) * dim, 0f);
        return engine().of(values, s);
    }

    /**
     * Redraws the table from {@code N(0, std^2)} and zeroes the padding row again; the weight keeps its identity and
     * dtype. Use this instead of assigning a fresh normal tensor, which would give the padding row a random vector.
     */
    public void resetParameters(double std, RandomSource rng) {
        Tensor w = parameter("weight");
        w.assign(initial(std, rng).to(w.dtype()));
    }

    /** Looks up INT64 ids of any shape; the result has one more axis of size {@code dim}. */
    public Tensor forward(Tensor ids) {
        if (ids.dtype() != DType.INT64) {
            throw new IllegalArgumentException("Embedding: ids must be an INT64 tensor (Engine.ofIndices), got " + ids.dtype());
        }
        int[] dims = ids.shape().dims();
        int[] out = Arrays.copyOf(dims, dims.length + 1);
        out[dims.length] = dim;
        Tensor flat = ids.reshape(-1);
        Tensor rows = parameter("weight").indexSelect(0, flat);
        if (paddingIdx.isPresent()) {
            // padding positions take the same values from a detached copy, so the loss sends nothing to that row
            Tensor isPadding = flat.to(rows.dtype()).reshape(-1, 1)
                    .eq(engine().full(Shape.scalar(), paddingIdx.getAsInt(), rows.dtype()));
            rows = isPadding.where(rows.detach(), rows);
        }
        return rows.reshape(out);
    }

    public int vocabularySize() {
        return vocab;
    }

    public int dimension() {
        return dim;
    }

    /** The padding row, counted from 0, if there is one. */
    public OptionalInt paddingIdx() {
        return paddingIdx;
    }

    @Override
    public String toString() {
        return "Embedding(" + vocab + ", " + dim + (paddingIdx.isPresent() ? ", padding_idx=" + paddingIdx.getAsInt() : "")
                + ")";
    }
}
