package seqlab.bench;

import java.util.List;
import java.util.Locale;
import seqlab.engine.CellKind;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;
import seqlab.nn.Linear;
import seqlab.nn.Module;
import seqlab.nn.Recurrent;
import seqlab.nn.RecurrentConfig;
import seqlab.nn.TransformerConfig;
import seqlab.nn.TransformerEncoder;

/**
 * A model the benchmark times, built from the toolkit's layers so it runs on any engine: a recurrent stack
 * ({@link RecurrentConfig}) or a Transformer encoder behind a linear input projection. Input is batch-first
 * {@code (batch, time, input)}; the model's output is what the training step's loss (its mean) is taken of.
 *
 * <h2>FLOP count</h2>
 * Only matrix products are counted, two FLOPs per multiply-add; gate functions, softmax, normalisation and the
 * optimizer are left out, so {@code gflops} is a lower bound of the work done and comparable with the matmul peak.
 * With {@code B} batch, {@code T} time, {@code I} input, {@code H} hidden, {@code G} gates (RNN 1, GRU 3, LSTM 4),
 * {@code D} directions and {@code I_l} layer {@code l}'s input width ({@code I}, then {@code D*H}):
 * <ul>
 *   <li>recurrent forward: {@code sum_l D * 2*B*T*G*H*(I_l + H)} (input projection and recurrent product);</li>
 *   <li>Transformer forward, width {@code d}, feed-forward {@code f}, {@code L} layers:
 *       {@code 2*B*T*(I*d + L*(4*d^2 + 2*d*f + 2*T*d))} (input projection; q,k,v and output projections; the
 *       feed-forward network; attention scores and the weighted sum of values);</li>
 *   <li>training step: backward costs two products for each forward one (the gradient of its input and of its
 *       weight), except the gradient of the model's input, which nobody asks for:
 *       {@code train = 3*forward - inputGradient}, with {@code inputGradient = D*2*B*T*G*H*I} (recurrent) or
 *       {@code 2*B*T*I*d} (Transformer).</li>
 * </ul>
 *
 * @param name          the name in the table ({@code bilstm}, ...)
 * @param kind          the cell, or {@code null} for the Transformer
 * @param layers        stacked layers
 * @param bidirectional whether a second stack runs backwards in time (recurrent only)
 * @param peephole      an LSTM with peephole connections, which no engine fuses: it runs composed from tensor ops,
 *                      step by step
 */
public record BenchModel(String name, CellKind kind, int layers, boolean bidirectional, boolean peephole) {

    /** The seed configuration: 2-layer bidirectional LSTM. */
    public static final BenchModel BILSTM = new BenchModel("bilstm", CellKind.LSTM, 2, true, false);
    public static final BenchModel BIGRU = new BenchModel("bigru", CellKind.GRU, 2, true, false);
    public static final BenchModel BIRNN = new BenchModel("birnn", CellKind.RNN_TANH, 2, true, false);
    public static final BenchModel LSTM = new BenchModel("lstm", CellKind.LSTM, 1, false, false);
    public static final BenchModel TRANSFORMER = new BenchModel("transformer", null, 2, false, false);
    /** The long-sequence run's model: a 1-layer peephole LSTM, composed from ops on every engine. */
    public static final BenchModel PEEPHOLE = new BenchModel("peephole", CellKind.LSTM, 1, false, true);

    /** Every model, in table order. */
    public static final List<BenchModel> ALL = List.of(BILSTM, BIGRU, BIRNN, LSTM, TRANSFORMER);

    /** The model called {@code name}. */
    public static BenchModel byName(String name) {
        for (BenchModel m : ALL) {
            if (m.name.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("Unknown benchmark model '" + name + "'; use one of "
                + String.join(", ", ALL.stream().map(BenchModel::name).toList()));
    }

    /** Attention heads of the Transformer at width {@code hidden}: 4 when they divide it, else 1. */
    static int heads(int hidden) {
        return hidden % 4 == 0 ? 4 : 1;
    }

    /** The feed-forward width of the Transformer: four times the model width, as in Vaswani et al. (2017). */
    static int feedforward(int hidden) {
        return 4 * hidden;
    }

    private int gates() {
        return kind.gates();
    }

    /** Matrix-product FLOPs of one forward pass (see the class comment). */
    public double forwardFlops(int batch, int time, int input, int hidden) {
        double bt = (double) batch * time;
        if (kind == null) {
            double d = hidden, f = feedforward(hidden);
            return 2 * bt * (input * d + layers * (4 * d * d + 2 * d * f + 2.0 * time * d));
        }
        int dirs = bidirectional ? 2 : 1;
        double sum = 0;
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? input : dirs * hidden;
            sum += dirs * 2 * bt * gates() * hidden * (double) (in + hidden);
        }
        return sum;
    }

    /** Matrix-product FLOPs of one training step: forward and backward (see the class comment). */
    public double trainFlops(int batch, int time, int input, int hidden) {
        double bt = (double) batch * time;
        double inputGradient = kind == null ? 2 * bt * input * hidden
                : (bidirectional ? 2 : 1) * 2 * bt * gates() * hidden * (double) input;
        return 3 * forwardFlops(batch, time, input, hidden) - inputGradient;
    }

    /** A model built on {@code engine}, and how to run it. */
    public interface Instance {
        Module module();

        /** The output for a batch-first input {@code (batch, time, input)}. */
        Tensor forward(Tensor x);
    }

    /** Builds this model on {@code engine} with weights drawn from {@code seed}. */
    public Instance build(Engine engine, int input, int hidden, double dropout, long seed) {
        RandomSource rng = new RandomSource(seed);
        if (kind == null) {
            TransformerModel m = new TransformerModel(engine, input, hidden, layers, dropout, rng);
            return new Instance() {
                @Override
                public Module module() {
                    return m;
                }

                @Override
                public Tensor forward(Tensor x) {
                    return m.forward(x);
                }
            };
        }
        RecurrentConfig cfg = switch (kind) {
            case LSTM -> RecurrentConfig.lstm(hidden);
            case GRU -> RecurrentConfig.gru(hidden);
            case RNN_TANH -> RecurrentConfig.rnn(hidden);
            case RNN_RELU -> RecurrentConfig.rnn(hidden).relu();
        };
        cfg = cfg.layers(layers).bidirectional(bidirectional).batchFirst();
        if (peephole) {
            cfg = cfg.peephole();
        }
        if (layers > 1) {
            cfg = cfg.dropout(dropout); // PyTorch's dropout acts between layers only
        }
        Recurrent layer = cfg.build(engine, input, rng);
        return new Instance() {
            @Override
            public Module module() {
                return layer;
            }

            @Override
            public Tensor forward(Tensor x) {
                return layer.forward(x).output();
            }
        };
    }

    /** A linear projection of the input to the model width, then the encoder stack (post-norm, ReLU). */
    static final class TransformerModel extends Module {
        private final Linear projection;
        private final TransformerEncoder encoder;

        TransformerModel(Engine engine, int input, int width, int layers, double dropout, RandomSource rng) {
            super(engine);
            projection = addModule("projection", new Linear(engine, input, width, rng));
            TransformerConfig cfg = TransformerConfig.of(width, heads(width)).feedforward(feedforward(width)).dropout(dropout);
            encoder = addModule("encoder", new TransformerEncoder(engine, cfg, layers, false, rng));
        }

        Tensor forward(Tensor x) {
            return encoder.forward(projection.forward(x), (Tensor) null);
        }
    }
}
