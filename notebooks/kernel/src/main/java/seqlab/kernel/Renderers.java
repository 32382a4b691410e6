package seqlab.kernel;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How values look in a notebook: a registry from a class to the function that renders its instances.
 *
 * <p>Lookup walks the value's class, then its superclasses, then its interfaces (nearest first), so a
 * renderer for an interface covers every implementation and a subclass can override it. Values with no
 * renderer show as {@code String.valueOf(value)}. Modules register more types with
 * {@link #register} or, without a compile-time dependency on the kernel, through a {@link Provider}
 * listed in {@code META-INF/services/seqlab.kernel.Renderers$Provider}.
 */
public final class Renderers {

    /** Registers renderers into a registry; found with {@link ServiceLoader}. */
    public interface Provider {
        void registerInto(Renderers renderers);
    }

    private static final Renderers STANDARD = createStandard();

    private final Map<Class<?>, Function<Object, MimeBundle>> byType = new ConcurrentHashMap<>();
    private final Map<String, Supplier<MimeBundle>> libraries = new ConcurrentHashMap<>();

    /** An empty registry: every value renders as text. */
    public Renderers() {
    }

    /**
     * The registry cells and the kernel share: Tablesaw tables, jsplot figures, and whatever the
     * {@link Provider}s on the class path add.
     */
    public static Renderers standard() {
        return STANDARD;
    }

    private static Renderers createStandard() {
        Renderers r = new Renderers();
        StandardRenderers.registerInto(r);
        for (Provider p : ServiceLoader.load(Provider.class, Renderers.class.getClassLoader())) {
            p.registerInto(r);
        }
        return r;
    }

    /** Renders instances of {@code type} (and its subtypes without a closer renderer) with {@code renderer}. */
    public <T> Renderers register(Class<T> type, Function<? super T, MimeBundle> renderer) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(renderer, "renderer");
        byType.put(type, value -> renderer.apply(type.cast(value)));
        return this;
    }

    /**
     * Names a page-wide library (for example {@code plotly}): the first output in a session that
     * {@link MimeBundle#require requires} it is preceded by this bundle, later ones reuse it.
     */
    public Renderers registerLibrary(String name, Supplier<MimeBundle> library) {
        libraries.put(Objects.requireNonNull(name), Objects.requireNonNull(library));
        return this;
    }

    /** The bundle that loads a library, if one is registered under {@code name}. */
    public Optional<MimeBundle> library(String name) {
        Supplier<MimeBundle> s = libraries.get(name);
        return s == null ? Optional.empty() : Optional.of(s.get());
    }

    /** The renderer chosen for {@code type}, if any. */
    public Optional<Class<?>> rendererTypeFor(Class<?> type) {
        Deque<Class<?>> queue = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (byType.containsKey(c)) {
                return Optional.of(c);
            }
            queue.addAll(Arrays.asList(c.getInterfaces()));
        }
        while (!queue.isEmpty()) {
            Class<?> i = queue.removeFirst();
            if (!seen.add(i)) {
                continue;
            }
            if (byType.containsKey(i)) {
                return Optional.of(i);
            }
            queue.addAll(Arrays.asList(i.getInterfaces()));
        }
        return Optional.empty();
    }

    /** Renders a value; never fails: a renderer that throws falls back to text, naming the problem. */
    public MimeBundle render(Object value) {
        if (value == null) {
            return MimeBundle.text("null");
        }
        Optional<Class<?>> type = rendererTypeFor(value.getClass());
        if (type.isPresent()) {
            try {
                MimeBundle b = byType.get(type.get()).apply(value);
                if (b != null) {
                    if (!b.data().containsKey(MimeBundle.TEXT)) {
                        b.put(MimeBundle.TEXT, plain(value));
                    }
                    return b;
                }
            } catch (RuntimeException e) {
                return MimeBundle.text(plain(value) + "\n(rendering as " + type.get().getSimpleName()
                        + " failed: " + e + ")");
            }
        }
        return MimeBundle.text(plain(value));
    }

    private static String plain(Object value) {
        Class<?> c = value.getClass();
        if (c.isArray()) {
            String s = Arrays.deepToString(new Object[] {value});
            return s.substring(1, s.length() - 1);
        }
        return String.valueOf(value);
    }
}
