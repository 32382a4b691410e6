package seqlab.engine;

/** A memory scope opened by {@link Engine#scope()}. */
public interface TensorScope extends AutoCloseable {

    /** A scope that releases nothing, for garbage-collected engines. */
    TensorScope NONE = new TensorScope() {
        @Override
        public <T extends Tensor> T keep(T tensor) {
            return tensor;
        }

        @Override
        public void close() {
        }
    };

    /** Keeps {@code tensor} alive after this scope closes (it moves to the enclosing scope); returns it. */
    <T extends Tensor> T keep(T tensor);

    @Override
    void close();
}
