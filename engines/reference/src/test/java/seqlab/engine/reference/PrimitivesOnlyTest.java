package seqlab.engine.reference;

import org.junit.jupiter.api.Nested;
import seqlab.conformance.AttentionConformance;
import seqlab.conformance.ConvConformance;
import seqlab.conformance.GradientConformance;
import seqlab.conformance.LayerParityConformance;
import seqlab.conformance.LossConformance;
import seqlab.conformance.OptimizerConformance;
import seqlab.conformance.PrimitivesOnly;
import seqlab.conformance.RecurrentLayerConformance;
import seqlab.conformance.TensorOpsConformance;
import seqlab.conformance.TransformerConformance;
import seqlab.engine.Engine;
import seqlab.engine.Engines;

/**
 * The composites of {@link seqlab.engine.Tensor} as written once in the API (softmax, logSumExp, dropout, max, clamp,
 * ...), run over the reference engine's primitives with none of its overrides and no fused kernels: they pass the
 * op, gradient, loss, layer and optimizer suites, and every layer and model agrees with the reference engine itself
 * (its overrides) within the parity suite's tolerances. This is what a new engine that implements only the
 * primitives gets.
 */
class PrimitivesOnlyTest {
    private static final Engine PRIMITIVES = PrimitivesOnly.of(Engines.get("reference"));

    @Nested
    class TensorOps extends TensorOpsConformance {
        @Override
        protected Engine engine() {
            return PRIMITIVES;
        }
    }

    @Nested
    class Gradients extends GradientConformance {
        @Override
        protected Engine engine() {
            return PRIMITIVES;
        }
    }

    @Nested
    class Losses extends LossConformance {
        @Override
        protected Engine engine() {
            return PRIMITIVES;
        }
    }

    @Nested
    class Attention extends AttentionConformance {
        @Override
        protected Engine engine() {
            return PRIMITIVES;
        }
    }

    @Nested
    class Transformer extends TransformerConformance {
        @Override
        protected Engine engine() {
            return PRIMITIVES;
        }
    }

    @Nested
    class Conv extends ConvConformance {
        @Override
        protected Engine engine() {
            return PRIMITIVES;
        }
    }

    @Nested
    class RecurrentLayers extends RecurrentLayerConformance {
        @Override
        protected Engine engine() {
            return PRIMITIVES;
        }
    }

    @Nested
    class Optimizers extends OptimizerConformance {
        @Override
        protected Engine engine() {
            return PRIMITIVES;
        }
    }

    @Nested
    class ParityWithTheOverrides extends LayerParityConformance {
        @Override
        protected Engine engine() {
            return PRIMITIVES;
        }

        @Override
        protected Engine reference() {
            return Engines.get("reference");
        }
    }
}
