package seqlab.data;

import seqlab.engine.Engine;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;

/**
 * Float masks for padded batches. The convention follows PyTorch's {@code key_padding_mask} and causal masks: 1 marks a
 * position to be masked out (a padding step, a future step), 0 a position to keep; {@link #validSteps} is the
 * complement, for weighting losses and pooling over real steps.
 */
public final class Masks {
    private Masks() {
    }

    /** {@code (batch, time)}: 1 where {@code t >= lengths[b]} (padding), else 0. */
    public static Tensor keyPadding(Engine engine, int[] lengths, int time) {
        return engine.of(keyPaddingValues(lengths, time), Shape.of(lengths.length, time));
    }

    /** {@code (batch, time)}: 1 where {@code t < lengths[b]} (a real step), else 0. */
    public static Tensor validSteps(Engine engine, int[] lengths, int time) {
        float[] v = keyPaddingValues(lengths, time);
        for (int i = 0; i < v.length; i++) {
            v[i] = 1 - v[i];
        }
        return engine.of(v, Shape.of(lengths.length, time));
    }

    /** {@code (time, time)}: 1 where key {@code j > } query {@code i}, the steps a decoder may not attend to. */
    public static Tensor causal(Engine engine, int time) {
        if (time < 1) {
            throw new IllegalArgumentException("Masks.causal: time must be >= 1, got " + time);
        }
        float[] v = new float[time * time];
        for (int i = 0; i < time; i++) {
            for (int j = i + 1; j < time; j++) {
                v[i * time + j] = 1;
            }
        }
        return engine.of(v, Shape.of(time, time));
    }

    static float[] keyPaddingValues(int[] lengths, int time) {
        float[] v = new float[lengths.length * time];
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 0 || lengths[b] > time) {
                throw new IllegalArgumentException("Masks: length " + lengths[b] + " of row " + b + " outside 0.." + time);
            }
            for (int t = lengths[b]; t < time; t++) {
                v[b * time + t] = 1;
            }
        }
        return v;
    }
}
