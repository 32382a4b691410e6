package seqlab.data;

import seqlab.nn.Masks;
import java.util.Arrays;
import java.util.List;
import seqlab.engine.Engine;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;

/**
 * A batch of token-id sequences, batch-first and right-padded with {@link Vocabulary#PAD_ID} (0).
 *
 * @param ids     INT64 {@code (batch, time)}, {@code time} the longest length in the batch
 * @param lengths the real length of each row, each at least 1
 * @param targets INT64 {@code (batch)} class ids, or {@code null} for unlabelled data
 * @param indices the position of each row in the dataset the batch was cut from, to map predictions back
 */
public record PaddedBatch(Tensor ids, int[] lengths, Tensor targets, int[] indices) {

    /**
     * Pads {@code sequences} (each already truncated as wanted) into one batch.
     *
     * @param targets one class id per sequence, or {@code null}
     * @param indices dataset positions of the sequences, or {@code null} for {@code 0..batch-1}
     */
    public static PaddedBatch of(Engine engine, List<int[]> sequences, int[] targets, int[] indices) {
        int batch = sequences.size();
        if (batch == 0) {
            throw new IllegalArgumentException("PaddedBatch: no sequences; a batch needs at least one");
        }
        if (targets != null && targets.length != batch) {
            throw new IllegalArgumentException("PaddedBatch: " + batch + " sequences but " + targets.length + " targets");
        }
        int[] lengths = lengths(sequences, indices);
        int time = Arrays.stream(lengths).max().getAsInt();
        Tensor ids = engine.ofIndices(padded(sequences, time), Shape.of(batch, time));
        Tensor t = null;
        if (targets != null) {
            long[] tv = new long[batch];
            for (int i = 0; i < batch; i++) {
                tv[i] = targets[i];
            }
            t = engine.ofIndices(tv, Shape.of(batch));
        }
        return new PaddedBatch(ids, lengths, t, indices == null ? identity(batch) : indices.clone());
    }

    public int batchSize() {
        return lengths.length;
    }

    /** The padded length: the longest sequence in the batch. */
    public int time() {
        return ids.dim(1);
    }

    /** Float {@code (batch, time)}, 1 at padding steps (see {@link Masks#keyPadding}). */
    public Tensor paddingMask() {
        return Masks.keyPadding(ids.engine(), lengths, time());
    }

    /** Float {@code (batch, time)}, 1 at real steps (see {@link Masks#validSteps}). */
    public Tensor validMask() {
        return Masks.valid(ids.engine(), lengths, time());
    }

    /** Padding cells in this batch: {@code batch * time - sum(lengths)}. */
    public long paddingCells() {
        return (long) batchSize() * time() - Arrays.stream(lengths).asLongStream().sum();
    }

    @Override
    public String toString() {
        return "PaddedBatch(batch=" + batchSize() + ", time=" + time() + ", labelled=" + (targets != null) + ")";
    }

    static int[] lengths(List<int[]> sequences, int[] indices) {
        int[] lengths = new int[sequences.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = sequences.get(i).length;
            if (lengths[i] == 0) {
                throw new IllegalArgumentException("PaddedBatch: sequence " + (indices == null ? i : indices[i])
                        + " is empty; drop empty examples or encode them with TextEncoder, which gives them one <unk>");
            }
        }
        return lengths;
    }

    /** Row-major {@code (batch, time)} ids, padded with 0. */
    static long[] padded(List<int[]> sequences, int time) {
        long[] out = new long[sequences.size() * time];
        for (int b = 0; b < sequences.size(); b++) {
            int[] s = sequences.get(b);
            if (s.length > time) {
                throw new IllegalArgumentException("PaddedBatch: sequence of length " + s.length + " exceeds time " + time);
            }
            for (int t = 0; t < s.length; t++) {
                if (s[t] < 0) {
                    throw new IllegalArgumentException("PaddedBatch: negative token id " + s[t] + " in row " + b);
                }
                out[b * time + t] = s[t];
            }
        }
        return out;
    }

    static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
