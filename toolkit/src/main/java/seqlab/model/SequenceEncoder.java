package seqlab.model;

import java.util.ArrayList;
import java.util.List;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;
import seqlab.nn.Conv1d;
import seqlab.nn.Gru;
import seqlab.nn.Linear;
import seqlab.nn.Lstm;
import seqlab.nn.Masks;
import seqlab.nn.Module;
import seqlab.nn.Recurrent;
import seqlab.nn.RecurrentConfig;
import seqlab.nn.RecurrentResult;
import seqlab.nn.Rnn;
import seqlab.nn.SinusoidalPositionalEncoding;
import seqlab.nn.TemporalPooling;
import seqlab.nn.TransformerConfig;
import seqlab.nn.TransformerEncoder;

/**
 * Any {@link ModelSpec} family as one sequence encoder over {@code (batch, time, inputSize)} with real lengths:
 * recurrent ({@code rnn}, {@code lstm} with its variants, {@code gru}; stacked, bidirectional), a Transformer encoder
 * (input projection, sinusoidal positions, post-norm blocks) or a temporal CNN (causal dilated convolutions, dilation
 * doubling per layer, ReLU). Every task builds its models from this one place.
 */
public final class SequenceEncoder extends Module {
    private final ModelSpec spec;
    private final int inputSize;
    private final int outputSize;
    private final Recurrent recurrent;
    private final Linear projection;
    private final SinusoidalPositionalEncoding positions;
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
        SinusoidalPositionalEncoding pos = null;
        TransformerEncoder tr = null;
        int out;
        switch (spec.family()) {
            case "rnn", "lstm", "gru" -> {
                rec = addModule("rnn", recurrent(engine, spec, inputSize, rng));
                out = spec.hidden() * (spec.isBidirectional() ? 2 : 1);
            }
            case "transformer" -> {
                int d = spec.hidden();
                if (inputSize != d) {
                    proj = addModule("input_projection", new Linear(engine, inputSize, d, rng));
                }
                pos = addModule("positions", new SinusoidalPositionalEncoding(engine, d, 4096, spec.dropout()));
                TransformerConfig cfg = TransformerConfig.of(d, spec.intOption("heads", 4))
                        .feedforward(spec.intOption("feedforward", 4 * d)).dropout(spec.dropout());
                tr = addModule("encoder", new TransformerEncoder(engine, cfg, spec.layers(), false, rng));
                out = d;
            }
            case "cnn" -> {
                int k = spec.intOption("kernel", 3);
                int in = inputSize;
                for (int l = 0; l < spec.layers(); l++) {
                    convs.add(addModule("conv" + l, Conv1d.causal(engine, in, spec.hidden(), k, 1 << l, rng)));
                    in = spec.hidden();
                }
                out = spec.hidden();
            }
            default -> throw new IllegalArgumentException("No sequence encoder for model family '" + spec.family()
                    + "'; use rnn, lstm, gru, transformer or cnn");
        }
        this.recurrent = rec;
        this.projection = proj;
        this.positions = pos;
        this.transformer = tr;
        this.outputSize = out;
    }

    /** The recurrent layer a spec describes, batch-first. */
    public static Recurrent recurrent(Engine engine, ModelSpec spec, int inputSize, RandomSource rng) {
        RecurrentConfig c = switch (spec.family()) {
            case "rnn" -> RecurrentConfig.rnn(spec.hidden());
            case "lstm" -> RecurrentConfig.lstm(spec.hidden());
            case "gru" -> RecurrentConfig.gru(spec.hidden());
            default -> throw new IllegalArgumentException("'" + spec.family() + "' is not a recurrent family");
        };
        c = c.layers(spec.layers()).bidirectional(spec.isBidirectional()).dropout(spec.layers() > 1 ? spec.dropout() : 0)
                .batchFirst();
        if (spec.flag("peephole")) {
            c = c.peephole();
        }
        if (spec.flag("cifg")) {
            c = c.coupledInputForget();
        }
        if (spec.flag("relu")) {
            c = c.relu();
        }
        if (spec.flag("reset_before")) {
            c = c.resetBeforeProduct();
        }
        return switch (spec.family()) {
            case "rnn" -> new Rnn(engine, inputSize, c, rng);
            case "lstm" -> new Lstm(engine, inputSize, c, rng);
            default -> new Gru(engine, inputSize, c, rng);
        };
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
        switch (spec.family()) {
            case "rnn", "lstm", "gru" -> {
                RecurrentResult r = recurrent.forward(x, lens);
                int l = spec.layers() - 1;
                Tensor summary;
                if (spec.isBidirectional()) {
                    summary = Tensor.concat(List.of(r.hN().narrow(0, 2 * l, 1).squeeze(0),
                            r.hN().narrow(0, 2 * l + 1, 1).squeeze(0)), 1);
                } else {
                    summary = r.hN().narrow(0, l, 1).squeeze(0);
                }
                return new Encoded(r.output(), summary, lens, r);
            }
            case "transformer" -> {
                Tensor h = projection == null ? x : projection.forward(x);
                h = positions.forward(h);
                Tensor mask = Masks.keyPadding(engine(), lens, time);
                Tensor out = Masks.zeroPadded(transformer.forward(h, mask), lens);
                return new Encoded(out, TemporalPooling.mean(out, lens), lens, null);
            }
            default -> {
                Tensor h = x;
                for (Conv1d c : convs) {
                    h = c.forwardChannelsLast(h, lens).relu();
                }
                h = Masks.zeroPadded(h, lens);
                return new Encoded(h, TemporalPooling.max(h, lens), lens, null);
            }
        }
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
