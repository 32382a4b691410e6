package seqlab.nn;

import seqlab.engine.Tensor;

/**
 * Pooling over time of a batch-first {@code (batch, time, channels)} tensor to {@code (batch, channels)}, counting only
 * real steps ({@code t < lengths[b]}), so padding never changes the result. The usual readout of a CNN text classifier
 * (max over time, Kim 2014) or of a Transformer encoder (mean over real positions).
 */
public final class TemporalPooling {
    private TemporalPooling() {
    }

    /** Maximum over each sequence's real steps; the gradient goes to the (first) maximal step. */
    public static Tensor max(Tensor x, int[] lengths) {
        check(x, lengths, "max");
        Tensor padded = Masks.keyPadding(x.engine(), lengths, x.dim(1)).unsqueeze(-1);
        return x.maskedFill(padded, Double.NEGATIVE_INFINITY).max(1, false);
    }

    /** Mean over each sequence's real steps. */
    public static Tensor mean(Tensor x, int[] lengths) {
        check(x, lengths, "mean");
        Tensor sum = Masks.zeroPadded(x, lengths).sum(1, false);
        seqlab.engine.Shape s = seqlab.engine.Shape.of(lengths.length, 1);
        Tensor scale;
        if (x.dtype() == seqlab.engine.DType.FLOAT64) {
            double[] inv = new double[lengths.length];
            for (int b = 0; b < lengths.length; b++) {
                inv[b] = 1.0 / lengths[b];
            }
            scale = x.engine().of(inv, s).to(x.device());
        } else {
            float[] inv = new float[lengths.length];
            for (int b = 0; b < lengths.length; b++) {
                inv[b] = 1.0f / lengths[b];
            }
            scale = x.engine().of(inv, s).to(x.device());
        }
        return sum.mul(scale);
    }

    private static void check(Tensor x, int[] lengths, String op) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException("TemporalPooling." + op + ": input must be (batch, time, channels), got " + x.shape());
        }
        Masks.checkLengths(lengths, x.dim(0), x.dim(1), "TemporalPooling." + op);
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] == 0) {
                throw new IllegalArgumentException("TemporalPooling." + op + ": sequence " + b
                        + " has length 0, so it has no steps to pool; drop empty sequences from the batch");
            }
        }
    }
}
