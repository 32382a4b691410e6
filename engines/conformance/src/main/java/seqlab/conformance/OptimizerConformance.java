package seqlab.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import seqlab.engine.DType;
import seqlab.engine.Engine;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.train.Adam;
import seqlab.train.Clipping;
import seqlab.train.Optimizer;
import seqlab.train.OptimizerSpec;
import seqlab.train.Optimizers;
import seqlab.train.RmsProp;
import seqlab.train.Sgd;

/**
 * Optimizers against PyTorch's traces (three steps from {@code param_init} with given gradients, one of them zero)
 * and against two-step examples worked by hand; optimizer state save/restore; gradient clipping.
 */
public abstract class OptimizerConformance {

    protected abstract Engine engine();

    /** Float64 matches PyTorch's float64 traces to rounding; float32 engines get a float32 tolerance. */
    private double tolerance() {
        return engine().supports(DType.FLOAT64) ? 1e-12 : 1e-5;
    }

    private Tensor param(double... v) {
        Engine e = engine();
        Tensor t = e.supports(DType.FLOAT64) ? e.of(v, Shape.of(v.length)) : e.of(GradCheck.toFloat(v), Shape.of(v.length));
        return t.requiresGrad(true);
    }

    private Tensor like(Tensor p, double... v) {
        Engine e = engine();
        return p.dtype() == DType.FLOAT64 ? e.of(v, p.shape()) : e.of(GradCheck.toFloat(v), p.shape());
    }

    static OptimizerSpec specOf(Golden g) {
        JsonNode h = g.configNode().get("hyperparameters");
        double lr = h.get("lr").asDouble(), wd = h.path("weight_decay").asDouble();
        return switch (g.stringConfig("optimizer")) {
            case "SGD" -> new Sgd.Spec(lr, h.get("momentum").asDouble(), h.get("dampening").asDouble(), wd,
                    h.get("nesterov").asBoolean());
            case "Adam", "AdamW" -> new Adam.Spec(lr, h.get("betas").get(0).asDouble(), h.get("betas").get(1).asDouble(),
                    h.get("eps").asDouble(), wd, g.stringConfig("optimizer").equals("AdamW"));
            case "RMSprop" -> new RmsProp.Spec(lr, h.get("alpha").asDouble(), h.get("eps").asDouble(), wd,
                    h.get("momentum").asDouble(), h.get("centered").asBoolean());
            default -> throw new IllegalArgumentException("unknown optimizer in " + g);
        };
    }

    @TestFactory
    Stream<DynamicTest> matchPyTorchTraces() {
        return Stream.of("opt_sgd_momentum", "opt_sgd_nesterov_wd", "opt_adam", "opt_adam_wd", "opt_adamw",
                "opt_rmsprop", "opt_rmsprop_momentum_centered").map(name -> DynamicTest.dynamicTest(name, () -> {
            Golden g = Golden.load(name);
            Tensor p = param(g.tensor("param_init").data());
            Optimizer opt = specOf(g).create(Map.of("p", p));
            GoldenTensor grads = g.tensor("grads"), params = g.tensor("params");
            int n = grads.shape()[1];
            for (int s = 0; s < g.intConfig("steps"); s++) {
                double[] gs = new double[n], expected = new double[n];
                for (int i = 0; i < n; i++) {
                    gs[i] = grads.get(s, i);
                    expected[i] = params.get(s, i);
                }
                p.setGrad(like(p, gs));
                opt.step();
                assertArrayEquals(expected, p.toDoubleArray(), tolerance(), name + " after step " + (s + 1));
            }
        }));
    }

    /** Runs two steps from p = 1 with gradients 1 then 2 and checks p after each. */
    private void twoSteps(OptimizerSpec spec, double afterFirst, double afterSecond) {
        Tensor p = param(1.0);
        Optimizer opt = spec.create(Map.of("p", p));
        p.setGrad(like(p, 1.0));
        opt.step();
        assertEquals(afterFirst, p.toDoubleArray()[0], tolerance(), spec + " step 1");
        p.setGrad(like(p, 2.0));
        opt.step();
        assertEquals(afterSecond, p.toDoubleArray()[0], tolerance(), spec + " step 2");
    }

    @Test
    void sgdByHand() {
        // p -= 0.1 g: 1 - 0.1 = 0.9; 0.9 - 0.2 = 0.7
        twoSteps(Optimizers.sgd(0.1), 0.9, 0.7);
        // b = 1, p = 0.9; b = 0.9 * 1 + 2 = 2.9, p = 0.9 - 0.29 = 0.61
        twoSteps(Optimizers.sgd(0.1, 0.9), 0.9, 0.61);
        // weight decay 0.1, Nesterov: g = 1 + 0.1 = 1.1, b = 1.1, step = 1.1 + 0.9 * 1.1 = 2.09, p = 0.791;
        // g = 2 + 0.0791 = 2.0791, b = 0.99 + 2.0791 = 3.0691, step = 2.0791 + 2.76219 = 4.84129, p = 0.306871
        twoSteps(Optimizers.sgd(0.1, 0.9).withWeightDecay(0.1).withNesterov(true), 0.791, 0.306871);
    }

