package seqlab.model;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What model to build, as an immutable value that prints readably in a notebook cell:
 * {@code lstm(hidden=128, layers=2, bidirectional, dropout=0.3)}. Create them with {@link Models}; each
 * {@code with...} returns a new spec.
 *
 * @param family        {@code rnn}, {@code lstm}, {@code gru}, {@code transformer}, {@code cnn}, ...
 * @param hidden        hidden size (recurrent), model width (Transformer) or channels (CNN)
 * @param layers        stacked layers
 * @param isBidirectional whether recurrent layers read both ways
 * @param dropout       dropout between layers (and inside Transformer blocks)
 * @param options       family-specific switches (e.g. {@code peephole}, {@code cifg}, {@code heads}, {@code kernel})
 * @param label         the name shown in tables and charts; derived from the rest when not set
 */
public record ModelSpec(String family, int hidden, int layers, boolean isBidirectional, double dropout,
                        Map<String, Object> options, String label) {

    public ModelSpec {
        Objects.requireNonNull(family, "family");
        if (hidden <= 0) {
            throw new IllegalArgumentException(family + ": hidden size must be positive, got " + hidden);
        }
        if (layers <= 0) {
            throw new IllegalArgumentException(family + ": layers must be positive, got " + layers);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException(family + ": dropout must be in [0, 1), got " + dropout);
        }
        options = Collections.unmodifiableMap(new TreeMap<>(options == null ? Map.of() : options));
    }

    /** Whether this is one of the recurrent families. */
    public boolean isRecurrent() {
        return family.equals("rnn") || family.equals("lstm") || family.equals("gru");
    }

    public ModelSpec withHidden(int h) {
        return new ModelSpec(family, h, layers, isBidirectional, dropout, options, label);
    }

    public ModelSpec layers(int n) {
        return new ModelSpec(family, hidden, n, isBidirectional, dropout, options, label);
    }

    public ModelSpec bidirectional() {
        return new ModelSpec(family, hidden, layers, true, dropout, options, label);
    }

    public ModelSpec unidirectional() {
        return new ModelSpec(family, hidden, layers, false, dropout, options, label);
    }

    public ModelSpec dropout(double p) {
        return new ModelSpec(family, hidden, layers, isBidirectional, p, options, label);
    }

    /** Sets a family-specific option. */
    public ModelSpec with(String key, Object value) {
        Map<String, Object> o = new TreeMap<>(options);
        o.put(key, value);
        return new ModelSpec(family, hidden, layers, isBidirectional, dropout, o, label);
    }

    /** Names the model in tables and charts. */
    public ModelSpec named(String name) {
        return new ModelSpec(family, hidden, layers, isBidirectional, dropout, options, name);
    }

    public boolean flag(String key) {
        return Boolean.TRUE.equals(options.get(key));
    }

    public int intOption(String key, int fallback) {
        Object v = options.get(key);
        return v instanceof Number n ? n.intValue() : fallback;
    }

    public String stringOption(String key, String fallback) {
        Object v = options.get(key);
        return v == null ? fallback : v.toString();
    }

    /** The short name for tables: the label if set, else e.g. {@code bilstm}, {@code peephole-lstm}, {@code gru}. */
    public String name() {
        if (label != null) {
            return label;
        }
        StringBuilder sb = new StringBuilder();
        if (isBidirectional) {
            sb.append("bi");
        }
        if (flag("peephole")) {
            sb.append("peephole-");
        }
        if (flag("cifg")) {
            sb.append("cifg-");
        }
        sb.append(family);
        String attention = stringOption("attention", null);
        if (attention != null && !attention.equals("none")) {
            sb.append("+").append(attention);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(family).append("(hidden=").append(hidden);
        if (layers != 1) {
            sb.append(", layers=").append(layers);
        }
        if (isBidirectional) {
            sb.append(", bidirectional");
        }
        if (dropout > 0) {
            sb.append(", dropout=").append(dropout);
        }
        for (var e : options.entrySet()) {
            if (Boolean.TRUE.equals(e.getValue())) {
                sb.append(", ").append(e.getKey());
            } else {
                sb.append(", ").append(e.getKey()).append('=').append(e.getValue());
            }
        }
        if (label != null) {
            sb.append(", name=").append(label);
        }
        return sb.append(')').toString();
    }

    /**
     * Parameters of this model's sequence encoder for {@code inputSize} features per step, by PyTorch's
     * formulas (e.g. {@code nn.LSTM(100, 128)}: 4 (128 * 100 + 128 * 128 + 2 * 128) = 117,760;
     * {@code nn.GRU(100, 128)}: 88,320). Embeddings and task heads are not included.
     */
    public long parameterCount(int inputSize) {
        long total = 0;
        int dirs = isBidirectional ? 2 : 1;
        switch (family) {
            case "rnn", "lstm", "gru" -> {
                int gates = switch (family) {
                    case "lstm" -> flag("cifg") ? 3 : 4;
                    case "gru" -> 3;
                    default -> 1;
                };
                for (int l = 0; l < layers; l++) {
                    long in = l == 0 ? inputSize : (long) dirs * hidden;
                    long perDirection = (long) gates * hidden * (in + hidden + 2);
                    if (family.equals("lstm") && flag("peephole")) {
                        perDirection += (flag("cifg") ? 2L : 3L) * hidden;
                    }
                    total += dirs * perDirection;
                }
            }
            case "transformer" -> {
                long d = hidden, ff = intOption("feedforward", 4 * hidden);
                long perLayer = 4 * d * d + 4 * d // attention in/out projections
                        + 2 * d * ff + ff + d      // feed-forward
                        + 4 * d;                   // two layer norms
                total = (inputSize == hidden ? 0 : (long) inputSize * d + d) + layers * perLayer;
            }
            case "cnn" -> {
                int k = intOption("kernel", 3);
                for (int l = 0; l < layers; l++) {
                    long in = l == 0 ? inputSize : hidden;
                    total += (long) hidden * in * k + hidden;
                }
            }
            default -> throw new IllegalStateException("No parameter formula for family '" + family + "'");
        }
        return total;
    }
}
