package seqlab.engine;

/** Element types. Models compute in {@link #FLOAT32}; {@link #INT64} holds indices; {@link #FLOAT64} is for tight gradient checks. */
public enum DType {
    FLOAT32,
    FLOAT64,
    INT64;

    public boolean isFloating() {
        return this != INT64;
    }
}
