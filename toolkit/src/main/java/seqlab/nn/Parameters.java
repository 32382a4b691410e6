package seqlab.nn;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import seqlab.engine.Tensor;

/**
 * Parameters that {@link Module#to(seqlab.engine.Device)} or {@link Module#to(seqlab.engine.DType)} replaced by new
 * tensors. Whoever kept a reference from before (an optimizer made before the move) can ask, and fail with a clear
 * line instead of updating tensors the model no longer uses, which would train nothing and say nothing.
 */
public final class Parameters {
    /** Replaced tensor to what replaced it, e.g. {@code gpu(0) float32}; weak, so the old tensors can be collected. */
    private static final Map<Tensor, String> RETIRED = Collections.synchronizedMap(new WeakHashMap<>());

    private Parameters() {
    }

    static void retire(Tensor old, Tensor replacement) {
        RETIRED.put(old, replacement.device() + " " + replacement.dtype().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** Where the parameter {@code t} went, when a module moved or converted it; null while it is in use. */
    public static String replacedBy(Tensor t) {
        return RETIRED.isEmpty() ? null : RETIRED.get(t);
    }
}
