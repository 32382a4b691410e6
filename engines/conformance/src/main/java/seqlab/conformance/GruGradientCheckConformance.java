package seqlab.conformance;

import org.junit.jupiter.api.Test;
import seqlab.nn.RecurrentConfig;

/** Finite-difference gradient checks of {@link seqlab.nn.Gru}, both reset-gate placements, every option. */
public abstract class GruGradientCheckConformance extends RecurrentGradientChecking {
    private static RecurrentConfig gru() {
        return RecurrentConfig.gru(HIDDEN);
    }

    @Test
    void oneLayer() {
        check(gru(), null, false);
    }

    @Test
    void bidirectionalPackedTwoLayers() {
        check(gru().layers(2).bidirectional(), LENGTHS, false);
    }

    @Test
    void givenStateBatchFirstPacked() {
        check(gru().batchFirst(), LENGTHS, true);
    }

    @Test
    void dropoutBetweenLayersWithFixedMasks() {
        check(gru().layers(2).dropout(0.4), null, true);
    }

    @Test
    void withoutBias() {
        check(gru().bias(false).bidirectional(), LENGTHS, true);
    }

    @Test
    void resetBeforeProduct() {
        check(gru().resetBeforeProduct(), null, true);
    }

    @Test
    void resetBeforeProductBidirectionalPackedTwoLayers() {
        check(gru().resetBeforeProduct().layers(2).bidirectional(), LENGTHS, true);
    }

    @Test
    void resetBeforeProductWithoutBiasWithDropout() {
        check(gru().resetBeforeProduct().bias(false).layers(2).dropout(0.3), LENGTHS, false);
    }
}
