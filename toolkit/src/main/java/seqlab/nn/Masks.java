package seqlab.nn;

import seqlab.engine.Engine;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;

/**
 * Masks for padded batches and for attention, as float32 0/1 tensors.
 *
 * <p>Conventions, the same as PyTorch's boolean masks so that fixtures and state dicts carry over:
 * <ul>
 *   <li>a <b>key-padding mask</b> is {@code (batch, time)} with 1 where a step is padding (PyTorch's
 *       {@code key_padding_mask == True}); such keys get exactly zero attention weight;</li>
 *   <li>an <b>attention mask</b> is {@code (queries, keys)} or {@code (batch, queries, keys)} with 1 where a query
 *       may not attend to a key (PyTorch's boolean {@code attn_mask == True}, or {@code -inf} in its float form);</li>
 *   <li>a <b>valid mask</b> is the complement of a key-padding mask: 1 at real steps, handy to zero or average
 *       over real positions.</li>
 * </ul>
 * Batches are batch-first, {@code (batch, time, features)}; {@code lengths[b]} is the number of real steps of
 * sequence {@code b}, which occupy steps {@code 0 .. lengths[b]-1} (padding on the right), as the recurrent layers
 * expect.
 */
public final class Masks {
    private Masks() {
    }

    /** {@code (batch, time)}, 1 at padded steps {@code t >= lengths[b]}, 0 at real ones. */
    public static Tensor keyPadding(Engine engine, int[] lengths, int time) {
        return fromLengths(engine, lengths, time, true);
    }

    /** {@code (batch, time)}, 1 at real steps {@code t < lengths[b]}, 0 at padding. */
    public static Tensor valid(Engine engine, int[] lengths, int time) {
        return fromLengths(engine, lengths, time, false);
    }

    /**
     * {@code (size, size)}, 1 strictly above the diagonal: query {@code i} may not attend to key {@code j > i}, as
     * PyTorch's {@code nn.Transformer.generate_square_subsequent_mask} (there in its {@code -inf} form).
     */
    public static Tensor causal(Engine engine, int size) {
        return causal(engine, size, size);
    }

    /**
     * {@code (queries, keys)}, 1 where key {@code j > i + (keys - queries)}: the queries are the last {@code queries}
     * steps of a sequence of {@code keys} steps (incremental decoding with a cache of earlier keys).
     */
    public static Tensor causal(Engine engine, int queries, int keys) {
        if (queries < 0 || keys < 0) {
            throw new IllegalArgumentException("causal mask: sizes must be >= 0, got " + queries + " x " + keys);
        }
        float[] m = new float[queries * keys];
        int offset = keys - queries;
        for (int i = 0; i < queries; i++) {
            for (int j = i + offset + 1; j < keys; j++) {
                if (j >= 0) {
                    m[i * keys + j] = 1f;
                }
            }
        }
        return engine.of(m, Shape.of(queries, keys));
    }

    /**
     * The lengths a key-padding mask describes: the number of zeros in each row. Fails if a row's padding is not a
     * suffix, since lengths cannot describe it.
     */
    public static int[] lengths(Tensor keyPaddingMask) {
        if (keyPaddingMask.rank() != 2) {
            throw new IllegalArgumentException("lengths: a key-padding mask is (batch, time), got " + keyPaddingMask.shape());
        }
        int batch = keyPaddingMask.dim(0), time = keyPaddingMask.dim(1);
        float[] m = keyPaddingMask.toFloatArray();
        int[] out = new int[batch];
        for (int b = 0; b < batch; b++) {
            int len = 0;
            while (len < time && m[b * time + len] == 0f) {
                len++;
            }
            for (int t = len; t < time; t++) {
                if (m[b * time + t] == 0f) {
                    throw new IllegalArgumentException("lengths: row " + b + " of the key-padding mask has a real step "
                            + t + " after padding; lengths describe right padding only");
                }
            }
            out[b] = len;
        }
        return out;
    }

    /**
     * {@code x * valid} for a batch-first {@code (batch, time, ...)} tensor: padded steps become exactly zero, so a
     * later layer that mixes neighbouring steps (a convolution) sees zero padding, not whatever the batch held.
     */
    public static Tensor zeroPadded(Tensor x, int[] lengths) {
        checkLengths(lengths, x.dim(0), x.dim(1), "zeroPadded");
        Tensor v = valid(x.engine(), lengths, x.dim(1)).to(x.dtype());
        for (int i = 2; i < x.rank(); i++) {
            v = v.unsqueeze(-1);
        }
        return x.mul(v);
    }

    /** Checks lengths against a batch and a time size, with a message naming {@code op}. */
    static void checkLengths(int[] lengths, int batch, int time, String op) {
        if (lengths == null) {
            throw new IllegalArgumentException(op + ": lengths are null; pass one length per sequence");
        }
        if (lengths.length != batch) {
            throw new IllegalArgumentException(op + ": " + lengths.length + " lengths for a batch of " + batch
                    + "; pass one length per sequence");
        }
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 0 || lengths[b] > time) {
                throw new IllegalArgumentException(op + ": length " + lengths[b] + " of sequence " + b
                        + " is outside 0.." + time + " (the batch's time axis)");
            }
        }
    }

    private static Tensor fromLengths(Engine engine, int[] lengths, int time, boolean padded) {
        checkLengths(lengths, lengths == null ? 0 : lengths.length, time, padded ? "keyPadding" : "valid");
        float[] m = new float[lengths.length * time];
        for (int b = 0; b < lengths.length; b++) {
            for (int t = 0; t < time; t++) {
                m[b * time + t] = (t >= lengths[b]) == padded ? 1f : 0f;
            }
        }
        return engine.of(m, Shape.of(lengths.length, time));
    }
}
