package seqlab.nn;

import seqlab.engine.DType;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;

/**
 * A 1-D convolution (cross-correlation, as every deep-learning library computes it) with PyTorch's {@code nn.Conv1d}
 * layout: {@code weight (out, in, kernel)}, {@code bias (out)}, initialised {@code U(-1/sqrt(in*kernel),
 * 1/sqrt(in*kernel))} as PyTorch does. Stride, dilation and zero padding on each side; {@link #causal} pads on the left
 * only, {@code (kernel-1)*dilation} steps, so output step {@code t} sees input steps {@code <= t} and the width is kept
 * (the TCN of Bai, Kolter &amp; Koltun 2018).
 *
 * <p>Two layouts: {@link #forward} takes PyTorch's {@code (batch, channels, time)}; {@link #forwardChannelsLast} takes
 * seqlab's batch-first {@code (batch, time, channels)} (what an {@link Embedding} or a recurrent layer produces) and
 * skips two transposes. Composed from ops: the input is unfolded by one {@code indexSelect} along time into
 * {@code (batch, out_time, kernel*in)} and multiplied by the reshaped weight, so it runs, and differentiates, on every
 * engine.
 */
public final class Conv1d extends Module {
    private final int in, out, kernel, stride, dilation, padLeft, padRight;
    private final boolean bias;

    /**
     * @param padLeft  zeros added before the first step
     * @param padRight zeros added after the last step
     */
    public Conv1d(Engine engine, int in, int out, int kernel, int stride, int dilation, int padLeft, int padRight,
                  boolean bias, RandomSource rng) {
        super(engine);
        if (in <= 0 || out <= 0 || kernel <= 0 || stride <= 0 || dilation <= 0) {
            throw new IllegalArgumentException("Conv1d: in " + in + ", out " + out + ", kernel " + kernel + ", stride " + stride
                    + " and dilation " + dilation + " must all be positive");
        }
        if (padLeft < 0 || padRight < 0) {
            throw new IllegalArgumentException("Conv1d: padding must be >= 0, got left " + padLeft + ", right " + padRight);
        }
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.dilation = dilation;
        this.padLeft = padLeft;
        this.padRight = padRight;
        this.bias = bias;
        double bound = 1.0 / Math.sqrt((double) in * kernel);
        addParameter("weight", Init.uniform(engine, shape(out, in, kernel), bound, rng));
        if (bias) {
            addParameter("bias", Init.uniform(engine, shape(out), bound, rng));
        }
    }

    /** As {@code nn.Conv1d(in, out, kernel, stride=1, padding=padding, dilation=dilation)}. */
    public Conv1d(Engine engine, int in, int out, int kernel, int dilation, int padding, RandomSource rng) {
        this(engine, in, out, kernel, 1, dilation, padding, padding, true, rng);
    }

    /** Causal: left padding {@code (kernel-1)*dilation}, stride 1; output width equals input width. */
    public static Conv1d causal(Engine engine, int in, int out, int kernel, int dilation, RandomSource rng) {
        return new Conv1d(engine, in, out, kernel, 1, dilation, (kernel - 1) * dilation, 0, true, rng);
    }

    /**
     * "Same" padding, stride 1, as PyTorch's {@code padding='same'}: {@code (kernel-1)*dilation} zeros split between the
     * sides, the extra one on the right; output width equals input width.
     */
    public static Conv1d same(Engine engine, int in, int out, int kernel, int dilation, RandomSource rng) {
        int total = (kernel - 1) * dilation;
        return new Conv1d(engine, in, out, kernel, 1, dilation, total / 2, total - total / 2, true, rng);
    }

    /** PyTorch layout: {@code (batch, in, time) -> (batch, out, outTime)}. */
    public Tensor forward(Tensor x) {
        if (x.rank() != 3 || x.dim(1) != in) {
            throw new IllegalArgumentException("Conv1d(" + in + " -> " + out + "): forward takes (batch, " + in
                    + ", time) as PyTorch, got " + x.shape() + "; for (batch, time, channels) use forwardChannelsLast");
        }
        return forwardChannelsLast(x.transpose(1, 2)).transpose(1, 2);
    }

