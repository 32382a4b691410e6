package seqlab.conformance;

import org.junit.jupiter.api.Test;
import seqlab.nn.RecurrentConfig;

/** Finite-difference gradient checks of {@link seqlab.nn.Lstm} for every option, alone and combined. */
public abstract class LstmGradientCheckConformance extends RecurrentGradientChecking {
    private static RecurrentConfig lstm() {
        return RecurrentConfig.lstm(HIDDEN);
    }

    @Test
    void oneLayer() {
        check(lstm(), null, false);
    }

    @Test
    void bidirectionalPackedTwoLayers() {
        check(lstm().layers(2).bidirectional(), LENGTHS, false);
    }

    @Test
    void givenStatesBidirectionalTwoLayers() {
        check(lstm().layers(2).bidirectional(), null, true);
    }

    @Test
    void batchFirstPackedWithGivenStates() {
        check(lstm().batchFirst(), LENGTHS, true);
    }

    @Test
    void dropoutBetweenLayersWithFixedMasks() {
        check(lstm().layers(2).bidirectional().dropout(0.4), LENGTHS, false);
    }

    @Test
    void withoutBias() {
        check(lstm().bias(false).layers(2), LENGTHS, true);
    }

    @Test
    void peephole() {
        check(lstm().peephole(), LENGTHS, true);
    }

    @Test
    void coupledInputForgetGate() {
        check(lstm().coupledInputForget(), LENGTHS, true);
    }

    @Test
    void projection() {
        check(RecurrentConfig.lstm(3).projection(2).layers(2).bidirectional(), LENGTHS, true);
    }

    @Test
    void allVariantsBidirectionalPackedTwoLayers() {
        check(RecurrentConfig.lstm(3).peephole().coupledInputForget().projection(2).forgetBiasOne().layers(2)
                .bidirectional().dropout(0.3), LENGTHS, true);
    }
}
