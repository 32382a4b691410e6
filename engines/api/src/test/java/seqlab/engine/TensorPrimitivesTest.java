package seqlab.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The primitives an engine implements are the abstract methods of {@link Tensor}: few (the bound is 40), and
 * each one listed in the README's "Add an engine", which states their number, so the guide cannot drift from the API.
 */
class TensorPrimitivesTest {

    private static List<Method> primitives() {
        return Arrays.stream(Tensor.class.getMethods()).filter(m -> Modifier.isAbstract(m.getModifiers())).toList();
    }

    /** How the README writes a method: {@code narrow(int, int, int)}, {@code reshape(int...)}. */
    private static String signature(Method m) {
        Class<?>[] p = m.getParameterTypes();
        String params = Arrays.stream(p).map(c -> c.isArray() && m.isVarArgs() && c == p[p.length - 1]
                ? c.getComponentType().getSimpleName() + "..." : c.getSimpleName()).collect(Collectors.joining(", "));
        return "`" + m.getName() + "(" + params + ")`";
    }

    @Test
    void fewPrimitivesEachDocumented() throws IOException {
        List<Method> primitives = primitives();
        assertTrue(primitives.size() <= 40, primitives.size() + " abstract methods in Tensor");
        String readme = Files.readString(Path.of("..", "..", "README.md"));
        int start = readme.indexOf("## Add an engine");
        assertTrue(start >= 0, "README.md has no 'Add an engine' section");
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        assertTrue(section.contains("the " + primitives.size() + " primitives"),
                "'Add an engine' must say there are " + primitives.size() + " primitives");
        for (Method m : primitives) {
            assertTrue(section.contains(signature(m)), "'Add an engine' does not list " + signature(m));
        }
    }
}
