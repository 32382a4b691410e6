package seqlab.model;

import seqlab.data.Vocabulary;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;
import seqlab.nn.Attention;
import seqlab.nn.Embedding;
import seqlab.nn.Linear;
import seqlab.nn.Masks;
import seqlab.nn.Module;
import seqlab.nn.TemporalPooling;

/**
 * Text classification: token embeddings (the padding token's row zero and untrained), a {@link SequenceEncoder}, a pooling head and a linear layer to class
 * logits. The head is the spec's {@link TaskHeads#pool()}: {@code last} (the encoder's final state; the default for
 * recurrent models), {@code mean} or {@code max} over real steps (the Transformer's and the CNN's defaults), or
 * {@code attention} (a learned query scores every step, Yang et al. 2016's attention pooling without the hierarchy;
 * padded steps get zero weight). The embedding is {@link TaskHeads#embedding()} wide when set, else
 * {@code embeddingSize}.
 */
public final class SequenceClassifier extends Module {
    private final Embedding embedding;
    private final SequenceEncoder encoder;
    private final Linear attentionScore;
    private final Linear output;
    private final TaskHeads.Pooling pool;
    private final double dropout;
    private Tensor lastAttention;

    public SequenceClassifier(Engine engine, ModelSpec spec, int vocabulary, int embeddingSize, int classes,
                              RandomSource rng) {
        super(engine);
        int width = embeddingWidth(spec, embeddingSize);
        this.embedding = addModule("embedding", new Embedding(engine, vocabulary, width, Vocabulary.PAD_ID, rng));
        this.encoder = addModule("encoder", spec.encoder(engine, width, rng));
        this.pool = spec.heads().pool();
        this.attentionScore = pool == TaskHeads.Pooling.ATTENTION
                ? addModule("attention", new Linear(engine, encoder.outputSize(), 1, rng)) : null;
        this.output = addModule("output", new Linear(engine, encoder.outputSize(), classes, rng));
        this.dropout = spec.dropout();
    }

    /** The width of token embeddings: the model's {@code embedding} setting, else the task's. */
    public static int embeddingWidth(ModelSpec spec, int embeddingSize) {
        return spec.heads().embedding() > 0 ? spec.heads().embedding() : embeddingSize;
    }

    /**
     * Trainable parameters of this architecture, without building it (for parameter matching): embedding,
     * encoder, attention scorer and output layer.
     */
    public static long parameterCount(ModelSpec spec, int vocabulary, int embeddingSize, int classes) {
        int enc = spec.outputSize(), width = embeddingWidth(spec, embeddingSize);
        long n = (long) vocabulary * width + spec.parameterCount(width) + (long) enc * classes + classes;
        if (spec.heads().pool() == TaskHeads.Pooling.ATTENTION) {
            n += enc + 1;
        }
        return n;
    }

    /** Class logits {@code (batch, classes)} for token ids {@code (batch, time)} with real lengths. */
    public Tensor forward(Tensor ids, int[] lengths) {
        Tensor x = dropout(embedding.forward(ids), dropout);
        SequenceEncoder.Encoded e = encoder.forward(x, lengths);
        Tensor pooled = switch (pool) {
            case LAST -> e.summary();
            case MEAN -> TemporalPooling.mean(e.outputs(), e.lengths());
            case MAX -> TemporalPooling.max(e.outputs(), e.lengths());
            case ATTENTION -> {
                int time = e.outputs().dim(1);
                Tensor scores = attentionScore.forward(e.outputs()).transpose(1, 2);                // (batch, 1, time)
                Tensor w = Attention.maskedSoftmax(scores, Masks.keyPadding(engine(), e.lengths(), time), null);
                lastAttention = w.squeeze(1);
                yield w.matmul(e.outputs()).squeeze(1);                                              // (batch, features)
            }
        };
        return output.forward(dropout(pooled, dropout));
    }

    /** The attention-pooling weights of the last forward pass, {@code (batch, time)}; null for other heads. */
    public Tensor lastAttentionWeights() {
        return lastAttention;
    }

    public SequenceEncoder encoder() {
        return encoder;
    }

    @Override
    public String toString() {
        return "SequenceClassifier(" + encoder.spec() + ", pool=" + Setting.lower(pool) + ", " + parameterCount() + " parameters)";
    }
}
