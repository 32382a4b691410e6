package seqlab.experiments;

import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;
import seqlab.model.ModelSpec;
import seqlab.model.SequenceEncoder;
import seqlab.nn.Linear;
import seqlab.nn.Module;

/**
 * The smallest model a synthetic claim needs: any {@link SequenceEncoder} and a {@link Linear} head, read either
 * from the sequence summary (one prediction per sequence) or from the last few steps (one per step).
 */
final class EncoderWithHead extends Module {
    private final SequenceEncoder encoder;
    private final Linear head;

    EncoderWithHead(Engine engine, ModelSpec spec, int inputSize, int outputs, RandomSource rng) {
        super(engine);
        encoder = addModule("encoder", new SequenceEncoder(engine, spec, inputSize, rng));
        head = addModule("head", new Linear(engine, encoder.outputSize(), outputs, rng));
    }

    /** Parameters of the encoder alone (the head excluded). */
    long encoderParameterCount() {
        return encoder.parameterCount();
    }

    /** {@code (batch, outputs)} from each sequence's summary (final state, or mean for a Transformer). */
    Tensor fromSummary(Tensor x) {
        return head.forward(encoder.forward(x, null).summary());
    }

    /** {@code (batch * steps, outputs)}: the head applied to each of the last {@code steps} outputs. */
    Tensor fromLastSteps(Tensor x, int steps) {
        Tensor out = encoder.forward(x, null).outputs();
        Tensor tail = out.narrow(1, out.dim(1) - steps, steps);
        return head.forward(tail).reshape(-1, head.outFeatures());
    }
}
