package seqlab.train;

import java.util.Map;
import seqlab.engine.Tensor;

/**
 * The choice of optimizer and its hyperparameters, without parameters: a value a trainer or an experiment holds
 * and applies to each model it builds. See {@link Optimizers} for the factories.
 */
@FunctionalInterface
public interface OptimizerSpec {
    /** An optimizer over {@code params} (a module's named parameters). */
    Optimizer create(Map<String, Tensor> params);
}
