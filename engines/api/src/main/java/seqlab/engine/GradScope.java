package seqlab.engine;

/** A scope that changes whether autograd records ops; closing it restores the previous mode. */
public interface GradScope extends AutoCloseable {
    @Override
    void close();
}
