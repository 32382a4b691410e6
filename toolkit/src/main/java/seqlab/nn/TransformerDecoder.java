package seqlab.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;

/**
 * A stack of {@link TransformerDecoderLayer}s, as PyTorch's {@code nn.TransformerDecoder}: {@code layers.0.*} ... and an
 * optional final {@code norm.*}. Each layer gets its own independently drawn weights.
 */
public final class TransformerDecoder extends Module {
    private final List<TransformerDecoderLayer> layers = new ArrayList<>();
    private final LayerNorm norm;

    public TransformerDecoder(Engine engine, TransformerConfig config, int numLayers, boolean finalNorm, RandomSource rng) {
        super(engine);
        if (numLayers < 1) {
            throw new IllegalArgumentException("TransformerDecoder: numLayers must be >= 1, got " + numLayers);
        }
        TransformerEncoder.Stack stack = addModule("layers", new TransformerEncoder.Stack(engine));
        for (int i = 0; i < numLayers; i++) {
            layers.add(stack.add(i, new TransformerDecoderLayer(engine, config, rng)));
        }
        norm = finalNorm ? addModule("norm", new LayerNorm(engine, config.dModel(), config.layerNormEps())) : null;
    }

    /** Decodes {@code tgt} against {@code memory}; see {@link TransformerDecoderLayer#forward}. Masks may be null. */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor tgtKeyPaddingMask, Tensor memoryKeyPaddingMask) {
        Tensor x = tgt;
        for (TransformerDecoderLayer layer : layers) {
            x = layer.forward(x, memory, tgtMask, tgtKeyPaddingMask, memoryKeyPaddingMask);
        }
        return norm == null ? x : norm.forward(x);
    }

    public List<TransformerDecoderLayer> layers() {
        return Collections.unmodifiableList(layers);
    }

    @Override
    public String toString() {
        return "TransformerDecoder(" + layers.size() + " x " + layers.get(0).config() + (norm != null ? ", final norm" : "") + ")";
    }
}
