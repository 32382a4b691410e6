package seqlab.engine;

/**
 * Registers an engine with {@link java.util.ServiceLoader}: a jar lists its provider class in
 * {@code META-INF/services/seqlab.engine.EngineProvider}.
 */
public interface EngineProvider {

    /** The engine's name, unique among providers, e.g. {@code reference}. */
    String name();

    /** Preference when no engine is named: the highest available rank is the default. */
    int rank();

    /**
     * Whether this engine can start on this machine, and if not why, in one line (e.g. no native library for the
     * platform). Must not throw.
     */
    default Availability availability() {
        return Availability.yes();
    }

    /** Creates the engine. Called at most once per process by {@link Engines}. */
    Engine create();

    /** Whether an engine can start, and a one-line reason when it cannot. */
    record Availability(boolean available, String reason) {
        public static Availability yes() {
            return new Availability(true, "");
        }

        public static Availability no(String reason) {
            return new Availability(false, reason);
        }
    }
}
