package seqlab.engine.pytorch;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.Utils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads LibTorch through DJL, once per process, without touching the network.
 *
 * <p>With {@code ai.djl.pytorch:pytorch-native-cpu} on the class path, DJL finds {@code native/lib/pytorch.properties}
 * in that jar and copies the libraries it lists from the jar into its engine cache
 * ({@code ~/.djl.ai/pytorch/<version>-<flavor>-<platform>/}, or under {@code ENGINE_CACHE_DIR} / {@code DJL_CACHE_DIR}
 * when set as a system property or environment variable); the JNI bridge comes the same way from {@code pytorch-jni}.
 * A CUDA jar ({@code -Pcuda}) and {@code PYTORCH_LIBRARY_PATH} are prepared first by {@link LibTorchLocator}. DJL
 * runs offline ({@code ai.djl.offline=true} unless the user set it): where it would download a LibTorch, the engine
 * is "not available" with the reason in one line, rather than making a network call.
 */
final class Native {
    private static volatile Engine djl;
    private static volatile LibTorchBuild build;
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
            LibTorchLocator.Plan plan = null;
            try {
                var locator = new LibTorchLocator(Native.class.getClassLoader(), Utils::getEnvOrSystemProperty,
                        Utils.getEngineCacheDir("pytorch"), LibTorchLocator.platformClassifier());
                plan = locator.plan(dir -> CudaRuntime.in(dir).map(r -> r.driverVersion() > 0)
                        .orElse(true));
                if (plan.directory() != null && plan.properties().containsKey(LibTorchLocator.LIBRARY_PATH)) {
                    // DJL warns that the CUDA jar "doesn't match" a machine without a CUDA toolkit; seqlab loads it
                    // anyway (LibTorchLocator), so the warning would only mislead. slf4j-simple reads this once.
                    System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.ai.djl.util.Platform", "error");
                }
                for (Map.Entry<String, String> p : plan.properties().entrySet()) {
                    if (System.getenv(p.getKey()) == null) {
                        System.getProperties().putIfAbsent(p.getKey(), p.getValue());
                    }
                }
                Engine loaded = Engine.getEngine("PyTorch");
                build = describe(loaded, plan);
                djl = loaded;
                return loaded;
            } catch (Throwable t) {
                if (plan != null && oneLine(t).contains("libcuda.so")) {
                    // only a CUDA LibTorch from PYTORCH_LIBRARY_PATH gets here; the CUDA jar's is linked without nvrtc
                    t = new LibTorchLocator.Unavailable(plan.source() + " is a CUDA LibTorch and this machine has no NVIDIA"
                            + " driver (libcuda.so.1): point PYTORCH_LIBRARY_PATH at a CPU LibTorch, or unset it and use"
                            + " the -Pcuda build's jar, which also loads without a driver", t);
                }
                failure = t;
                throw new IllegalStateException("LibTorch could not be loaded: " + oneLine(t), t);
            }
        }
    }

    /** What was loaded; call after {@link #djl()} succeeded. */
    static LibTorchBuild build() {
        LibTorchBuild b = build;
        if (b == null) {
            djl();
            b = build;
        }
        return b;
    }

    private static LibTorchBuild describe(Engine engine, LibTorchLocator.Plan plan) {
        Path dir = Path.of(LibUtils.getLibtorchPath()).toAbsolutePath();
        String flavor = plan.flavor();
        String cuda = LibTorchBuild.cudaOfFlavor(flavor);
        String driver = "";
        int gpus = 0;
        if (!cuda.isEmpty()) {
            // a LibTorch without its own runtime (a PyTorch wheel's torch/lib) uses the system's, as DJL does
            Optional<CudaRuntime> rt = CudaRuntime.in(dir).or(CudaRuntime::system);
            if (rt.isPresent()) {
                driver = LibTorchBuild.cudaVersion(rt.get().driverVersion());
                gpus = driver.isEmpty() ? 0 : rt.get().deviceCount();
            } else {
                gpus = engine.getGpuCount();
            }
        }
        List<String> features = new ArrayList<>(JniUtils.getFeatures());
        features.sort(null);
        return new LibTorchBuild(engine.getVersion(), flavor, cuda, Engine.getDjlVersion(), plan.source(), dir, driver,
                gpus, features);
    }

    /** A throwable's root cause as one line, for {@code Engines.unavailable()}. */
    static String oneLine(Throwable t) {
        Throwable root = t;
        while (!(root instanceof LibTorchLocator.Unavailable) && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof LibTorchLocator.Unavailable) {
            return root.getMessage().replaceAll("\\s+", " ").trim();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        return msg.replaceAll("\\s+", " ").trim();
    }
}
