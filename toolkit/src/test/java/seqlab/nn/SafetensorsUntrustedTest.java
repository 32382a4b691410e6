package seqlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headers an attacker or a broken writer could produce: each is rejected with the file named, never read as a
 * plausible tensor. Tensor values are covered by the engines' SafetensorsConformance.
 */
class SafetensorsUntrustedTest {

    @TempDir
    Path dir;

    private static byte[] file(String json, int dataBytes) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).array();
    }

    private static String problem(String json, int dataBytes) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.parse(file(json, dataBytes), "evil.safetensors", null));
        assertTrue(e.getMessage().startsWith("Cannot read safetensors file evil.safetensors: "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void duplicateKeysAreRejectedNotOverwritten() {
        String m = problem("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8);
        assertTrue(m.contains("'w'") && m.contains("twice"), m);
        m = problem("{\"__metadata__\":{\"a\":\"1\"},\"__metadata__\":{\"a\":\"2\"}}", 0);
        assertTrue(m.contains("twice"), m);
    }

    @Test
    void fractionalOffsetsAndDimensionsAreRejected() {
        for (String offsets : new String[] {"[0.5,4]", "[0,4.0]", "[0,4e0]"}) {
            String m = problem("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":" + offsets + "}}", 4);
            assertTrue(m.contains("must be integers"), m);
        }
        String m = problem("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]}}", 4);
        assertTrue(m.contains("dimensions must be integers"), m);
    }

    @Test
    void shapesWhoseSizeOverflowsAreRejectedNotReadAsEmpty() {
        // 65536^4 elements wrap to 0 in a long, which would match data_offsets [0, 0].
        String m = problem("{\"w\":{\"dtype\":\"F32\",\"shape\":[65536,65536,65536,65536],\"data_offsets\":[0,0]}}", 0);
        assertTrue(m.contains("'w'") && m.contains("overflows"), m);
        // 2^61 elements fit in a long, but not their 2^63 bytes.
        m = problem("{\"w\":{\"dtype\":\"F32\",\"shape\":[2147483647,1073741824,2],\"data_offsets\":[0,0]}}", 0);
        assertTrue(m.contains("overflows"), m);
    }

    @Test
    void metadataOfAFileOverTwoGibibytesReadsTheHeaderOnly() throws IOException {
        // A sparse file: 3 GiB of zeros take no disk, but reading them all would exhaust any test heap.
        long big = 3L << 30;
        String json = "{\"big\":{\"dtype\":\"U8\",\"shape\":[3,1073741824],\"data_offsets\":[0," + big + "]},"
                + "\"__metadata__\":{\"format\":\"pt\",\"note\":\"sparse\"}}";
        Path f = dir.resolve("big.safetensors");
        byte[] head = file(json, 0);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.write(head);
            raf.setLength(head.length + big);
        }
        assertEquals(Map.of("format", "pt", "note", "sparse"), Safetensors.metadata(f));
    }

    @Test
    void anEmptyPathAFolderOrAMissingFileIsNamedAsSuch() {
        var empty = assertThrows(IllegalArgumentException.class, () -> Safetensors.metadata(Path.of("")));
        assertTrue(empty.getMessage().contains("empty path"), empty.getMessage());
        var folder = assertThrows(IllegalArgumentException.class, () -> Safetensors.metadata(dir));
        assertTrue(folder.getMessage().contains(dir + ": it is a folder"), folder.getMessage());
        Path none = dir.resolve("none.safetensors");
        var missing = assertThrows(java.io.UncheckedIOException.class, () -> Safetensors.metadata(none));
        assertEquals("Cannot read safetensors file " + none + ": no such file; check the path", missing.getMessage());
    }
}
