package seqlab.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import seqlab.nn.TransformerConfig;

/**
 * A Transformer encoder (Vaswani et al. 2017): a {@link TransformerConfig} per block, the number of blocks, the
 * positional encoding, and the task heads. Settings by name ({@link #with}): {@code hidden} (model width),
 * {@code layers}, {@code heads} (attention heads, dividing the width), {@code feedforward}, {@code dropout},
 * {@code activation} ({@code relu}, {@code gelu}, {@code gelu-tanh}), {@code norm} ({@code post}: Vaswani et al.;
 * {@code pre}: Xiong et al. 2020), {@code layer_norm_eps}, {@code positional} ({@code sinusoidal}: Vaswani et al.
 * section 3.5; {@code learned}: Gehring et al. 2017), {@code max_positions} (the longest sequence, and the learned
 * table's rows), and the {@link TaskHeads} settings.
 *
 * <p>Changing the width with {@link #hidden(int)} keeps the feed-forward width's ratio to it (4 by default), rounded.
 *
 * @param config       one block: width, heads, feed-forward width, dropout, activation, norm placement
 * @param layers       blocks
 * @param positional   how positions are encoded
 * @param maxPositions the longest sequence the positional encoding covers
 * @param heads        what the tasks put around it
 * @param label        the name shown in tables, or null for {@code transformer}
 */
public record TransformerSpec(TransformerConfig config, int layers, Positional positional, int maxPositions,
                              TaskHeads heads, String label) implements ModelSpec {

    /** Positional encodings. */
    public enum Positional {
        SINUSOIDAL, LEARNED
    }

    /** Where a block's layer norms sit. */
    public enum Norm {
        /** {@code norm(x + f(x))}, Vaswani et al. 2017. */
        POST,
        /** {@code x + f(norm(x))}, Xiong et al. 2020. */
        PRE
    }

    /** 512 positions, as BERT (Devlin et al. 2019) and the original Transformer's experiments cover. */
    public static final int DEFAULT_MAX_POSITIONS = 512;

    private static final Settings<TransformerSpec> SETTINGS = new Settings<>(List.of(
            Setting.ofInt("hidden", "model width", TransformerSpec::hidden, TransformerSpec::hidden),
            Setting.ofInt("layers", "blocks", TransformerSpec::layers, TransformerSpec::layers),
            Setting.ofInt("heads", "attention heads (divide the width)", s -> s.config.nhead(),
                    (s, v) -> s.config(new TransformerConfig(s.config.dModel(), v, s.config.dimFeedforward(),
                            s.config.dropout(), s.config.activation(), s.config.normFirst(), s.config.layerNormEps()))),
            Setting.ofInt("feedforward", "feed-forward width", s -> s.config.dimFeedforward(),
                    (s, v) -> s.config(s.config.feedforward(v))),
            Setting.ofDouble("dropout", "inside blocks, on positions and on the heads' inputs", TransformerSpec::dropout,
                    TransformerSpec::dropout),
            Setting.ofEnum("activation", "feed-forward nonlinearity", TransformerConfig.Activation.class,
                    s -> s.config.activation(), (s, v) -> s.config(s.config.activation(v))),
            Setting.ofEnum("norm", "layer norm placement: post (Vaswani et al.) or pre (Xiong et al. 2020)", Norm.class,
                    s -> s.config.normFirst() ? Norm.PRE : Norm.POST, (s, v) -> s.config(s.config.normFirst(v == Norm.PRE))),
            Setting.ofDouble("layer_norm_eps", "layer norm epsilon", s -> s.config.layerNormEps(),
                    (s, v) -> s.config(s.config.layerNormEps(v))),
            Setting.ofEnum("positional", "positional encoding", Positional.class, TransformerSpec::positional,
                    (s, v) -> new TransformerSpec(s.config, s.layers, v, s.maxPositions, s.heads, s.label)),
            Setting.ofInt("max_positions", "longest sequence the positional encoding covers",
                    TransformerSpec::maxPositions,
                    (s, v) -> new TransformerSpec(s.config, s.layers, s.positional, v, s.heads, s.label))),
            TaskHeads.settings());

    public TransformerSpec {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(positional, "positional");
        Objects.requireNonNull(heads, "heads");
        Specs.checkLabel(label);
        if (layers < 1) {
            throw new IllegalArgumentException("transformer: layers must be >= 1, got " + layers);
        }
        if (maxPositions < 1) {
            throw new IllegalArgumentException("transformer: max_positions must be >= 1, got " + maxPositions);
        }
        if (heads.pool() == TaskHeads.Pooling.LAST) {
            throw new IllegalArgumentException("transformer: pool=last needs a recurrent encoder; use mean, max or "
                    + "attention");
        }
    }

    /** {@code layers} blocks of {@code config}, sinusoidal positions, the Transformer's default heads. */
    public static TransformerSpec of(TransformerConfig config, int layers) {
        return new TransformerSpec(config, layers, Positional.SINUSOIDAL, DEFAULT_MAX_POSITIONS,
                TaskHeads.defaults(false, TaskHeads.Pooling.MEAN), null);
    }

    @Override
    public String family() {
        return "transformer";
    }

    @Override
    public int hidden() {
        return config.dModel();
    }

    @Override
    public double dropout() {
        return config.dropout();
    }

    /** The same spec with another block configuration. */
    public TransformerSpec config(TransformerConfig c) {
        return new TransformerSpec(c, layers, positional, maxPositions, heads, label);
    }

    @Override
    public TransformerSpec hidden(int h) {
        if (h <= 0) {
            throw new IllegalArgumentException("transformer: width must be positive, got " + h);
        }
        int ff = (int) Math.max(1, Math.round((double) config.dimFeedforward() * h / config.dModel()));
        return config(new TransformerConfig(h, config.nhead(), ff, config.dropout(), config.activation(),
                config.normFirst(), config.layerNormEps()));
    }

    @Override
    public TransformerSpec layers(int n) {
        return new TransformerSpec(config, n, positional, maxPositions, heads, label);
    }

    @Override
    public TransformerSpec dropout(double p) {
        return config(config.dropout(p));
    }

    @Override
    public TransformerSpec heads(TaskHeads h) {
        return new TransformerSpec(config, layers, positional, maxPositions, h, label);
    }

    @Override
    public TransformerSpec named(String name) {
        return new TransformerSpec(config, layers, positional, maxPositions, heads, name);
    }

    @Override
    public TransformerSpec with(String key, Object value) {
        return SETTINGS.with(this, key, value, family());
    }

    @Override
    public List<String> settingHelp() {
        return SETTINGS.help();
    }

    @Override
    public Map<String, Object> settings() {
        return Specs.settings(family(), SETTINGS, this);
    }

    @Override
    public int outputSize() {
        return config.dModel();
    }

    /** An input projection when the input is not {@code hidden} wide, the learned position table, the blocks. */
    @Override
    public long parameterCount(int inputSize) {
        long d = config.dModel();
        long projection = inputSize == d ? 0 : (long) inputSize * d + d;
        long positions = positional == Positional.LEARNED ? (long) maxPositions * d : 0;
        return projection + positions + layers * config.encoderLayerParameters();
    }

    @Override
    public String name() {
        return label != null ? label : family();
    }

    @Override
    public String toString() {
        // against one block of one head, so depth and heads always show
        return Specs.describe(settings(), Models.transformer(1, config.dModel(), 1).settings(), label);
    }
}
