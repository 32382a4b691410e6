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

    /** The optimizer's name as {@link Optimizer#name()} gives it; a spec written as a lambda is {@code custom}. */
    default String name() {
        return "custom";
    }

    /** The hyperparameters as {@link Optimizer#hyperparameters()} gives them at the start, in a new mutable map. */
    default Map<String, Object> hyperparameters() {
        return new java.util.LinkedHashMap<>();
    }
}
