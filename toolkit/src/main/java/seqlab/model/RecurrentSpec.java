package seqlab.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import seqlab.engine.DType;
import seqlab.nn.RecurrentConfig;
import seqlab.engine.CellKind;

/**
 * A recurrent encoder ({@code rnn}, {@code lstm} and its variants, {@code gru}): a {@link RecurrentConfig} and the
 * task heads. Settings by name ({@link #with}):
 * <ul>
 *   <li>every family: {@code hidden}, {@code layers}, {@code bidirectional}, {@code dropout} (between layers, and on
 *       the heads' embeddings and readouts), {@code recurrent_dropout} (variational, Gal &amp; Ghahramani 2016),
 *       {@code bias}, {@code init} ({@code pytorch}, {@code xavier-uniform}, {@code xavier-normal},
 *       {@code xavier-orthogonal});</li>
 *   <li>{@code rnn}: {@code nonlinearity} ({@code tanh}, {@code relu});</li>
 *   <li>{@code lstm}: {@code peephole}, {@code cifg} (coupled input and forget gates), {@code forget_bias} (a number, or
 *       {@code none} to keep the initialisation's), {@code projection} (0 = none);</li>
 *   <li>{@code gru}: {@code reset_before} (reset gate before the hidden product, Cho et al. 2014),
 *       {@code update_gate} ({@code previous}: PyTorch's {@code h = (1-z) n + z h_prev}; {@code candidate}: the
 *       guide's {@code h = (1-z) h_prev + z n}, see {@link RecurrentConfig.UpdateGate});</li>
 *   <li>and the {@link TaskHeads} settings.</li>
 * </ul>
 *
 * @param config the layer stack (time-first, float32: the tasks choose the layout)
 * @param heads  what the tasks put around it
 * @param label  the name shown in tables, or null to derive one ({@code bilstm}, {@code peephole-lstm}, ...)
 */
public record RecurrentSpec(RecurrentConfig config, TaskHeads heads, String label) implements ModelSpec {

    /** An Elman network's nonlinearity. */
    public enum Nonlinearity {
        TANH, RELU
    }

    private static final Settings<RecurrentSpec> RNN = new Settings<>(common(),
            List.of(Setting.ofEnum("nonlinearity", "the Elman cell's activation", Nonlinearity.class,
                    s -> s.config.kind() == CellKind.RNN_RELU ? Nonlinearity.RELU : Nonlinearity.TANH,
                    (s, v) -> s.config(s.config.kind(v == Nonlinearity.RELU ? CellKind.RNN_RELU : CellKind.RNN_TANH)))),
            TaskHeads.settings());
    private static final Settings<RecurrentSpec> LSTM = new Settings<>(common(), List.of(
            Setting.ofBoolean("peephole", "gates see the cell state (Gers & Schmidhuber 2000)",
                    s -> s.config.hasPeephole(), (s, v) -> s.config(s.config.peephole(v))),
            Setting.ofBoolean("cifg", "coupled input and forget gates, i = 1 - f (Greff et al. 2017)",
                    s -> s.config.isCoupledInputForget(), (s, v) -> s.config(s.config.coupledInputForget(v))),
            Setting.ofOptionalDouble("forget_bias", "initial forget-gate bias, none = as initialised",
                    s -> s.config.forgetBias(), (s, v) -> s.config(s.config.forgetBias(v))),
            Setting.ofInt("projection", "project h to this many units (PyTorch's proj_size), 0 = none",
                    s -> s.config.projectionSize(), (s, v) -> s.config(s.config.projection(v)))),
            TaskHeads.settings());
    private static final Settings<RecurrentSpec> GRU = new Settings<>(common(), List.of(
            Setting.ofBoolean("reset_before", "reset gate before the hidden product (Cho et al. 2014)",
                    s -> s.config.isResetBeforeProduct(), (s, v) -> s.config(s.config.resetBeforeProduct(v))),
            Setting.ofEnum("update_gate", "previous: h = (1-z) n + z h_prev (PyTorch); candidate: h = (1-z) h_prev + z n",
                    RecurrentConfig.UpdateGate.class, s -> s.config.updateGate(), (s, v) -> s.config(s.config.updateGate(v)))),
            TaskHeads.settings());

    private static List<Setting<RecurrentSpec>> common() {
        return List.of(
                Setting.ofInt("hidden", "units per layer and direction", RecurrentSpec::hidden, RecurrentSpec::hidden),
                Setting.ofInt("layers", "stacked layers", RecurrentSpec::layers, RecurrentSpec::layers),
                Setting.ofBoolean("bidirectional", "a second stack reads backwards",
                        s -> s.config.isBidirectional(), RecurrentSpec::bidirectional),
                Setting.ofDouble("dropout", "between layers and on the heads' inputs", RecurrentSpec::dropout,
                        RecurrentSpec::dropout),
                Setting.ofDouble("recurrent_dropout", "variational dropout of h_prev, one mask per sequence",
                        s -> s.config.recurrentDropout(), (s, v) -> s.config(s.config.recurrentDropout(v))),
                Setting.ofBoolean("bias", "with the biases b_ih, b_hh", s -> s.config.hasBias(),
                        (s, v) -> s.config(s.config.bias(v))),
                Setting.ofEnum("init", "weight initialisation", RecurrentConfig.Initialization.class,
                        s -> s.config.initializationScheme(), (s, v) -> s.config(s.config.initialization(v))));
    }

