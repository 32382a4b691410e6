package seqlab.conformance;

import seqlab.nn.Masks;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import seqlab.data.Batcher;
import seqlab.data.PaddedBatch;
import seqlab.data.SeriesWindows;
import seqlab.data.TranslationBatch;
import seqlab.data.Vocabulary;
import seqlab.engine.DType;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;

/**
 * The tensors {@code seqlab.data} makes, on an engine: padded id batches, masks, teacher-forcing batches and series
 * windows, with their shapes, dtypes and exact values. An engine's test module extends this class and implements
 * {@link #engine()}.
 */
public abstract class DataConformance {

    protected abstract Engine engine();

    private static void assertShape(Tensor t, int... dims) {
        assertArrayEquals(dims, t.shape().dims(), () -> "shape of " + t);
    }

    @Test
    void paddedBatchIsBatchFirstInt64PaddedWithZero() {
        PaddedBatch b = PaddedBatch.of(engine(), List.of(new int[] {5, 6}, new int[] {7, 8, 9}, new int[] {4}),
                new int[] {1, 0, 1}, new int[] {10, 11, 12});
        assertEquals(DType.INT64, b.ids().dtype());
        assertShape(b.ids(), 3, 3);
        assertArrayEquals(new long[] {5, 6, 0, 7, 8, 9, 4, 0, 0}, b.ids().toLongArray());
        assertArrayEquals(new int[] {2, 3, 1}, b.lengths());
        assertEquals(DType.INT64, b.targets().dtype());
        assertArrayEquals(new long[] {1, 0, 1}, b.targets().toLongArray());
        assertArrayEquals(new int[] {10, 11, 12}, b.indices());
        assertEquals(3, b.paddingCells());
        assertShape(b.paddingMask(), 3, 3);
        assertEquals(DType.FLOAT32, b.paddingMask().dtype());
        assertArrayEquals(new float[] {0, 0, 1, 0, 0, 0, 0, 1, 1}, b.paddingMask().toFloatArray());
        assertArrayEquals(new float[] {1, 1, 0, 1, 1, 1, 1, 0, 0}, b.validMask().toFloatArray());
        assertNull(PaddedBatch.of(engine(), List.of(new int[] {1}), null, null).targets());
    }

