package seqlab.engine.pytorch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Decides which LibTorch DJL will load and prepares it, before DJL is touched, so that every case either loads or
 * fails with one line that says what to do.
 *
 * <p>DJL handles a CPU native jar on the class path by itself. Two cases it does not handle offline:
 * <ul>
 *   <li>A CUDA native jar ({@code pytorch-native-cu124}, from {@code -Pcuda}). DJL takes it only where JNA finds a
 *       system CUDA runtime at least as new as the jar's (a CUDA toolkit, not just a driver), and otherwise wants to
 *       download a LibTorch, which offline mode forbids. The jar carries its own CUDA runtime, so seqlab extracts it
 *       into DJL's cache folder itself, exactly where DJL would, and points DJL at it. Without an NVIDIA driver the
 *       one library that links the driver ({@code libcaffe2_nvrtc.so}, CUDA's run-time compiler, loaded only for
 *       JIT-compiled CUDA kernels) cannot load, so DJL is pointed at a sibling folder of links to every other
 *       library: LibTorch then runs on the CPU, as a CUDA PyTorch does on a machine without a GPU.</li>
 *   <li>{@code PYTORCH_LIBRARY_PATH}. Without {@code PYTORCH_FLAVOR} DJL guesses the JNI bridge's flavor from the
 *       machine (a pre-C++11-ABI bridge on a Linux CPU), which does not match a current LibTorch; seqlab reads the
 *       flavor from the LibTorch's own {@code build-version} (a libtorch zip) or {@code version.py} (a PyTorch
 *       wheel) and checks that this build's JNI bridge exists for that LibTorch version and flavor.</li>
 * </ul>
 *
 * <p>The result is a {@link Plan}: the system properties to set for DJL and what will be loaded.
 */
final class LibTorchLocator {
    static final String LIBRARY_PATH = "PYTORCH_LIBRARY_PATH";
    static final String FLAVOR = "PYTORCH_FLAVOR";
    static final String VERSION = "PYTORCH_VERSION";
    /** The one library of a CUDA LibTorch that needs the NVIDIA driver (libcuda.so.1) to load. */
    static final String NVRTC_LIB = "libcaffe2_nvrtc.so";
    /** Suffix of the folder of links without {@link #NVRTC_LIB}, beside DJL's own cache folder. */
    static final String NO_DRIVER_SUFFIX = "-nodriver";

    private static final Pattern WHEEL_VERSION = Pattern.compile("__version__\\s*=\\s*'([^']+)'");
    private static final Pattern WHEEL_CUDA = Pattern.compile("(?m)^cuda\\s*(?::[^=]*)?=\\s*'([0-9]+)\\.([0-9]+)'");

    /**
     * What DJL will load.
     *
     * @param properties system properties DJL reads (set only where neither the property nor the variable is set)
     * @param source     where the LibTorch comes from, for the report
     * @param flavor     its DJL flavor
     * @param directory  the folder DJL loads from; null where DJL finds it itself (the CPU jar)
     */
    record Plan(Map<String, String> properties, String source, String flavor, Path directory) {
    }

    /** Why LibTorch cannot load here, in one line that names the fix; {@link Native#oneLine} reports it as it is. */
    static final class Unavailable extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final ClassLoader loader;
    private final Function<String, String> settings;
    private final Path cacheDir;
    private final String classifier;

    /**
     * @param loader     where the DJL jars are
     * @param settings   environment variable or system property of a name (DJL reads the variable first)
     * @param cacheDir   DJL's engine cache for pytorch ({@code ~/.djl.ai/pytorch})
     * @param classifier the platform, e.g. {@code linux-x86_64}
     */
    LibTorchLocator(ClassLoader loader, Function<String, String> settings, Path cacheDir, String classifier) {
        this.loader = loader;
        this.settings = settings;
        this.cacheDir = cacheDir;
        this.classifier = classifier;
    }

