package seqlab.engine;

/**
 * Argument checks every engine makes the same way, so the errors users see name the op, the shapes and the fix
 * identically on every engine (the conformance suite compares them).
 */
public final class TensorChecks {
    private TensorChecks() {
    }

    /** Fails unless {@code t} is floating point (an INT64 tensor holds indices). */
    public static void requireFloating(String op, Tensor t) {
        if (t.dtype() == DType.INT64) {
            throw new IllegalArgumentException(op + ": needs a floating tensor, got an INT64 (index) tensor of shape "
                    + t.shape() + "; convert with to(DType.FLOAT32)");
        }
    }

    /** Fails unless both are floating point of the same dtype: float32 and float64 never mix silently. */
    public static void sameFloatingDtype(String op, Tensor a, Tensor b) {
        requireFloating(op, a);
        requireFloating(op, b);
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": dtypes differ (" + a.dtype() + " " + a.shape() + " and " + b.dtype()
                    + " " + b.shape() + "); convert one with to(DType)");
        }
    }

    /** Fails unless {@code length} values fill {@code shape}. */
    public static void dataLength(int length, Shape shape) {
        if (length != shape.size()) {
            throw new IllegalArgumentException("Data has " + length + " values but shape " + shape + " needs "
                    + shape.size());
        }
    }

    /** The error for a tensor of another engine (or another instance) passed to an op. */
    public static IllegalArgumentException foreign(String op, Engine mine, Tensor other) {
        return new IllegalArgumentException(op + ": tensors come from different engines (" + mine.name() + " and "
                + other.engine().name() + "); move values between engines with toFloatArray() and Engine.of()");
    }
}
