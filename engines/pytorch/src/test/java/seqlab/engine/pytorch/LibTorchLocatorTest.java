package seqlab.engine.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which LibTorch is loaded from where, on made-up jars and folders (the real CUDA jar is 2.3 GB; {@code -Pcuda} loads
 * it, see {@link PyTorchEngineTest}). Nothing here loads a native library or sets a system property.
 */
class LibTorchLocatorTest {
    private static final String PLATFORM = "linux-x86_64";

    @TempDir
    Path tmp;

    private final Map<String, String> settings = new HashMap<>();

    /** A class path folder like pytorch-jni for {@code jni} (with the listed bridge flavors) plus an optional native jar. */
    private ClassLoader classPath(String jni, String[] jniFlavors, String nativeProperties, Map<String, String> libs)
            throws IOException {
        Path cp = tmp.resolve("cp");
        Files.createDirectories(cp.resolve("jnilib"));
        Files.writeString(cp.resolve("jnilib/pytorch.properties"), "jni_version=" + jni + "\n");
        for (String f : jniFlavors) {
            Path d = Files.createDirectories(cp.resolve("jnilib/" + PLATFORM + "/" + f));
            Files.writeString(d.resolve("libdjl_torch.so"), "jni");
        }
        if (nativeProperties != null) {
            Files.createDirectories(cp.resolve("native/lib"));
            Files.writeString(cp.resolve("native/lib/pytorch.properties"), nativeProperties);
        }
        for (var e : libs.entrySet()) {
            Path f = cp.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
        }
        return new URLClassLoader(new URL[] {cp.toUri().toURL()}, null);
    }

    private LibTorchLocator locator(ClassLoader cl) {
        return new LibTorchLocator(cl, settings::get, tmp.resolve("cache"), PLATFORM);
    }

    @Test
    void aCpuJarIsLeftToDjl() throws IOException {
        var cl = classPath("2.7.1-0.36.0", new String[] {"cpu", "cu128"},
                "version=2.7.1-20250812\nflavor=cpu\nclassifier=linux-x86_64\nlibraries=libtorch.so\n", Map.of());
        var plan = locator(cl).plan(dir -> true);
        assertEquals("cpu", plan.flavor());
        assertTrue(plan.properties().isEmpty(), plan.toString());
        assertNull(plan.directory());
        assertEquals("class path (ai.djl.pytorch:pytorch-native-cpu:2.7.1)", plan.source());
    }

    @Test
    void aCudaJarIsUnpackedWhereDjlWouldAndWithoutADriverLoadsThroughLinksThatLeaveOutNvrtc() throws IOException {
        var cl = classPath("2.5.1-0.33.0", new String[] {"cpu", "cu124"},
                "version=2.5.1-20241113\nflavor=cu124\nclassifier=linux-x86_64\n"
                        + "libraries=libc10.so,libtorch.so,libcaffe2_nvrtc.so\n",
                Map.of("pytorch/cu124/linux-x86_64/libc10.so", "c10", "pytorch/cu124/linux-x86_64/libtorch.so", "torch",
                        "pytorch/cu124/linux-x86_64/libcaffe2_nvrtc.so", "nvrtc"));
        Path unpacked = tmp.resolve("cache/2.5.1-20241113-cu124-linux-x86_64");

        var withDriver = locator(cl).plan(dir -> true);
        assertEquals(unpacked, withDriver.directory());
        assertEquals("torch", Files.readString(unpacked.resolve("libtorch.so")));
        assertEquals(Map.of("PYTORCH_LIBRARY_PATH", unpacked.toString(), "PYTORCH_FLAVOR", "cu124",
                "PYTORCH_VERSION", "2.5.1-20241113"), withDriver.properties());
        assertEquals("class path (ai.djl.pytorch:pytorch-native-cu124:2.5.1)", withDriver.source());

        Path[] asked = new Path[1];
        var noDriver = locator(cl).plan(dir -> {
            asked[0] = dir;
            return false;
        });
        assertEquals(unpacked, asked[0]); // the driver is asked of the unpacked runtime
        Path view = noDriver.directory();
        assertEquals(unpacked.resolveSibling(unpacked.getFileName() + "-nodriver"), view);
        assertEquals(view.toString(), noDriver.properties().get("PYTORCH_LIBRARY_PATH"));
        assertTrue(Files.isSymbolicLink(view.resolve("libtorch.so")));
        assertEquals("c10", Files.readString(view.resolve("libc10.so")));
        assertFalse(Files.exists(view.resolve("libcaffe2_nvrtc.so")));
        assertEquals(view, locator(cl).plan(dir -> false).directory()); // a second start reuses both folders
    }

