package seqlab.conformance;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One golden fixture: values PyTorch computed for a named case, read from the class-path resource
 * {@code /seqlab/golden/<case>.json}.
 *
 * <pre>{@code
 * Golden g = Golden.load("lstm_bidir_2layer");
 * int hidden = g.intConfig("hidden_size");
 * GoldenTensor w = g.tensor("weight_ih_l0");        // PyTorch's state_dict name and layout
 * GoldenTensor expected = g.tensor("output");
 * }</pre>
 */
public final class Golden {

    /** The class-path folder that holds the fixtures. */
    public static final String ROOT = "/seqlab/golden/";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REGENERATE =
            "regenerate the fixtures with engines/conformance/golden/make_golden.py (see its README.md)";

    private final String caseName;
    private final String torchVersion;
    private final String description;
    private final JsonNode config;
    private final Map<String, GoldenTensor> tensors;

    private Golden(String caseName, String torchVersion, String description, JsonNode config,
                   Map<String, GoldenTensor> tensors) {
        this.caseName = caseName;
        this.torchVersion = torchVersion;
        this.description = description;
        this.config = config;
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** Loads a case by name, e.g. {@code "gru_basic"} or {@code "safetensors/lstm_4_3_2layer_bidir"}. */
    public static Golden load(String caseName) {
        String resource = ROOT + caseName + ".json";
        JsonNode root = readJson(resource, "golden case '" + caseName + "'");
        String where = "golden case '" + caseName + "' (" + resource + ")";
        JsonNode tensorsNode = required(root, "tensors", where);
        Map<String, GoldenTensor> tensors = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = tensorsNode.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            tensors.put(e.getKey(), parseTensor(e.getValue(), where + ", tensor '" + e.getKey() + "'"));
        }
        JsonNode config = root.path("config");
        return new Golden(required(root, "case", where).asText(), root.path("torch_version").asText(""),
                root.path("description").asText(""), config.isObject() ? config : JSON.createObjectNode(),
                tensors);
    }

    /** The case names {@code make_golden.py} wrote, in the order it wrote them (from {@code index.json}). */
    public static List<String> index() {
        return textList(readJson(ROOT + "index.json", "golden index"), "cases");
    }

    /** The safetensors files, relative to {@link #ROOT}, e.g. {@code "safetensors/lstm_4_3_2layer_bidir.safetensors"}. */
    public static List<String> safetensorsFiles() {
        return textList(readJson(ROOT + "index.json", "golden index"), "safetensors");
    }

    /** The bytes of a resource under {@link #ROOT}, for the binary fixtures. */
    public static byte[] bytes(String relativePath) {
        String resource = ROOT + relativePath;
        try (InputStream in = Golden.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden resource " + resource + " on the class path; "
                        + "put seqlab-engine-conformance on the class path, or " + REGENERATE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    public String caseName() {
        return caseName;
    }

    public String torchVersion() {
        return torchVersion;
    }

    public String description() {
        return description;
    }

    /** The options PyTorch was called with, as plain Java values (Map, List, String, Number, Boolean, null). */
    public Map<String, Object> config() {
        return JSON.convertValue(config, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    /** The options as a Jackson tree, for nested values. */
    public JsonNode configNode() {
        return config.deepCopy();
    }

    public int intConfig(String key) {
        JsonNode n = configValue(key);
        if (!n.canConvertToExactIntegral() || !n.canConvertToInt()) {
            throw new IllegalArgumentException(badConfig(key, n, "an integer"));
        }
        return n.asInt();
    }

    public double doubleConfig(String key) {
        JsonNode n = configValue(key);
        if (!n.isNumber()) {
            throw new IllegalArgumentException(badConfig(key, n, "a number"));
        }
        return n.asDouble();
    }

    public boolean booleanConfig(String key) {
        JsonNode n = configValue(key);
        if (!n.isBoolean()) {
            throw new IllegalArgumentException(badConfig(key, n, "true or false"));
        }
        return n.asBoolean();
    }

    public String stringConfig(String key) {
        JsonNode n = configValue(key);
        if (!n.isTextual()) {
            throw new IllegalArgumentException(badConfig(key, n, "a string"));
        }
        return n.asText();
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    /** The tensor names in file order: inputs, parameters, outputs, probes, then gradients. */
    public List<String> names() {
        return List.copyOf(tensors.keySet());
    }

    public GoldenTensor tensor(String name) {
        GoldenTensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("golden case '" + caseName + "' has no tensor '" + name
                    + "'; it has " + tensors.keySet());
        }
        return t;
    }

    @Override
    public String toString() {
        return "Golden[" + caseName + ", torch " + torchVersion + ", " + tensors.size() + " tensors]";
    }

    private JsonNode configValue(String key) {
        JsonNode n = config.get(key);
        if (n == null) {
            throw new IllegalArgumentException("golden case '" + caseName + "' has no config key '" + key
                    + "'; it has " + config().keySet());
        }
        return n;
    }

    private String badConfig(String key, JsonNode n, String wanted) {
        return "config '" + key + "' of golden case '" + caseName + "' is " + n + ", not " + wanted;
    }

    private static GoldenTensor parseTensor(JsonNode node, String where) {
        JsonNode shapeNode = required(node, "shape", where);
        JsonNode dataNode = required(node, "data", where);
        if (!shapeNode.isArray() || !dataNode.isArray()) {
            throw new IllegalArgumentException(where + ": 'shape' and 'data' must be JSON arrays; " + REGENERATE);
        }
        int[] shape = new int[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asInt(-1);
        }
        double[] data = new double[dataNode.size()];
        for (int i = 0; i < data.length; i++) {
            JsonNode v = dataNode.get(i);
            if (!v.isNumber()) {
                throw new IllegalArgumentException(where + ": data[" + i + "] is " + v + ", not a number; "
                        + REGENERATE);
            }
            data[i] = v.asDouble();
        }
        try {
            return new GoldenTensor(shape, data);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage() + "; " + REGENERATE, e);
        }
    }

    private static JsonNode readJson(String resource, String what) {
        try (InputStream in = Golden.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no " + what + ": " + resource + " is not on the class path. "
                        + "Check the name against Golden.index(), or " + REGENERATE);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + resource + " as JSON; " + REGENERATE, e);
        }
    }

    private static JsonNode required(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(where + " lacks the field '" + field + "'; " + REGENERATE);
        }
        return v;
    }

    private static List<String> textList(JsonNode root, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : required(root, field, "golden index " + ROOT + "index.json")) {
            out.add(n.asText());
        }
        return List.copyOf(out);
    }
}
