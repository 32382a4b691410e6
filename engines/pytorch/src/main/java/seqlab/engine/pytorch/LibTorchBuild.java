package seqlab.engine.pytorch;

import java.nio.file.Path;
import java.util.List;

/**
 * The LibTorch this process loaded, as the engine reports it ({@code engine.version()}, {@code ./seqlab engines},
 * {@code ./seqlab doctor} and every trial's provenance).
 *
 * @param version    LibTorch's version, e.g. {@code 2.7.1}
 * @param flavor     DJL's name for the build: {@code cpu}, or {@code cu124} for CUDA 12.4 (a {@code -precxx11} suffix
 *                   marks the old C++ ABI)
 * @param cuda       the CUDA version LibTorch was built for, e.g. {@code 12.4}; empty for a CPU build
 * @param djl        the DJL version that bridges to it
 * @param source     where it came from: the {@code pytorch-native-*} jar on the class path or {@code PYTORCH_LIBRARY_PATH}
 * @param directory  the folder its libraries were loaded from
 * @param driverCuda the newest CUDA version the NVIDIA driver supports, e.g. {@code 12.8}; empty where no driver was
 *                   found (or the build is a CPU one, which never looks)
 * @param gpus       the CUDA devices LibTorch can use; 0 on a CPU build or without a driver
 * @param features   what LibTorch reports it can use here, as DJL lists it: {@code MKL}, {@code MKLDNN}, {@code OPENMP}, and
 *                   {@code CUDA}, {@code CUDNN} only where a GPU is usable
 */
public record LibTorchBuild(String version, String flavor, String cuda, String djl, String source, Path directory,
        String driverCuda, int gpus, List<String> features) {

    public LibTorchBuild {
        features = List.copyOf(features);
    }

    /** The LibTorch the pytorch engine uses, loading it on first call; a one-line {@link IllegalStateException} where it cannot. */
    public static LibTorchBuild loaded() {
        Native.djl();
        return Native.build();
    }

    /** Whether this is a CUDA build of LibTorch (it may still see no GPU). */
    public boolean isCuda() {
        return !cuda.isEmpty();
    }

    /** {@code LibTorch 2.5.1 (cu124, CUDA 12.4), DJL 0.33.0}: what the build is, whatever the machine has. */
    public String describe() {
        return "LibTorch " + version + " (" + flavor + (isCuda() ? ", CUDA " + cuda : "") + "), DJL " + djl;
    }

    /** What the machine lets this build use, e.g. {@code 1 GPU, driver for CUDA 12.8} or {@code no NVIDIA driver: CPU only}. */
    public String deviceSummary() {
        if (!isCuda()) {
            return "CPU build: CPU only";
        }
        if (driverCuda.isEmpty()) {
            return "no NVIDIA driver: CPU only";
        }
        if (gpus == 0) {
            return encoded(driverCuda) < encoded(cuda)
                    ? "no usable GPU: the NVIDIA driver supports CUDA " + driverCuda + ", this LibTorch needs " + cuda
                            + " or newer (update the driver): CPU only"
                    : "no GPU found (driver for CUDA " + driverCuda + "): CPU only";
        }
        return gpus + (gpus == 1 ? " GPU" : " GPUs") + ", driver for CUDA " + driverCuda;
    }

    /** {@code 12.4} as CUDA encodes it, 12040. */
    private static int encoded(String version) {
        String[] p = version.split("\\.");
        return Integer.parseInt(p[0]) * 1000 + (p.length > 1 ? Integer.parseInt(p[1]) * 10 : 0);
    }

    /** CUDA's version number as its runtime reports it (12040) in the usual form (12.4); empty for 0 or less. */
    static String cudaVersion(int encoded) {
        return encoded <= 0 ? "" : (encoded / 1000) + "." + (encoded % 1000) / 10;
    }

    /** The CUDA version a DJL flavor stands for: {@code cu124} is 12.4, {@code cu118-precxx11} 11.8; empty for CPU. */
    static String cudaOfFlavor(String flavor) {
        if (!flavor.matches("cu\\d{3}.*")) {
            return "";
        }
        return Integer.parseInt(flavor.substring(2, 4)) + "." + flavor.charAt(4);
    }
}