    @Test
    void aJarThatListsALibraryItLacksSaysSo() throws IOException {
        var cl = classPath("2.5.1-0.33.0", new String[] {"cu124"},
                "version=2.5.1-20241113\nflavor=cu124\nclassifier=linux-x86_64\nlibraries=libtorch.so\n", Map.of());
        var err = assertThrows(IllegalStateException.class, () -> locator(cl).plan(dir -> true));
        assertTrue(err.getMessage().contains("libtorch.so") && err.getMessage().contains("delete"), err.getMessage());
        assertFalse(Files.exists(tmp.resolve("cache/2.5.1-20241113-cu124-linux-x86_64")), "no half-unpacked folder");
    }

    @Test
    void mixedBuildsAndMissingJarsAreOneLineErrorsThatNameTheFix() throws IOException {
        var mixed = classPath("2.7.1-0.36.0", new String[] {"cpu"},
                "version=2.5.1-20241113\nflavor=cu124\nclassifier=linux-x86_64\nlibraries=libtorch.so\n", Map.of());
        var err = assertThrows(IllegalStateException.class, () -> locator(mixed).plan(dir -> true));
        assertTrue(err.getMessage().contains("2.5.1") && err.getMessage().contains("2.7.1")
                && err.getMessage().contains("-Pcuda"), err.getMessage());

        Files.delete(tmp.resolve("cp/native/lib/pytorch.properties"));
        err = assertThrows(IllegalStateException.class, () -> locator(mixed).plan(dir -> true));
        assertTrue(err.getMessage().contains("pytorch-native-cpu:2.7.1") && err.getMessage().contains(
                "PYTORCH_LIBRARY_PATH"), err.getMessage());
        assertFalse(err.getMessage().contains("\n"));

        Files.writeString(tmp.resolve("cp/native/lib/pytorch.properties"),
                "version=2.7.1-20250812\nflavor=cpu\nclassifier=linux-x86_64\nlibraries=libtorch.so\n");
        Path second = Files.createDirectories(tmp.resolve("cp2/native/lib"));
        Files.writeString(second.resolve("pytorch.properties"),
                "version=2.7.1-20250812\nflavor=cu128\nclassifier=linux-x86_64\nlibraries=libtorch.so\n");
        var two = new URLClassLoader(new URL[] {tmp.resolve("cp").toUri().toURL(), tmp.resolve("cp2").toUri().toURL()}, null);
        err = assertThrows(IllegalStateException.class, () -> locator(two).plan(dir -> true));
        assertTrue(err.getMessage().contains("2 LibTorch jars (pytorch-native-cpu 2.7.1, pytorch-native-cu128 2.7.1)"),
                err.getMessage());

        var noJni = new URLClassLoader(new URL[0], null);
        err = assertThrows(IllegalStateException.class, () -> locator(noJni).plan(dir -> true));
        assertTrue(err.getMessage().contains("pytorch-jni"), err.getMessage());
    }

    /** A libtorch zip's layout: libtorch/lib/libtorch.so and libtorch/build-version. */
    private Path libtorchZip(String buildVersion, boolean cxx11) throws IOException {
        Path lib = Files.createDirectories(tmp.resolve("libtorch/lib"));
        Files.writeString(lib.resolve("libtorch.so"), "torch");
        Files.writeString(lib.resolve("libc10.so"), cxx11 ? "_ZNSt7__cxx1112basic_string" : "_ZNSs4_Rep");
        if (buildVersion != null) {
            Files.writeString(tmp.resolve("libtorch/build-version"), buildVersion + "\n");
        }
        return lib;
    }

    @Test
    void pytorchLibraryPathGetsItsFlavorFromTheLibTorchBesideIt() throws IOException {
        var cl = classPath("2.5.1-0.33.0", new String[] {"cpu", "cpu-precxx11", "cu124"}, null, Map.of());
        Path lib = libtorchZip("2.5.1+cu124", true);
        settings.put("PYTORCH_LIBRARY_PATH", "/nonexistent:" + lib);
        var plan = locator(cl).plan(dir -> true);
        assertEquals("cu124", plan.flavor());
        assertEquals(lib, plan.directory());
        assertEquals("PYTORCH_LIBRARY_PATH=" + lib, plan.source());
        assertEquals(Map.of("PYTORCH_FLAVOR", "cu124", "PYTORCH_VERSION", "2.5.1"), plan.properties());

        Files.writeString(tmp.resolve("libtorch/build-version"), "2.5.1+cpu\n");
        Files.writeString(lib.resolve("libc10.so"), "_ZNSs4_Rep"); // the old ABI
        assertEquals("cpu-precxx11", locator(cl).plan(dir -> true).flavor());

        settings.put("PYTORCH_FLAVOR", "cpu"); // the user's word wins
        assertEquals("cpu", locator(cl).plan(dir -> true).flavor());
    }

