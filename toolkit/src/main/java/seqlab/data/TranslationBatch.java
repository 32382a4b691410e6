package seqlab.data;

import seqlab.nn.Masks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import seqlab.engine.Engine;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;

/**
 * A batch of sentence pairs for an encoder-decoder trained with teacher forcing, batch-first and padded with
 * {@link Vocabulary#PAD_ID}.
 *
 * <p>For a source {@code x} and target {@code y} (token ids without special tokens):
 * <ul>
 *   <li>{@code source} row = {@code x + <eos>}, so the encoder sees where the sentence ends;</li>
 *   <li>{@code decoderInput} row = {@code <bos> + y}: the decoder's input at step t is the true token t-1;</li>
 *   <li>{@code decoderTarget} row = {@code y + <eos>}: what it must predict at step t.</li>
 * </ul>
 * Both decoder rows have length {@code len(y) + 1}, recorded in {@code targetLengths}. When a maximum length is given,
 * {@code x} and {@code y} are cut so the framed rows fit it, keeping the {@code <eos>}.
 *
 * @param source        INT64 {@code (batch, sourceTime)}
 * @param sourceLengths real source lengths, {@code <eos>} included
 * @param decoderInput  INT64 {@code (batch, targetTime)}
 * @param decoderTarget INT64 {@code (batch, targetTime)}
 * @param targetLengths real decoder lengths, {@code <bos>}/{@code <eos>} included
 * @param indices       positions of the pairs in the dataset
 */
public record TranslationBatch(Tensor source, int[] sourceLengths, Tensor decoderInput, Tensor decoderTarget,
                               int[] targetLengths, int[] indices) {

    /**
     * Frames and pads one batch of pairs.
     *
     * @param maxSourceLength longest source row, {@code <eos>} included (0 = no limit)
     * @param maxTargetLength longest decoder row, {@code <bos>} or {@code <eos>} included (0 = no limit)
     * @param indices         dataset positions, or {@code null} for {@code 0..batch-1}
     */
    public static TranslationBatch of(Engine engine, List<int[]> sources, List<int[]> targets, int[] indices,
                                      int maxSourceLength, int maxTargetLength) {
        int batch = sources.size();
        if (batch == 0) {
            throw new IllegalArgumentException("TranslationBatch: no pairs; a batch needs at least one");
        }
        if (targets.size() != batch) {
            throw new IllegalArgumentException("TranslationBatch: " + batch + " sources but " + targets.size() + " targets");
        }
        List<int[]> src = new ArrayList<>(batch);
        List<int[]> in = new ArrayList<>(batch);
        List<int[]> out = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            src.add(withEos(sources.get(b), maxSourceLength));
            in.add(decoderInput(targets.get(b), maxTargetLength));
            out.add(withEos(targets.get(b), maxTargetLength));
        }
        int[] sl = PaddedBatch.lengths(src, indices);
        int[] tl = PaddedBatch.lengths(out, indices);
        int st = Arrays.stream(sl).max().getAsInt();
        int tt = Arrays.stream(tl).max().getAsInt();
        return new TranslationBatch(
                engine.ofIndices(PaddedBatch.padded(src, st), Shape.of(batch, st)), sl,
                engine.ofIndices(PaddedBatch.padded(in, tt), Shape.of(batch, tt)),
                engine.ofIndices(PaddedBatch.padded(out, tt), Shape.of(batch, tt)), tl,
                indices == null ? PaddedBatch.identity(batch) : indices.clone());
    }

    public int batchSize() {
        return sourceLengths.length;
    }

    /** Float {@code (batch, sourceTime)}, 1 at source padding: the encoder's and cross-attention's key padding mask. */
    public Tensor sourcePaddingMask() {
        return Masks.keyPadding(source.engine(), sourceLengths, source.dim(1));
    }

    /** Float {@code (batch, targetTime)}, 1 at decoder padding: the decoder self-attention's key padding mask. */
    public Tensor targetPaddingMask() {
        return Masks.keyPadding(source.engine(), targetLengths, decoderTarget.dim(1));
    }

    /** Float {@code (batch, targetTime)}, 1 at real target steps: weights for the token-level loss. */
    public Tensor targetMask() {
        return Masks.valid(source.engine(), targetLengths, decoderTarget.dim(1));
    }

    /** Number of real target tokens, the denominator of a per-token loss. */
    public int targetTokens() {
        return Arrays.stream(targetLengths).sum();
    }

    @Override
    public String toString() {
        return "TranslationBatch(batch=" + batchSize() + ", sourceTime=" + source.dim(1) + ", targetTime="
                + decoderTarget.dim(1) + ")";
    }

    /** {@code x + <eos>}, {@code x} cut so the row has at most {@code max} ids (0 = no limit). */
    static int[] withEos(int[] x, int max) {
        int keep = max > 0 ? Math.min(x.length, max - 1) : x.length;
        checkMax(max);
        int[] r = Arrays.copyOf(x, keep + 1);
        r[keep] = Vocabulary.EOS_ID;
        return r;
    }

    /** {@code <bos> + y}, {@code y} cut as in {@link #withEos}. */
    static int[] decoderInput(int[] y, int max) {
        int keep = max > 0 ? Math.min(y.length, max - 1) : y.length;
        checkMax(max);
        int[] r = new int[keep + 1];
        r[0] = Vocabulary.BOS_ID;
        System.arraycopy(y, 0, r, 1, keep);
        return r;
    }

    private static void checkMax(int max) {
        if (max == 1 || max < 0) {
            throw new IllegalArgumentException("TranslationBatch: maximum length " + max
                    + " leaves no room for a token next to <bos>/<eos>; use 0 (no limit) or at least 2");
        }
    }
}
