package seqlab.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import seqlab.engine.DType;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.nn.Linear;
import seqlab.nn.Safetensors;

/**
 * {@link Safetensors} against the golden files written from PyTorch state dicts: values, metadata, byte-identical
 * writing, round trips of every written dtype, clear errors for truncated and foreign files, and atomic writes.
 */
public abstract class SafetensorsConformance {

    protected abstract Engine engine();

    @TempDir
    Path dir;

    private static final List<String> CASES = List.of("lstm_4_3_2layer_bidir", "transformer_encoder_layer_8_2_16");

    private Safetensors.Contents golden(String name) {
        byte[] bytes = Golden.bytes("safetensors/" + name + ".safetensors");
        return Safetensors.parse(bytes, name + ".safetensors", engine());
    }

    @Test
    void readsPyTorchStateDictsWithTheValuesOfTheirJsonTwins() {
        for (String name : CASES) {
            Safetensors.Contents c = golden(name);
            Golden twin = Golden.load("safetensors/" + name);
            assertEquals(twin.intConfig("tensor_count"), c.tensors().size(), name);
            assertEquals(twin.config().get("metadata"), c.metadata(), name + " metadata");
            for (String t : twin.names()) {
                Tensor actual = c.tensors().get(t);
                GoldenTensor expected = twin.tensor(t);
                assertArrayEquals(expected.shape(), actual.shape().dims(), name + "/" + t);
                assertEquals(DType.FLOAT32, actual.dtype());
                // The twin holds the float32 values exactly as doubles, so equality is exact.
                assertArrayEquals(expected.floats(), actual.toFloatArray(), 0f, name + "/" + t);
            }
        }
    }

    @Test
    void writesTheFixtureBytesBackExactly() {
        // The fixture orders tensors by name, puts __metadata__ last and pads with spaces: seqlab writes the same.
        for (String name : CASES) {
            byte[] original = Golden.bytes("safetensors/" + name + ".safetensors");
            Safetensors.Contents c = Safetensors.parse(original, name, engine());
            byte[] written = Safetensors.toBytes(c.tensors(), c.metadata());
            assertArrayEquals(original, written, name);
        }
    }

