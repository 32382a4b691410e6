package seqlab.model;

import java.util.Map;

/**
 * Factories for the model specs seqlab compares. They read well in a notebook cell:
 * {@code Models.lstm(128).bidirectional().layers(2)}.
 */
public final class Models {
    private Models() {
    }

    /** Elman RNN with tanh: {@code h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)}. */
    public static ModelSpec rnn(int hidden) {
        return new ModelSpec("rnn", hidden, 1, false, 0, Map.of(), null);
    }

    /** LSTM (Hochreiter &amp; Schmidhuber 1997, with the forget gate of Gers et al. 2000), PyTorch's equations. */
    public static ModelSpec lstm(int hidden) {
        return new ModelSpec("lstm", hidden, 1, false, 0, Map.of(), null);
    }

    /** LSTM with peephole connections (Gers &amp; Schmidhuber 2000). */
    public static ModelSpec peephole(int hidden) {
        return lstm(hidden).with("peephole", true);
    }

    /** LSTM with coupled input and forget gates, i = 1 - f (Greff et al. 2017). */
    public static ModelSpec cifg(int hidden) {
        return lstm(hidden).with("cifg", true);
    }

    /** GRU (Cho et al. 2014), PyTorch's placement of the reset gate. */
    public static ModelSpec gru(int hidden) {
        return new ModelSpec("gru", hidden, 1, false, 0, Map.of(), null);
    }

    /** Transformer encoder (Vaswani et al. 2017): {@code layers} blocks of width {@code width} with {@code heads}. */
    public static ModelSpec transformer(int layers, int width, int heads) {
        if (width % heads != 0) {
            throw new IllegalArgumentException("transformer: width " + width + " is not divisible by " + heads + " heads");
        }
        return new ModelSpec("transformer", width, layers, false, 0, Map.of("heads", heads), null);
    }

    /** A temporal convolutional baseline: {@code layers} dilated causal Conv1d blocks of {@code channels}. */
    public static ModelSpec cnn(int channels) {
        return new ModelSpec("cnn", channels, 2, false, 0, Map.of("kernel", 3), null);
    }
}
