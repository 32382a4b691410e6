package seqlab.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import seqlab.engine.DType;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Tensor;
import seqlab.nn.Module;

/**
 * Finite-difference gradient checks: the analytic gradient from {@code backward()} against central differences
 * {@code (f(x + h) - f(x - h)) / 2h}, element by element.
 *
 * <p>Tolerances, stated: in float64 (engines that support it) {@code h = 1e-6} and an element passes when
 * {@code |analytic - numeric| <= 1e-6 + 1e-5 |numeric|} (central differences are accurate to O(h^2) ~ 1e-12 plus
 * rounding ~ 1e-10, so this leaves room only for real errors). In float32 {@code h = 1e-2} and the bound is
 * {@code 1e-2 + 5e-2 |numeric|}, looser because single-precision rounding divided by 2h is ~ 1e-5 / 2e-2.
 */
public final class GradCheck {
    private GradCheck() {
    }

    /** Outcome of a check: the worst element and its errors. */
    public record Result(int checked, double maxAbsError, String worst) {
    }

    /** Tolerances for a dtype. */
    public record Tolerance(double h, double atol, double rtol) {
        public static Tolerance of(DType dtype) {
            return dtype == DType.FLOAT64 ? new Tolerance(1e-6, 1e-6, 1e-5) : new Tolerance(1e-2, 1e-2, 5e-2);
        }
    }

    /** The dtype gradient checks use on {@code engine}: float64 where supported. */
    public static DType dtypeFor(Engine engine) {
        return engine.supports(DType.FLOAT64) ? DType.FLOAT64 : DType.FLOAT32;
    }

    /** A leaf of the check dtype with values uniform in [lo, hi), requiring a gradient. */
    public static Tensor input(Engine e, RandomSource rng, double lo, double hi, int... dims) {
        var shape = seqlab.engine.Shape.of(dims);
        double[] v = new double[shape.sizeAsInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * rng.nextDouble();
        }
        Tensor t = dtypeFor(e) == DType.FLOAT64 ? e.of(v, shape) : e.of(toFloat(v), shape);
        return t.requiresGrad(true);
    }

    /**
     * Reduces an output to a scalar with fixed random weights, so that every element's gradient is different and
     * non-trivial: {@code sum(out * w)}.
     */
    public static Tensor probe(Tensor out, long seed) {
        var rng = new RandomSource(seed);
        double[] w = new double[(int) out.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextDouble() * 2 - 1;
        }
        Engine e = out.engine();
        Tensor wt = out.dtype() == DType.FLOAT64 ? e.of(w, out.shape()) : e.of(toFloat(w), out.shape());
        return out.mul(wt).sum();
    }

    /**
     * Checks d f / d input for every input that requires a gradient. {@code f} must return a scalar and be
     * deterministic. Throws AssertionError naming the input, element, analytic and numeric values on failure.
     */
    public static Result check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        Engine engine = inputs.get(0).engine();
        Tolerance tol = Tolerance.of(inputs.get(0).dtype());
        for (Tensor t : inputs) {
            t.zeroGrad();
        }
        Tensor y = f.apply(inputs);
        if (y.size() != 1) {
            throw new IllegalArgumentException("GradCheck: f must return a scalar, got shape " + y.shape());
        }
        y.backward();
        List<double[]> analytic = new ArrayList<>();
        for (Tensor t : inputs) {
            analytic.add(t.requiresGrad() && t.grad() != null ? t.grad().toDoubleArray() : null);
        }
        int checked = 0;
        double worstErr = 0;
        String worst = "";
        for (int k = 0; k < inputs.size(); k++) {
            Tensor x = inputs.get(k);
            if (!x.requiresGrad()) {
                continue;
            }
            double[] base = x.toDoubleArray();
            double[] a = analytic.get(k);
            for (int i = 0; i < base.length; i++) {
                double plus = evalWith(engine, f, inputs, x, base, i, base[i] + tol.h());
                double minus = evalWith(engine, f, inputs, x, base, i, base[i] - tol.h());
                double numeric = (plus - minus) / (2 * tol.h());
                double an = a == null ? 0.0 : a[i];
                double err = Math.abs(an - numeric);
                checked++;
                if (err > worstErr) {
                    worstErr = err;
                    worst = "input " + k + " " + x.shape() + " element " + i;
                }
                if (!(err <= tol.atol() + tol.rtol() * Math.abs(numeric))) {
                    setValues(engine, x, base);
                    throw new AssertionError(String.format(
                            "Gradient mismatch for input %d %s at element %d: analytic %.10g, numeric %.10g (|diff| %.3g > %.3g + %.3g*|numeric|)",
                            k, x.shape(), i, an, numeric, err, tol.atol(), tol.rtol()));
                }
            }
            setValues(engine, x, base);
        }
        return new Result(checked, worstErr, worst);
    }

    private static double evalWith(Engine engine, Function<List<Tensor>, Tensor> f, List<Tensor> inputs, Tensor x,
                                   double[] base, int i, double value) {
        double[] v = base.clone();
        v[i] = value;
        setValues(engine, x, v);
        try (var ignored = engine.noGrad()) {
            return f.apply(inputs).item();
        }
    }

    private static void setValues(Engine engine, Tensor x, double[] v) {
        x.assign(x.dtype() == DType.FLOAT64 ? engine.of(v, x.shape()) : engine.of(toFloat(v), x.shape()));
    }

    static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    /**
     * Finite-difference check of {@code f} (reduced to a scalar by {@link #probe}) with respect to
     * {@code inputs} and every parameter of {@code m} (converted to the check dtype first). Returns how many elements
     * were checked.
     */
    public static int gradCheck(Module m, Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        if (m != null) {
            m.to(dtypeFor(m.engine()));
        }
        List<Tensor> all = new ArrayList<>(Arrays.asList(inputs));
        int n = all.size();
        if (m != null) {
            all.addAll(m.parameters());
        }
        Result r = check(xs -> probe(f.apply(xs.subList(0, n)), 11), all);
        if (r.checked() == 0) {
            throw new AssertionError("gradient check covered no element");
        }
        return r.checked();
    }
}