    public RecurrentSpec {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(heads, "heads");
        Specs.checkLabel(label);
        if (config.isBatchFirst() || config.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("a model spec's RecurrentConfig is time-first float32 (the tasks choose "
                    + "the layout), got " + config + "; drop batchFirst() and dtype(...)");
        }
    }

    /** A spec of {@code config} with the recurrent families' default heads. */
    public static RecurrentSpec of(RecurrentConfig config) {
        return new RecurrentSpec(config, TaskHeads.defaults(true, TaskHeads.Pooling.LAST), null);
    }

    private Settings<RecurrentSpec> table() {
        return switch (config.kind()) {
            case RNN_TANH, RNN_RELU -> RNN;
            case LSTM -> LSTM;
            case GRU -> GRU;
        };
    }

    @Override
    public String family() {
        return switch (config.kind()) {
            case RNN_TANH, RNN_RELU -> "rnn";
            case LSTM -> "lstm";
            case GRU -> "gru";
        };
    }

    @Override
    public int hidden() {
        return config.hiddenSize();
    }

    @Override
    public int layers() {
        return config.layers();
    }

    @Override
    public double dropout() {
        return config.dropoutRate();
    }

    public boolean isBidirectional() {
        return config.isBidirectional();
    }

    /** The same spec over another configuration of the same family. */
    public RecurrentSpec config(RecurrentConfig c) {
        if (!familyOf(c.kind()).equals(family())) {
            throw new IllegalArgumentException(family() + ": cannot change the cell to " + c.kind()
                    + "; start from Models." + familyOf(c.kind()) + "(...)");
        }
        return new RecurrentSpec(c, heads, label);
    }

    private static String familyOf(CellKind k) {
        return k == CellKind.LSTM ? "lstm" : k == CellKind.GRU ? "gru" : "rnn";
    }

    @Override
    public RecurrentSpec hidden(int h) {
        return config(config.hiddenSize(h));
    }

    @Override
    public RecurrentSpec layers(int n) {
        return config(config.layers(n));
    }

    @Override
    public RecurrentSpec dropout(double p) {
        return config(config.dropout(p));
    }

    /** Variational dropout of the recurrent connections ({@link RecurrentConfig#recurrentDropout()}). */
    public RecurrentSpec recurrentDropout(double p) {
        return config(config.recurrentDropout(p));
    }

    public RecurrentSpec bidirectional() {
        return bidirectional(true);
    }

    public RecurrentSpec bidirectional(boolean on) {
        return config(config.bidirectional(on));
    }

    public RecurrentSpec unidirectional() {
        return bidirectional(false);
    }

    @Override
    public RecurrentSpec heads(TaskHeads h) {
        return new RecurrentSpec(config, h, label);
    }

    @Override
    public RecurrentSpec named(String name) {
        return new RecurrentSpec(config, heads, name);
    }

    @Override
    public RecurrentSpec with(String key, Object value) {
        return table().with(this, key, value, family());
    }

    @Override
    public List<String> settingHelp() {
        return table().help();
    }

    @Override
    public Map<String, Object> settings() {
        return Specs.settings(family(), table(), this);
    }

    @Override
    public int outputSize() {
        return config.outputSize();
    }

    @Override
    public long parameterCount(int inputSize) {
        return config.parameterCount(inputSize);
    }

    /** The short name for tables: the label if set, else e.g. {@code bilstm}, {@code peephole-lstm}, {@code gru+additive}. */
    @Override
    public String name() {
        if (label != null) {
            return label;
        }
        StringBuilder sb = new StringBuilder();
        if (config.isBidirectional()) {
            sb.append("bi");
        }
        if (config.hasPeephole()) {
            sb.append("peephole-");
        }
        if (config.isCoupledInputForget()) {
            sb.append("cifg-");
        }
        sb.append(family());
        if (heads.attention() != Seq2Seq.AttentionKind.NONE) {
            sb.append('+').append(Setting.lower(heads.attention()));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        RecurrentSpec defaults = of(switch (config.kind()) {
            case RNN_TANH, RNN_RELU -> RecurrentConfig.rnn(hidden());
            case LSTM -> RecurrentConfig.lstm(hidden());
            case GRU -> RecurrentConfig.gru(hidden());
        });
        return Specs.describe(settings(), defaults.settings(), label);
    }
}
