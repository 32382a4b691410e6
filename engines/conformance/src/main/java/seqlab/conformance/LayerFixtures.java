package seqlab.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import seqlab.engine.DType;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.nn.Module;

/**
 * Shared plumbing of the layer suites ({@link AttentionConformance}, {@link TransformerConformance},
 * {@link ConvConformance}): golden tensors onto an engine, fixture weights into a module by PyTorch name, comparisons
 * restricted to valid positions, and gradient checks over a module's inputs and parameters.
 *
 * <p>Golden tolerances: fixtures are float64, so on an engine with float64 the layers must agree to {@code 1e-9}
 * absolute plus {@code 1e-9} relative (rounding differences of a few dozen ops); on a float32-only engine to
 * {@code 2e-4 + 2e-4 |expected|} (float32 epsilon 1.2e-7 grown through a Transformer layer).
 */
final class LayerFixtures {
    private LayerFixtures() {
    }

    /** The dtype the layer suites compute in on {@code e}: float64 where supported. */
    static DType dtype(Engine e) {
        return GradCheck.dtypeFor(e);
    }

    static double tolerance(Engine e) {
        return dtype(e) == DType.FLOAT64 ? 1e-9 : 2e-4;
    }

    /** A fixture tensor on {@code e} in the suites' dtype, cut from any graph. */
    static Tensor tensor(Engine e, GoldenTensor g) {
        return dtype(e) == DType.FLOAT64 ? e.of(g.data(), Shape.of(g.shape())) : e.of(g.floats(), Shape.of(g.shape()));
    }

    /** A fixture tensor as a leaf that requires a gradient. */
    static Tensor leaf(Engine e, GoldenTensor g) {
        return tensor(e, g).detach().requiresGrad(true);
    }

    /** A fixture mask (0/1) as float32, the dtype {@code seqlab.nn.Masks} makes. */
    static Tensor mask(Engine e, GoldenTensor g) {
        return e.of(g.floats(), Shape.of(g.shape()));
    }

    /** Converts {@code m} to the suites' dtype and loads every parameter from {@code prefix + name} in the fixture. */
    static <M extends Module> M load(M m, Golden g, String prefix) {
        Engine e = m.engine();
        m.to(dtype(e));
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (String name : m.stateDict().keySet()) {
            state.put(name, tensor(e, g.tensor(prefix + name)));
        }
        m.loadStateDict(state);
        return m;
    }

    /** {@code sum(output * grad_probe)}, the fixtures' loss. */
    static Tensor probeLoss(Tensor output, Golden g) {
        return output.mul(tensor(output.engine(), g.tensor("grad_probe"))).sum();
    }

    /** Asserts {@code actual} equals the fixture tensor {@code name} everywhere. */
    static void assertGolden(Golden g, String name, Tensor actual) {
        assertGolden(g, name, actual, null);
    }

    /**
     * Asserts {@code actual} equals the fixture tensor {@code name}; with {@code valid (batch, time)} given, only at
     * rows {@code [b][t]} where it is 1 (the trailing axes compared whole).
     */
    static void assertGolden(Golden g, String name, Tensor actual, GoldenTensor valid) {
        assertGolden(g, name, g.tensor(name), actual, valid);
    }

    /** Asserts {@code actual} equals {@code expected}, a part of the fixture (e.g. one step of a trace) named {@code name}. */
    static void assertGolden(Golden g, String name, GoldenTensor expected, Tensor actual, GoldenTensor valid) {
        assertNotNull(actual, () -> g.caseName() + ": no tensor computed for '" + name + "'");
        assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape().dims()),
                () -> g.caseName() + ": shape of '" + name + "'");
        double tol = tolerance(actual.engine());
        double[] e = expected.data(), a = actual.toDoubleArray();
        int rows = valid == null ? 1 : valid.size();
        int per = e.length / rows;
        double[] v = valid == null ? new double[] {1} : valid.data();
        for (int r = 0; r < rows; r++) {
            if (v[r] == 0) {
                continue;
            }
            for (int j = 0; j < per; j++) {
                int i = r * per + j;
                double diff = Math.abs(a[i] - e[i]);
                if (!(diff <= tol + tol * Math.abs(e[i]))) {
                    throw new AssertionError(String.format("%s: '%s' differs from PyTorch at flat index %d: expected %.12g,"
                            + " got %.12g (|diff| %.3g, tolerance %.1g + %.1g*|expected|)", g.caseName(), name, i, e[i],
                            a[i], diff, tol, tol));
                }
            }
        }
    }

    /** Compares every parameter's gradient with the fixture's {@code grad.<prefix><name>}. */
    static void assertParameterGradients(Golden g, Module m, String prefix) {
        for (var p : m.stateDict().entrySet()) {
            assertGolden(g, "grad." + prefix + p.getKey(), p.getValue().grad());
        }
    }

    /** A random leaf in the check dtype, values uniform in [-1, 1). */
    static Tensor input(Engine e, RandomSource rng, int... dims) {
        return GradCheck.input(e, rng, -1, 1, dims);
    }

    /** Largest absolute value, to assert finiteness and bounds. */
    static double maxAbs(Tensor t) {
        double m = 0;
        for (double x : t.toDoubleArray()) {
            if (!Double.isFinite(x)) {
                return Double.POSITIVE_INFINITY;
            }
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
