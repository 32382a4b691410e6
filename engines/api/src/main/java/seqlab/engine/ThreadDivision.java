package seqlab.engine;

/**
 * How an engine's intra-op threads are divided among trials that run at once ({@link Engine#divideThreads}); closing
 * it restores the engine's previous thread setting.
 */
public interface ThreadDivision extends AutoCloseable {
    /** A division that changed nothing, for engines without a thread setting. */
    ThreadDivision NONE = () -> {
    };

    @Override
    void close();
}
