package seqlab.nn;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import seqlab.engine.DType;
import seqlab.engine.Engine;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.io.AtomicFiles;

/**
 * Reads and writes the safetensors format, so weights move to and from PyTorch ({@code safetensors.torch}) and
 * between seqlab's engines.
 *
 * <p>The layout: 8 bytes little-endian {@code N}; {@code N} bytes of UTF-8 JSON mapping each tensor name to
 * {@code {"dtype", "shape", "data_offsets": [begin, end]}}, plus an optional {@code "__metadata__"} object of
 * string values; then the raw little-endian data, offsets counted from the end of the header.
 *
 * <p>Reading accepts F32, F64 and I64 as they are, and converts F16, BF16 (to float32) and I32, I16, I8, U8, BOOL (to
 * int64); float64 becomes float32 on an engine without float64.
 *
 * <p>Files are untrusted input. Every check of the specification is made (header inside the file, offsets
 * contiguous, byte counts equal to the shapes), and more: duplicate keys, fractional offsets or dimensions and
 * element counts that overflow are rejected rather than resolved in some reader-specific way, and a failure names
 * the file and the problem. A file is read through a {@link FileChannel}: {@link #metadata(Path)} reads the header
 * alone, and tensors are copied from the file one chunk at a time, so files over 2 GiB load (or load the tensors a
 * name filter picks) and a tensor too large for a Java array fails with its name instead of an OutOfMemoryError.
 *
 * <p>Writing produces F32, F64 and I64. The file is laid out as the golden fixtures written by seqlab's PyTorch
 * script: compact JSON, tensors ordered by element size (largest first, so every tensor is aligned to its size)
 * and then by name, data in the same order without gaps, {@code "__metadata__"} last, the header padded with spaces
 * to a multiple of 8. For a file of one dtype this is byte for byte what the fixtures hold. The Rust
 * {@code safetensors} library orders the same way but puts {@code "__metadata__"} first; readers do not care about
 * key order. Writes are atomic ({@link AtomicFiles}): a crash never leaves a half-written file under the target's
 * name.
 */
public final class Safetensors {
    /** The header-size limit of the reference implementation; a larger value means a foreign or corrupt file. */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    /** Duplicate keys are an error, not "the last one wins": a header is untrusted input. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final String METADATA = "__metadata__";

    private Safetensors() {
    }

    /** Tensors by name, in file order, with the file's string metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
        public Contents {
            tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    // ----------------------------------------------------------------------------------------------- reading

    /** Reads every tensor of {@code file} onto {@code engine}. */
    public static Map<String, Tensor> read(Path file, Engine engine) {
        return readContents(file, engine).tensors();
    }

    /** Reads every tensor and the metadata of {@code file}. */
    public static Contents readContents(Path file, Engine engine) {
        return readContents(file, engine, name -> true);
    }

    /**
     * Reads the tensors of {@code file} whose names {@code which} accepts, and the metadata. The whole header is
     * checked; only the chosen tensors' bytes are read, each straight from the file, so a file larger than a Java
     * array (over 2 GiB) loads as long as every chosen tensor fits in one.
     */
    public static Contents readContents(Path file, Engine engine, Predicate<String> which) {
        Objects.requireNonNull(engine, "engine");
        try (FileChannel ch = openForReading(file)) {
            return parse(headerOf(ch, file.toString()), (offset, dst) -> readFully(ch, offset, dst), engine, which);
        } catch (IOException e) {
            throw readFailure(file, e);
        }
    }

    /** Reads only the metadata of {@code file}: the header is read and checked, the tensor data is not. */
    public static Map<String, String> metadata(Path file) {
        try (FileChannel ch = openForReading(file)) {
            return parse(headerOf(ch, file.toString()), null, null, name -> false).metadata();
        } catch (IOException e) {
            throw readFailure(file, e);
        }
    }

