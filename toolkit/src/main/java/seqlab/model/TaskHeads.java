package seqlab.model;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What each task puts around a spec's sequence encoder. Every spec carries all of them; a task reads its own and
 * refuses a spec that changed another task's (an option nothing reads would be a silent no-op):
 * <ul>
 *   <li>classification ({@link SequenceClassifier}): {@code pool}, {@code embedding};</li>
 *   <li>translation ({@link Seq2Seq}): {@code attention}, {@code input_feeding}, {@code bridge}, {@code embedding},
 *       {@code tie_embeddings}, {@code share_embeddings};</li>
 *   <li>forecasting ({@link Forecaster}): {@code strategy}, {@code head}, {@code level}, {@code calendar},
 *       {@code likelihood}.</li>
 * </ul>
 *
 * @param pool         how a classifier pools the encoder's steps (the family's default: last state for recurrent
 *                     encoders, mean for Transformers, max for CNNs)
 * @param attention    a recurrent decoder's attention score
 * @param inputFeeding feed the attentional state back into the decoder (Luong et al. 2015, section 3.3)
 * @param bridge       how a bidirectional encoder's final states start the decoder
 * @param embedding    token embedding width; 0 takes the task's
 * @param tieEmbeddings   a decoder's output layer is its target embedding (Press &amp; Wolf 2017)
 * @param shareEmbeddings one embedding for source and target (needs one joint vocabulary)
 * @param strategy     how a forecaster produces its horizon
 * @param readout      what a forecaster's linear head reads (key {@code head})
 * @param level        whether a forecaster works on the change from the window's last value
 * @param calendar     whether a forecaster also sees cyclical calendar features of the dates
 * @param likelihood   what a forecaster predicts per step: a point, a Gaussian or a set of quantiles
 */
