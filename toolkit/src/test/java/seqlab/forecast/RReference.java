package seqlab.forecast;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reference values computed with R's forecast package 8.20 (R 4.2.2) by {@code toolkit/reference/forecast/make_reference.R}
 * and committed under {@code src/test/resources/seqlab/forecast/}: one file per series, holding the series itself,
 * ETS fits (parameters, full initial state, loglik as R reports it, sigma2, AIC/AICc/BIC, fitted values, forecasts
 * with 80% and 95% intervals), R's heuristic initial states, thetaf and the four benchmarks.
 */
final class RReference {
    private static final ObjectMapper JSON = new ObjectMapper();

    final JsonNode root;

    private RReference(JsonNode root) {
        this.root = root;
    }

    static RReference load(String series) {
        String path = "/seqlab/forecast/r-forecast-" + series + ".json";
        try (InputStream in = RReference.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing; regenerate it with toolkit/reference/forecast/make_reference.R");
            }
            return new RReference(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    double[] values() {
        return doubles(root.get("values"));
    }

    int period() {
        return root.get("period").asInt();
    }

    List<JsonNode> ets() {
        List<JsonNode> out = new ArrayList<>();
        root.get("ets").forEach(out::add);
        return out;
    }

    JsonNode ets(String model) {
        for (JsonNode n : root.get("ets")) {
            if (n.get("model").asText().equals(model)) {
                return n;
            }
        }
        throw new IllegalArgumentException("no ETS " + model + " in " + root.get("series").asText());
    }

    JsonNode benchmark(String method) {
        for (JsonNode n : root.get("benchmarks")) {
            if (n.get("method").asText().equals(method)) {
                return n;
            }
        }
        throw new IllegalArgumentException("no benchmark " + method);
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    static double number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }

    /** R's loglik leaves out the constant -n/2 (log(2 pi / n) + 1) of the Gaussian log-likelihood. */
    static double fullLogLikelihood(double rLoglik, int n) {
        return rLoglik - 0.5 * n * (Math.log(2 * Math.PI / n) + 1);
    }
}
