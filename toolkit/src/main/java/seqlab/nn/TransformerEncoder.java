package seqlab.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;

/**
 * A stack of {@link TransformerEncoderLayer}s, as PyTorch's {@code nn.TransformerEncoder}: parameters are named
 * {@code layers.0.self_attn.in_proj_weight} ... and, with a final norm (usual for pre-norm stacks), {@code norm.weight},
 * {@code norm.bias}. Each layer gets its own independently drawn weights (PyTorch deep-copies one layer, which
 * starts all layers equal).
 *
 * <pre>{@code
 * var enc = new TransformerEncoder(engine, TransformerConfig.of(128, 4).feedforward(512), 2, false, rng);
 * Tensor y = enc.forward(x, Masks.keyPadding(engine, lengths, x.dim(1)));
 * Tensor heat = enc.attentionWeights(1, 3);   // layer 1, head 3: (batch, time, time)
 * }</pre>
 */
public final class TransformerEncoder extends Module {
    private final List<TransformerEncoderLayer> layers = new ArrayList<>();
    private final LayerNorm norm;

    public TransformerEncoder(Engine engine, TransformerConfig config, int numLayers, boolean finalNorm, RandomSource rng) {
        super(engine);
        if (numLayers < 1) {
            throw new IllegalArgumentException("TransformerEncoder: numLayers must be >= 1, got " + numLayers);
        }
        Stack stack = addModule("layers", new Stack(engine));
        for (int i = 0; i < numLayers; i++) {
            layers.add(stack.add(i, new TransformerEncoderLayer(engine, config, rng)));
        }
        norm = finalNorm ? addModule("norm", new LayerNorm(engine, config.dModel(), config.layerNormEps())) : null;
    }

    /** Encodes a right-padded batch given its lengths, as the recurrent layers take them. */
    public Tensor forward(Tensor src, int[] lengths) {
        return forward(src, Masks.keyPadding(src.engine(), lengths, src.dim(1)), null);
    }

    /** Encodes with a key-padding mask ({@code (batch, time)}, 1 = padded; may be null). */
    public Tensor forward(Tensor src, Tensor keyPaddingMask) {
        return forward(src, keyPaddingMask, null);
    }

    /** Encodes with a key-padding mask and an attention mask ({@code (time, time)}, 1 = may not attend); either may be null. */
    public Tensor forward(Tensor src, Tensor keyPaddingMask, Tensor attnMask) {
        Tensor x = src;
        for (TransformerEncoderLayer layer : layers) {
            x = layer.forward(x, keyPaddingMask, attnMask);
        }
        return norm == null ? x : norm.forward(x);
    }

    public List<TransformerEncoderLayer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** Every head's self-attention weights of {@code layer} from the latest call, {@code (batch, heads, time, time)}. */
    public Tensor attentionWeights(int layer) {
        return layer(layer).lastAttentionWeights();
    }

    /** One head's self-attention weights of {@code layer} from the latest call, {@code (batch, time, time)}. */
    public Tensor attentionWeights(int layer, int head) {
        return layer(layer).selfAttention().lastAttentionWeights(head);
    }

    private TransformerEncoderLayer layer(int i) {
        if (i < 0 || i >= layers.size()) {
            throw new IllegalArgumentException("TransformerEncoder: layer " + i + " is outside 0.." + (layers.size() - 1));
        }
        return layers.get(i);
    }

    @Override
    public String toString() {
        return "TransformerEncoder(" + layers.size() + " x " + layers.get(0).config() + (norm != null ? ", final norm" : "") + ")";
    }

    /** A numbered list of child modules, so names read {@code layers.0.*} as PyTorch's {@code nn.ModuleList}. */
    static final class Stack extends Module {
        Stack(Engine engine) {
            super(engine);
        }

        <M extends Module> M add(int index, M m) {
            return addModule(Integer.toString(index), m);
        }
    }
}
