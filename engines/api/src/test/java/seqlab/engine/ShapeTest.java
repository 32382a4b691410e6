package seqlab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapeTest {
    @Test
    void broadcastAlignsFromTheRight() {
        assertEquals(Shape.of(4, 3, 5), Shape.broadcast("add", Shape.of(3, 1), Shape.of(4, 1, 5)));
        assertEquals(Shape.of(2, 3), Shape.broadcast("add", Shape.scalar(), Shape.of(2, 3)));
    }

    @Test
    void broadcastErrorNamesOpAndBothShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Shape.broadcast("mul", Shape.of(2, 3), Shape.of(4)));
        assertTrue(e.getMessage().contains("mul") && e.getMessage().contains("(2, 3)") && e.getMessage().contains("(4,)"),
                e.getMessage());
    }

    @Test
    void reshapeInfersOneDimensionAndChecksCount() {
        assertEquals(Shape.of(6, 4), Shape.of(2, 3, 4).reshape(-1, 4));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).reshape(4, 2));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).reshape(-1, -1));
    }

    @Test
    void stridesAndNegativeAxes() {
        Shape s = Shape.of(2, 3, 4);
        assertArrayEquals(new int[] {12, 4, 1}, s.strides());
        assertEquals(4, s.dim(-1));
        assertEquals(6, s.outer(-1));
        assertEquals(4, s.inner(1));
        assertThrows(IllegalArgumentException.class, () -> s.dim(3));
    }

    @Test
    void elementCountsThatOverflowAreRejectedNotWrappedToZero() {
        // 65536^4 = 2^64 wraps to 0 in a long; such a shape must not pass for an empty tensor.
        var e = assertThrows(IllegalArgumentException.class, () -> Shape.of(65536, 65536, 65536, 65536));
        assertTrue(e.getMessage().contains("(65536, 65536, 65536, 65536)") && e.getMessage().contains("overflow"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shape.of(3, 65536, 65536, 65536, 65536));
        // A zero dimension makes any shape empty, however large the rest.
        assertEquals(0, Shape.of(0, 65536, 65536, 65536, 65536).size());
        // Sizes past a Java array: the long count is exact, the int views say why they cannot be taken.
        Shape big = Shape.of(65536, 65536, 2);
        assertEquals(8_589_934_592L, big.size());
        var e2 = assertThrows(IllegalArgumentException.class, big::sizeAsInt);
        assertTrue(e2.getMessage().contains("8589934592"), e2.getMessage());
        assertThrows(IllegalArgumentException.class, big::strides);
        assertThrows(IllegalArgumentException.class, () -> big.outer(2));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 65536, 65536).inner(0));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(65536, 65536, 65536).reshape(-1, 65536, 65536, 65536, 65536));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 2).reshape(65536, 65536, 65536, 65536));
    }
}
