package seqlab.model;

import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.nn.Linear;
import seqlab.nn.Module;

/**
 * The bag-of-words logistic regression baseline: token counts, normalised to frequencies over the sequence's
 * real tokens, then one linear layer to class logits (multinomial logistic regression). It ignores word order, so
 * a sequence model must beat it to show that order helped.
 */
public final class BagOfWords extends Module {
    private final int vocabulary;
    private final Linear linear;

    public BagOfWords(Engine engine, int vocabulary, int classes, RandomSource rng) {
        super(engine);
        this.vocabulary = vocabulary;
        this.linear = addModule("linear", new Linear(engine, vocabulary, classes, rng));
    }

    public static long parameterCount(int vocabulary, int classes) {
        return (long) vocabulary * classes + classes;
    }

    /** Logits for padded ids {@code (batch, time)} with real lengths; id 0 (padding) is never counted. */
    public Tensor forward(Tensor ids, int[] lengths) {
        int batch = ids.dim(0), time = ids.dim(1);
        long[] v = ids.toLongArray();
        float[] bag = new float[batch * vocabulary];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                int id = (int) v[b * time + t];
                if (id > 0) {
                    bag[b * vocabulary + id] += 1f / lengths[b];
                }
            }
        }
        return linear.forward(engine().of(bag, Shape.of(batch, vocabulary)).to(device()));
    }

    @Override
    public String toString() {
        return "BagOfWords(" + vocabulary + " words, " + parameterCount() + " parameters)";
    }
}
