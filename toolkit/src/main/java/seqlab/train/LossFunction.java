package seqlab.train;

import seqlab.engine.Tensor;

/**
 * The training objective: runs {@code model} on {@code batch} and returns a scalar loss to minimise, e.g.
 * {@code (m, b) -> Losses.crossEntropy(m.forward(b.inputs()), b.labels())}.
 */
@FunctionalInterface
public interface LossFunction<M, B> {
    Tensor loss(M model, B batch);
}
