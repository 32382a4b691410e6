package seqlab.nn;

import java.util.Objects;
import seqlab.engine.CellKind;
import seqlab.engine.DType;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;

/**
 * What a recurrent stack is, independent of any engine: the cell, its size and every option. Immutable; each
 * option returns a changed copy, so a configuration reads as a sentence:
 * <pre>{@code
 * RecurrentConfig.lstm(128).layers(2).bidirectional().dropout(0.3).batchFirst()
 * }</pre>
 * {@link #parameterCount(int)} computes the number of weights without building anything, with PyTorch's layout, so
 * {@code lstm(128).parameterCount(100) == 117760} and {@code gru(128).parameterCount(100) == 88320}: the GRU's
 * three gate blocks against the LSTM's four make it exactly 25% smaller. {@link #build} makes the layer.
 */
public final class RecurrentConfig {

    /**
     * How weights are initialised. The default, {@link #PYTORCH}, matches {@code torch.nn.RNN/LSTM/GRU}; the others
     * are the common alternatives from the literature.
     */
    public enum Initialization {
        /** Every parameter (biases and peepholes too) from {@code U(-1/sqrt(H), 1/sqrt(H))}, as PyTorch. */
        PYTORCH,
        /** Glorot &amp; Bengio (2010) uniform for each gate block of every weight matrix; biases and peepholes zero. */
        XAVIER_UNIFORM,
        /** Glorot &amp; Bengio (2010) normal for each gate block; biases and peepholes zero. */
        XAVIER_NORMAL,
        /**
         * Glorot uniform input weights and an orthogonal recurrent matrix per gate block (Saxe et al. 2014), biases
         * zero: Keras's default for recurrent layers.
         */
        XAVIER_ORTHOGONAL
    }

    private final CellKind kind;
    private final int hiddenSize;
    private final int layers;
    private final boolean bidirectional;
    private final double dropout;
    private final boolean batchFirst;
    private final boolean bias;
    private final boolean peephole;
    private final boolean coupledInputForget;
    private final boolean forgetBiasOne;
    private final int projectionSize;
    private final boolean resetBeforeProduct;
    private final Initialization initialization;
    private final DType dtype;

    private RecurrentConfig(CellKind kind, int hiddenSize, int layers, boolean bidirectional, double dropout,
                            boolean batchFirst, boolean bias, boolean peephole, boolean coupledInputForget,
                            boolean forgetBiasOne, int projectionSize, boolean resetBeforeProduct,
                            Initialization initialization, DType dtype) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.hiddenSize = hiddenSize;
        this.layers = layers;
        this.bidirectional = bidirectional;
        this.dropout = dropout;
        this.batchFirst = batchFirst;
        this.bias = bias;
        this.peephole = peephole;
        this.coupledInputForget = coupledInputForget;
        this.forgetBiasOne = forgetBiasOne;
        this.projectionSize = projectionSize;
        this.resetBeforeProduct = resetBeforeProduct;
        this.initialization = Objects.requireNonNull(initialization, "initialization");
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        if (hiddenSize < 1) {
            throw new IllegalArgumentException("hidden size must be >= 1, got " + hiddenSize);
        }
        if (layers < 1) {
            throw new IllegalArgumentException("layers must be >= 1, got " + layers);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (projectionSize < 0 || (projectionSize > 0 && projectionSize >= hiddenSize)) {
            throw new IllegalArgumentException("projection size must be in [0, hidden size " + hiddenSize + "), got "
                    + projectionSize + " (as PyTorch's proj_size)");
        }
        if (kind != CellKind.LSTM && (peephole || coupledInputForget || forgetBiasOne || projectionSize > 0)) {
            throw new IllegalArgumentException("peephole, coupledInputForget, forgetBiasOne and projection are LSTM "
                    + "options; this configuration is " + kind + ". Start from RecurrentConfig.lstm(...)");
        }
        if (kind != CellKind.GRU && resetBeforeProduct) {
            throw new IllegalArgumentException("resetBeforeProduct is a GRU option; this configuration is " + kind
                    + ". Start from RecurrentConfig.gru(...)");
        }
        if (dtype == DType.INT64) {
            throw new IllegalArgumentException("parameters must be FLOAT32 or FLOAT64, got INT64");
        }
    }

    private static RecurrentConfig of(CellKind kind, int hidden) {
        return new RecurrentConfig(kind, hidden, 1, false, 0.0, false, true, false, false, false, 0, false,
                Initialization.PYTORCH, DType.FLOAT32);
    }

    /** A one-layer, unidirectional, time-first Elman RNN with {@code tanh}, as {@code nn.RNN(input, hidden)}. */
    public static RecurrentConfig rnn(int hiddenSize) {
        return of(CellKind.RNN_TANH, hiddenSize);
    }

    /** A one-layer, unidirectional, time-first LSTM, as {@code nn.LSTM(input, hidden)}. */
    public static RecurrentConfig lstm(int hiddenSize) {
        return of(CellKind.LSTM, hiddenSize);
    }