    @Test
    void adamByHand() {
        // t = 1: m = 0.1, v = 0.001, m^ = 1, v^ = 1, p = 1 - 0.1 / (1 + 1e-8) = 0.900000001
        // t = 2: m = 0.29, v = 0.004999, m^ = 0.29 / 0.19 = 1.5263158, v^ = 0.004999 / 0.001999 = 2.5007504,
        //        p = 0.900000001 - 0.1 * 1.5263158 / (1.5813761 + 1e-8) = 0.80348180
        twoSteps(Optimizers.adam(0.1), 0.9000000009999999, 0.8034817990281661);
        // L2: g = 1 + 0.1 = 1.1 gives the same first step up to eps; then g = 2 + 0.09 = 2.09
        twoSteps(Optimizers.adam(0.1).withWeightDecay(0.1), 0.9000000009090908, 0.8029473346876733);
        // AdamW: p = 1 * (1 - 0.1 * 0.1) = 0.99, minus the Adam step 0.099999999 = 0.890000001;
        //        p = 0.890000001 * 0.99 = 0.881100001, minus 0.0965182 = 0.7845818
        twoSteps(Optimizers.adamW(0.1, 0.1), 0.8900000009999999, 0.784581799018166);
    }

    @Test
    void rmspropByHand() {
        // s = 0.01, p = 1 - 0.01 * 1 / (0.1 + 1e-8) = 0.90000001;
        // s = 0.0099 + 0.04 = 0.0499, p = 0.90000001 - 0.02 / (0.2233831 + 1e-8) = 0.8104677
        twoSteps(Optimizers.rmsprop(0.01), 0.900000009999999, 0.8104677178008457);
        // centered, momentum 0.9: s = 0.01, ga = 0.01, denom = sqrt(0.01 - 0.0001) = 0.0994987, b = 10.050378,
        // p = 0.8994962; s = 0.0499, ga = 0.0299, denom = sqrt(0.0499 - 0.00089401) = 0.2213706,
        // b = 9.045340 + 9.034622 = 18.079962, p = 0.8994962 - 0.1807996 = 0.7186976
        twoSteps(Optimizers.rmsprop(0.01).withMomentum(0.9).withCentered(true), 0.8994962285750878,
                0.7186975700385771);
    }

    @Test
    void parametersWithoutGradientsAreSkipped() {
        Tensor a = param(1.0), b = param(1.0);
        Optimizer opt = Optimizers.adam(0.1).create(Map.of("a", a, "b", b));
        a.setGrad(like(a, 1.0));
        opt.step();
        assertEquals(1, opt.steps("a"));
        assertEquals(0, opt.steps("b"));
        assertEquals(1.0, b.toDoubleArray()[0], 0.0);
    }

    @Test
    void stateRoundTripContinuesExactly() {
        for (OptimizerSpec spec : List.of(Optimizers.sgd(0.1, 0.9).withNesterov(true), Optimizers.adamW(0.05, 0.01),
                Optimizers.rmsprop(0.01).withMomentum(0.5).withCentered(true))) {
            Tensor p = param(0.5, -1.5, 2.0), q = param(0.5, -1.5, 2.0);
            Optimizer a = spec.create(Map.of("p", p));
            Optimizer b = spec.create(Map.of("p", q));
            double[][] gs = {{1, -2, 0.5}, {0.3, 0.1, -4}, {2, 2, 2}};
            p.setGrad(like(p, gs[0]));
            a.step();
            Map<String, Tensor> state = a.stateDict();
            q.assign(p.detach());
            b.loadStateDict(state);
            assertEquals(1, b.steps("p"));
            for (int s = 1; s < 3; s++) {
                p.setGrad(like(p, gs[s]));
                q.setGrad(like(q, gs[s]));
                a.step();
                b.step();
            }
            assertArrayEquals(p.toDoubleArray(), q.toDoubleArray(), 0.0, spec.toString());
            Map<String, Tensor> bad = new LinkedHashMap<>(state);
            bad.remove("p.step");
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(bad));
            assertTrue(ex.getMessage().contains("missing 'p.step'"), ex.getMessage());
        }
    }

    @Test
    void clipByGlobalNormReportsThePreClipNorm() {
        Tensor a = param(0, 0), b = param(0);
        a.setGrad(like(a, 3, 4));
        b.setGrad(like(b, 12));
        double norm = Clipping.clipGradNorm(List.of(a, b), 1.3);
        assertEquals(13.0, norm, 1e-6);
        double coef = 1.3 / (13 + 1e-6);
        assertArrayEquals(new double[] {3 * coef, 4 * coef}, a.grad().toDoubleArray(), 1e-6);
        assertArrayEquals(new double[] {12 * coef}, b.grad().toDoubleArray(), 1e-6);
        assertEquals(1.3, Clipping.gradNorm(List.of(a, b)), 1e-6);
        // Below the limit nothing changes.
        double again = Clipping.clipGradNorm(List.of(a, b), 100);
        assertEquals(1.3, again, 1e-6);
        assertArrayEquals(new double[] {12 * coef}, b.grad().toDoubleArray(), 1e-6);
        Tensor c = param(0);
        assertNull(c.grad());
        assertEquals(1.3, Clipping.gradNorm(List.of(a, b, c)), 1e-6, "a parameter without gradient counts as zero");
    }

    @Test
    void clipByValue() {
        Tensor a = param(0, 0, 0, 0);
        a.setGrad(like(a, -3, -0.5, 0.25, 7));
        Clipping.clipGradValue(List.of(a), 1.0);
        assertArrayEquals(new double[] {-1, -0.5, 0.25, 1}, a.grad().toDoubleArray(), 1e-7);
    }
}
