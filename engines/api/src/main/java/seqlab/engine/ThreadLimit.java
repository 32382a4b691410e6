package seqlab.engine;

/**
 * A cap on the intra-op threads of one thread's ops ({@link Engine#limitThreads}); closing it, on the thread that
 * opened it, puts that thread's previous count back. Limits nest.
 */
public interface ThreadLimit extends AutoCloseable {
    /** What an engine without intra-op threads returns: nothing to cap, nothing to restore. */
    ThreadLimit NONE = () -> {
    };

    @Override
    void close();
}
