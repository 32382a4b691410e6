package seqlab.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import seqlab.data.TranslationBatch;
import seqlab.data.Vocabulary;
import seqlab.engine.DType;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.nn.AdditiveAttention;
import seqlab.nn.Attention;
import seqlab.nn.Embedding;
import seqlab.nn.Linear;
import seqlab.nn.LuongAttention;
import seqlab.nn.Masks;
import seqlab.nn.Module;
import seqlab.nn.Recurrent;
import seqlab.nn.RecurrentResult;
import seqlab.nn.TransformerDecoder;
import seqlab.train.Losses;

/**
 * An encoder-decoder for translation, built from a {@link ModelSpec}.
 *
 * <p><b>Recurrent</b> ({@code rnn}, {@code lstm} with its variants, {@code gru}): a source embedding and a
 * {@link SequenceEncoder} (stacked, optionally bidirectional); a unidirectional decoder of the same cell, width and depth
 * started from the encoder's final states; with attention, the global attention of Luong, Pham &amp; Manning 2015
 * (section 3.1): the decoder's top output {@code h_t} queries the encoder outputs, and the attentional state
 * {@code h~_t = tanh(W_c [c_t; h_t])} (their eq. 5) feeds the output layer. The score is selected by the spec option
 * {@code attention} ({@link TaskHeads#attention()}):
 * <ul>
 *   <li>{@code additive}: {@code v^T tanh(W_q h_t + W_k s + b)}, Bahdanau et al.'s score (Luong's "concat");</li>
 *   <li>{@code dot}: {@code h_t^T s} (needs equal widths: not with a bidirectional encoder);</li>
 *   <li>{@code general}: {@code h_t^T W s};</li>
 *   <li>{@code none} (default): the decoder output feeds the output layer directly.</li>
 * </ul>
 * Bahdanau et al. query with the previous state {@code s_{t-1}} and feed the context into the cell; here every score
 * queries with the current {@code h_t}, which lets a whole target sequence be decoded by one fused recurrent call under
 * teacher forcing. Option {@code input_feeding} (Luong et al. section 3.3) concatenates {@code h~_{t-1}} to the next
 * input, so the decoder knows its past alignments; it needs attention and runs step by step. The decoder is the
 * encoder's {@link seqlab.nn.RecurrentConfig} made unidirectional, with every cell option it has.
 *
 * <p><b>Bridge</b> (bidirectional encoders): setting {@code bridge} = {@code linear} (default) maps each layer's
 * {@code [forward; backward]} final state to the decoder's with {@code tanh(W_h [f; b] + b_h)} (the LSTM cell state
 * with {@code W_c [f; b] + b_c}, no tanh, since cell states are unbounded); {@code sum} adds the two directions.
 *
 * <p><b>Transformer</b> (Vaswani et al. 2017): embeddings of width {@code d = hidden} scaled by {@code sqrt(d)}
 * (section 3.4) and initialised {@code N(0, 1/d)} so the scaled embedding has unit variance, as when it is tied to the
 * output layer; the spec's positional encoding on both sides; a {@link SequenceEncoder} and a
 * {@link TransformerDecoder} of {@code layers} blocks of the spec's {@link seqlab.nn.TransformerConfig}; a causal mask
 * on the target.
 *
 * <p>Embedding width: {@link TaskHeads#embedding()} when set (else the constructor's {@code embeddingSize}); both
 * embeddings have {@link Vocabulary#PAD_ID} as their padding row (zero, never trained, as PyTorch's
 * {@code padding_idx}); dropout
 * {@link ModelSpec#dropout()} on embeddings and before the output layer; label smoothing is the loss's argument
 * ({@link #loss(TranslationBatch, double)}). Decoding: {@link #greedy} (batched), {@link #beamSearch}; both return
 * attention weights per sentence.
 *
 * <p><b>Tied and shared embeddings.</b> Setting {@code tie_embeddings} uses the target embedding matrix as the output
 * layer's weight, plus an output bias (Press &amp; Wolf 2017; Inan et al. 2017): {@code V * width} fewer parameters and
 * a prior that a word's input and output vectors agree, which helps most when data is small. It needs the output
 * layer's input as wide as the embedding: a Transformer always; a recurrent model when the embedding width equals
 * {@code hidden}. Tied recurrent embeddings are initialised {@code N(0, 1/hidden)} so the untied output layer's
 * logit scale is kept. Setting {@code share_embeddings} uses one embedding for source and target; it needs one joint
 * vocabulary ({@link seqlab.data.Bpe.Learner#learnJoint}) and equal widths. Both together tie all three matrices
 * (Vaswani et al. 2017, section 3.4).
 */
