package seqlab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import seqlab.engine.CellKind;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;
import seqlab.nn.Conv1d;
import seqlab.nn.Linear;
import seqlab.nn.Module;
import seqlab.nn.Recurrent;
import seqlab.nn.RecurrentConfig;
import seqlab.nn.TransformerConfig;
import seqlab.nn.TransformerEncoder;

/**
 * A model the benchmark times, built from the toolkit's layers so it runs on any engine: a recurrent stack
 * ({@link RecurrentConfig}), a Transformer encoder behind a linear input projection, or a temporal CNN (causal dilated
 * convolutions, as {@code ./seqlab compare}'s {@code cnn}). Input is batch-first {@code (batch, time, input)}; the
 * model's output is what the training step's loss (its mean) is taken of.
 *
 * <h2>FLOP count</h2>
 * Only matrix products are counted, two FLOPs per multiply-add; gate functions, softmax, normalisation and the
 * optimizer are left out, so {@code gflops} is a lower bound of the work done and comparable with the matmul peak.
 * With {@code B} batch, {@code T} time, {@code I} input, {@code H} hidden, {@code G} gate blocks (RNN 1, GRU 3, LSTM
 * and peephole LSTM 4, CIFG 3), {@code D} directions and {@code I_l} layer {@code l}'s input width ({@code I}, then
 * {@code D*H}):
 * <ul>
 *   <li>recurrent forward: {@code sum_l D * 2*B*T*G*H*(I_l + H)} (input projection and recurrent product);</li>
 *   <li>Transformer forward, width {@code d}, feed-forward {@code f}, {@code L} layers:
 *       {@code 2*B*T*(I*d + L*(4*d^2 + 2*d*f + 2*T*d))} (input projection; q,k,v and output projections; the
 *       feed-forward network; attention scores and the weighted sum of values);</li>
 *   <li>CNN forward, kernel {@code k}, {@code H} channels: {@code sum_l 2*B*T*H*k*I_l} (each layer a product of the
 *       unfolded input with the weight);</li>
 *   <li>training step: backward costs two products for each forward one (the gradient of its input and of its
 *       weight), except the gradient of the model's input, which nobody asks for:
 *       {@code train = 3*forward - inputGradient}, with {@code inputGradient = D*2*B*T*G*H*I} (recurrent),
 *       {@code 2*B*T*I*d} (Transformer) or {@code 2*B*T*H*k*I} (CNN).</li>
 * </ul>
 *
 * @param name          the name in the table ({@code bilstm}, ...)
 * @param architecture  what it is built from
 * @param layers        stacked layers
 * @param bidirectional whether a second stack runs backwards in time (recurrent only)
 */
public record BenchModel(String name, Architecture architecture, int layers, boolean bidirectional) {

    /** The layer types the benchmark builds. */
    public enum Architecture {
        RNN(CellKind.RNN_TANH, 1),
        GRU(CellKind.GRU, 3),
        LSTM(CellKind.LSTM, 4),
        /** An LSTM with peephole connections (Gers &amp; Schmidhuber 2000): no fused LibTorch kernel has them. */
        PEEPHOLE_LSTM(CellKind.LSTM, 4),
        /** An LSTM with coupled input and forget gates (Greff et al. 2017): three gate blocks. */
        CIFG_LSTM(CellKind.LSTM, 3),
        TRANSFORMER(null, 0),
        CNN(null, 0);

        private final CellKind cell;
        private final int gates;

        Architecture(CellKind cell, int gates) {
            this.cell = cell;
            this.gates = gates;
        }

        boolean recurrent() {
            return cell != null;
        }
    }

    /** The seed configuration: 2-layer bidirectional LSTM. */
    public static final BenchModel BILSTM = new BenchModel("bilstm", Architecture.LSTM, 2, true);
    public static final BenchModel BIGRU = new BenchModel("bigru", Architecture.GRU, 2, true);
    public static final BenchModel BIRNN = new BenchModel("birnn", Architecture.RNN, 2, true);
    public static final BenchModel LSTM = new BenchModel("lstm", Architecture.LSTM, 1, false);
    /** A 1-layer peephole LSTM; also the long-sequence run's model. Composed from ops where no kernel is fused. */
    public static final BenchModel PEEPHOLE = new BenchModel("peephole", Architecture.PEEPHOLE_LSTM, 1, false);
    public static final BenchModel CIFG = new BenchModel("cifg", Architecture.CIFG_LSTM, 1, false);
    /** Two causal convolutions, kernel 3, dilations 1 and 2, ReLU: {@code ./seqlab compare}'s {@code cnn}. */
    public static final BenchModel CNN = new BenchModel("cnn", Architecture.CNN, 2, false);
    public static final BenchModel TRANSFORMER = new BenchModel("transformer", Architecture.TRANSFORMER, 2, false);