    /** Opens {@code file}, first turning an empty path or a folder into an error that says so. */
    private static FileChannel openForReading(Path file) throws IOException {
        if (file.toString().isEmpty()) {
            throw new IllegalArgumentException("Cannot read a safetensors file from an empty path; name the file");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("Cannot read safetensors file " + file + ": it is a folder; name a file");
        }
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    private static UncheckedIOException readFailure(Path file, IOException e) {
        String why = e instanceof java.nio.file.NoSuchFileException ? "no such file; check the path"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.toString();
        return new UncheckedIOException("Cannot read safetensors file " + file + ": " + why, e);
    }

    /**
     * Parses the bytes of a safetensors file; {@code source} names it in errors. With a null engine only the header
     * is checked and the metadata returned (the tensor map is empty).
     */
    public static Contents parse(byte[] bytes, String source, Engine engine) {
        String where = "safetensors file " + source;
        if (bytes.length < 8) {
            throw bad(where, "it has " + bytes.length + " bytes, fewer than the 8-byte header length; "
                    + "the file is truncated or not a safetensors file");
        }
        long n = headerLength(ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong(0), bytes.length,
                where);
        Header h = new Header(where, new String(bytes, 8, (int) n, StandardCharsets.UTF_8), 8 + n, bytes.length);
        return parse(h, (offset, dst) -> dst.put(bytes, Math.toIntExact(offset), dst.remaining()), engine,
                name -> true);
    }

    /** The raw header of a file: where it came from, its JSON, where the data starts and the file's length. */
    private record Header(String where, String json, long dataStart, long fileLength) {
    }

    /** Copies the bytes at absolute {@code offset} of the file into {@code dst} until it is full. */
    @FunctionalInterface
    private interface Bytes {
        void read(long offset, ByteBuffer dst) throws IOException;
    }

    private static Header headerOf(FileChannel ch, String source) throws IOException {
        String where = "safetensors file " + source;
        long size = ch.size();
        if (size < 8) {
            throw bad(where, "it has " + size + " bytes, fewer than the 8-byte header length; "
                    + "the file is truncated or not a safetensors file");
        }
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, 0, len);
        long n = headerLength(len.getLong(0), size, where);
        ByteBuffer json = ByteBuffer.allocate((int) n);
        readFully(ch, 8, json);
        return new Header(where, new String(json.array(), StandardCharsets.UTF_8), 8 + n, size);
    }

    /** Checks the header-length field against the limit and the file's length. */
    private static long headerLength(long n, long fileLength, String where) {
        if (n < 2 || n > MAX_HEADER_BYTES) {
            throw bad(where, "the header length field reads " + Long.toUnsignedString(n)
                    + ", not a plausible size (2 .. " + MAX_HEADER_BYTES + " bytes); this is not a safetensors file "
                    + "(a PyTorch .pt/.bin pickle or another format?) — convert it with safetensors.torch.save_file");
        }
        if (8 + n > fileLength) {
            throw bad(where, "the header claims " + n + " bytes but the file has only " + (fileLength - 8)
                    + " after the length field; the file is truncated — write it again");
        }
        return n;
    }

    private static void readFully(FileChannel ch, long offset, ByteBuffer dst) throws IOException {
        long at = offset;
        while (dst.hasRemaining()) {
            int got = ch.read(dst, at);
            if (got < 0) {
                throw new IOException("the file ended at byte " + at + " while reading it; was it truncated while"
                        + " being read?");
            }
            at += got;
        }
    }

    private static Contents parse(Header h, Bytes data, Engine engine, Predicate<String> which) {
        String where = h.where();
        JsonNode header;
        try {
            header = JSON.readTree(h.json());
        } catch (JsonProcessingException e) {
            String problem = e.getOriginalMessage();
            if (problem != null && problem.startsWith("Duplicate field")) {
                throw bad(where, "the header names the same key twice (" + problem + "); a reader could not tell "
                        + "which entry is meant, so the file is rejected — write it again");
            }
            throw bad(where, "the header is not valid JSON (" + problem
                    + "); the file is corrupt or not a safetensors file");
        }
        if (header == null || !header.isObject()) {
            throw bad(where, "the header is not a JSON object; the file is corrupt or not a safetensors file");
        }
        long dataStart = h.dataStart();
        long dataLength = h.fileLength() - dataStart;

        Map<String, String> metadata = new LinkedHashMap<>();
        JsonNode meta = header.get(METADATA);
        if (meta != null && !meta.isNull()) {
            if (!meta.isObject()) {
                throw bad(where, "'__metadata__' must be an object of strings, found " + meta.getNodeType());
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().isTextual()) {
                    throw bad(where, "metadata '" + e.getKey() + "' is " + e.getValue() + "; the format allows only "
                            + "string values");
                }
                metadata.put(e.getKey(), e.getValue().asText());
            }
        }

