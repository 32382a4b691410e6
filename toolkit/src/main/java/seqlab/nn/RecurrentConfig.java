package seqlab.nn;

import java.util.Objects;
import seqlab.engine.CellKind;
import seqlab.engine.DType;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;

/**
 * What a recurrent stack is, independent of any engine: the cell, its size and every option. A record; each option
 * has one wither named after it that returns a changed copy (a switch without an argument turns it on), so a
 * configuration reads as a sentence:
 * <pre>{@code
 * RecurrentConfig.lstm(128).layers(2).bidirectional().dropout(0.3).recurrentDropout(0.2).batchFirst()
 * }</pre>
 * {@link #parameterCount(int)} computes the number of weights without building anything, with PyTorch's layout, so
 * {@code lstm(128).parameterCount(100) == 117760} and {@code gru(128).parameterCount(100) == 88320}: the GRU's
 * three gate blocks against the LSTM's four make it exactly 25% smaller. {@link #build} makes the layer.
 *
 * @param kind                 the cell
 * @param hiddenSize           units per layer and direction
 * @param layers               stacked layers
 * @param isBidirectional      a second stack reads backwards; outputs are concatenated, forward first
 * @param dropoutRate          dropout on each layer's output except the last (training only), as PyTorch's
 *                             {@code dropout}
 * @param recurrentDropout     variational dropout of {@code h_{t-1}} in the recurrent products: one mask per sequence,
 *                             layer and direction, the same at every step (Gal &amp; Ghahramani 2016, "A theoretically
 *                             grounded application of dropout in recurrent neural networks", section 4); training only
 * @param isBatchFirst         input and output are {@code (batch, time, features)}
 * @param hasBias              with the biases {@code b_ih, b_hh}
 * @param hasPeephole          LSTM: gates see the cell state (Gers &amp; Schmidhuber 2000)
 * @param isCoupledInputForget LSTM: {@code i = 1 - f} (CIFG; Greff et al. 2017)
 * @param forgetBias           LSTM: the forget gate's initial bias ({@code bias_ih}'s forget block; {@code bias_hh}'s
 *                             is 0), or {@code null} to leave it as the initialisation drew it
 * @param projectionSize       LSTM: PyTorch's {@code proj_size} (Sak et al. 2014); 0 for none
 * @param isResetBeforeProduct GRU: the reset gate multiplies {@code h} before the hidden product (Cho et al. 2014)
 * @param updateGate           GRU: which state the update gate {@code z} weights (see {@link UpdateGate})
 * @param initializationScheme how weights are drawn
 * @param dtype                parameter dtype
 */
