package seqlab.model;

import java.util.ArrayList;
import java.util.List;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;
import seqlab.nn.Conv1d;
import seqlab.nn.LearnedPositionalEncoding;
import seqlab.nn.Linear;
import seqlab.nn.Masks;
import seqlab.nn.Module;
import seqlab.nn.Recurrent;
import seqlab.nn.RecurrentConfig;
import seqlab.nn.RecurrentResult;
import seqlab.nn.SinusoidalPositionalEncoding;
import seqlab.nn.TemporalPooling;
import seqlab.nn.TransformerEncoder;

/**
 * Any {@link ModelSpec} as one sequence encoder over {@code (batch, time, inputSize)} with real lengths: recurrent
 * ({@link RecurrentSpec}: stacked, bidirectional, every cell variant), a Transformer encoder ({@link TransformerSpec}:
 * input projection, positional encoding, blocks) or a temporal CNN ({@link ConvSpec}: causal dilated convolutions,
 * ReLU). Every task builds its models from this one place ({@link ModelSpec#encoder}).
 */
public final class SequenceEncoder extends Module {
    private final ModelSpec spec;
    private final int inputSize;
    private final int outputSize;
    private final Recurrent recurrent;
    private final Linear projection;
    private final Module positions;
    private final TransformerEncoder transformer;
    private final List<Conv1d> convs = new ArrayList<>();

    /** What an encoder returns: every step's output, one summary vector per sequence, and the final states. */
    public record Encoded(Tensor outputs, Tensor summary, int[] lengths, RecurrentResult states) {
    }

    public SequenceEncoder(Engine engine, ModelSpec spec, int inputSize, RandomSource rng) {
        super(engine);
        this.spec = spec;
        this.inputSize = inputSize;
        Recurrent rec = null;
        Linear proj = null;
        Module pos = null;
        TransformerEncoder tr = null;
        if (spec instanceof RecurrentSpec r) {
            rec = addModule("rnn", recurrent(engine, r, inputSize, rng));
        } else if (spec instanceof TransformerSpec t) {
            int d = t.hidden();
            if (inputSize != d) {
                proj = addModule("input_projection", new Linear(engine, inputSize, d, rng));
            }
            pos = addModule("positions", positions(engine, t, rng));
            tr = addModule("encoder", new TransformerEncoder(engine, t.config(), t.layers(), false, rng));
        } else {
            ConvSpec c = (ConvSpec) spec;
            for (int l = 0; l < c.layers(); l++) {
                convs.add(addModule("conv" + l, c.config().layer(engine, l, inputSize, rng)));
            }
        }
        this.recurrent = rec;
        this.projection = proj;
        this.positions = pos;
        this.transformer = tr;
        this.outputSize = spec.outputSize();
    }

    /** The recurrent layer a spec describes, batch-first, with dropout between layers only when there are several. */
    public static Recurrent recurrent(Engine engine, RecurrentSpec spec, int inputSize, RandomSource rng) {
        RecurrentConfig c = spec.config();
        return c.dropout(c.layers() > 1 ? c.dropoutRate() : 0).batchFirst().build(engine, inputSize, rng);
    }

    /** The positional encoding a Transformer spec asks for, with its dropout. */
    static Module positions(Engine engine, TransformerSpec t, RandomSource rng) {
        return t.positional() == TransformerSpec.Positional.LEARNED
                ? new LearnedPositionalEncoding(engine, t.hidden(), t.maxPositions(), t.dropout(), rng)
                : new SinusoidalPositionalEncoding(engine, t.hidden(), t.maxPositions(), t.dropout());
    }

    /** Adds positions {@code offset ..} to a batch-first {@code (batch, time, d)} input. */
    static Tensor addPositions(Module positions, Tensor x, int offset) {
        return positions instanceof LearnedPositionalEncoding l ? l.forward(x, offset)
                : ((SinusoidalPositionalEncoding) positions).forward(x, offset);
    }

    public ModelSpec spec() {
        return spec;
    }

    public int inputSize() {
        return inputSize;
    }

    /** Features per step of {@link Encoded#outputs()} and of {@link Encoded#summary()}. */
    public int outputSize() {
        return outputSize;
    }

    /**
     * Encodes {@code x (batch, time, inputSize)} whose sequences have the given real lengths ({@code null}: all
     * full). Outputs are zero at padded steps. The summary is the last layer's final state (both directions
     * concatenated) for recurrent encoders, the mean over real steps for Transformers, and the max over real steps
     * for CNNs.
     */
    public Encoded forward(Tensor x, int[] lengths) {
        if (x.rank() != 3 || x.dim(2) != inputSize) {
            throw new IllegalArgumentException(spec.name() + " encoder: input must be (batch, time, " + inputSize
                    + "), got " + x.shape());
        }
        int batch = x.dim(0), time = x.dim(1);
        int[] lens = lengths;
        if (lens == null) {
            lens = new int[batch];
            java.util.Arrays.fill(lens, time);
        }
        if (recurrent != null) {
            RecurrentResult r = recurrent.forward(x, lens);
            int l = spec.layers() - 1;
            Tensor summary;
            if (recurrent.config().isBidirectional()) {
                summary = Tensor.concat(List.of(r.hN().narrow(0, 2 * l, 1).squeeze(0),
                        r.hN().narrow(0, 2 * l + 1, 1).squeeze(0)), 1);
            } else {
                summary = r.hN().narrow(0, l, 1).squeeze(0);
            }
            return new Encoded(r.output(), summary, lens, r);
        }
        if (transformer != null) {
            Tensor h = projection == null ? x : projection.forward(x);
            h = addPositions(positions, h, 0);
            Tensor mask = Masks.keyPadding(engine(), lens, time);
            Tensor out = Masks.zeroPadded(transformer.forward(h, mask), lens);
            return new Encoded(out, TemporalPooling.mean(out, lens), lens, null);
        }
        Tensor h = x;
        for (Conv1d c : convs) {
            h = c.forwardChannelsLast(h, lens).relu();
        }
        h = Masks.zeroPadded(h, lens);
        return new Encoded(h, TemporalPooling.max(h, lens), lens, null);
    }

    /** The Transformer's attention weights of {@code layer} (batch, time, time), averaged over heads. */
    public Tensor attentionWeights(int layer) {
        if (transformer == null) {
            throw new IllegalStateException(spec.name() + " has no self-attention");
        }
        return transformer.attentionWeights(layer);
    }

    @Override
    public String toString() {
        return "SequenceEncoder(" + spec + ", input " + inputSize + " -> " + outputSize + ", " + parameterCount()
                + " parameters)";
    }
}
