package seqlab.nn;

import seqlab.engine.DType;
import seqlab.engine.Engine;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;

/**
 * Fixed sinusoidal positional encodings (Vaswani et al. 2017, section 3.5): {@code PE(pos, 2i) = sin(pos / 10000^(2i/d))},
 * {@code PE(pos, 2i+1) = cos(pos / 10000^(2i/d))}, added to a batch-first {@code (batch, time, d)} input, then dropout
 * (training mode only). No parameters: the table is a constant, so it is not in the state dict.
 */
public final class SinusoidalPositionalEncoding extends Module {
    // Vaswani et al. 2017, section 3.5: wavelengths form a geometric progression from 2 pi to 10000 * 2 pi.
    private static final double BASE = 10000.0;

    private final int dim, maxLen;
    private final double dropout;
    private final boolean table64;

    public SinusoidalPositionalEncoding(Engine engine, int dim, int maxLen, double dropout) {
        super(engine);
        if (dim <= 0 || maxLen <= 0) {
            throw new IllegalArgumentException("SinusoidalPositionalEncoding: dim and maxLen must be positive, got " + dim
                    + " and " + maxLen);
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("SinusoidalPositionalEncoding: dropout must be in [0, 1), got " + dropout);
        }
        this.dim = dim;
        this.maxLen = maxLen;
        this.dropout = dropout;
        double[] pe = new double[maxLen * dim];
        for (int pos = 0; pos < maxLen; pos++) {
            for (int i = 0; i < dim; i += 2) {
                double angle = pos / Math.pow(BASE, (double) i / dim);
                pe[pos * dim + i] = Math.sin(angle);
                if (i + 1 < dim) {
                    pe[pos * dim + i + 1] = Math.cos(angle);
                }
            }
        }
        float[] pf = new float[pe.length];
        for (int i = 0; i < pe.length; i++) {
            pf[i] = (float) pe[i];
        }
        // both precisions kept, so a forward pass converts nothing
        addBuffer("table", engine.of(pf, Shape.of(maxLen, dim)));
        this.table64 = engine.supports(DType.FLOAT64);
        if (table64) {
            addBuffer("table64", engine.of(pe, Shape.of(maxLen, dim)));
        }
    }

    public SinusoidalPositionalEncoding(Engine engine, int dim, int maxLen) {
        this(engine, dim, maxLen, 0.0);
    }

    /** {@code x + PE[0 .. time-1]}. */
    public Tensor forward(Tensor x) {
        return forward(x, 0);
    }

    /** {@code x + PE[offset .. offset+time-1]}: for decoding one step at a time, pass the step's position. */
    public Tensor forward(Tensor x, int offset) {
        return dropout(x.add(encoding(x, offset, "SinusoidalPositionalEncoding")), dropout);
    }

    /** The whole table {@code (maxLen, dim)} in float32, e.g. to plot it. */
    public Tensor table() {
        return buffer("table");
    }

    Tensor encoding(Tensor x, int offset, String layer) {
        Tensor t = buffer(x.dtype() == DType.FLOAT64 && table64 ? "table64" : "table");
        return slice(t, x, offset, dim, maxLen, layer).to(x.dtype());
    }

    static Tensor slice(Tensor table, Tensor x, int offset, int dim, int maxLen, String layer) {
        if (x.rank() != 3 || x.dim(-1) != dim) {
            throw new IllegalArgumentException(layer + "(" + dim + "): input must be (batch, time, " + dim + "), got " + x.shape());
        }
        int time = x.dim(1);
        if (offset < 0 || offset + time > maxLen) {
            throw new IllegalArgumentException(layer + ": positions " + offset + ".." + (offset + time - 1)
                    + " exceed maxLen " + maxLen + "; construct it with a larger maxLen");
        }
        return table.narrow(0, offset, time);
    }

    @Override
    public String toString() {
        return "SinusoidalPositionalEncoding(" + dim + ", maxLen=" + maxLen + ")";
    }
}
