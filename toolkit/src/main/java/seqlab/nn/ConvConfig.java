package seqlab.nn;

import seqlab.engine.Engine;
import seqlab.engine.RandomSource;

/**
 * A temporal convolutional stack: {@code layers} causal {@link Conv1d} layers of {@code channels}, dilation doubling
 * per layer (1, 2, 4, ...: the dilated causal convolutions of van den Oord et al. 2016, "WaveNet", section 2.1), each
 * followed by ReLU. Layer {@code l} sees {@code 1 + (kernel - 1)(2^(l+1) - 1)} steps back in all.
 *
 * @param channels output channels of every layer
 * @param layers   layers
 * @param kernel   kernel width
 */
public record ConvConfig(int channels, int layers, int kernel) {

    public ConvConfig {
        if (channels < 1 || layers < 1 || kernel < 1) {
            throw new IllegalArgumentException("ConvConfig: channels, layers and kernel must be >= 1, got channels="
                    + channels + ", layers=" + layers + ", kernel=" + kernel);
        }
        if (layers > 30) {
            throw new IllegalArgumentException("ConvConfig: " + layers + " layers would dilate by 2^" + (layers - 1)
                    + "; use at most 30");
        }
    }

    public ConvConfig channels(int n) {
        return new ConvConfig(n, layers, kernel);
    }

    public ConvConfig layers(int n) {
        return new ConvConfig(channels, n, kernel);
    }

    public ConvConfig kernel(int k) {
        return new ConvConfig(channels, layers, k);
    }

    /** Parameters for {@code inputSize} input channels: per layer {@code channels * in * kernel + channels}. */
    public long parameterCount(int inputSize) {
        long total = 0;
        for (int l = 0; l < layers; l++) {
            long in = l == 0 ? inputSize : channels;
            total += (long) channels * in * kernel + channels;
        }
        return total;
    }

    /** Layer {@code l} of the stack, reading {@code inputSize} channels when it is the first. */
    public Conv1d layer(Engine engine, int l, int inputSize, RandomSource rng) {
        return Conv1d.causal(engine, l == 0 ? inputSize : channels, channels, kernel, 1 << l, rng);
    }
}
