package seqlab.engine.pytorch;

import ai.djl.engine.Engine;

/**
 * Loads LibTorch through DJL, once per process, without touching the network.
 *
 * <p>With {@code ai.djl.pytorch:pytorch-native-cpu} (or a {@code pytorch-native-cu*} jar) on the class path, DJL 0.36
 * finds {@code native/lib/pytorch.properties} in that jar and copies the libraries it lists from the jar into its
 * engine cache ({@code ~/.djl.ai/pytorch/<version>-<flavor>-<platform>/}, or under {@code ENGINE_CACHE_DIR} /
 * {@code DJL_CACHE_DIR} when set as a system property or environment variable); the JNI bridge comes the same way
 * from {@code pytorch-jni}. Only when no native jar is present would DJL download LibTorch, which offline mode turns
 * into an error instead, so a machine without the jar gets a clear "not available" rather than a network call.
 * {@code PYTORCH_LIBRARY_PATH} still points DJL at a LibTorch installed elsewhere.
 */
final class Native {
    private static volatile Engine djl;
    private static volatile Throwable failure;

    private Native() {
    }

    /** The DJL PyTorch engine, loading the native library on first use; throws when it cannot load. */
    static Engine djl() {
        Engine e = djl;
        if (e != null) {
            return e;
        }
        synchronized (Native.class) {
            if (djl != null) {
                return djl;
            }
            if (failure != null) {
                throw new IllegalStateException("LibTorch could not be loaded: " + oneLine(failure), failure);
            }
            if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
                System.setProperty("ai.djl.offline", "true");
            }
            try {
                djl = Engine.getEngine("PyTorch");
                return djl;
            } catch (Throwable t) {
                failure = t;
                throw new IllegalStateException("LibTorch could not be loaded: " + oneLine(t), t);
            }
        }
    }

    /** A throwable's root cause as one line, for {@code Engines.unavailable()}. */
    static String oneLine(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        return msg.replaceAll("\\s+", " ").trim();
    }
}