    @Test
    void roundTripsFloat32Float64AndInt64WithMetadata() {
        Engine e = engine();
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("w", e.randn(Shape.of(3, 5), new RandomSource(1)));
        t.put("scalar", e.of(new float[] {Float.MIN_VALUE}, Shape.scalar()));
        t.put("empty", e.zeros(Shape.of(0, 4)));
        t.put("ids", e.ofIndices(new long[] {Long.MIN_VALUE, -1, 0, 7, Long.MAX_VALUE}, Shape.of(5)));
        if (e.supports(DType.FLOAT64)) {
            t.put("d", e.of(new double[] {Math.PI, -0.0, Double.MAX_VALUE}, Shape.of(3, 1)));
        }
        Path f = dir.resolve("sub/round.safetensors");
        Safetensors.write(f, t, Map.of("format", "pt", "note", "ünïcode ✓"));
        Safetensors.Contents back = Safetensors.readContents(f, e);
        assertEquals(Map.of("format", "pt", "note", "ünïcode ✓"), back.metadata());
        assertEquals(t.keySet(), back.tensors().keySet());
        for (var entry : t.entrySet()) {
            Tensor a = entry.getValue(), b = back.tensors().get(entry.getKey());
            assertEquals(a.dtype(), b.dtype(), entry.getKey());
            assertEquals(a.shape(), b.shape(), entry.getKey());
            switch (a.dtype()) {
                case FLOAT32 -> assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0f);
                case FLOAT64 -> assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), 0.0);
                case INT64 -> assertArrayEquals(a.toLongArray(), b.toLongArray());
            }
        }
        assertEquals(back.metadata(), Safetensors.metadata(f));
        byte[] bytes = readAll(f);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header padded to a multiple of 8");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        // Larger elements first keeps each tensor aligned: int64 (and float64) data come before float32.
        assertTrue(header.indexOf("\"ids\"") < header.indexOf("\"empty\""), header);
    }

    @Test
    void moduleSaveAndLoadUsePyTorchNames() {
        Engine e = engine();
        Linear a = new Linear(e, 4, 3, new RandomSource(1));
        Linear b = new Linear(e, 4, 3, new RandomSource(2));
        Path f = dir.resolve("linear.safetensors");
        a.save(f);
        assertEquals(List.of("bias", "weight"), List.copyOf(Safetensors.read(f, e).keySet()));
        b.load(f);
        assertArrayEquals(a.weight().toFloatArray(), b.weight().toFloatArray(), 0f);
        Linear wrong = new Linear(e, 5, 3, false, new RandomSource(3));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> wrong.load(f));
        assertTrue(ex.getMessage().contains(f.toString()), ex.getMessage());
        assertTrue(ex.getMessage().contains("'weight' has shape (3, 4), expected (3, 5)"), ex.getMessage());
        assertTrue(ex.getMessage().contains("unexpected 'bias'"), ex.getMessage());
    }

    @Test
    void truncatedFilesFailNamingTheFileAndTheProblem() throws IOException {
        byte[] good = Golden.bytes("safetensors/lstm_4_3_2layer_bidir.safetensors");
        for (int cut : new int[] {0, 5, 8, 100, good.length - 1}) {
            Path f = dir.resolve("cut" + cut + ".safetensors");
            Files.write(f, Arrays.copyOf(good, cut));
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                    () -> Safetensors.read(f, engine()), "cut at " + cut);
            assertTrue(ex.getMessage().contains(f.toString()), ex.getMessage());
            assertTrue(ex.getMessage().contains("truncated"), ex.getMessage());
        }
    }

    @Test
    void foreignFilesFailClearly() throws IOException {
        Path pickle = dir.resolve("model.pt");
        // A PyTorch zip/pickle checkpoint starts with "PK\3\4": read as a length it is absurd.
        Files.write(pickle, new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3});
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Safetensors.read(pickle, engine()));
        assertTrue(ex.getMessage().contains("not a safetensors file"), ex.getMessage());

        assertProblem(header("[1, 2]", 0), "not a JSON object");
        assertProblem(header("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 4]}}", 4),
                "needs 8 bytes");
        assertProblem(header("{\"a\": {\"dtype\": \"C64\", \"shape\": [1], \"data_offsets\": [0, 8]}}", 8),
                "dtype C64");
        assertProblem(header("{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}", 8),
                "contiguous");
        assertProblem(header("{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", 8),
                "trailing");
        assertProblem(header("{not json", 0), "not valid JSON");
        assertThrows(UncheckedIOException.class, () -> Safetensors.read(dir.resolve("missing.safetensors"), engine()));
    }

    @Test
    void readsHalfPrecisionAndSmallIntegerTypes() {
        // F16 1.0 = 0x3C00, -2.0 = 0xC000; BF16 1.5 = 0x3FC0; I32 -3; BOOL 1
        String h = "{\"bf\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[4,6]},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"i\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[6,10]},"
                + "\"m\":{\"dtype\":\"BOOL\",\"shape\":[1],\"data_offsets\":[10,11]}}";
        ByteBuffer data = ByteBuffer.allocate(11).order(ByteOrder.LITTLE_ENDIAN);
        data.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x3FC0).putInt(-3).put((byte) 1);
        Map<String, Tensor> t = Safetensors.parse(file(h, data.array()), "mixed", engine()).tensors();
        assertArrayEquals(new float[] {1f, -2f}, t.get("h").toFloatArray(), 0f);
        assertArrayEquals(new float[] {1.5f}, t.get("bf").toFloatArray(), 0f);
        assertArrayEquals(new long[] {-3}, t.get("i").toLongArray());
        assertArrayEquals(new long[] {1}, t.get("m").toLongArray());
    }

    @Test
    void aWriteThatFailsMidwayLeavesThePreviousFileIntact() throws IOException {
        Engine e = engine();
        Path f = dir.resolve("weights.safetensors");
        Map<String, Tensor> first = Map.of("w", e.of(new float[] {1, 2, 3}, Shape.of(3)));
        Safetensors.write(f, first);
        byte[] before = readAll(f);
        // A tensor whose data cannot be fetched (as when a device fails) stops the write after the header.
        Tensor failing = (Tensor) Proxy.newProxyInstance(Tensor.class.getClassLoader(), new Class<?>[] {Tensor.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "shape" -> Shape.of(1000);
                    case "dtype" -> DType.FLOAT32;
                    case "size" -> 1000L;
                    case "toFloatArray" -> throw new IllegalStateException("simulated crash while writing");
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        Map<String, Tensor> second = new LinkedHashMap<>();
        second.put("w", e.of(new float[] {9, 9, 9}, Shape.of(3)));
        second.put("x", failing);
        assertThrows(IllegalStateException.class, () -> Safetensors.write(f, second));
        assertArrayEquals(before, readAll(f), "the previous file is untouched");
        assertArrayEquals(new float[] {1, 2, 3}, Safetensors.read(f, e).get("w").toFloatArray(), 0f);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void aFileOverTwoGibibytesLoadsTensorByTensorOrFailsClearly() throws IOException {
        // A sparse file (no disk used): 2 GiB + 8 bytes of U8 zeros, then two floats past the 2 GiB mark.
        long big = (1L << 31) + 8;
        String json = "{\"a_big\":{\"dtype\":\"U8\",\"shape\":[2," + big / 2 + "],\"data_offsets\":[0," + big + "]},"
                + "\"b_small\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[" + big + "," + (big + 8) + "]}}";
        byte[] head = header(json, 0);
        Path f = dir.resolve("large.safetensors");
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(f.toFile(), "rw")) {
            raf.write(head);
            raf.seek(head.length + big);
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f).array());
        }
        Safetensors.Contents some = Safetensors.readContents(f, engine(), "b_small"::equals);
        assertEquals(List.of("b_small"), List.copyOf(some.tensors().keySet()));
        assertArrayEquals(new float[] {1.5f, -2f}, some.tensors().get("b_small").toFloatArray(), 0f);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Safetensors.read(f, engine()));
        assertTrue(ex.getMessage().contains(f.toString()) && ex.getMessage().contains("'a_big'")
                && ex.getMessage().contains("more than a Java array holds"), ex.getMessage());
    }

    private void assertProblem(byte[] bytes, String expected) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.parse(bytes, "test.safetensors", engine()));
        assertTrue(ex.getMessage().contains("test.safetensors"), ex.getMessage());
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }

    private static byte[] header(String json, int dataBytes) {
        return file(json, new byte[dataBytes]);
    }

    private static byte[] file(String json, byte[] data) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        return b.array();
    }

    private static byte[] readAll(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