    /** A one-layer, unidirectional, time-first GRU, as {@code nn.GRU(input, hidden)}. */
    public static RecurrentConfig gru(int hiddenSize) {
        return of(CellKind.GRU, hiddenSize);
    }

    private RecurrentConfig with(CellKind k, int l, boolean bi, double p, boolean bf, boolean b, boolean peep,
                                 boolean cifg, boolean fb1, int proj, boolean rbp, Initialization init, DType dt) {
        return new RecurrentConfig(k, hiddenSize, l, bi, p, bf, b, peep, cifg, fb1, proj, rbp, init, dt);
    }

    // ----- options -----

    /** Elman RNN with {@code relu} instead of {@code tanh} ({@code nonlinearity='relu'}). */
    public RecurrentConfig relu() {
        if (kind != CellKind.RNN_TANH && kind != CellKind.RNN_RELU) {
            throw new IllegalArgumentException("relu() is an RNN option; this configuration is " + kind);
        }
        return with(CellKind.RNN_RELU, layers, bidirectional, dropout, batchFirst, bias, peephole, coupledInputForget,
                forgetBiasOne, projectionSize, resetBeforeProduct, initialization, dtype);
    }

    /** Stacks {@code n} layers; each layer's output is the next one's input. */
    public RecurrentConfig layers(int n) {
        return with(kind, n, bidirectional, dropout, batchFirst, bias, peephole, coupledInputForget, forgetBiasOne,
                projectionSize, resetBeforeProduct, initialization, dtype);
    }

    /** Runs a second stack backwards in time and concatenates its output after the forward one's. */
    public RecurrentConfig bidirectional() {
        return bidirectional(true);
    }

    public RecurrentConfig bidirectional(boolean on) {
        return with(kind, layers, on, dropout, batchFirst, bias, peephole, coupledInputForget, forgetBiasOne,
                projectionSize, resetBeforeProduct, initialization, dtype);
    }

    /** Dropout on each layer's output except the last, in training mode only; never on recurrent connections. */
    public RecurrentConfig dropout(double p) {
        return with(kind, layers, bidirectional, p, batchFirst, bias, peephole, coupledInputForget, forgetBiasOne,
                projectionSize, resetBeforeProduct, initialization, dtype);
    }

    /** Input and output are {@code (batch, time, features)} rather than {@code (time, batch, features)}. */
    public RecurrentConfig batchFirst() {
        return batchFirst(true);
    }

    public RecurrentConfig batchFirst(boolean on) {
        return with(kind, layers, bidirectional, dropout, on, bias, peephole, coupledInputForget, forgetBiasOne,
                projectionSize, resetBeforeProduct, initialization, dtype);
    }

    /** With or without the biases {@code b_ih, b_hh} (default with). */
    public RecurrentConfig bias(boolean on) {
        return with(kind, layers, bidirectional, dropout, batchFirst, on, peephole, coupledInputForget, forgetBiasOne,
                projectionSize, resetBeforeProduct, initialization, dtype);
    }

    /** LSTM: gates see the cell state through diagonal (per-unit) weights (Gers &amp; Schmidhuber 2000). */
    public RecurrentConfig peephole() {
        return with(kind, layers, bidirectional, dropout, batchFirst, bias, true, coupledInputForget, forgetBiasOne,
                projectionSize, resetBeforeProduct, initialization, dtype);
    }

    /** LSTM: coupled input and forget gates, {@code i = 1 - f} (CIFG; Greff et al. 2017); three gate blocks. */
    public RecurrentConfig coupledInputForget() {
        return with(kind, layers, bidirectional, dropout, batchFirst, bias, peephole, true, forgetBiasOne,
                projectionSize, resetBeforeProduct, initialization, dtype);
    }

    /** LSTM: forget-gate bias starts at 1 so early training remembers (Jozefowicz, Zaremba &amp; Sutskever 2015). */
    public RecurrentConfig forgetBiasOne() {
        return with(kind, layers, bidirectional, dropout, batchFirst, bias, peephole, coupledInputForget, true,
                projectionSize, resetBeforeProduct, initialization, dtype);
    }

    /** LSTM: projects {@code h} to {@code size} units, as PyTorch's {@code proj_size} (Sak et al. 2014). */
    public RecurrentConfig projection(int size) {
        return with(kind, layers, bidirectional, dropout, batchFirst, bias, peephole, coupledInputForget,
                forgetBiasOne, size, resetBeforeProduct, initialization, dtype);
    }

    /**
     * GRU: the reset gate multiplies {@code h} before the hidden product, as Cho et al. (2014) wrote it, instead of
     * PyTorch's (and cuDNN's) placement after it.
     */
    public RecurrentConfig resetBeforeProduct() {
        return with(kind, layers, bidirectional, dropout, batchFirst, bias, peephole, coupledInputForget,
                forgetBiasOne, projectionSize, true, initialization, dtype);
    }

