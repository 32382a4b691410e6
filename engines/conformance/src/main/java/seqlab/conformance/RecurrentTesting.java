package seqlab.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import seqlab.engine.DType;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.nn.Recurrent;
import seqlab.nn.RecurrentResult;

/** Shared helpers of the recurrent-layer suites. */
final class RecurrentTesting {
    private RecurrentTesting() {
    }

    static Tensor tensor(Engine e, DType dt, double[] v, int... dims) {
        Shape s = Shape.of(dims);
        return dt == DType.FLOAT64 ? e.of(v, s) : e.of(GradCheck.toFloat(v), s);
    }

    static Tensor tensor(Engine e, DType dt, GoldenTensor g) {
        return tensor(e, dt, g.data(), g.shape());
    }

    /** Uniform values in [-1, 1) from {@code rng}. */
    static double[] values(RandomSource rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble() * 2 - 1;
        }
        return v;
    }

    /** Fails unless every element satisfies {@code |actual - expected| <= tol * max(1, |expected|)}. */
    static void assertClose(String what, double[] expected, double[] actual, double tol) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": " + actual.length + " values, expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]);
            if (!(err <= tol * Math.max(1.0, Math.abs(expected[i])))) {
                throw new AssertionError(String.format("%s: element %d is %.12g, expected %.12g (|diff| %.3g > %.1g)",
                        what, i, actual[i], expected[i], err, tol));
            }
        }
    }

    static void assertClose(String what, double[] expected, Tensor actual, double tol) {
        assertClose(what, expected, actual.toDoubleArray(), tol);
    }

    /** {@code sum(output * p1) + sum(hN * p2) [+ sum(cN * p3)]} with fixed random probes. */
    static Tensor probeLoss(RecurrentResult r) {
        Tensor loss = GradCheck.probe(r.output(), 11).add(GradCheck.probe(r.hN(), 12));
        return r.cN() == null ? loss : loss.add(GradCheck.probe(r.cN(), 13));
    }

    /** The layer's parameters as double arrays by name. */
    static Map<String, double[]> parameterValues(Recurrent layer) {
        Map<String, double[]> p = new LinkedHashMap<>();
        layer.namedParameters().forEach((k, v) -> p.put(k, v.toDoubleArray()));
        return p;
    }

    /** Gradients (null where absent) of the given tensors, as doubles. */
    static List<double[]> gradients(List<Tensor> ts) {
        List<double[]> out = new ArrayList<>();
        for (Tensor t : ts) {
            out.add(t.grad() == null ? null : t.grad().toDoubleArray());
        }
        return out;
    }
}