public record TaskHeads(Pooling pool, Seq2Seq.AttentionKind attention, boolean inputFeeding, Bridge bridge,
                        int embedding, boolean tieEmbeddings, boolean shareEmbeddings, Forecaster.Strategy strategy,
                        Readout readout, Level level, boolean calendar,
                        Forecaster.Likelihood likelihood) {

    /** Classifier pooling over real steps. */
    public enum Pooling {
        /** The encoder's final state (recurrent encoders only). */
        LAST,
        MEAN,
        MAX,
        /** A learned query scores every step (Yang et al. 2016's attention pooling, without the hierarchy). */
        ATTENTION
    }

    /** Decoder initial state from a bidirectional encoder. */
    public enum Bridge {
        /** {@code tanh(W [forward; backward] + b)} per layer. */
        LINEAR,
        /** {@code forward + backward}. */
        SUM
    }

    /** What a forecaster's head reads. */
    public enum Readout {
        /** The encoder's summary (final state, mean or max). */
        SUMMARY,
        /** The output at the window's last step. */
        LAST,
        /** Every step's output, concatenated. */
        FLATTEN
    }

    /** A forecaster's level handling. */
    public enum Level {
        /** Subtract the window's last value from the series input and add it back to the forecast. */
        LAST,
        NONE
    }

    /** Every task-head setting, in the order specs list them. */
    public static final List<String> KEYS = List.of("pool", "attention", "input_feeding", "bridge", "embedding",
            "tie_embeddings", "share_embeddings", "strategy", "head", "level", "calendar", "likelihood");

    /** The settings each task reads. */
    public static final Set<String> CLASSIFICATION = Set.of("pool", "embedding");
    public static final Set<String> TRANSLATION = Set.of("attention", "input_feeding", "bridge", "embedding",
            "tie_embeddings", "share_embeddings");
    public static final Set<String> FORECASTING = Set.of("strategy", "head", "level", "calendar", "likelihood");

    public TaskHeads {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(attention, "attention");
        Objects.requireNonNull(bridge, "bridge");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(readout, "head");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(likelihood, "likelihood");
        if (embedding < 0) {
            throw new IllegalArgumentException("embedding width must be >= 0 (0 = the task's), got " + embedding);
        }
    }

    /** The heads {@code spec}'s encoder type starts with: what a task does when the spec does not say. */
    public static TaskHeads defaultsFor(ModelSpec spec) {
        if (spec instanceof RecurrentSpec) {
            return defaults(true, Pooling.LAST);
        }
        return defaults(false, spec instanceof TransformerSpec ? Pooling.MEAN : Pooling.MAX);
    }

    /** The defaults of an encoder family: what a task does when the spec does not say. */
    static TaskHeads defaults(boolean recurrent, Pooling pool) {
        return new TaskHeads(pool, Seq2Seq.AttentionKind.NONE, false, Bridge.LINEAR, 0, false, false,
                Forecaster.Strategy.DIRECT,
                recurrent ? Readout.SUMMARY : Readout.FLATTEN, Level.LAST, false, Forecaster.Likelihood.NONE);
    }

    /** The knobs, shared by every spec type through its {@code heads()}. */
    static <S extends ModelSpec> List<Setting<S>> settings() {
        return List.of(
                Setting.ofEnum("pool", "classification: how steps are pooled", Pooling.class,
                        s -> s.heads().pool(), (s, v) -> heads(s, s.heads().pool(v))),
                Setting.ofEnum("attention", "translation: the recurrent decoder's attention score", Seq2Seq.AttentionKind.class,
                        Seq2Seq.AttentionKind::parse, s -> s.heads().attention(), (s, v) -> heads(s, s.heads().attention(v))),
                Setting.ofBoolean("input_feeding", "translation: feed the attentional state back (needs attention)",
                        s -> s.heads().inputFeeding(), (s, v) -> heads(s, s.heads().inputFeeding(v))),
                Setting.ofEnum("bridge", "translation: bidirectional encoder states to the decoder", Bridge.class,
                        s -> s.heads().bridge(), (s, v) -> heads(s, s.heads().bridge(v))),
                Setting.ofInt("embedding", "classification, translation: embedding width (0 = the task's)",
                        s -> s.heads().embedding(), (s, v) -> heads(s, s.heads().embedding(v))),
                Setting.ofBoolean("tie_embeddings", "translation: the target embedding is the output layer",
                        s -> s.heads().tieEmbeddings(), (s, v) -> heads(s, s.heads().tieEmbeddings(v))),
                Setting.ofBoolean("share_embeddings", "translation: one embedding for both sides (joint vocabulary)",
                        s -> s.heads().shareEmbeddings(), (s, v) -> heads(s, s.heads().shareEmbeddings(v))),
                Setting.ofEnum("strategy", "forecasting: direct (all steps at once) or recursive", Forecaster.Strategy.class,
                        s -> s.heads().strategy(), (s, v) -> heads(s, s.heads().strategy(v))),
                Setting.ofEnum("head", "forecasting: what the linear head reads", Readout.class,
                        s -> s.heads().readout(), (s, v) -> heads(s, s.heads().readout(v))),
                Setting.ofEnum("level", "forecasting: forecast the change from the last value (last) or not (none)",
                        Level.class, s -> s.heads().level(), (s, v) -> heads(s, s.heads().level(v))),
                Setting.ofBoolean("calendar", "forecasting: add cyclical calendar features",
                        s -> s.heads().calendar(), (s, v) -> heads(s, s.heads().calendar(v))),
                Setting.ofEnum("likelihood", "forecasting: a point (none), a Gaussian or quantiles per step",
                        Forecaster.Likelihood.class, s -> s.heads().likelihood(), (s, v) -> heads(s, s.heads().likelihood(v))));
    }

    @SuppressWarnings("unchecked")
    private static <S extends ModelSpec> S heads(S spec, TaskHeads h) {
        return (S) spec.heads(h);
    }

    public TaskHeads pool(Pooling p) {
        return new TaskHeads(p, attention, inputFeeding, bridge, embedding, tieEmbeddings,
                shareEmbeddings, strategy, readout, level, calendar, likelihood);
    }

    public TaskHeads attention(Seq2Seq.AttentionKind a) {
        return new TaskHeads(pool, a, inputFeeding, bridge, embedding, tieEmbeddings,
                shareEmbeddings, strategy, readout, level, calendar, likelihood);
    }

    public TaskHeads inputFeeding(boolean on) {
        return new TaskHeads(pool, attention, on, bridge, embedding, tieEmbeddings,
                shareEmbeddings, strategy, readout, level, calendar, likelihood);
    }

    public TaskHeads bridge(Bridge b) {
        return new TaskHeads(pool, attention, inputFeeding, b, embedding, tieEmbeddings,
                shareEmbeddings, strategy, readout, level, calendar, likelihood);
    }

    public TaskHeads embedding(int width) {
        return new TaskHeads(pool, attention, inputFeeding, bridge, width, tieEmbeddings,
                shareEmbeddings, strategy, readout, level, calendar, likelihood);
    }

    public TaskHeads tieEmbeddings(boolean on) {
        return new TaskHeads(pool, attention, inputFeeding, bridge, embedding, on,
                shareEmbeddings, strategy, readout, level, calendar, likelihood);
    }

    public TaskHeads shareEmbeddings(boolean on) {
        return new TaskHeads(pool, attention, inputFeeding, bridge, embedding, tieEmbeddings,
                on, strategy, readout, level, calendar, likelihood);
    }

    public TaskHeads strategy(Forecaster.Strategy s) {
        return new TaskHeads(pool, attention, inputFeeding, bridge, embedding, tieEmbeddings,
                shareEmbeddings, s, readout, level, calendar, likelihood);
    }

    public TaskHeads readout(Readout r) {
        return new TaskHeads(pool, attention, inputFeeding, bridge, embedding, tieEmbeddings,
                shareEmbeddings, strategy, r, level, calendar, likelihood);
    }

    public TaskHeads level(Level l) {
        return new TaskHeads(pool, attention, inputFeeding, bridge, embedding, tieEmbeddings,
                shareEmbeddings, strategy, readout, l, calendar, likelihood);
    }

    public TaskHeads calendar(boolean on) {
        return new TaskHeads(pool, attention, inputFeeding, bridge, embedding, tieEmbeddings,
                shareEmbeddings, strategy, readout, level, on, likelihood);
    }

    public TaskHeads likelihood(Forecaster.Likelihood l) {
        return new TaskHeads(pool, attention, inputFeeding, bridge, embedding, tieEmbeddings,
                shareEmbeddings, strategy, readout, level, calendar, l);
    }
}
