package seqlab.conformance;

import org.junit.jupiter.api.Test;
import seqlab.nn.RecurrentConfig;

/** Finite-difference gradient checks of {@link seqlab.nn.Rnn} with tanh and relu, every option. */
public abstract class RnnGradientCheckConformance extends RecurrentGradientChecking {
    private static RecurrentConfig rnn() {
        return RecurrentConfig.rnn(HIDDEN);
    }

    @Test
    void tanhOneLayer() {
        check(rnn(), null, false);
    }

    @Test
    void tanhBidirectionalPackedTwoLayers() {
        check(rnn().layers(2).bidirectional(), LENGTHS, true);
    }

    @Test
    void reluBidirectionalPackedTwoLayers() {
        check(rnn().relu().layers(2).bidirectional(), LENGTHS, true);
    }

    @Test
    void batchFirstWithoutBias() {
        check(rnn().batchFirst().bias(false), LENGTHS, true);
    }

    @Test
    void dropoutBetweenLayersWithFixedMasks() {
        check(rnn().layers(3).dropout(0.5), LENGTHS, false);
    }
}