    /** Batch-first layout: {@code (batch, time, in) -> (batch, outTime, out)}. */
    public Tensor forwardChannelsLast(Tensor x) {
        if (x.rank() != 3 || x.dim(2) != in) {
            throw new IllegalArgumentException("Conv1d(" + in + " -> " + out + "): forwardChannelsLast takes (batch, time, "
                    + in + "), got " + x.shape() + "; for PyTorch's (batch, channels, time) use forward");
        }
        int batch = x.dim(0), time = x.dim(1);
        int outTime = outputLength(time);
        if (outTime <= 0) {
            throw new IllegalArgumentException("Conv1d: input of " + time + " steps is shorter than the kernel's span "
                    + ((kernel - 1) * dilation + 1) + " (kernel " + kernel + ", dilation " + dilation
                    + ") after padding; pad the input or use Conv1d.causal / Conv1d.same");
        }
        Tensor xp = pad(x, batch);
        Tensor w = parameter("weight");
        Tensor cols;
        if (kernel == 1 && stride == 1) {
            cols = xp;
        } else {
            long[] idx = new long[outTime * kernel];
            for (int t = 0; t < outTime; t++) {
                for (int j = 0; j < kernel; j++) {
                    idx[t * kernel + j] = (long) t * stride + (long) j * dilation;
                }
            }
            cols = xp.indexSelect(1, x.engine().ofIndices(idx, Shape.of(idx.length)).to(x.device())).reshape(batch, outTime, kernel * in);
        }
        // (out, in, k) -> (k*in, out), matching cols' (tap, channel) order
        Tensor wm = w.permute(2, 1, 0).reshape(kernel * in, out);
        Tensor y = cols.matmul(wm);
        return bias ? y.add(parameter("bias")) : y;
    }

    /**
     * Batch-first with lengths: padded steps ({@code t >= lengths[b]}) are zeroed first, so every real output equals
     * what the sequence alone, zero-padded, would give. See {@link #outputLengths} for the lengths of the result.
     */
    public Tensor forwardChannelsLast(Tensor x, int[] lengths) {
        return forwardChannelsLast(Masks.zeroPadded(x, lengths));
    }

    /** Output steps for an input of {@code time} steps: {@code floor((time + pads - dilation*(kernel-1) - 1) / stride) + 1}. */
    public int outputLength(int time) {
        int span = dilation * (kernel - 1) + 1;
        int padded = time + padLeft + padRight;
        return padded < span ? 0 : (padded - span) / stride + 1;
    }

    /**
     * The number of output steps computed only from real input steps and padding zeros (not from the batch's padding),
     * per sequence: for causal and "same" convolutions the lengths themselves.
     */
    public int[] outputLengths(int[] lengths) {
        int[] o = new int[lengths.length];
        for (int i = 0; i < lengths.length; i++) {
            o[i] = outputLength(lengths[i]);
        }
        return o;
    }

    private Tensor pad(Tensor x, int batch) {
        if (padLeft == 0 && padRight == 0) {
            return x;
        }
        DType dt = x.dtype();
        java.util.List<Tensor> parts = new java.util.ArrayList<>(3);
        if (padLeft > 0) {
            parts.add(x.engine().zeros(Shape.of(batch, padLeft, in), dt, x.device()));
        }
        parts.add(x);
        if (padRight > 0) {
            parts.add(x.engine().zeros(Shape.of(batch, padRight, in), dt, x.device()));
        }
        return Tensor.concat(parts, 1);
    }

    public int inChannels() {
        return in;
    }

    public int outChannels() {
        return out;
    }

    public int kernelSize() {
        return kernel;
    }

    @Override
    public String toString() {
        return "Conv1d(" + in + " -> " + out + ", kernel " + kernel + (stride != 1 ? ", stride " + stride : "")
                + (dilation != 1 ? ", dilation " + dilation : "") + ", pad " + padLeft + "/" + padRight
                + (bias ? "" : ", no bias") + ")";
    }
}
