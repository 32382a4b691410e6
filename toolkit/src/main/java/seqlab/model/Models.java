package seqlab.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import seqlab.nn.ConvConfig;
import seqlab.nn.RecurrentConfig;
import seqlab.nn.TransformerConfig;

/**
 * Factories for the model specs seqlab compares. They read well in a notebook cell:
 * {@code Models.lstm(128).bidirectional().layers(2)}, {@code Models.gru(64).with("recurrent_dropout", 0.25)}, or
 * from text, {@code Models.parse("lstm[hidden=128,layers=2,dropout=0.2]")}.
 */
public final class Models {
    /** The encoder families. */
    public static final List<String> FAMILIES = List.of("rnn", "lstm", "gru", "transformer", "cnn");

    private Models() {
    }

    /** Elman RNN with tanh: {@code h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)}. */
    public static RecurrentSpec rnn(int hidden) {
        return RecurrentSpec.of(RecurrentConfig.rnn(hidden));
    }

    /** LSTM (Hochreiter &amp; Schmidhuber 1997, with the forget gate of Gers et al. 2000), PyTorch's equations. */
    public static RecurrentSpec lstm(int hidden) {
        return RecurrentSpec.of(RecurrentConfig.lstm(hidden));
    }

    /** LSTM with peephole connections (Gers &amp; Schmidhuber 2000). */
    public static RecurrentSpec peephole(int hidden) {
        return RecurrentSpec.of(RecurrentConfig.lstm(hidden).peephole());
    }

    /** LSTM with coupled input and forget gates, i = 1 - f (Greff et al. 2017). */
    public static RecurrentSpec cifg(int hidden) {
        return RecurrentSpec.of(RecurrentConfig.lstm(hidden).coupledInputForget());
    }

    /** GRU (Cho et al. 2014), PyTorch's placement of the reset gate and update convention. */
    public static RecurrentSpec gru(int hidden) {
        return RecurrentSpec.of(RecurrentConfig.gru(hidden));
    }

    /** Any recurrent stack a {@link RecurrentConfig} describes. */
    public static RecurrentSpec recurrent(RecurrentConfig config) {
        return RecurrentSpec.of(config);
    }

    /**
     * Transformer encoder (Vaswani et al. 2017): {@code layers} post-norm blocks of width {@code width} with
     * {@code heads}, feed-forward width {@code 4 * width}, ReLU, no dropout, sinusoidal positions.
     */
    public static TransformerSpec transformer(int layers, int width, int heads) {
        if (width <= 0 || heads <= 0 || width % heads != 0) {
            throw new IllegalArgumentException("transformer: width " + width + " is not divisible by " + heads + " heads");
        }
        return TransformerSpec.of(TransformerConfig.of(width, heads).feedforward(4 * width).dropout(0), layers);
    }

    /** {@code layers} blocks of any {@link TransformerConfig}, sinusoidal positions. */
    public static TransformerSpec transformer(TransformerConfig config, int layers) {
        return TransformerSpec.of(config, layers);
    }

    /** A temporal convolutional baseline: 2 dilated causal Conv1d layers of {@code channels}, kernel 3. */
    public static ConvSpec cnn(int channels) {
        return ConvSpec.of(new ConvConfig(channels, 2, 3));
    }

    /** Any convolution stack a {@link ConvConfig} describes. */
    public static ConvSpec cnn(ConvConfig config) {
        return ConvSpec.of(config);
    }

    /**
     * A spec from text: a family ({@code rnn}, {@code lstm}, {@code gru}, {@code transformer}, {@code cnn}) or
     * {@code peephole} / {@code cifg}, with its settings as {@code lstm[hidden=128,layers=2]} or
     * {@code lstm:hidden=128:layers=2}; {@code hidden} is required, {@code name=...} names it. The same names and
     * checks as {@link ModelSpec#with}.
     */
    public static ModelSpec parse(String text) {
        SpecSyntax s = SpecSyntax.parse(text);
        Map<String, Object> settings = new LinkedHashMap<>(s.settings());
        String name = (String) settings.remove("name");
        ModelSpec spec = switch (s.base()) {
            case "peephole", "cifg" -> apply(s.base().equals("peephole") ? peephole(hidden(settings, text))
                    : cifg(hidden(settings, text)), settings);
            default -> {
                settings.put("family", s.base());
                yield fromSettings(settings);
            }
        };
        return name == null ? spec : spec.named(name);
    }

    private static int hidden(Map<String, Object> settings, String text) {
        Object h = settings.remove("hidden");
        if (h == null) {
            throw new IllegalArgumentException("'" + text + "' needs a width: add hidden=..., e.g. lstm[hidden=64]");
        }
        try {
            return Integer.parseInt(h.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': 'hidden' takes an integer, got \"" + h + "\"");
        }
    }

    /**
     * A spec from its settings map ({@link ModelSpec#settings()}, as JSON stores it, or any part of it): the family
     * and width, then each setting through {@link ModelSpec#with}.
     */
    static ModelSpec fromSettings(Map<String, Object> settings) {
        Map<String, Object> m = new LinkedHashMap<>(settings);
        Object family = m.remove("family");
        if (!(family instanceof String f) || !FAMILIES.contains(f)) {
            throw new IllegalArgumentException("Unknown model family " + (family == null ? "(none given)" : "'" + family
                    + "'") + "; use one of " + String.join(", ", FAMILIES) + " (or peephole, cifg)");
        }
        int h = hidden(m, f);
        ModelSpec base = switch (f) {
            case "rnn" -> rnn(h);
            case "lstm" -> lstm(h);
            case "gru" -> gru(h);
            case "cnn" -> cnn(h);
            default -> {
                // heads and depth with the width, since a width must divide into its heads
                Object heads = m.remove("heads"), layers = m.remove("layers");
                TransformerSpec t = transformer(1, h, 1);
                if (heads != null) {
                    t = t.with("heads", heads);
                }
                yield layers == null ? t : t.with("layers", layers);
            }
        };
        return apply(base, m);
    }

    private static ModelSpec apply(ModelSpec spec, Map<String, Object> settings) {
        for (var e : settings.entrySet()) {
            spec = spec.with(e.getKey(), e.getValue());
        }
        return spec;
    }
}