    @Test
    void pytorchLibraryPathMismatchesAreOneLineErrors() throws IOException {
        var cl = classPath("2.5.1-0.33.0", new String[] {"cpu", "cu124"}, null, Map.of());
        settings.put("PYTORCH_LIBRARY_PATH", tmp.resolve("nowhere").toString());
        var err = assertThrows(IllegalStateException.class, () -> locator(cl).plan(dir -> true));
        assertTrue(err.getMessage().contains("holds no libtorch.so") && err.getMessage().contains("2.5.1"), err.getMessage());

        Path lib = libtorchZip("2.4.0+cu121", true);
        settings.put("PYTORCH_LIBRARY_PATH", lib.toString());
        err = assertThrows(IllegalStateException.class, () -> locator(cl).plan(dir -> true));
        assertTrue(err.getMessage().contains("LibTorch 2.4.0") && err.getMessage().contains("install LibTorch 2.5.1"),
                err.getMessage());

        Files.writeString(tmp.resolve("libtorch/build-version"), "2.5.1+cu118\n");
        err = assertThrows(IllegalStateException.class, () -> locator(cl).plan(dir -> true));
        assertTrue(err.getMessage().contains("cu118") && err.getMessage().contains("cpu, cu124"), err.getMessage());

        Files.delete(tmp.resolve("libtorch/build-version"));
        Files.writeString(lib.resolve("libtorch_cuda.so"), "cuda");
        err = assertThrows(IllegalStateException.class, () -> locator(cl).plan(dir -> true));
        assertTrue(err.getMessage().contains("PYTORCH_FLAVOR=cu124"), err.getMessage());
    }

    @Test
    void aWheelsVersionFileGivesVersionAndCuda() throws IOException {
        Path lib = Files.createDirectories(tmp.resolve("torch/lib"));
        Files.writeString(tmp.resolve("torch/version.py"), "from typing import Optional\n\n__version__ = '2.5.1+cu124'\n"
                + "debug = False\ncuda: Optional[str] = '12.4'\ngit_version = 'abc'\nhip: Optional[str] = None\n",
                StandardCharsets.UTF_8);
        String[] vf = LibTorchLocator.versionAndFlavor(lib);
        assertEquals("2.5.1", vf[0]);
        assertEquals("cu124", vf[1]);
        Files.writeString(tmp.resolve("torch/version.py"), "__version__ = '2.7.1'\ncuda: Optional[str] = None\n");
        vf = LibTorchLocator.versionAndFlavor(lib);
        assertEquals("2.7.1", vf[0]);
        assertEquals("cpu", vf[1]);
    }

    @Test
    void cudaVersionsReadAsPeopleWriteThem() {
        assertEquals("12.4", LibTorchBuild.cudaOfFlavor("cu124"));
        assertEquals("11.8", LibTorchBuild.cudaOfFlavor("cu118-precxx11"));
        assertEquals("", LibTorchBuild.cudaOfFlavor("cpu"));
        assertEquals("12.8", LibTorchBuild.cudaVersion(12080));
        assertEquals("", LibTorchBuild.cudaVersion(0));
        var cpu = new LibTorchBuild("2.7.1", "cpu", "", "0.36.0", "class path", Path.of("/x"), "", 0, java.util.List.of());
        assertEquals("LibTorch 2.7.1 (cpu), DJL 0.36.0", cpu.describe());
        var gpu = new LibTorchBuild("2.5.1", "cu124", "12.4", "0.33.0", "class path", Path.of("/x"), "12.8", 2,
                java.util.List.of("CUDA"));
        assertEquals("LibTorch 2.5.1 (cu124, CUDA 12.4), DJL 0.33.0", gpu.describe());
        assertEquals("2 GPUs, driver for CUDA 12.8", gpu.deviceSummary());
        var noDriver = new LibTorchBuild("2.5.1", "cu124", "12.4", "0.33.0", "class path", Path.of("/x"), "", 0,
                java.util.List.of("CUDA"));
        assertEquals("no NVIDIA driver: CPU only", noDriver.deviceSummary());
        var oldDriver = new LibTorchBuild("2.5.1", "cu124", "12.4", "0.33.0", "class path", Path.of("/x"), "12.2", 0,
                java.util.List.of());
        assertTrue(oldDriver.deviceSummary().contains("supports CUDA 12.2, this LibTorch needs 12.4"),
                oldDriver.deviceSummary());
        var noGpu = new LibTorchBuild("2.5.1", "cu124", "12.4", "0.33.0", "class path", Path.of("/x"), "12.10", 0,
                java.util.List.of());
        assertEquals("no GPU found (driver for CUDA 12.10): CPU only", noGpu.deviceSummary());
    }
}