    /** DJL's name for this machine, e.g. {@code linux-x86_64}. */
    static String platformClassifier() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        String prefix = os.startsWith("win") ? "win" : os.startsWith("mac") ? "osx" : "linux";
        return prefix + "-" + ("amd64".equals(arch) ? "x86_64" : arch);
    }

    /**
     * Decides and prepares (extracting a CUDA jar's libraries on first use).
     *
     * @param driverPresent whether the NVIDIA driver loads, asked of the CUDA runtime in the given folder
     * @throws IllegalStateException with one line that names the problem and the fix
     */
    Plan plan(Predicate<Path> driverPresent) {
        String jni = jniVersion();
        String path = settings.apply(LIBRARY_PATH);
        if (path != null && !path.isBlank()) {
            return planLibraryPath(path, jni);
        }
        Properties bundled = bundledNative();
        if (bundled == null) {
            throw new Unavailable("no LibTorch for " + classifier + ": put ai.djl.pytorch:pytorch-native-cpu:"
                    + libTorchOf(jni) + " (classifier " + classifier + ") on the class path, or point "
                    + LIBRARY_PATH + " at the lib folder of a LibTorch " + libTorchOf(jni));
        }
        String flavor = bundled.getProperty("flavor");
        String version = bundled.getProperty("version");
        String source = "class path (ai.djl.pytorch:pytorch-native-" + flavor + ":" + libTorchOf(version) + ")";
        if (!libTorchOf(version).equals(libTorchOf(jni))) {
            throw new Unavailable("the class path holds LibTorch " + libTorchOf(version) + " (pytorch-native-"
                    + flavor + ") but a DJL JNI bridge for LibTorch " + libTorchOf(jni) + " (pytorch-jni " + jni
                    + "): keep one build's jars together (the default build, or -Pcuda)");
        }
        if (LibTorchBuild.cudaOfFlavor(flavor).isEmpty()) {
            return new Plan(Map.of(), source, flavor, null);
        }
        Path dir = extract(bundled);
        Path load = driverPresent.test(dir) ? dir : linkWithoutDriverLibrary(dir);
        Map<String, String> props = new LinkedHashMap<>();
        props.put(LIBRARY_PATH, load.toString());
        props.put(FLAVOR, flavor);
        props.put(VERSION, version);
        return new Plan(props, source, flavor, load);
    }

    private Plan planLibraryPath(String path, String jni) {
        Path dir = null;
        for (String entry : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isRegularFile(p) && p.getFileName().toString().equals(System.mapLibraryName("torch"))) {
                p = p.getParent();
            }
            if (Files.isRegularFile(p.resolve(System.mapLibraryName("torch")))) {
                dir = p.toAbsolutePath();
                break;
            }
        }
        if (dir == null) {
            throw new Unavailable(LIBRARY_PATH + "=" + path + " holds no " + System.mapLibraryName("torch")
                    + ": point it at the lib folder of a LibTorch " + libTorchOf(jni) + " (libtorch/lib, or torch/lib of"
                    + " a PyTorch wheel), or unset it to use the LibTorch jar on the class path");
        }
        String[] found = versionAndFlavor(dir);
        String version = found[0];
        String flavor = settings.apply(FLAVOR);
        String source = LIBRARY_PATH + "=" + dir;
        if (flavor == null || flavor.isBlank()) {
            flavor = found[1];
            if (flavor == null) {
                if (Files.exists(dir.resolve(System.mapLibraryName("torch_cuda")))) {
                    throw new Unavailable(source + " is a CUDA LibTorch whose CUDA version seqlab cannot tell "
                            + "(no build-version or version.py beside it): set " + FLAVOR + " to its DJL flavor, e.g. "
                            + FLAVOR + "=cu124 for CUDA 12.4");
                }
                flavor = "cpu";
            }
            if (!cxx11Abi(dir)) {
                flavor += "-precxx11";
            }
        }
        if (version != null && !version.equals(libTorchOf(jni))) {
            throw new Unavailable(source + " is LibTorch " + version + " but this build's DJL JNI bridge is for "
                    + "LibTorch " + libTorchOf(jni) + " (pytorch-jni " + jni + "): install LibTorch " + libTorchOf(jni)
                    + " there, or unset it to use the LibTorch jar on the class path (engines/pytorch/README.md)");
        }
        if (loader.getResource("jnilib/" + classifier + "/" + flavor + "/" + System.mapLibraryName("djl_torch")) == null) {
            throw new Unavailable(source + " needs a DJL JNI bridge of flavor " + flavor + ", which pytorch-jni "
                    + jni + " does not have (it has " + String.join(", ", jniFlavors()) + ")");
        }
        Map<String, String> props = new LinkedHashMap<>();
        props.put(FLAVOR, flavor);
        props.put(VERSION, libTorchOf(jni));
        return new Plan(props, source, flavor, dir);
    }

    /** {@code 2.5.1-0.33.0} from pytorch-jni; fails where the jar is missing. */
    String jniVersion() {
        Properties p = properties("jnilib/pytorch.properties");
        if (p == null || p.getProperty("jni_version") == null) {
            throw new Unavailable("no DJL JNI bridge on the class path: add ai.djl.pytorch:pytorch-jni "
                    + "(the seqlab-engine-pytorch module brings it)");
        }
        return p.getProperty("jni_version");
    }

    /** The JNI flavors pytorch-jni holds for this platform, for error messages. */
    private List<String> jniFlavors() {
        URL url = loader.getResource("jnilib/pytorch.properties");
        String prefix = "jnilib/" + classifier + "/";
        List<String> out = new ArrayList<>();
        try {
            if (url != null && "jar".equals(url.getProtocol())) {
                var connection = (java.net.JarURLConnection) url.openConnection();
                connection.setUseCaches(false);
                try (var jar = connection.getJarFile()) {
                    jar.stream().map(java.util.zip.ZipEntry::getName)
                            .filter(n -> n.startsWith(prefix) && n.endsWith("/" + System.mapLibraryName("djl_torch")))
                            .map(n -> n.substring(prefix.length(), n.lastIndexOf('/')))
                            .sorted().forEach(out::add);
                }
            } else if (url != null && "file".equals(url.getProtocol())) {
                Path dir = Path.of(url.toURI()).resolveSibling(classifier);
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> s = Files.list(dir)) {
                        s.filter(f -> Files.exists(f.resolve(System.mapLibraryName("djl_torch"))))
                                .map(f -> f.getFileName().toString()).sorted().forEach(out::add);
                    }
                }
            }
        } catch (IOException | java.net.URISyntaxException e) {
            return List.of("an unreadable list: " + Native.oneLine(e));
        }
        return out;
    }

    /** The native jar's properties for this platform, or null where none is on the class path. */
    Properties bundledNative() {
        List<Properties> found = new ArrayList<>();
        try {
            for (URL url : Collections.list(loader.getResources("native/lib/pytorch.properties"))) {
                Properties p = new Properties();
                try (InputStream in = url.openStream()) {
                    p.load(in);
                }
                if (classifier.equals(p.getProperty("classifier"))) {
                    found.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (found.size() > 1) {
            throw new Unavailable("the class path holds " + found.size() + " LibTorch jars ("
                    + String.join(", ", found.stream().map(p -> "pytorch-native-" + p.getProperty("flavor") + " "
                            + libTorchOf(p.getProperty("version"))).toList())
                    + "): keep one; a CUDA build excludes pytorch-native-cpu from seqlab-engine-pytorch");
        }
        return found.isEmpty() ? null : found.get(0);
    }

    private Properties properties(String resource) {
        URL url = loader.getResource(resource);
        if (url == null) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = url.openStream()) {
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 2.5.1} of {@code 2.5.1-20241113} or {@code 2.5.1-0.33.0}. */
    static String libTorchOf(String version) {
        int dash = version.indexOf('-');
        return dash < 0 ? version : version.substring(0, dash);
    }

    /**
     * Copies the native jar's libraries into DJL's cache folder for them, {@code <version>-<flavor>-<classifier>}, as
     * DJL itself does: into a temporary folder, then one rename, so an interrupted copy never looks complete.
     */
    Path extract(Properties bundled) {
        String flavor = bundled.getProperty("flavor");
        Path dir = cacheDir.resolve(bundled.getProperty("version") + "-" + flavor + "-" + classifier);
        if (Files.exists(dir.resolve(System.mapLibraryName("torch")))) {
            return dir;
        }
        Path tmp = null;
        try {
            Files.createDirectories(cacheDir);
            tmp = Files.createTempDirectory(cacheDir, "tmp");
            for (String lib : bundled.getProperty("libraries").split(",")) {
                String resource = "pytorch/" + flavor + "/" + classifier + "/" + lib.trim();
                try (InputStream in = loader.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new Unavailable("the LibTorch jar pytorch-native-" + flavor + " lists " + lib
                                + " but does not hold it: delete it from the local Maven repository and build again");
                    }
                    Files.copy(in, tmp.resolve(lib.trim()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (!Files.exists(dir.resolve(System.mapLibraryName("torch")))) { // else another process was quicker
                deleteTree(dir);
                try {
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                    tmp = null;
                } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                    if (!Files.exists(dir.resolve(System.mapLibraryName("torch")))) {
                        throw e;
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new Unavailable("could not unpack LibTorch " + flavor + " into " + dir + " ("
                    + Native.oneLine(e) + "): free disk space there or set ENGINE_CACHE_DIR to a writable folder", e);
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    /**
     * A sibling folder of symbolic links to every library in {@code dir} except {@link #NVRTC_LIB}: DJL loads that
     * one explicitly for a CUDA flavor, and it fails without the driver's libcuda.so.1, while nothing else links it.
     */
    static Path linkWithoutDriverLibrary(Path dir) {
        Path view = dir.resolveSibling(dir.getFileName() + NO_DRIVER_SUFFIX);
        try {
            Files.createDirectories(view);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String name = f.getFileName().toString();
                    Path link = view.resolve(name);
                    if (name.equals(NVRTC_LIB) || !Files.isRegularFile(f) || Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        continue;
                    }
                    try {
                        Files.createSymbolicLink(link, f.toAbsolutePath());
                    } catch (java.nio.file.FileAlreadyExistsException e) {
                        // another process made the same link at the same time
                    }
                }
            }
            return view;
        } catch (IOException e) {
            throw new Unavailable("could not link LibTorch's libraries into " + view + " ("
                    + Native.oneLine(e) + "): set ENGINE_CACHE_DIR to a writable folder on a file system with links", e);
        }
    }

    /**
     * Version and flavor of a LibTorch folder from what its distribution puts beside it: a libtorch zip's
     * {@code build-version} ({@code 2.5.1+cu124}) or a wheel's {@code torch/version.py}. Nulls where neither says.
     */
    static String[] versionAndFlavor(Path libDir) {
        Path home = libDir.getParent();
        if (home == null) {
            return new String[2];
        }
        try {
            Path buildVersion = home.resolve("build-version");
            if (Files.isRegularFile(buildVersion)) {
                return splitLocalVersion(Files.readString(buildVersion, StandardCharsets.UTF_8).trim());
            }
            Path versionPy = home.resolve("version.py");
            if (Files.isRegularFile(versionPy)) {
                String py = Files.readString(versionPy, StandardCharsets.UTF_8);
                Matcher v = WHEEL_VERSION.matcher(py);
                String[] out = v.find() ? splitLocalVersion(v.group(1)) : new String[2];
                Matcher c = WHEEL_CUDA.matcher(py);
                if (c.find()) {
                    out[1] = "cu" + c.group(1) + c.group(2);
                } else if (out[0] != null && out[1] == null) {
                    out[1] = "cpu";
                }
                return out;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new String[2];
    }

    /** {@code 2.5.1+cu124} as {@code [2.5.1, cu124]}; a missing local part leaves the flavor null. */
    private static String[] splitLocalVersion(String v) {
        int plus = v.indexOf('+');
        return plus < 0 ? new String[] {v, null} : new String[] {v.substring(0, plus), v.substring(plus + 1)};
    }

    /**
     * Whether the LibTorch in {@code dir} was built with the C++11 ABI: its exported std::string symbols then live in
     * the {@code __cxx11} namespace. DJL has a JNI bridge per ABI and cannot tell them apart itself.
     */
    static boolean cxx11Abi(Path dir) {
        Path c10 = dir.resolve(System.mapLibraryName("c10"));
        if (!Files.isRegularFile(c10)) {
            return true;
        }
        try {
            byte[] b = Files.readAllBytes(c10);
            byte[] needle = "__cxx11".getBytes(StandardCharsets.US_ASCII);
            outer:
            for (int i = 0; i + needle.length <= b.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (b[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            walk.sorted(Collections.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
