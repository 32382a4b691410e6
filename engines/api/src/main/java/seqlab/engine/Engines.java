package seqlab.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds engines on the class path ({@link ServiceLoader} over {@link EngineProvider}) and hands out one instance of
 * each per process.
 *
 * <p>The default engine is the one named by the {@code seqlab.engine} system property, else by the
 * {@code SEQLAB_ENGINE} environment variable, else the available engine of highest rank (the reference engine on a
 * CPU-only machine; the LibTorch engine ranks higher where it sees a CUDA device).
 */
public final class Engines {
    private static final Logger LOG = LoggerFactory.getLogger(Engines.class);
    public static final String PROPERTY = "seqlab.engine";
    public static final String ENV = "SEQLAB_ENGINE";

    private static volatile Map<String, EngineProvider> providers;
    private static volatile Map<String, String> unavailable;
    private static final Map<String, Engine> INSTANCES = new ConcurrentHashMap<>();

    private Engines() {
    }

    private static synchronized void discover() {
        if (providers != null) {
            return;
        }
        Map<String, EngineProvider> found = new LinkedHashMap<>();
        Map<String, String> missing = new LinkedHashMap<>();
        var it = ServiceLoader.load(EngineProvider.class, Engines.class.getClassLoader()).iterator();
        while (true) {
            EngineProvider p;
            try {
                if (!it.hasNext()) {
                    break;
                }
                p = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                LOG.warn("An engine provider could not be loaded: {}", e.toString());
                continue;
            }
            EngineProvider.Availability a;
            try {
                a = p.availability();
            } catch (RuntimeException | LinkageError e) {
                a = EngineProvider.Availability.no(e.toString());
            }
            if (a.available()) {
                found.putIfAbsent(p.name(), p);
            } else {
                missing.put(p.name(), a.reason());
                LOG.info("Engine '{}' is not available: {}", p.name(), a.reason());
            }
        }
        unavailable = missing;
        providers = found;
    }

    /** Names of the engines that can start here, highest rank first. */
    public static List<String> available() {
        discover();
        List<EngineProvider> ps = new ArrayList<>(providers.values());
        ps.sort(Comparator.comparingInt(EngineProvider::rank).reversed().thenComparing(EngineProvider::name));
        return ps.stream().map(EngineProvider::name).toList();
    }

    /** Engines found on the class path that cannot start here, each with a one-line reason. */
    public static Map<String, String> unavailable() {
        discover();
        return Map.copyOf(unavailable);
    }

    /**
     * The engine registered under {@code name}, created on first use.
     *
     * @throws IllegalArgumentException when no such engine is available, listing the ones that are
     */
    public static Engine get(String name) {
        discover();
        EngineProvider p = providers.get(name);
        if (p == null) {
            String why = unavailable.containsKey(name) ? " (it was found but cannot start: " + unavailable.get(name) + ")" : "";
            throw new IllegalArgumentException("Unknown engine '" + name + "'" + why + ". Available engines: "
                    + String.join(", ", available())
                    + ". Add an engine's jar to the class path or pick one of these.");
        }
        return INSTANCES.computeIfAbsent(name, n -> p.create());
    }

    /** The engine chosen by property, environment or rank (see the class comment). */
    public static Engine defaultEngine() {
        return get(defaultName());
    }

    /** The system property that sets the threads an engine uses for one op. */
    public static final String THREADS_PROPERTY = "seqlab.threads";

    /**
     * The intra-op thread count engines start with: the {@value #THREADS_PROPERTY} system property, else every
     * core. Fails with a clear message on a value that is not a positive integer.
     */
    public static int configuredThreads() {
        String p = System.getProperty(THREADS_PROPERTY);
        if (p != null) { // set but empty (-Dseqlab.threads=$UNSET_VARIABLE) is an error too, not "every core"
            int n;
            try {
                n = Integer.parseInt(p.trim());
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1) {
                throw new IllegalArgumentException(THREADS_PROPERTY + " must be a positive integer, got '" + p
                        + "'; use -D" + THREADS_PROPERTY + "=N with N >= 1, or leave it unset for every core");
            }
            return n;
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Intra-op threads for each of {@code concurrent} pieces of work that run side by side (parallel trials): the
     * {@link #configuredThreads() configured threads} divided among them, at least 1 each, so together they start
     * no more threads than there are cores to run them.
     */
    public static int threadsEach(int concurrent) {
        if (concurrent < 1) {
            throw new IllegalArgumentException("concurrent work must be >= 1, got " + concurrent);
        }
        return Math.max(1, configuredThreads() / concurrent);
    }

    /** Fails on a thread count below 1, with the fix; engines check every count they are given with it. */
    public static void checkThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n + "; give 1 or more threads per op");
        }
    }

    /** The name {@link #defaultEngine()} would use. */
    public static String defaultName() {
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return prop.trim();
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        List<String> names = available();
        if (names.isEmpty()) {
            throw new IllegalStateException("No seqlab engine on the class path. Add seqlab-engine-reference (pure Java) "
                    + "or seqlab-engine-pytorch to the class path.");
        }
        return names.get(0);
    }
}