    public RecurrentConfig initialization(Initialization init) {
        return with(kind, layers, bidirectional, dropout, batchFirst, bias, peephole, coupledInputForget,
                forgetBiasOne, projectionSize, resetBeforeProduct, init, dtype);
    }

    /** Parameter dtype (as PyTorch's {@code dtype=} factory argument); FLOAT64 is for tight gradient checks. */
    public RecurrentConfig dtype(DType dt) {
        return with(kind, layers, bidirectional, dropout, batchFirst, bias, peephole, coupledInputForget,
                forgetBiasOne, projectionSize, resetBeforeProduct, initialization, dt);
    }

    // ----- values -----

    public CellKind kind() {
        return kind;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    public int layers() {
        return layers;
    }

    public boolean isBidirectional() {
        return bidirectional;
    }

    public int directions() {
        return bidirectional ? 2 : 1;
    }

    public double dropoutRate() {
        return dropout;
    }

    public boolean isBatchFirst() {
        return batchFirst;
    }

    public boolean hasBias() {
        return bias;
    }

    public boolean hasPeephole() {
        return peephole;
    }

    public boolean isCoupledInputForget() {
        return coupledInputForget;
    }

    public boolean isForgetBiasOne() {
        return forgetBiasOne;
    }

    /** The LSTM projection size, 0 when there is none. */
    public int projectionSize() {
        return projectionSize;
    }

    public boolean isResetBeforeProduct() {
        return resetBeforeProduct;
    }

    public Initialization initializationScheme() {
        return initialization;
    }

    public DType dtype() {
        return dtype;
    }

    /** Width of {@code h} (and of each direction's output): the projection size when there is one. */
    public int stateSize() {
        return projectionSize > 0 ? projectionSize : hiddenSize;
    }

    /** Width of the output's last axis: {@code directions * stateSize}. */
    public int outputSize() {
        return directions() * stateSize();
    }

    /** Gate blocks in {@code weight_ih}: 1 (RNN), 4 (LSTM), 3 (CIFG LSTM, GRU). */
    public int gates() {
        return switch (kind) {
            case RNN_TANH, RNN_RELU -> 1;
            case LSTM -> coupledInputForget ? 3 : 4;
            case GRU -> 3;
        };
    }

    /** Diagonal peephole vectors per layer and direction (i, f, o; f, o with CIFG). */
    int peepholeVectors() {
        return !peephole ? 0 : coupledInputForget ? 2 : 3;
    }

    /**
     * The number of scalar parameters for an input of {@code inputSize} features, with PyTorch's layout: per layer
     * and direction {@code gates*H*(in + h) + 2*gates*H} (with bias) plus the projection {@code P*H} and peepholes.
     */
    public long parameterCount(int inputSize) {
        if (inputSize < 1) {
            throw new IllegalArgumentException("input size must be >= 1, got " + inputSize);
        }
        long gh = (long) gates() * hiddenSize;
        long total = 0;
        for (int l = 0; l < layers; l++) {
            long in = l == 0 ? inputSize : outputSize();
            long perDirection = gh * in + gh * stateSize() + (bias ? 2 * gh : 0)
                    + (projectionSize > 0 ? (long) projectionSize * hiddenSize : 0)
                    + (long) peepholeVectors() * hiddenSize;
            total += perDirection * directions();
        }
        return total;
    }

    /** Builds the layer ({@link Rnn}, {@link Lstm} or {@link Gru}) with weights drawn from {@code rng}. */
    public Recurrent build(Engine engine, int inputSize, RandomSource rng) {
        return switch (kind) {
            case RNN_TANH, RNN_RELU -> new Rnn(engine, inputSize, this, rng);
            case LSTM -> new Lstm(engine, inputSize, this, rng);
            case GRU -> new Gru(engine, inputSize, this, rng);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecurrentConfig c && c.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(switch (kind) {
            case RNN_TANH -> "RNN";
            case RNN_RELU -> "RNN(relu)";
            case LSTM -> "LSTM";
            case GRU -> "GRU";
        });
        sb.append("(hidden=").append(hiddenSize);
        if (layers > 1) {
            sb.append(", layers=").append(layers);
        }
        if (bidirectional) {
            sb.append(", bidirectional");
        }
        if (dropout > 0) {
            sb.append(", dropout=").append(dropout);
        }
        if (batchFirst) {
            sb.append(", batchFirst");
        }
        if (!bias) {
            sb.append(", no bias");
        }
        if (peephole) {
            sb.append(", peephole");
        }
        if (coupledInputForget) {
            sb.append(", CIFG");
        }
        if (forgetBiasOne) {
            sb.append(", forgetBias=1");
        }
        if (projectionSize > 0) {
            sb.append(", projection=").append(projectionSize);
        }
        if (resetBeforeProduct) {
            sb.append(", resetBeforeProduct");
        }
        if (initialization != Initialization.PYTORCH) {
            sb.append(", init=").append(initialization);
        }
        if (dtype != DType.FLOAT32) {
            sb.append(", ").append(dtype);
        }
        return sb.append(')').toString();
    }
}