public record RecurrentConfig(CellKind kind, int hiddenSize, int layers, boolean isBidirectional, double dropoutRate,
                              double recurrentDropout, boolean isBatchFirst, boolean hasBias, boolean hasPeephole,
                              boolean isCoupledInputForget, Double forgetBias, int projectionSize,
                              boolean isResetBeforeProduct, UpdateGate updateGate, Initialization initializationScheme,
                              DType dtype) {

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

    /**
     * Which state a GRU's update gate {@code z} weights. The two conventions describe the same family of functions:
     * {@code sigmoid(-a) = 1 - sigmoid(a)}, so negating the {@code z} block of {@code weight_ih}, {@code weight_hh},
     * {@code bias_ih} and {@code bias_hh} turns one into the other. They differ in what a freshly initialised or
     * weight-decayed network does, and in which weights PyTorch can load.
     */
    public enum UpdateGate {
        /**
         * {@code h_t = (1 - z) * n + z * h_{t-1}}: {@code z} keeps the previous state. PyTorch's {@code nn.GRU},
         * cuDNN and Cho et al. (2014, eq. 7); every fused kernel runs it.
         */
        PREVIOUS,
        /**
         * {@code h_t = (1 - z) * h_{t-1} + z * n}: {@code z} takes the candidate. Chung et al. (2014, "Empirical
         * evaluation of gated recurrent neural networks on sequence modeling", eq. 5) and the guide; the reference
         * engine's fused kernel runs it, LibTorch's has no such option (the layer composes ops there).
         */
        CANDIDATE
    }

    public RecurrentConfig {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(updateGate, "updateGate");
        Objects.requireNonNull(initializationScheme, "initializationScheme");
        Objects.requireNonNull(dtype, "dtype");
        if (hiddenSize < 1) {
            throw new IllegalArgumentException("hidden size must be >= 1, got " + hiddenSize);
        }
        if (layers < 1) {
            throw new IllegalArgumentException("layers must be >= 1, got " + layers);
        }
        if (!(dropoutRate >= 0 && dropoutRate < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropoutRate);
        }
        if (!(recurrentDropout >= 0 && recurrentDropout < 1)) {
            throw new IllegalArgumentException("recurrent dropout must be in [0, 1), got " + recurrentDropout);
        }
        if (projectionSize < 0 || (projectionSize > 0 && projectionSize >= hiddenSize)) {
            throw new IllegalArgumentException("projection size must be in [0, hidden size " + hiddenSize + "), got "
                    + projectionSize + " (as PyTorch's proj_size)");
        }
        if (forgetBias != null && !Double.isFinite(forgetBias)) {
            throw new IllegalArgumentException("forget bias must be finite, got " + forgetBias);
        }
        if (kind != CellKind.LSTM && (hasPeephole || isCoupledInputForget || forgetBias != null || projectionSize > 0)) {
            throw new IllegalArgumentException("peephole, coupledInputForget, forgetBias and projection are LSTM "
                    + "options; this configuration is " + kind + ". Start from RecurrentConfig.lstm(...)");
        }
        if (kind != CellKind.GRU && (isResetBeforeProduct || updateGate != UpdateGate.PREVIOUS)) {
            throw new IllegalArgumentException("resetBeforeProduct and updateGate are GRU options; this configuration is "
                    + kind + ". Start from RecurrentConfig.gru(...)");
        }
        if (forgetBias != null && !hasBias) {
            throw new IllegalArgumentException("forgetBias needs biases; remove bias(false) or forgetBias");
        }
        if (dtype == DType.INT64) {
            throw new IllegalArgumentException("parameters must be FLOAT32 or FLOAT64, got INT64");
        }
    }

    private static RecurrentConfig of(CellKind kind, int hidden) {
        return new RecurrentConfig(kind, hidden, 1, false, 0.0, 0.0, false, true, false, false, null, 0, false,
                UpdateGate.PREVIOUS, Initialization.PYTORCH, DType.FLOAT32);
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

    // ----- withers: one per option, named after it -----

    /** Another cell of the same family's size and options (RNN_TANH and RNN_RELU are one family). */
    public RecurrentConfig kind(CellKind k) {
        return new RecurrentConfig(k, hiddenSize, layers, isBidirectional, dropoutRate, recurrentDropout, isBatchFirst,
                hasBias, hasPeephole, isCoupledInputForget, forgetBias, projectionSize, isResetBeforeProduct, updateGate,
                initializationScheme, dtype);
    }

    /** Elman RNN with {@code relu} instead of {@code tanh} ({@code nonlinearity='relu'}). */
    public RecurrentConfig relu() {
        if (kind != CellKind.RNN_TANH && kind != CellKind.RNN_RELU) {
            throw new IllegalArgumentException("relu() is an RNN option; this configuration is " + kind);
        }
        return kind(CellKind.RNN_RELU);
    }

    public RecurrentConfig hiddenSize(int h) {
        return new RecurrentConfig(kind, h, layers, isBidirectional, dropoutRate, recurrentDropout, isBatchFirst,
                hasBias, hasPeephole, isCoupledInputForget, forgetBias, projectionSize, isResetBeforeProduct, updateGate,
                initializationScheme, dtype);
    }

    /** Stacks {@code n} layers; each layer's output is the next one's input. */
    public RecurrentConfig layers(int n) {
        return new RecurrentConfig(kind, hiddenSize, n, isBidirectional, dropoutRate, recurrentDropout, isBatchFirst,
                hasBias, hasPeephole, isCoupledInputForget, forgetBias, projectionSize, isResetBeforeProduct, updateGate,
                initializationScheme, dtype);
    }

    /** Runs a second stack backwards in time and concatenates its output after the forward one's. */
    public RecurrentConfig bidirectional() {
        return bidirectional(true);
    }

    public RecurrentConfig bidirectional(boolean on) {
        return new RecurrentConfig(kind, hiddenSize, layers, on, dropoutRate, recurrentDropout, isBatchFirst, hasBias,
                hasPeephole, isCoupledInputForget, forgetBias, projectionSize, isResetBeforeProduct, updateGate,
                initializationScheme, dtype);
    }

    /** Dropout on each layer's output except the last, in training mode only. */
    public RecurrentConfig dropout(double p) {
        return new RecurrentConfig(kind, hiddenSize, layers, isBidirectional, p, recurrentDropout, isBatchFirst, hasBias,
                hasPeephole, isCoupledInputForget, forgetBias, projectionSize, isResetBeforeProduct, updateGate,
                initializationScheme, dtype);
    }

    /**
     * Variational dropout on the recurrent connections (see {@link #recurrentDropout()}). While it is active (training
     * mode, {@code p > 0}) the layer runs composed ops, since the fused kernels have no mask input.
     */
    public RecurrentConfig recurrentDropout(double p) {
        return new RecurrentConfig(kind, hiddenSize, layers, isBidirectional, dropoutRate, p, isBatchFirst, hasBias,
                hasPeephole, isCoupledInputForget, forgetBias, projectionSize, isResetBeforeProduct, updateGate,
                initializationScheme, dtype);
    }

    /** Input and output are {@code (batch, time, features)} rather than {@code (time, batch, features)}. */
    public RecurrentConfig batchFirst() {
        return batchFirst(true);
    }

    public RecurrentConfig batchFirst(boolean on) {
        return new RecurrentConfig(kind, hiddenSize, layers, isBidirectional, dropoutRate, recurrentDropout, on, hasBias,
                hasPeephole, isCoupledInputForget, forgetBias, projectionSize, isResetBeforeProduct, updateGate,
                initializationScheme, dtype);
    }

    /** With or without the biases {@code b_ih, b_hh} (default with). */
    public RecurrentConfig bias(boolean on) {
        return new RecurrentConfig(kind, hiddenSize, layers, isBidirectional, dropoutRate, recurrentDropout,
                isBatchFirst, on, hasPeephole, isCoupledInputForget, forgetBias, projectionSize, isResetBeforeProduct,
                updateGate, initializationScheme, dtype);
    }

    /** LSTM: gates see the cell state through diagonal (per-unit) weights (Gers &amp; Schmidhuber 2000). */
    public RecurrentConfig peephole() {
        return peephole(true);
    }

    public RecurrentConfig peephole(boolean on) {
        return new RecurrentConfig(kind, hiddenSize, layers, isBidirectional, dropoutRate, recurrentDropout,
                isBatchFirst, hasBias, on, isCoupledInputForget, forgetBias, projectionSize, isResetBeforeProduct,
                updateGate, initializationScheme, dtype);
    }

    /** LSTM: coupled input and forget gates, {@code i = 1 - f} (CIFG; Greff et al. 2017); three gate blocks. */
    public RecurrentConfig coupledInputForget() {
        return coupledInputForget(true);
    }

    public RecurrentConfig coupledInputForget(boolean on) {
        return new RecurrentConfig(kind, hiddenSize, layers, isBidirectional, dropoutRate, recurrentDropout,
                isBatchFirst, hasBias, hasPeephole, on, forgetBias, projectionSize, isResetBeforeProduct, updateGate,
                initializationScheme, dtype);
    }

    /** LSTM: the forget gate's bias starts at {@code b} ({@code null}: as initialised). */
    public RecurrentConfig forgetBias(Double b) {
        return new RecurrentConfig(kind, hiddenSize, layers, isBidirectional, dropoutRate, recurrentDropout,
                isBatchFirst, hasBias, hasPeephole, isCoupledInputForget, b, projectionSize, isResetBeforeProduct,
                updateGate, initializationScheme, dtype);
    }

    /** LSTM: forget-gate bias starts at 1 so early training remembers (Jozefowicz, Zaremba &amp; Sutskever 2015). */
    public RecurrentConfig forgetBiasOne() {
        return forgetBias(1.0);
    }

    /** LSTM: projects {@code h} to {@code size} units, as PyTorch's {@code proj_size} (Sak et al. 2014). */
    public RecurrentConfig projection(int size) {
        return new RecurrentConfig(kind, hiddenSize, layers, isBidirectional, dropoutRate, recurrentDropout,
                isBatchFirst, hasBias, hasPeephole, isCoupledInputForget, forgetBias, size, isResetBeforeProduct,
                updateGate, initializationScheme, dtype);
    }

    /**
     * GRU: the reset gate multiplies {@code h} before the hidden product, as Cho et al. (2014) wrote it, instead of
     * PyTorch's (and cuDNN's) placement after it.
     */
    public RecurrentConfig resetBeforeProduct() {
        return resetBeforeProduct(true);
    }

    public RecurrentConfig resetBeforeProduct(boolean on) {
        return new RecurrentConfig(kind, hiddenSize, layers, isBidirectional, dropoutRate, recurrentDropout,
                isBatchFirst, hasBias, hasPeephole, isCoupledInputForget, forgetBias, projectionSize, on, updateGate,
                initializationScheme, dtype);
    }

    /** GRU: which state the update gate weights ({@link UpdateGate}). */
    public RecurrentConfig updateGate(UpdateGate u) {
        return new RecurrentConfig(kind, hiddenSize, layers, isBidirectional, dropoutRate, recurrentDropout,
                isBatchFirst, hasBias, hasPeephole, isCoupledInputForget, forgetBias, projectionSize,
                isResetBeforeProduct, u, initializationScheme, dtype);
    }

    public RecurrentConfig initialization(Initialization init) {
        return new RecurrentConfig(kind, hiddenSize, layers, isBidirectional, dropoutRate, recurrentDropout,
                isBatchFirst, hasBias, hasPeephole, isCoupledInputForget, forgetBias, projectionSize,
                isResetBeforeProduct, updateGate, init, dtype);
    }

    /** Parameter dtype (as PyTorch's {@code dtype=} factory argument); FLOAT64 is for tight gradient checks. */
    public RecurrentConfig dtype(DType dt) {
        return new RecurrentConfig(kind, hiddenSize, layers, isBidirectional, dropoutRate, recurrentDropout,
                isBatchFirst, hasBias, hasPeephole, isCoupledInputForget, forgetBias, projectionSize,
                isResetBeforeProduct, updateGate, initializationScheme, dt);
    }

    // ----- derived values -----

    public int directions() {
        return isBidirectional ? 2 : 1;
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
            case LSTM -> isCoupledInputForget ? 3 : 4;
            case GRU -> 3;
        };
    }

    /** Diagonal peephole vectors per layer and direction (i, f, o; f, o with CIFG). */
    int peepholeVectors() {
        return !hasPeephole ? 0 : isCoupledInputForget ? 2 : 3;
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
            long perDirection = gh * in + gh * stateSize() + (hasBias ? 2 * gh : 0)
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
        if (isBidirectional) {
            sb.append(", bidirectional");
        }
        if (dropoutRate > 0) {
            sb.append(", dropout=").append(dropoutRate);
        }
        if (recurrentDropout > 0) {
            sb.append(", recurrentDropout=").append(recurrentDropout);
        }
        if (isBatchFirst) {
            sb.append(", batchFirst");
        }
        if (!hasBias) {
            sb.append(", no bias");
        }
        if (hasPeephole) {
            sb.append(", peephole");
        }
        if (isCoupledInputForget) {
            sb.append(", CIFG");
        }
        if (forgetBias != null) {
            sb.append(", forgetBias=").append(forgetBias);
        }
        if (projectionSize > 0) {
            sb.append(", projection=").append(projectionSize);
        }
        if (isResetBeforeProduct) {
            sb.append(", resetBeforeProduct");
        }
        if (updateGate != UpdateGate.PREVIOUS) {
            sb.append(", updateGate=").append(updateGate);
        }
        if (initializationScheme != Initialization.PYTORCH) {
            sb.append(", init=").append(initializationScheme);
        }
        if (dtype != DType.FLOAT32) {
            sb.append(", ").append(dtype);
        }
        return sb.append(')').toString();
    }
}