        record Entry(String name, String dtype, int[] shape, long begin, long end) {
        }
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            var e = it.next();
            String name = e.getKey();
            if (name.equals(METADATA)) {
                continue;
            }
            JsonNode info = e.getValue();
            String what = "tensor '" + name + "'";
            if (!info.isObject()) {
                throw bad(where, what + " is described by " + info.getNodeType() + ", not an object");
            }
            JsonNode dt = info.get("dtype"), sh = info.get("shape"), off = info.get("data_offsets");
            if (dt == null || !dt.isTextual() || sh == null || !sh.isArray() || off == null || !off.isArray()
                    || off.size() != 2) {
                throw bad(where, what + " lacks a string 'dtype', an array 'shape' or a two-element "
                        + "'data_offsets'; found " + info);
            }
            int[] shape = new int[sh.size()];
            for (int i = 0; i < shape.length; i++) {
                JsonNode d = sh.get(i);
                if (!d.isIntegralNumber() || !d.canConvertToInt() || d.asInt() < 0) {
                    throw bad(where, what + " has shape " + sh + "; dimensions must be integers from 0 to "
                            + Integer.MAX_VALUE);
                }
                shape[i] = d.asInt();
            }
            String dtype = dt.asText();
            int width = elementBytes(dtype);
            if (width < 0) {
                throw bad(where, what + " has dtype " + dtype + ", which seqlab cannot read (it reads F32, F64, "
                        + "F16, BF16, I64, I32, I16, I8, U8, BOOL); convert the tensor in PyTorch before saving");
            }
            long bytes;
            try {
                bytes = Math.multiplyExact(Shape.of(shape).size(), width);
            } catch (IllegalArgumentException | ArithmeticException overflow) {
                throw bad(where, what + " has shape " + sh + ", whose byte count overflows; the header is corrupt");
            }
            // Integral JSON numbers only: 1.5 or 1e3 would be truncated or rounded into a plausible offset.
            if (!off.get(0).isIntegralNumber() || !off.get(1).isIntegralNumber()
                    || !off.get(0).canConvertToLong() || !off.get(1).canConvertToLong()) {
                throw bad(where, what + " has data_offsets " + off + "; they must be integers");
            }
            long begin = off.get(0).asLong(), end = off.get(1).asLong();
            if (begin < 0 || end < begin || end > dataLength) {
                throw bad(where, what + " has data_offsets [" + begin + ", " + end + "] but the data section holds "
                        + dataLength + " bytes; the file is truncated — write it again");
            }
            if (end - begin != bytes) {
                throw bad(where, what + " of dtype " + dtype + " and shape " + sh + " needs " + bytes
                        + " bytes but data_offsets [" + begin + ", " + end + "] cover " + (end - begin));
            }
            entries.add(new Entry(name, dtype, shape, begin, end));
        }
        // The format requires the data section to be covered exactly, without holes or overlaps.
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry e : byOffset) {
            if (e.begin() != expected) {
                throw bad(where, "tensor '" + e.name() + "' starts at byte " + e.begin() + " of the data section, "
                        + "expected " + expected + " (tensors must be contiguous without overlap)");
            }
            expected = e.end();
        }
        if (expected != dataLength) {
            throw bad(where, "the tensors cover " + expected + " data bytes but the file holds " + dataLength
                    + " after the header; the file is corrupt or has trailing bytes");
        }

        Map<String, Tensor> tensors = new LinkedHashMap<>();
        if (engine != null) {
            for (Entry e : entries) {
                if (!which.test(e.name())) {
                    continue;
                }
                Shape shape = Shape.of(e.shape());
                if (shape.size() > MAX_ARRAY) {
                    throw bad(where, "tensor '" + e.name() + "' of shape " + shape + " has " + shape.size()
                            + " elements, more than a Java array holds (" + MAX_ARRAY + "); seqlab engines load a "
                            + "tensor through one array — split the tensor, or read the others with a name filter");
                }
                try {
                    tensors.put(e.name(), decode(engine, e.dtype(), shape, data, dataStart + e.begin()));
                } catch (IOException io) {
                    throw new UncheckedIOException("Cannot read " + where + ": tensor '" + e.name() + "': " + io, io);
                } catch (OutOfMemoryError oom) {
                    throw new IllegalStateException("Cannot read " + where + ": tensor '" + e.name() + "' ("
                            + (e.end() - e.begin()) + " bytes) does not fit in the Java heap; raise -Xmx or read "
                            + "fewer tensors at once (Safetensors.readContents with a name filter)", oom);
                }
            }
        }
        return new Contents(tensors, metadata);
    }

    /** The largest Java array length the JVMs in use allocate. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private static int elementBytes(String dtype) {
        return switch (dtype) {
            case "F64", "I64" -> 8;
            case "F32", "I32" -> 4;
            case "F16", "BF16", "I16" -> 2;
            case "I8", "U8", "BOOL" -> 1;
            default -> -1;
        };
    }

    /** Bytes are copied in chunks of this size, so no tensor is ever held twice in memory. */
    private static final int CHUNK = 1 << 20;

    private static Tensor decode(Engine engine, String dtype, Shape shape, Bytes data, long offset)
            throws IOException {
        int n = shape.sizeAsInt();
        switch (dtype) {
            case "F32", "F16", "BF16" -> {
                float[] v = new float[n];
                chunks(data, offset, n, elementBytes(dtype), (b, at, k) -> {
                    for (int i = 0; i < k; i++) {
                        v[at + i] = switch (dtype) {
                            case "F32" -> b.getFloat(4 * i);
                            case "BF16" -> Float.intBitsToFloat((b.getShort(2 * i) & 0xFFFF) << 16);
                            default -> halfToFloat(b.getShort(2 * i));
                        };
                    }
                });
                return engine.of(v, shape);
            }
            case "F64" -> {
                double[] v = new double[n];
                chunks(data, offset, n, 8, (b, at, k) -> b.asDoubleBuffer().get(v, at, k));
                if (engine.supports(DType.FLOAT64)) {
                    return engine.of(v, shape);
                }
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = (float) v[i];
                }
                return engine.of(f, shape);
            }
            default -> {
                long[] v = new long[n];
                chunks(data, offset, n, elementBytes(dtype), (b, at, k) -> {
                    for (int i = 0; i < k; i++) {
                        v[at + i] = switch (dtype) {
                            case "I64" -> b.getLong(8 * i);
                            case "I32" -> b.getInt(4 * i);
                            case "I16" -> b.getShort(2 * i);
                            case "I8" -> b.get(i);
                            default -> b.get(i) & 0xFF; // U8, BOOL
                        };
                    }
                });
                return engine.ofIndices(v, shape);
            }
        }
    }

    /** Takes one chunk: elements {@code [at, at + k)}, little-endian from position 0 of {@code b}. */
    private interface Chunk {
        void take(ByteBuffer b, int at, int k);
    }

    /** Reads {@code n} elements of {@code width} bytes at {@code offset}, chunk by chunk through one buffer. */
    private static void chunks(Bytes data, long offset, int n, int width, Chunk chunk) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min((long) n * width, CHUNK)).order(ByteOrder.LITTLE_ENDIAN);
        int per = b.capacity() / width;
        for (int at = 0; at < n; at += per) {
            int k = Math.min(per, n - at);
            fill(data, offset + (long) at * width, b, k * width);
            chunk.take(b, at, k);
        }
    }

    /** Reads {@code length} bytes at {@code offset} into the start of {@code b}. */
    private static void fill(Bytes data, long offset, ByteBuffer b, int length) throws IOException {
        b.clear().limit(length);
        data.read(offset, b);
        b.flip();
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1.0p-24f; // subnormal: mant * 2^-24
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    // ----------------------------------------------------------------------------------------------- writing

    /** Writes {@code tensors} to {@code file} atomically, without metadata. */
    public static void write(Path file, Map<String, Tensor> tensors) {
        write(file, tensors, Map.of());
    }

    /** Writes {@code tensors} and string {@code metadata} to {@code file} atomically. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        AtomicFiles.write(file, out -> writeTo(out, tensors, metadata));
    }

    /** The bytes of a safetensors file holding {@code tensors} and {@code metadata}. */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeTo(out, tensors, metadata);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Streams a safetensors file to {@code out}: the header first, then each tensor's data. */
    public static void writeTo(OutputStream out, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        List<String> names = new ArrayList<>(tensors.keySet());
        for (String name : names) {
            if (name.equals(METADATA)) {
                throw new IllegalArgumentException("A tensor may not be named '__metadata__' in a safetensors file");
            }
            if (tensors.get(name) == null) {
                throw new IllegalArgumentException("Tensor '" + name + "' is null; give every name a tensor");
            }
        }
        names.sort(Comparator.comparingInt((String s) -> -width(tensors.get(s).dtype()))
                .thenComparing(Comparator.naturalOrder()));

        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(json)) {
            g.writeStartObject();
            long offset = 0;
            for (String name : names) {
                Tensor t = tensors.get(name);
                long bytes = t.size() * width(t.dtype());
                g.writeObjectFieldStart(name);
                g.writeStringField("dtype", code(t.dtype()));
                g.writeArrayFieldStart("shape");
                for (int d : t.shape().dims()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(offset);
                g.writeNumber(offset + bytes);
                g.writeEndArray();
                g.writeEndObject();
                offset += bytes;
            }
            if (!metadata.isEmpty()) {
                g.writeObjectFieldStart(METADATA);
                for (var e : metadata.entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        // Padding to a multiple of 8 keeps every tensor aligned for readers that map the file.
        int pad = (8 - json.size() % 8) % 8;
        for (int i = 0; i < pad; i++) {
            json.write(' ');
        }
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, json.size());
        out.write(len.array());
        json.writeTo(out);
        for (String name : names) {
            out.write(encode(tensors.get(name)));
        }
    }

    private static int width(DType d) {
        return d == DType.FLOAT32 ? 4 : 8;
    }

    private static String code(DType d) {
        return switch (d) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case INT64 -> "I64";
        };
    }

    private static byte[] encode(Tensor t) {
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(t.size() * width(t.dtype()))).order(ByteOrder.LITTLE_ENDIAN);
        switch (t.dtype()) {
            case FLOAT32 -> b.asFloatBuffer().put(t.toFloatArray());
            case FLOAT64 -> b.asDoubleBuffer().put(t.toDoubleArray());
            case INT64 -> b.asLongBuffer().put(t.toLongArray());
        }
        return b.array();
    }

    // ----------------------------------------------------------------------------------------------- modules

    /** Saves {@code module}'s state dict (PyTorch's names) to {@code file}, atomically. */
    public static void save(Module module, Path file) {
        save(module, file, Map.of("format", "pt"));
    }

    /** Saves {@code module}'s state dict with metadata; {@code "format": "pt"} lets PyTorch tools load it. */
    public static void save(Module module, Path file, Map<String, String> metadata) {
        write(file, module.stateDict(), metadata);
    }

    /**
     * Loads {@code file} into {@code module}'s parameters. Names and shapes must match exactly; otherwise nothing is
     * changed and the error lists every mismatch.
     */
    public static void load(Module module, Path file) {
        Map<String, Tensor> state = read(file, module.engine());
        try {
            module.loadStateDict(state);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Cannot load " + file + ": " + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException bad(String where, String problem) {
        return new IllegalArgumentException("Cannot read " + where + ": " + problem);
    }
}
