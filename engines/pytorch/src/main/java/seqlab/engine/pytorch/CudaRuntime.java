package seqlab.engine.pytorch;

import com.sun.jna.Library;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The CUDA runtime that a CUDA LibTorch carries ({@code libcudart-<hash>.so.12} beside it), asked through JNA what the
 * machine has. This is LibTorch's own view: DJL's {@code CudaUtils} asks a system-wide {@code libcudart}, which a
 * machine with only the NVIDIA driver (the usual GPU container) does not have. JNA comes with DJL's api jar.
 */
final class CudaRuntime {
    /** The three calls of the CUDA runtime API used here; each returns 0 (cudaSuccess) or an error code. */
    public interface Cudart extends Library {
        int cudaGetDeviceCount(int[] count);

        int cudaRuntimeGetVersion(int[] version);

        /** 0 in {@code version} when no driver is installed (CUDA runtime API reference). */
        int cudaDriverGetVersion(int[] version);
    }

    private final Cudart lib;

    private CudaRuntime(Cudart lib) {
        this.lib = lib;
    }

    /** The runtime bundled in a LibTorch folder; empty for a CPU LibTorch or one that uses a system-wide runtime. */
    static Optional<CudaRuntime> in(Path libDir) {
        Path found;
        try (Stream<Path> files = Files.list(libDir)) {
            found = files.filter(f -> f.getFileName().toString().matches("libcudart(-[0-9a-f]+)?\\.so(\\.[0-9.]+)?"))
                    .sorted().findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (found == null) {
            return Optional.empty();
        }
        return Optional.of(new CudaRuntime(com.sun.jna.Native.load(found.toAbsolutePath().toString(), Cudart.class)));
    }

    /** The system-wide runtime ({@code libcudart.so} of a CUDA toolkit), as DJL uses it; empty where there is none. */
    static Optional<CudaRuntime> system() {
        try {
            return Optional.of(new CudaRuntime(com.sun.jna.Native.load("cudart", Cudart.class)));
        } catch (UnsatisfiedLinkError e) {
            return Optional.empty();
        }
    }

    /** CUDA devices visible; 0 where the driver is missing or sees none. */
    int deviceCount() {
        int[] n = new int[1];
        return lib.cudaGetDeviceCount(n) == 0 ? n[0] : 0;
    }

    /** The runtime's CUDA version, e.g. 12040 for 12.4. */
    int runtimeVersion() {
        int[] v = new int[1];
        return lib.cudaRuntimeGetVersion(v) == 0 ? v[0] : 0;
    }

    /** The newest CUDA version the installed driver supports, e.g. 12080; 0 without a driver. */
    int driverVersion() {
        int[] v = new int[1];
        return lib.cudaDriverGetVersion(v) == 0 ? v[0] : 0;
    }
}
