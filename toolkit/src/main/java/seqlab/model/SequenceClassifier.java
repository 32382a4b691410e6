package seqlab.model;

import java.util.List;
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
 * logits. The head is the spec's {@code pool} option: {@code last} (the encoder's final state; the default for
 * recurrent models), {@code mean} or {@code max} over real steps, or {@code attention} (a learned query scores every
 * step, Yang et al. 2016's attention pooling without the hierarchy; padded steps get zero weight).
 */
public final class SequenceClassifier extends Module {
    private final Embedding embedding;
    private final SequenceEncoder encoder;
    private final Linear attentionScore;
    private final Linear output;
    private final String pool;
    private final double dropout;
    private Tensor lastAttention;

    public SequenceClassifier(Engine engine, ModelSpec spec, int vocabulary, int embeddingSize, int classes,
                              RandomSource rng) {
        super(engine);
        this.embedding = addModule("embedding", new Embedding(engine, vocabulary, embeddingSize, Vocabulary.PAD_ID, rng));
        this.encoder = addModule("encoder", new SequenceEncoder(engine, spec, embeddingSize, rng));
        this.pool = pooling(spec);
        this.attentionScore = pool.equals("attention")
                ? addModule("attention", new Linear(engine, encoder.outputSize(), 1, rng)) : null;
        this.output = addModule("output", new Linear(engine, encoder.outputSize(), classes, rng));
        this.dropout = spec.dropout();
    }

    /** The pooling a spec asks for, with each family's default. */
    public static String pooling(ModelSpec spec) {
        String p = spec.stringOption("pool", switch (spec.family()) {
            case "transformer" -> "mean";
            case "cnn" -> "max";
            default -> "last";
        });
        if (!List.of("last", "mean", "max", "attention").contains(p)) {
            throw new IllegalArgumentException("Unknown pooling '" + p + "'; use last, mean, max or attention");
        }
        if (p.equals("last") && !spec.isRecurrent()) {
            throw new IllegalArgumentException("pool=last needs a recurrent encoder; " + spec.family()
                    + " supports mean, max or attention");
        }
        return p;
    }

    /**
     * Trainable parameters of this architecture, without building it (for parameter matching): embedding,
     * encoder, attention scorer and output layer.
     */
    public static long parameterCount(ModelSpec spec, int vocabulary, int embeddingSize, int classes) {
        int enc = spec.family().equals("transformer") || spec.family().equals("cnn") ? spec.hidden()
                : spec.hidden() * (spec.isBidirectional() ? 2 : 1);
        long n = (long) vocabulary * embeddingSize + spec.parameterCount(embeddingSize) + (long) enc * classes + classes;
        if (pooling(spec).equals("attention")) {
            n += enc + 1;
        }
        return n;
    }

    /** Class logits {@code (batch, classes)} for token ids {@code (batch, time)} with real lengths. */
    public Tensor forward(Tensor ids, int[] lengths) {
        Tensor x = dropout(embedding.forward(ids), dropout);
        SequenceEncoder.Encoded e = encoder.forward(x, lengths);
        Tensor pooled = switch (pool) {
            case "last" -> e.summary();
            case "mean" -> TemporalPooling.mean(e.outputs(), e.lengths());
            case "max" -> TemporalPooling.max(e.outputs(), e.lengths());
            default -> {
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
        return "SequenceClassifier(" + encoder.spec() + ", pool=" + pool + ", " + parameterCount() + " parameters)";
    }
}