    /** The CNN's kernel width. */
    static final int CNN_KERNEL = 3;

    /** Every model, in table order. */
    public static final List<BenchModel> ALL = List.of(BILSTM, BIGRU, BIRNN, LSTM, PEEPHOLE, CIFG, CNN, TRANSFORMER);

    public BenchModel {
        if (layers < 1) {
            throw new IllegalArgumentException("layers must be >= 1, got " + layers);
        }
        if (bidirectional && !architecture.recurrent()) {
            throw new IllegalArgumentException(architecture + " has no bidirectional form");
        }
    }

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

    /** Matrix-product FLOPs of one forward pass (see the class comment). */
    public double forwardFlops(int batch, int time, int input, int hidden) {
        double bt = (double) batch * time;
        switch (architecture) {
            case TRANSFORMER -> {
                double d = hidden, f = feedforward(hidden);
                return 2 * bt * (input * d + layers * (4 * d * d + 2 * d * f + 2.0 * time * d));
            }
            case CNN -> {
                double sum = 0;
                for (int l = 0; l < layers; l++) {
                    sum += 2 * bt * hidden * CNN_KERNEL * (double) (l == 0 ? input : hidden);
                }
                return sum;
            }
            default -> {
                int dirs = bidirectional ? 2 : 1;
                double sum = 0;
                for (int l = 0; l < layers; l++) {
                    int in = l == 0 ? input : dirs * hidden;
                    sum += dirs * 2 * bt * architecture.gates * hidden * (double) (in + hidden);
                }
                return sum;
            }
        }
    }

    /** Matrix-product FLOPs of one training step: forward and backward (see the class comment). */
    public double trainFlops(int batch, int time, int input, int hidden) {
        double bt = (double) batch * time;
        double inputGradient = switch (architecture) {
            case TRANSFORMER -> 2 * bt * input * hidden;
            case CNN -> 2 * bt * hidden * CNN_KERNEL * (double) input;
            default -> (bidirectional ? 2 : 1) * 2 * bt * architecture.gates * hidden * (double) input;
        };
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
        if (architecture == Architecture.TRANSFORMER) {
            TransformerModel m = new TransformerModel(engine, input, hidden, layers, dropout, rng);
            return instance(m, m::forward);
        }
        if (architecture == Architecture.CNN) {
            ConvModel m = new ConvModel(engine, input, hidden, layers, rng);
            return instance(m, m::forward);
        }
        RecurrentConfig cfg = switch (architecture.cell) {
            case LSTM -> RecurrentConfig.lstm(hidden);
            case GRU -> RecurrentConfig.gru(hidden);
            case RNN_TANH -> RecurrentConfig.rnn(hidden);
            case RNN_RELU -> RecurrentConfig.rnn(hidden).relu();
        };
        cfg = cfg.layers(layers).bidirectional(bidirectional).batchFirst();
        if (architecture == Architecture.PEEPHOLE_LSTM) {
            cfg = cfg.peephole();
        }
        if (architecture == Architecture.CIFG_LSTM) {
            cfg = cfg.coupledInputForget();
        }
        if (layers > 1) {
            cfg = cfg.dropout(dropout); // PyTorch's dropout acts between layers only
        }
        Recurrent layer = cfg.build(engine, input, rng);
        return instance(layer, x -> layer.forward(x).output());
    }

    private static Instance instance(Module module, java.util.function.UnaryOperator<Tensor> forward) {
        return new Instance() {
            @Override
            public Module module() {
                return module;
            }

            @Override
            public Tensor forward(Tensor x) {
                return forward.apply(x);
            }
        };
    }

    /** Causal dilated convolutions over batch-first input, ReLU after each (dilation doubles per layer). */
    static final class ConvModel extends Module {
        private final List<Conv1d> convs = new ArrayList<>();

        ConvModel(Engine engine, int input, int channels, int layers, RandomSource rng) {
            super(engine);
            int in = input;
            for (int l = 0; l < layers; l++) {
                convs.add(addModule("conv" + l, Conv1d.causal(engine, in, channels, CNN_KERNEL, 1 << l, rng)));
                in = channels;
            }
        }

        Tensor forward(Tensor x) {
            Tensor h = x;
            for (Conv1d c : convs) {
                h = c.forwardChannelsLast(h).relu();
            }
            return h;
        }
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