    @Test
    void emptySequencesAreRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PaddedBatch.of(engine(), List.of(new int[] {1}, new int[0]), null, new int[] {4, 9}));
        assertTrue(e.getMessage().contains("sequence 9"), e.getMessage());
    }

    @Test
    void causalMaskHidesTheFuture() {
        Tensor m = Masks.causal(engine(), 3);
        assertShape(m, 3, 3);
        assertArrayEquals(new float[] {0, 1, 1, 0, 0, 1, 0, 0, 0}, m.toFloatArray());
    }

    @Test
    void batcherTruncatesAndCoversEveryExampleOnce() {
        List<int[]> seqs = new ArrayList<>();
        int[] targets = new int[50];
        RandomSource r = new RandomSource(11);
        for (int i = 0; i < 50; i++) {
            int[] s = new int[1 + r.nextInt(20)];
            Arrays.fill(s, 4 + i);
            seqs.add(s);
            targets[i] = i % 3;
        }
        Batcher batcher = Batcher.of(8).truncate(10).bucketed(3);
        int seen = 0;
        boolean[] covered = new boolean[50];
        for (PaddedBatch b : batcher.batches(engine(), seqs, targets, new RandomSource(5))) {
            assertTrue(b.time() <= 10);
            long[] ids = b.ids().toLongArray();
            long[] t = b.targets().toLongArray();
            for (int row = 0; row < b.batchSize(); row++) {
                int ex = b.indices()[row];
                covered[ex] = true;
                seen++;
                assertEquals(Math.min(10, seqs.get(ex).length), b.lengths()[row]);
                assertEquals(targets[ex], t[row]);
                for (int step = 0; step < b.time(); step++) {
                    assertEquals(step < b.lengths()[row] ? 4 + ex : 0, ids[row * b.time() + step]);
                }
            }
        }
        assertEquals(50, seen);
        for (boolean c : covered) {
            assertTrue(c);
        }
    }

    @Test
    void translationBatchFramesTeacherForcing() {
        TranslationBatch b = TranslationBatch.of(engine(),
                List.of(new int[] {10, 11}, new int[] {12}),
                List.of(new int[] {20, 21, 22}, new int[] {23}), null, 0, 0);
        int eos = Vocabulary.EOS_ID;
        int bos = Vocabulary.BOS_ID;
        assertShape(b.source(), 2, 3);
        assertArrayEquals(new long[] {10, 11, eos, 12, eos, 0}, b.source().toLongArray());
        assertArrayEquals(new int[] {3, 2}, b.sourceLengths());
        assertShape(b.decoderInput(), 2, 4);
        assertArrayEquals(new long[] {bos, 20, 21, 22, bos, 23, 0, 0}, b.decoderInput().toLongArray());
        assertArrayEquals(new long[] {20, 21, 22, eos, 23, eos, 0, 0}, b.decoderTarget().toLongArray());
        assertArrayEquals(new int[] {4, 2}, b.targetLengths());
        assertEquals(6, b.targetTokens());
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 0, 0}, b.targetMask().toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 1, 1}, b.targetPaddingMask().toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 1}, b.sourcePaddingMask().toFloatArray());
    }

    @Test
    void batcherPairsTruncateKeepingEos() {
        List<int[]> src = List.of(new int[] {10, 11, 12, 13, 14}, new int[] {15});
        List<int[]> tgt = List.of(new int[] {20, 21, 22, 23}, new int[] {24, 25});
        List<TranslationBatch> batches = new ArrayList<>();
        Batcher.of(2).truncate(3).pairs(engine(), src, tgt, null).forEach(batches::add);
        assertEquals(1, batches.size());
        TranslationBatch b = batches.get(0);
        int eos = Vocabulary.EOS_ID;
        assertArrayEquals(new long[] {10, 11, eos, 15, eos, 0}, b.source().toLongArray());
        assertArrayEquals(new long[] {Vocabulary.BOS_ID, 20, 21, Vocabulary.BOS_ID, 24, 25}, b.decoderInput().toLongArray());
        assertArrayEquals(new long[] {20, 21, eos, 24, 25, eos}, b.decoderTarget().toLongArray());
    }

    @Test
    void seriesWindowTensors() {
        double[] y = {0, 1, 2, 3, 4, 5, 6, 7};
        SeriesWindows w = SeriesWindows.of(y, 3, 2, 1);
        Tensor x = w.inputTensor(engine());
        assertEquals(DType.FLOAT32, x.dtype());
        assertShape(x, 4, 3, 1);
        assertArrayEquals(new float[] {0, 1, 2, 1, 2, 3, 2, 3, 4, 3, 4, 5}, x.toFloatArray());
        Tensor t = w.targetTensor(engine());
        assertShape(t, 4, 2);
        assertArrayEquals(new float[] {3, 4, 4, 5, 5, 6, 6, 7}, t.toFloatArray());
        assertArrayEquals(new float[] {3, 4, 5, 1, 2, 3}, w.inputTensor(engine(), new int[] {3, 1}).toFloatArray());
        assertArrayEquals(new float[] {6, 7, 4, 5}, w.targetTensor(engine(), new int[] {3, 1}).toFloatArray());

        double[][] f = new double[8][];
        for (int i = 0; i < 8; i++) {
            f[i] = new double[] {y[i], 10 * y[i]};
        }
        Tensor xm = SeriesWindows.of(f, y, 2, 1, 3).inputTensor(engine());
        assertShape(xm, 2, 2, 2);
        assertArrayEquals(new float[] {0, 0, 1, 10, 3, 30, 4, 40}, xm.toFloatArray());
    }
}