public final class Seq2Seq extends Module {

    /** The attention score of a recurrent decoder. */
    public enum AttentionKind {
        NONE, ADDITIVE, DOT, GENERAL;

        /** Parses {@code none|additive|dot|general} (also {@code bahdanau}, {@code luong} = general). */
        public static AttentionKind parse(String s) {
            if (s == null) {
                return NONE;
            }
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "none", "false" -> NONE;
                case "additive", "bahdanau", "concat" -> ADDITIVE;
                case "dot" -> DOT;
                case "general", "luong", "bilinear" -> GENERAL;
                default -> throw new IllegalArgumentException("Unknown attention '" + s
                        + "'; use none, additive, dot or general");
            };
        }
    }

    private final ModelSpec spec;
    private final int sourceVocabulary, targetVocabulary, embeddingSize;
    private final boolean transformer;
    private final AttentionKind attention;
    private final boolean inputFeeding, sumBridge, bidirectional, tied, shared;
    private final Embedding sourceEmbedding, targetEmbedding;
    private final SequenceEncoder encoder;
    private final Linear bridgeH, bridgeC, combine, output;
    private final Recurrent decoderRnn;
    private final AdditiveAttention additive;
    private final LuongAttention luong;
    private final Module targetPositions;
    private final TransformerDecoder transformerDecoder;

    /**
     * Builds the model.
     *
     * @param spec             family {@code rnn|lstm|gru|transformer} and options (see the class comment)
     * @param sourceVocabulary source vocabulary size, special tokens included
     * @param targetVocabulary target vocabulary size
     * @param embeddingSize    embedding width of recurrent models unless the spec sets {@code embedding}
     * @param rng              initialisation
     */
    public Seq2Seq(Engine engine, ModelSpec spec, int sourceVocabulary, int targetVocabulary, int embeddingSize,
                   RandomSource rng) {
        super(engine);
        check(spec, sourceVocabulary, targetVocabulary, embeddingSize);
        this.spec = spec;
        this.sourceVocabulary = sourceVocabulary;
        this.targetVocabulary = targetVocabulary;
        this.transformer = spec instanceof TransformerSpec;
        int h = spec.hidden();
        this.embeddingSize = embeddingWidth(spec, embeddingSize);
        this.attention = spec.heads().attention();
        this.inputFeeding = spec.heads().inputFeeding();
        this.sumBridge = spec.heads().bridge() == TaskHeads.Bridge.SUM;
        this.bidirectional = spec instanceof RecurrentSpec r && r.isBidirectional();
        this.tied = spec.heads().tieEmbeddings();
        this.shared = spec.heads().shareEmbeddings();
        int e = this.embeddingSize;
        if (shared) {
            sourceEmbedding = addModule("shared_embedding",
                    new Embedding(engine, sourceVocabulary, e, Vocabulary.PAD_ID, rng));
            targetEmbedding = sourceEmbedding;
        } else {
            sourceEmbedding = addModule("source_embedding",
                    new Embedding(engine, sourceVocabulary, e, Vocabulary.PAD_ID, rng));
            targetEmbedding = addModule("target_embedding",
                    new Embedding(engine, targetVocabulary, e, Vocabulary.PAD_ID, rng));
        }
        encoder = addModule("encoder", spec.encoder(engine, e, rng));
        if (transformer || tied) {
            sourceEmbedding.resetParameters(1.0 / Math.sqrt(h), rng);
            if (!shared) {
                targetEmbedding.resetParameters(1.0 / Math.sqrt(h), rng);
            }
        }
        if (spec instanceof TransformerSpec t) {
            targetPositions = addModule("target_positions", SequenceEncoder.positions(engine, t, rng));
            transformerDecoder = addModule("decoder", new TransformerDecoder(engine, t.config(), t.layers(), false, rng));
            bridgeH = bridgeC = combine = null;
            decoderRnn = null;
            additive = null;
            luong = null;
        } else {
            transformerDecoder = null;
            targetPositions = null;
            int enc = encoder.outputSize();
            boolean lstm = spec.family().equals("lstm");
            if (bidirectional && !sumBridge) {
                bridgeH = addModule("bridge_h", new Linear(engine, 2 * h, h, rng));
                bridgeC = lstm ? addModule("bridge_c", new Linear(engine, 2 * h, h, rng)) : null;
            } else {
                bridgeH = bridgeC = null;
            }
            decoderRnn = addModule("decoder", SequenceEncoder.recurrent(engine, ((RecurrentSpec) spec).unidirectional(),
                    e + (inputFeeding ? h : 0), rng));
            additive = attention == AttentionKind.ADDITIVE
                    ? addModule("attention", new AdditiveAttention(engine, h, enc, h, rng)) : null;
            luong = switch (attention) {
                case DOT -> addModule("attention", LuongAttention.dot(engine, h));
                case GENERAL -> addModule("attention", LuongAttention.general(engine, h, enc, rng));
                default -> null;
            };
            combine = attention == AttentionKind.NONE ? null : addModule("combine", new Linear(engine, enc + h, h, rng));
        }
        if (tied) {
            output = null;
            addParameter("output_bias", engine.zeros(Shape.of(targetVocabulary)));
        } else {
            output = addModule("output", new Linear(engine, h, targetVocabulary, rng));
        }
    }

    /** The output layer: logits over the target vocabulary, through the target embedding when tied. */
    private Tensor project(Tensor x) {
        if (!tied) {
            return output.forward(x);
        }
        // looked up by name each call, so Module.to(dtype) is seen
        return x.matmul(targetEmbedding.namedParameters().get("weight").transpose(0, 1)).add(parameter("output_bias"));
    }

    private static void check(ModelSpec spec, int sourceVocabulary, int targetVocabulary, int embeddingSize) {
        String f = spec.family();
        if (spec instanceof ConvSpec) {
            throw new IllegalArgumentException("Seq2Seq cannot build a '" + f + "' model; use rnn, lstm, gru or transformer");
        }
        if (spec instanceof RecurrentSpec r && r.config().projectionSize() > 0) {
            throw new IllegalArgumentException(spec + ": the decoder's states are the encoder's, and a projection makes "
                    + "them narrower than its attention and bridges; drop projection for translation");
        }
        if (spec instanceof TransformerSpec && (spec.heads().attention() != AttentionKind.NONE
                || spec.heads().inputFeeding() || spec.heads().bridge() != TaskHeads.Bridge.LINEAR)) {
            throw new IllegalArgumentException(spec + ": attention, input_feeding and bridge are settings of recurrent "
                    + "decoders; a Transformer decoder attends with its own blocks");
        }
        if (sourceVocabulary < 5 || targetVocabulary < 5) {
            throw new IllegalArgumentException("Seq2Seq: vocabularies of " + sourceVocabulary + " and " + targetVocabulary
                    + " tokens hold at most the 4 special tokens; build them from non-empty training text");
        }
        if (embeddingSize < 1) {
            throw new IllegalArgumentException("Seq2Seq: embedding size must be >= 1, got " + embeddingSize);
        }
        AttentionKind a = spec.heads().attention();
        if (a == AttentionKind.DOT && spec instanceof RecurrentSpec r && r.isBidirectional()) {
            throw new IllegalArgumentException(spec + ": dot attention needs decoder and encoder outputs of equal width, "
                    + "but a bidirectional encoder's are twice as wide; use attention=general or a unidirectional encoder");
        }
        if (spec.heads().inputFeeding() && a == AttentionKind.NONE) {
            throw new IllegalArgumentException(spec + ": input feeding feeds the attentional state back; set attention "
                    + "to additive, dot or general, or drop input_feeding");
        }
        if (spec.heads().shareEmbeddings() && sourceVocabulary != targetVocabulary) {
            throw new IllegalArgumentException(spec + ": share_embeddings needs one joint vocabulary for both sides, got "
                    + sourceVocabulary + " source and " + targetVocabulary + " target tokens; learn one with "
                    + "Bpe.learner().learnJoint(sources, targets) (tokenizer=bpe, joint) or drop share_embeddings");
        }
        if (spec.heads().tieEmbeddings() && embeddingWidth(spec, embeddingSize) != spec.hidden()) {
            throw new IllegalArgumentException(spec + ": tie_embeddings reuses the " + embeddingWidth(spec, embeddingSize)
                    + "-wide target embedding as the output layer, which reads " + spec.hidden() + "-wide states; set "
                    + "embedding=" + spec.hidden() + " or drop tie_embeddings");
        }
    }

    /** The width of source and target embeddings: a Transformer's width, else the {@code embedding} setting or the task's. */
    public static int embeddingWidth(ModelSpec spec, int embeddingSize) {
        if (spec instanceof TransformerSpec) {
            return spec.hidden();
        }
        return spec.heads().embedding() > 0 ? spec.heads().embedding() : embeddingSize;
    }

    /**
     * The trainable parameters {@link Seq2Seq} would have, without building it (for fitting widths to a budget).
     * Equals {@link #parameterCount()} of the built model.
     */
    public static long parameterCount(ModelSpec spec, int sourceVocabulary, int targetVocabulary, int embeddingSize) {
        check(spec, sourceVocabulary, targetVocabulary, embeddingSize);
        long h = spec.hidden();
        long e = embeddingWidth(spec, embeddingSize);
        long total = (spec.heads().shareEmbeddings() ? sourceVocabulary : sourceVocabulary + targetVocabulary) * e
                + (spec.heads().tieEmbeddings() ? 0 : h * targetVocabulary) + targetVocabulary;
        if (spec instanceof TransformerSpec t) {
            long positions = t.positional() == TransformerSpec.Positional.LEARNED ? (long) t.maxPositions() * h : 0;
            return total + spec.parameterCount((int) e) + positions + t.layers() * t.config().decoderLayerParameters();
        }
        RecurrentSpec r = (RecurrentSpec) spec;
        long enc = spec.outputSize();
        total += spec.parameterCount((int) e);
        if (r.isBidirectional() && spec.heads().bridge() != TaskHeads.Bridge.SUM) {
            long bridge = 2 * h * h + h;
            total += spec.family().equals("lstm") ? 2 * bridge : bridge;
        }
        total += r.unidirectional().parameterCount((int) (e + (spec.heads().inputFeeding() ? h : 0)));
        AttentionKind a = spec.heads().attention();
        total += switch (a) {
            case ADDITIVE -> h * h + enc * h + h + h;
            case GENERAL -> h * enc;
            default -> 0;
        };
        if (a != AttentionKind.NONE) {
            total += (enc + h) * h + h;
        }
        return total;
    }

    public ModelSpec spec() {
        return spec;
    }

    public int sourceVocabularySize() {
        return sourceVocabulary;
    }

    public int targetVocabularySize() {
        return targetVocabulary;
    }

    public int embeddingSize() {
        return embeddingSize;
    }

    /** Whether decoding yields attention weights over the source (Transformers and recurrent models with attention). */
    public boolean hasAttention() {
        return transformer || attention != AttentionKind.NONE;
    }

    // ------------------------------------------------------------------------------------------ encoding

    /**
     * The encoder's result for a batch, with what the decoder needs.
     *
     * @param memory        encoder outputs {@code (batch, sourceTime, width)}, zero at padding
     * @param projectedKeys additive attention's {@code W_k s + b}, computed once per batch, else {@code null}
     * @param paddingMask   {@code (batch, sourceTime)}, 1 at padding
     * @param lengths       real source lengths
     * @param h0            the decoder's initial hidden state {@code (layers, batch, hidden)} (recurrent), else null
     * @param c0            the decoder's initial cell state (LSTM), else null
     */
    public record Encoding(Tensor memory, Tensor projectedKeys, Tensor paddingMask, int[] lengths, Tensor h0, Tensor c0) {

        /** The rows {@code rows} of every part, in that order. */
        public Encoding select(int[] rows) {
            Tensor ix = index(memory.engine(), rows);
            int[] lens = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                lens[i] = lengths[rows[i]];
            }
            return new Encoding(memory.indexSelect(0, ix), projectedKeys == null ? null : projectedKeys.indexSelect(0, ix),
                    paddingMask.indexSelect(0, ix), lens, h0 == null ? null : h0.indexSelect(1, ix),
                    c0 == null ? null : c0.indexSelect(1, ix));
        }
    }

    /** Encodes source ids {@code (batch, sourceTime)} (INT64) with the given real lengths. */
    public Encoding encode(Tensor source, int[] sourceLengths) {
        if (source.rank() != 2 || source.dtype() != DType.INT64) {
            throw new IllegalArgumentException("Seq2Seq.encode: source must be INT64 ids (batch, time), got "
                    + source.shape() + " " + source.dtype());
        }
        Tensor x = sourceEmbedding.forward(source);
        x = transformer ? x.mul(Math.sqrt(spec.hidden())) : dropout(x, spec.dropout());
        SequenceEncoder.Encoded enc = encoder.forward(x, sourceLengths);
        Tensor mask = Masks.keyPadding(engine(), enc.lengths(), source.dim(1));
        if (transformer) {
            return new Encoding(enc.outputs(), null, mask, enc.lengths(), null, null);
        }
        RecurrentResult st = enc.states();
        Tensor h0 = bridge(st.hN(), bridgeH, true);
        Tensor c0 = st.cN() == null ? null : bridge(st.cN(), bridgeC, false);
        Tensor keys = additive == null ? null : additive.projectKeys(enc.outputs());
        return new Encoding(enc.outputs(), keys, mask, enc.lengths(), h0, c0);
    }

    /** Encoder final states {@code (layers * directions, batch, H)} to decoder initial states {@code (layers, batch, H)}. */
    private Tensor bridge(Tensor states, Linear linear, boolean tanh) {
        if (!bidirectional) {
            return states;
        }
        int layers = spec.layers(), batch = states.dim(1), h = spec.hidden();
        Tensor pairs = states.reshape(layers, 2, batch, h);
        if (sumBridge) {
            return pairs.sum(1, false);
        }
        Tensor joined = pairs.permute(0, 2, 1, 3).reshape(layers, batch, 2 * h);
        Tensor y = linear.forward(joined);
        return tanh ? y.tanh() : y;
    }

    // ------------------------------------------------------------------------------------------ teacher forcing

    /**
     * Teacher forcing: the logits {@code (batch, targetTime, targetVocabulary)} of each next target token, given the
     * true previous ones ({@code decoderInput} = {@code <bos> y}, INT64).
     */
    public Tensor forward(Tensor source, int[] sourceLengths, Tensor decoderInput, int[] targetLengths) {
        Encoding enc = encode(source, sourceLengths);
        if (decoderInput.rank() != 2 || decoderInput.dim(0) != source.dim(0)) {
            throw new IllegalArgumentException("Seq2Seq.forward: decoder input must be (batch, time) with batch "
                    + source.dim(0) + ", got " + decoderInput.shape());
        }
        if (transformer) {
            int time = decoderInput.dim(1);
            Tensor y = SequenceEncoder.addPositions(targetPositions,
                    targetEmbedding.forward(decoderInput).mul(Math.sqrt(spec.hidden())), 0);
            Tensor tgtPad = targetLengths == null ? null : Masks.keyPadding(engine(), targetLengths, time);
            Tensor out = transformerDecoder.forward(y, enc.memory(), Masks.causal(engine(), time), tgtPad, enc.paddingMask());
            return project(dropout(out, spec.dropout()));
        }
        Tensor y = dropout(targetEmbedding.forward(decoderInput), spec.dropout());
        Tensor states;
        if (!inputFeeding) {
            RecurrentResult r = decoderRnn.forward(y, targetLengths, enc.h0(), enc.c0());
            states = attentional(enc, r.output()).state;
        } else {
            // each step's input carries the previous attentional state, so the steps run one after another
            int time = y.dim(1);
            Tensor h = enc.h0(), c = enc.c0();
            Tensor feed = engine().zeros(Shape.of(y.dim(0), spec.hidden()), y.dtype(), y.device());
            List<Tensor> outs = new ArrayList<>(time);
            for (int t = 0; t < time; t++) {
                Tensor in = Tensor.concat(List.of(y.narrow(1, t, 1), feed.unsqueeze(1)), 2);
                RecurrentResult r = decoderRnn.forward(in, null, h, c);
                h = r.hN();
                c = r.cN();
                feed = attentional(enc, r.output().squeeze(1)).state;
                outs.add(feed);
            }
            states = Tensor.stack(outs, 1);
        }
        return project(dropout(states, spec.dropout()));
    }

    /** Token-level cross-entropy of a teacher-forced batch, over its real target steps. */
    public Tensor loss(TranslationBatch batch) {
        return loss(batch, 0.0);
    }

    /**
     * Token-level cross-entropy with label smoothing {@code smoothing} (Szegedy et al. 2016, section 7; 0.1 in
     * Vaswani et al. 2017, section 5.4), over the batch's real target steps.
     */
    public Tensor loss(TranslationBatch batch, double smoothing) {
        Tensor logits = forward(batch.source(), batch.sourceLengths(), batch.decoderInput(), batch.targetLengths());
        return Losses.sequenceCrossEntropy(logits, batch.decoderTarget(), batch.targetMask(), smoothing);
    }

    private record Attended(Tensor state, Tensor weights) {
    }

    /** {@code h~ = tanh(W_c [c; h])} for decoder outputs {@code (batch, [time,] H)}; the outputs themselves without attention. */
    private Attended attentional(Encoding enc, Tensor h) {
        if (attention == AttentionKind.NONE) {
            return new Attended(h, null);
        }
        Attention.Result a = additive != null
                ? additive.attendProjected(h, enc.projectedKeys(), enc.memory(), enc.paddingMask(), null)
                : luong.attend(h, enc.memory(), enc.memory(), enc.paddingMask(), null);
        Tensor joined = Tensor.concat(List.of(a.output(), h), h.rank() - 1);
        return new Attended(combine.forward(joined).tanh(), a.weights());
    }

    // ------------------------------------------------------------------------------------------ decoding

    /**
     * The decoder's state for a batch of rows.
     *
     * @param encoding the encoder result, row for row
     * @param h        recurrent hidden state {@code (layers, rows, H)}, else null
     * @param c        LSTM cell state, else null
     * @param feed     the previous attentional state (input feeding), else null
     * @param prefix   the target ids so far, INT64 {@code (rows, steps)} (Transformer), else null
     */
    public record DecoderState(Encoding encoding, Tensor h, Tensor c, Tensor feed, Tensor prefix) {
    }

    /** The state before the first target token. */
    public DecoderState start(Encoding enc) {
        Tensor feed = inputFeeding ? engine().zeros(Shape.of(enc.memory().dim(0), spec.hidden()), enc.memory().dtype(), enc.memory().device()) : null;
        return new DecoderState(enc, enc.h0(), enc.c0(), feed, null);
    }

    /**
     * One decoding step for every row: feeds {@code previous} (one token id per row) and returns the next-token
     * log-probabilities {@code (rows, targetVocabulary)}, the attention over the source {@code (rows, sourceTime)}
     * (null without attention; the Transformer's last layer, averaged over heads) and the new state.
     */
    public BeamSearch.Step<DecoderState> step(DecoderState state, int[] previous) {
        Engine e = engine();
        long[] ids = new long[previous.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = previous[i];
        }
        Tensor prev = e.ofIndices(ids, Shape.of(ids.length, 1));
        Encoding enc = state.encoding();
        Tensor logits, weights;
        DecoderState next;
        if (transformer) {
            Tensor prefix = state.prefix() == null ? prev : Tensor.concat(List.of(state.prefix(), prev), 1);
            int time = prefix.dim(1);
            Tensor y = SequenceEncoder.addPositions(targetPositions,
                    targetEmbedding.forward(prefix).mul(Math.sqrt(spec.hidden())), 0);
            Tensor out = transformerDecoder.forward(y, enc.memory(), Masks.causal(e, time), null, enc.paddingMask());
            logits = project(out.narrow(1, time - 1, 1).squeeze(1));
            var layers = transformerDecoder.layers();
            Tensor w = layers.get(layers.size() - 1).memoryAttention().lastAttentionWeights(); // (rows, heads, time, src)
            weights = w.narrow(2, time - 1, 1).squeeze(2).mean(1, false);
            next = new DecoderState(enc, null, null, null, prefix);
        } else {
            Tensor x = targetEmbedding.forward(prev);
            if (inputFeeding) {
                x = Tensor.concat(List.of(x, state.feed().unsqueeze(1)), 2);
            }
            RecurrentResult r = decoderRnn.forward(x, null, state.h(), state.c());
            Attended a = attentional(enc, r.output().squeeze(1));
            logits = project(a.state);
            weights = a.weights;
            next = new DecoderState(enc, r.hN(), r.cN(), inputFeeding ? a.state : null, null);
        }
        float[][] lp = rows(logits.logSoftmax(-1));
        return new BeamSearch.Step<>(lp, weights == null ? null : rows(weights), next);
    }

    /** The state of the given rows, in that order. */
    public DecoderState select(DecoderState s, int[] rows) {
        Tensor ix = index(engine(), rows);
        return new DecoderState(s.encoding().select(rows), s.h() == null ? null : s.h().indexSelect(1, ix),
                s.c() == null ? null : s.c().indexSelect(1, ix), s.feed() == null ? null : s.feed().indexSelect(0, ix),
                s.prefix() == null ? null : s.prefix().indexSelect(0, ix));
    }

    /** This model as a {@link BeamSearch.Decoder}. */
    public BeamSearch.Decoder<DecoderState> decoder() {
        return new BeamSearch.Decoder<>() {
            @Override
            public BeamSearch.Step<DecoderState> step(DecoderState state, int[] previous) {
                return Seq2Seq.this.step(state, previous);
            }

            @Override
            public DecoderState select(DecoderState state, int[] rows) {
                return Seq2Seq.this.select(state, rows);
            }
        };
    }

    /**
     * A decoded sentence.
     *
     * @param tokens    target ids, without {@code <bos>}/{@code <eos>}
     * @param finished  whether the model emitted {@code <eos>} (else it was cut at the maximum length)
     * @param logProb   log-probability of the output ({@code <eos>} included when finished)
     * @param attention {@code [target step][source position]}: one row per emitted token, plus one for {@code <eos>}
     *                  when finished; columns cover the source ids given, {@code <eos>} included; null without attention
     */
    public record Translation(int[] tokens, boolean finished, double logProb, float[][] attention) {
    }

    /**
     * Greedy decoding of a batch of sources (ids without {@code <eos>}; it is appended here), all at once: rows leave
     * the batch as they emit {@code <eos>}. In eval mode, without gradients.
     */
    public List<Translation> greedy(List<int[]> sources, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maximum decode length must be >= 1, got " + maxLength);
        }
        int n = sources.size();
        List<Translation> out = new ArrayList<>(java.util.Collections.nCopies(n, null));
        if (n == 0) {
            return out;
        }
        boolean wasTraining = isTraining();
        eval();
        try (var ignored = engine().noGrad()) {
            DecoderState state = start(encode(sources));
            int[] active = identity(n); // batch row -> sentence
            int[] prev = new int[n];
            Arrays.fill(prev, Vocabulary.BOS_ID);
            List<List<Integer>> tokens = new ArrayList<>();
            List<List<float[]>> att = new ArrayList<>();
            double[] logProb = new double[n];
            for (int i = 0; i < n; i++) {
                tokens.add(new ArrayList<>());
                att.add(new ArrayList<>());
            }
            for (int t = 0; t < maxLength && active.length > 0; t++) {
                BeamSearch.Step<DecoderState> s = step(state, prev);
                List<Integer> keep = new ArrayList<>();
                for (int r = 0; r < active.length; r++) {
                    int sent = active[r];
                    float[] lp = s.logProbs()[r];
                    int best = 0;
                    for (int v = 1; v < lp.length; v++) {
                        if (lp[v] > lp[best]) {
                            best = v;
                        }
                    }
                    logProb[sent] += lp[best];
                    if (s.attention() != null) {
                        // the batch pads sources to the longest; keep this sentence's own columns
                        att.get(sent).add(Arrays.copyOf(s.attention()[r], sources.get(sent).length + 1));
                    }
                    if (best == Vocabulary.EOS_ID) {
                        out.set(sent, translation(tokens.get(sent), true, logProb[sent], att.get(sent)));
                    } else {
                        tokens.get(sent).add(best);
                        keep.add(r);
                    }
                }
                int[] rows = keep.stream().mapToInt(Integer::intValue).toArray();
                int[] nextActive = new int[rows.length];
                prev = new int[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    nextActive[i] = active[rows[i]];
                    prev[i] = tokens.get(nextActive[i]).get(tokens.get(nextActive[i]).size() - 1);
                }
                if (rows.length > 0 && rows.length < active.length) {
                    state = select(s.state(), rows);
                } else {
                    state = s.state();
                }
                active = nextActive;
            }
            for (int sent : active) {
                out.set(sent, translation(tokens.get(sent), false, logProb[sent], att.get(sent)));
            }
        } finally {
            if (wasTraining) {
                train();
            }
        }
        return out;
    }

    /**
     * Beam search for one source sentence (ids without {@code <eos>}): width {@code width} (1 = greedy), length
     * normalisation {@code alpha} (GNMT; 0 = none). In eval mode, without gradients.
     */
    public Translation beamSearch(int[] source, int width, double alpha, int maxLength) {
        return beamSearchAll(source, width, alpha, maxLength).get(0);
    }

    /** Every finished hypothesis of a beam search, best score first. */
    public List<Translation> beamSearchAll(int[] source, int width, double alpha, int maxLength) {
        boolean wasTraining = isTraining();
        eval();
        try (var ignored = engine().noGrad()) {
            DecoderState s = start(encode(List.of(source)));
            List<BeamSearch.Hypothesis> hs = BeamSearch.search(decoder(), s, width, alpha, maxLength,
                    Vocabulary.BOS_ID, Vocabulary.EOS_ID);
            List<Translation> out = new ArrayList<>(hs.size());
            for (BeamSearch.Hypothesis h : hs) {
                out.add(new Translation(h.tokens(), h.finished(), h.logProb(), h.attention()));
            }
            return out;
        } finally {
            if (wasTraining) {
                train();
            }
        }
    }

    /**
     * Translates sources with {@code width} 1 (batched greedy, {@code batchSize} sentences at a time) or beam search.
     */
    public List<Translation> translate(List<int[]> sources, int width, double alpha, int maxLength, int batchSize) {
        List<Translation> out = new ArrayList<>(sources.size());
        if (width <= 1) {
            for (int from = 0; from < sources.size(); from += batchSize) {
                try (var scope = engine().scope()) {
                    out.addAll(greedy(sources.subList(from, Math.min(sources.size(), from + batchSize)), maxLength));
                }
            }
        } else {
            for (int[] s : sources) {
                try (var scope = engine().scope()) {
                    out.add(beamSearch(s, width, alpha, maxLength));
                }
            }
        }
        return out;
    }

    /** Log-probability of {@code target} (ids without {@code <eos>}, which is scored too) given {@code source}. */
    public double logProbability(int[] source, int[] target) {
        return logProbability(source, target, true);
    }

    /**
     * Log-probability of the tokens {@code target} given {@code source}, followed by {@code <eos>} when
     * {@code withEos} (a decoder's output cut at the maximum length has none).
     */
    public double logProbability(int[] source, int[] target, boolean withEos) {
        boolean wasTraining = isTraining();
        eval();
        try (var ignored = engine().noGrad()) {
            DecoderState s = start(encode(List.of(source)));
            double total = 0;
            int prev = Vocabulary.BOS_ID;
            for (int t = 0; t < target.length + (withEos ? 1 : 0); t++) {
                BeamSearch.Step<DecoderState> st = step(s, new int[] {prev});
                int next = t < target.length ? target[t] : Vocabulary.EOS_ID;
                total += st.logProbs()[0][next];
                s = st.state();
                prev = next;
            }
            return total;
        } finally {
            if (wasTraining) {
                train();
            }
        }
    }

    /** Encodes sources given without {@code <eos>}: frames and pads them as {@link TranslationBatch} does. */
    private Encoding encode(List<int[]> sources) {
        TranslationBatch b = TranslationBatch.of(engine(), sources, sources, null, 0, 0);
        return encode(b.source(), b.sourceLengths());
    }

    private static Translation translation(List<Integer> tokens, boolean finished, double logProb, List<float[]> att) {
        return new Translation(tokens.stream().mapToInt(Integer::intValue).toArray(), finished, logProb,
                att.isEmpty() ? null : att.toArray(new float[0][]));
    }

    private static float[][] rows(Tensor t) {
        int r = t.dim(0), c = t.dim(1);
        float[] flat = t.toFloatArray();
        float[][] out = new float[r][];
        for (int i = 0; i < r; i++) {
            out[i] = Arrays.copyOfRange(flat, i * c, (i + 1) * c);
        }
        return out;
    }

    private static Tensor index(Engine e, int[] rows) {
        long[] ix = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            ix[i] = rows[i];
        }
        return e.ofIndices(ix, Shape.of(rows.length));
    }

    private static int[] identity(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    @Override
    public String toString() {
        return "Seq2Seq(" + spec + ", vocabularies " + sourceVocabulary + " -> " + targetVocabulary + ", embedding "
                + embeddingSize + ", " + parameterCount() + " parameters)";
    }
}
