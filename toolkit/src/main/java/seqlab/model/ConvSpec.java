package seqlab.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import seqlab.nn.ConvConfig;

/**
 * A temporal convolutional encoder: a {@link ConvConfig} (causal convolutions, dilation doubling per layer, ReLU) and
 * the task heads. Settings by name ({@link #with}): {@code hidden} (channels), {@code layers}, {@code kernel},
 * {@code dropout} (on the heads' embeddings and readouts), and the {@link TaskHeads} settings.
 *
 * @param config  the convolution stack
 * @param dropout dropout on the heads' inputs (the stack itself has none)
 * @param heads   what the tasks put around it
 * @param label   the name shown in tables, or null for {@code cnn}
 */
public record ConvSpec(ConvConfig config, double dropout, TaskHeads heads, String label) implements ModelSpec {

    private static final Settings<ConvSpec> SETTINGS = new Settings<>(List.of(
            Setting.ofInt("hidden", "channels of every layer", ConvSpec::hidden, ConvSpec::hidden),
            Setting.ofInt("layers", "layers; dilation doubles per layer", ConvSpec::layers, ConvSpec::layers),
            Setting.ofInt("kernel", "kernel width", s -> s.config.kernel(), (s, v) -> s.config(s.config.kernel(v))),
            Setting.ofDouble("dropout", "on the heads' inputs", ConvSpec::dropout, ConvSpec::dropout)),
            TaskHeads.settings());

    public ConvSpec {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(heads, "heads");
        Specs.checkLabel(label);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("cnn: dropout must be in [0, 1), got " + dropout);
        }
        if (heads.pool() == TaskHeads.Pooling.LAST) {
            throw new IllegalArgumentException("cnn: pool=last needs a recurrent encoder; use mean, max or attention");
        }
    }

    /** A spec of {@code config} without dropout and the CNN's default heads. */
    public static ConvSpec of(ConvConfig config) {
        return new ConvSpec(config, 0, TaskHeads.defaults(false, TaskHeads.Pooling.MAX), null);
    }

    @Override
    public String family() {
        return "cnn";
    }

    @Override
    public int hidden() {
        return config.channels();
    }

    @Override
    public int layers() {
        return config.layers();
    }

    public ConvSpec config(ConvConfig c) {
        return new ConvSpec(c, dropout, heads, label);
    }

    @Override
    public ConvSpec hidden(int h) {
        return config(config.channels(h));
    }

    @Override
    public ConvSpec layers(int n) {
        return config(config.layers(n));
    }

    @Override
    public ConvSpec dropout(double p) {
        return new ConvSpec(config, p, heads, label);
    }

    @Override
    public ConvSpec heads(TaskHeads h) {
        return new ConvSpec(config, dropout, h, label);
    }

    @Override
    public ConvSpec named(String name) {
        return new ConvSpec(config, dropout, heads, name);
    }

    @Override
    public ConvSpec with(String key, Object value) {
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
        return config.channels();
    }

    @Override
    public long parameterCount(int inputSize) {
        return config.parameterCount(inputSize);
    }

    @Override
    public String name() {
        return label != null ? label : family();
    }

    @Override
    public String toString() {
        return Specs.describe(settings(), of(new ConvConfig(config.channels(), 1, 3)).settings(), label);
    }
}
