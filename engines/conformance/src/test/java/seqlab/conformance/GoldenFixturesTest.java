package seqlab.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The fixtures are well formed and say what their descriptions claim; engines are tested elsewhere. */
class GoldenFixturesTest {

    @TestFactory
    Stream<DynamicTest> everyIndexedCaseLoadsWithConsistentShapes() {
        List<String> cases = Golden.index();
        assertTrue(cases.size() >= 40, "index lists only " + cases.size() + " cases");
        assertEquals(cases.size(), new HashSet<>(cases).size(), "index lists a case twice");
        return cases.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Golden g = Golden.load(name);
            assertEquals(name, g.caseName());
            assertTrue(g.torchVersion().startsWith("1.13"), g.torchVersion());
            assertFalse(g.description().isBlank());
            assertTrue(g.config().containsKey("dtype"), "config lacks dtype");
            assertFalse(g.names().isEmpty());
            for (String t : g.names()) {
                GoldenTensor x = g.tensor(t);
                assertEquals(GoldenTensor.sizeOf(x.shape()), x.data().length, name + "/" + t);
                for (double v : x.data()) {
                    assertTrue(Double.isFinite(v), name + "/" + t + " holds " + v);
                }
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyGradientMatchesTheShapeOfWhatItDifferentiates() {
        return Golden.index().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Golden g = Golden.load(name);
            for (String t : g.names()) {
                if (t.startsWith("grad.")) {
                    String of = t.substring("grad.".length());
                    assertTrue(g.has(of), name + ": " + t + " has no tensor " + of);
                    assertArrayEquals(g.tensor(of).shape(), g.tensor(t).shape(), name + "/" + t);
                }
            }
            if (g.has("grad_probe")) {
                assertTrue(g.has("loss"), name + " has a probe but no loss");
                assertArrayEquals(g.tensor("output").shape(), g.tensor("grad_probe").shape(), name);
            }
        }));
    }

    @Test
    void packedRecurrentOutputsAreZeroAtPaddedStepsAndProbesIgnoreThem() {
        for (String name : List.of("packed_lstm_bidir_2layer", "packed_gru_bidir", "packed_rnn_tanh")) {
            Golden g = Golden.load(name);
            boolean batchFirst = g.booleanConfig("batch_first");
            int[] lengths = g.tensor("lengths").ints();
            GoldenTensor out = g.tensor("output");
            GoldenTensor probe = g.tensor("grad_probe");
            GoldenTensor valid = g.tensor("valid_mask");
            int steps = out.shape()[batchFirst ? 1 : 0];
            int padded = 0;
            for (int b = 0; b < lengths.length; b++) {
                for (int t = 0; t < steps; t++) {
                    assertEquals(t < lengths[b] ? 1.0 : 0.0, valid.get(b, t), name);
                    for (int f = 0; f < out.shape()[2]; f++) {
                        int[] ix = batchFirst ? new int[] {b, t, f} : new int[] {t, b, f};
                        if (t >= lengths[b]) {
                            padded++;
                            assertEquals(0.0, out.get(ix), name + " output at padded " + Arrays.toString(ix));
                            assertEquals(0.0, probe.get(ix), name + " probe at padded " + Arrays.toString(ix));
                        }
                    }
                }
            }
            assertTrue(padded > 0, name + " has no padded step");
        }
    }

    @Test
    void attentionWeightsAreDistributionsAndTheAverageOfTheHeads() {
        for (String name : List.of("mha_self_key_padding", "mha_self_causal", "mha_cross")) {
            Golden g = Golden.load(name);
            GoldenTensor avg = g.tensor("attn_weights");
            GoldenTensor heads = g.tensor("attn_weights_per_head");
            int[] s = heads.shape();
            assertEquals(g.intConfig("num_heads"), s[1]);
            for (int b = 0; b < s[0]; b++) {
                for (int q = 0; q < s[2]; q++) {
                    double rowSum = 0;
                    for (int k = 0; k < s[3]; k++) {
                        double mean = 0;
                        for (int h = 0; h < s[1]; h++) {
                            mean += heads.get(b, h, q, k) / s[1];
                        }
                        assertEquals(mean, avg.get(b, q, k), 1e-12, name);
                        if (g.has("key_padding_mask") && g.tensor("key_padding_mask").get(b, k) == 1.0) {
                            assertEquals(0.0, avg.get(b, q, k), name + " attends to a padded key");
                        }
                        if (g.has("attn_mask") && g.tensor("attn_mask").get(q, k) == 1.0) {
                            assertEquals(0.0, avg.get(b, q, k), name + " attends to a masked key");
                        }
                        rowSum += avg.get(b, q, k);
                    }
                    assertEquals(1.0, rowSum, 1e-12, name);
                }
            }
        }
    }

    @Test
    void safetensorsFilesHoldTheValuesOfTheirJsonTwins() throws IOException {
        List<String> files = Golden.safetensorsFiles();
        assertEquals(2, files.size(), files.toString());
        ObjectMapper json = new ObjectMapper();
        for (String file : files) {
            byte[] bytes = Golden.bytes(file);
            ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            long headerLength = buf.getLong(0);
            assertEquals(0, headerLength % 8, file + ": header not padded to 8 bytes");
            JsonNode header = json.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
            int dataStart = 8 + (int) headerLength;
            Golden twin = Golden.load(file.replace(".safetensors", ""));
            Set<String> names = new HashSet<>();
            long end = 0;
            for (var it = header.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    assertEquals("pt", e.getValue().path("format").asText());
                    continue;
                }
                names.add(e.getKey());
                JsonNode h = e.getValue();
                assertEquals("F32", h.get("dtype").asText());
                GoldenTensor expected = twin.tensor(e.getKey());
                int[] shape = json.convertValue(h.get("shape"), int[].class);
                assertArrayEquals(expected.shape(), shape, file + "/" + e.getKey());
                long begin = h.get("data_offsets").get(0).asLong();
                long stop = h.get("data_offsets").get(1).asLong();
                assertEquals(4L * expected.size(), stop - begin, file + "/" + e.getKey());
                end = Math.max(end, stop);
                double[] want = expected.data();
                for (int i = 0; i < want.length; i++) {
                    float got = buf.getFloat(dataStart + (int) begin + 4 * i);
                    assertEquals(want[i], got, 0.0, file + "/" + e.getKey() + "[" + i + "]");
                }
            }
            assertEquals(new HashSet<>(twin.names()), names, file);
            assertEquals(bytes.length, dataStart + end, file + ": bytes after the last tensor");
        }
    }

    @Test
    void everyFixtureFileOnDiskIsIndexed() throws URISyntaxException, IOException {
        URL root = Golden.class.getResource(Golden.ROOT);
        assertTrue(root != null && root.getProtocol().equals("file"),
                "tests run from target/classes, so the fixtures are a folder: " + root);
        Path dir = Path.of(root.toURI());
        Set<String> onDisk;
        try (Stream<Path> walk = Files.walk(dir)) {
            onDisk = walk.filter(p -> p.toString().endsWith(".json"))
                    .map(p -> dir.relativize(p).toString().replace('\\', '/').replaceAll("\\.json$", ""))
                    .filter(n -> !n.equals("index"))
                    .collect(Collectors.toSet());
        }
        assertEquals(new HashSet<>(Golden.index()), onDisk);
    }

    @Test
    void anUnknownCaseNamesItselfAndTheFix() {
        var e = assertThrows(IllegalArgumentException.class, () -> Golden.load("no_such_case"));
        assertTrue(e.getMessage().contains("no_such_case") && e.getMessage().contains("make_golden.py"),
                e.getMessage());
        var m = assertThrows(IllegalArgumentException.class, () -> Golden.load("gru_basic").tensor("nope"));
        assertTrue(m.getMessage().contains("weight_ih_l0"), m.getMessage());
    }

    @Test
    void configValuesComeBackTyped() {
        Golden g = Golden.load("lstm_bidir_2layer");
        assertEquals(3, g.intConfig("hidden_size"));
        assertTrue(g.booleanConfig("bidirectional"));
        assertEquals("nn.LSTM", g.stringConfig("module"));
        assertEquals(0.1, Golden.load("loss_cross_entropy_smoothing_ignore").doubleConfig("label_smoothing"));
        assertThrows(IllegalArgumentException.class, () -> g.intConfig("module"));
        assertArrayEquals(new int[] {12, 4}, g.tensor("weight_ih_l0").shape());
        assertArrayEquals(new int[] {4, 3, 3}, g.tensor("h_n").shape());
    }

    @Test
    void shapeAndDataMustAgree() {
        assertThrows(IllegalArgumentException.class, () -> new GoldenTensor(new int[] {2, 3}, new double[5]));
        GoldenTensor scalar = new GoldenTensor(new int[0], new double[] {2.5});
        assertEquals(2.5, scalar.get());
        assertThrows(IllegalStateException.class, () -> scalar.longs());
    }
}
