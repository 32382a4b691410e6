package seqlab.model;

import java.util.List;
import java.util.Map;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;

/**
 * What network to build, as a typed, validated, immutable value: a {@link RecurrentSpec} (holding a
 * {@link seqlab.nn.RecurrentConfig}), a {@link TransformerSpec} (holding a {@link seqlab.nn.TransformerConfig}) or a
 * {@link ConvSpec} (holding a {@link seqlab.nn.ConvConfig}), each with the {@link TaskHeads} the tasks put around it.
 * Create them with {@link Models}; they print readably in a notebook cell:
 * {@code lstm(hidden=128, layers=2, bidirectional, dropout=0.3)}.
 *
 * <p>Every knob has a name ({@link #settingKeys()}): {@code with("recurrent_dropout", 0.2)} sets one, checked against
 * the spec's type, so a misspelt key or a value of the wrong type fails at once, naming the valid ones. The same
 * names drive {@code Experiment.vary(...)}, the command line ({@code --models lstm:hidden=128:layers=2}) and the
 * JSON of stored trials.
 *
 * <p>Each spec builds its encoder ({@link #encoder}) and counts its parameters ({@link #parameterCount}) through
 * its config, so the count and the built module come from one description.
 */
public sealed interface ModelSpec extends Candidate permits RecurrentSpec, TransformerSpec, ConvSpec {

    /** Hidden size (recurrent), model width (Transformer) or channels (CNN). */
    int hidden();

    /** Stacked layers or blocks. */
    int layers();

    /** Dropout between layers and inside blocks, and on the task heads' embeddings and readouts. */
    double dropout();

    /** What the tasks put around the encoder. */
    TaskHeads heads();

    /** The same spec with another width. */
    ModelSpec hidden(int h);

    /** The same spec with another depth. */
    ModelSpec layers(int n);

    /** The same spec with another dropout rate. */
    ModelSpec dropout(double p);

    /** The same spec with other task heads. */
    ModelSpec heads(TaskHeads h);

    /** The same spec shown under {@code name} in tables and charts (the name is not part of what it computes). */
    ModelSpec named(String name);

    /**
     * The same spec with the setting {@code key} changed, e.g. {@code with("pool", "attention")},
     * {@code with("recurrent_dropout", 0.25)}. Values may be typed or strings (as the command line gives them).
     *
     * @throws IllegalArgumentException for a key this spec does not have or a value it does not take, listing what it
     *                                  has
     */
    ModelSpec with(String key, Object value);

    /** The setting names {@link #with} accepts, in the order of {@link #settings()}. */
    default List<String> settingKeys() {
        return settings().keySet().stream().filter(k -> !k.equals("family")).toList();
    }

    /** One line per setting: its name, the values it takes and what it does. */
    List<String> settingHelp();

    /** The spec's value of setting {@code key}, in its JSON form. */
    default Object setting(String key) {
        Map<String, Object> s = settings();
        if (!s.containsKey(key) || key.equals("family")) {
            throw new IllegalArgumentException(family() + " has no setting '" + key + "'; its settings are "
                    + String.join(", ", settingKeys()));
        }
        return s.get(key);
    }

    /** Whether this is one of the recurrent families. */
    default boolean isRecurrent() {
        return this instanceof RecurrentSpec;
    }

    /** Features per step of the encoder's outputs and summary. */
    int outputSize();

    /**
     * Parameters of this spec's sequence encoder for {@code inputSize} features per step, by its config's formula
     * (e.g. {@code nn.LSTM(100, 128)}: 4 (128 * 100 + 128 * 128 + 2 * 128) = 117,760; {@code nn.GRU(100, 128)}:
     * 88,320). Embeddings and task heads are not included.
     */
    long parameterCount(int inputSize);

    /** Builds this spec's sequence encoder over {@code inputSize} features per step. */
    default SequenceEncoder encoder(Engine engine, int inputSize, RandomSource rng) {
        return new SequenceEncoder(engine, this, inputSize, rng);
    }
}
