package seqlab.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import seqlab.engine.DType;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;

/**
 * Forward values of every op on small hand-computed cases, broadcasting, errors, and autograd bookkeeping. An
 * engine's test module extends this class and implements {@link #engine()}.
 */
public abstract class TensorOpsConformance {
    private static final float EPS = 1e-6f;

    protected abstract Engine engine();

    private Tensor t(float[] v, int... dims) {
        return engine().of(v, Shape.of(dims));
    }

    private static void close(float[] expected, Tensor actual) {
        assertArrayEquals(expected, actual.toFloatArray(), EPS, () -> "values of " + actual);
    }

    @Test
    void creation() {
        Engine e = engine();
        close(new float[] {0, 0, 0, 0, 0, 0}, e.zeros(Shape.of(2, 3)));
        close(new float[] {1, 1}, e.ones(Shape.of(2)));
        close(new float[] {2.5f, 2.5f}, e.full(Shape.of(1, 2), 2.5));
        close(new float[] {0, 1, 2, 3}, e.arange(4));
        Tensor s = e.scalar(3);
        assertEquals(0, s.rank());
        assertEquals(3.0, s.item(), 0);
        assertEquals(DType.INT64, e.ofIndices(new long[] {1, 2}, Shape.of(2)).dtype());
        assertThrows(IllegalArgumentException.class, () -> e.of(new float[] {1, 2, 3}, Shape.of(2, 2)));
    }

    @Test
    void randomTensorsFollowTheSourceAndAgreeAcrossCalls() {
        Engine e = engine();
        Tensor a = e.randn(Shape.of(100), new RandomSource(9));
        Tensor b = e.randn(Shape.of(100), new RandomSource(9));
        assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0f);
        float[] expected = new RandomSource(9).normal(100, 0, 1);
        assertArrayEquals(expected, a.toFloatArray(), 0f);
        Tensor u = e.uniform(Shape.of(1000), -2, 3, new RandomSource(1));
        for (float x : u.toFloatArray()) {
            assertTrue(x >= -2 && x < 3);
        }
    }

    @Test
    void elementwiseArithmetic() {
        Tensor a = t(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor b = t(new float[] {5, 6, 7, 8}, 2, 2);
        close(new float[] {6, 8, 10, 12}, a.add(b));
        close(new float[] {-4, -4, -4, -4}, a.sub(b));
        close(new float[] {5, 12, 21, 32}, a.mul(b));
        close(new float[] {0.2f, 2f / 6, 3f / 7, 0.5f}, a.div(b));
        close(new float[] {3, 4, 5, 6}, a.add(2));
        close(new float[] {-1, 0, 1, 2}, a.sub(2));
        close(new float[] {2, 4, 6, 8}, a.mul(2));
        close(new float[] {0.5f, 1, 1.5f, 2}, a.div(2));
        close(new float[] {9, 8, 7, 6}, a.rsub(10));
        close(new float[] {-1, -2, -3, -4}, a.neg());
        close(new float[] {5, 6, 7, 8}, a.maximum(b));
        close(new float[] {1, 2, 3, 4}, a.minimum(b));
    }

    @Test
    void unaryFunctions() {
        Tensor x = t(new float[] {-2, -0.5f, 0, 0.5f, 2}, 5);
        close(new float[] {(float) Math.exp(-2), (float) Math.exp(-0.5), 1, (float) Math.exp(0.5), (float) Math.exp(2)}, x.exp());
        close(new float[] {(float) Math.tanh(-2), (float) Math.tanh(-0.5), 0, (float) Math.tanh(0.5), (float) Math.tanh(2)}, x.tanh());
        close(new float[] {(float) (1 / (1 + Math.exp(2))), (float) (1 / (1 + Math.exp(0.5))), 0.5f,
                (float) (1 / (1 + Math.exp(-0.5))), (float) (1 / (1 + Math.exp(-2)))}, x.sigmoid());
        close(new float[] {0, 0, 0, 0.5f, 2}, x.relu());
        close(new float[] {2, 0.5f, 0, 0.5f, 2}, x.abs());
        close(new float[] {-1, -0.5f, 0, 0.5f, 1}, x.clamp(-1, 1));
        close(new float[] {4, 0.25f, 0, 0.25f, 4}, x.square());
        Tensor p = t(new float[] {1, 4, 9}, 3);
        close(new float[] {1, 2, 3}, p.sqrt());
        close(new float[] {0, (float) Math.log(4), (float) Math.log(9)}, p.log());
        close(new float[] {1, 8, 27}, p.pow(1.5));
        // sigmoid must not overflow for large magnitudes
        close(new float[] {0, 1}, t(new float[] {-1000, 1000}, 2).sigmoid());
    }

    @Test
    void broadcastingFollowsNumpyRules() {
        Tensor m = t(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor row = t(new float[] {10, 20, 30}, 3);
        Tensor col = t(new float[] {100, 200}, 2, 1);
        close(new float[] {11, 22, 33, 14, 25, 36}, m.add(row));
        close(new float[] {101, 102, 103, 204, 205, 206}, m.add(col));
        Tensor outer = col.add(row); // (2,1) + (3,) -> (2,3)
        assertEquals(Shape.of(2, 3), outer.shape());
        close(new float[] {110, 120, 130, 210, 220, 230}, outer);
        Tensor s = engine().scalar(2);
        close(new float[] {2, 4, 6, 8, 10, 12}, m.mul(s));
        Tensor b3 = engine().zeros(Shape.of(4, 1, 3)).add(m);
        assertEquals(Shape.of(4, 2, 3), b3.shape());
    }

    @Test
    void shapeErrorsNameTheOpAndBothShapes() {
        Tensor a = engine().zeros(Shape.of(2, 3));
        Tensor b = engine().zeros(Shape.of(4));
        var e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
        assertTrue(e.getMessage().contains("add") && e.getMessage().contains("(2, 3)") && e.getMessage().contains("(4,)"),
                e.getMessage());
        var m = assertThrows(IllegalArgumentException.class, () -> a.matmul(engine().zeros(Shape.of(2, 5))));
        assertTrue(m.getMessage().contains("matmul") && m.getMessage().contains("(2, 3)") && m.getMessage().contains("(2, 5)"),
                m.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.reshape(4, 2));
        assertThrows(IllegalArgumentException.class, () -> a.narrow(1, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> a.sum(2, false));
    }

    @Test
    void matmulAndBatchedMatmul() {
        Tensor a = t(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = t(new float[] {7, 8, 9, 10, 11, 12}, 3, 2);
        close(new float[] {58, 64, 139, 154}, a.matmul(b));
        // batch of two (2x2) @ (2x2), and broadcasting a matrix over the batch
        Tensor x = t(new float[] {1, 0, 0, 1, 2, 0, 0, 2}, 2, 2, 2);
        Tensor y = t(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor xy = x.matmul(y);
        assertEquals(Shape.of(2, 2, 2), xy.shape());
        close(new float[] {1, 2, 3, 4, 2, 4, 6, 8}, xy);
        Tensor yx = y.matmul(x);
        close(new float[] {1, 2, 3, 4, 2, 4, 6, 8}, yx);
        Tensor yb = engine().of(new float[] {1, 2, 3, 4, 1, 0, 0, 1}, Shape.of(2, 2, 2));
        close(new float[] {1, 2, 3, 4, 2, 0, 0, 2}, x.matmul(yb));
    }

    @Test
    void largeMatmulMatchesDoubleReference() {
        // sizes that exercise full register blocks, edge rows and edge columns of blocked kernels
        var rng = new RandomSource(11);
        int m = 37, k = 53, n = 71;
        float[] av = rng.uniform(m * k, -1, 1), bv = rng.uniform(k * n, -1, 1);
        float[] c = engine().of(av, Shape.of(m, k)).matmul(engine().of(bv, Shape.of(k, n))).toFloatArray();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) av[i * k + p] * bv[p * n + j];
                }
                assertEquals(s, c[i * n + j], 1e-4, "C[" + i + "," + j + "]");
            }
        }
    }

    @Test
    void reshapeTransposePermute() {
        Tensor a = t(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(Shape.of(3, 2), a.reshape(3, -1).shape());
        close(new float[] {1, 4, 2, 5, 3, 6}, a.transpose(0, 1));
        Tensor c = engine().arange(24).reshape(2, 3, 4);
        Tensor p = c.permute(2, 0, 1);
        assertEquals(Shape.of(4, 2, 3), p.shape());
        // p[i][j][k] = c[j][k][i] = 12 j + 4 k + i
        float[] pv = p.toFloatArray();
        assertEquals(12 * 1 + 4 * 2 + 3, pv[3 * 6 + 1 * 3 + 2], 0);
        assertEquals(Shape.of(2, 1, 3), a.unsqueeze(1).shape());
        assertEquals(Shape.of(2, 3, 1), a.unsqueeze(-1).shape());
        assertEquals(Shape.of(2, 3), a.unsqueeze(0).squeeze(0).shape());
        assertEquals(Shape.of(4, 2, 3), a.broadcastTo(Shape.of(4, 2, 3)).shape());
    }

    @Test
    void narrowConcatStack() {
        Tensor a = t(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        close(new float[] {2, 3, 5, 6}, a.narrow(1, 1, 2));
        close(new float[] {4, 5, 6}, a.narrow(0, 1, 1));
        Tensor b = t(new float[] {7, 8}, 2, 1);
        close(new float[] {1, 2, 3, 7, 4, 5, 6, 8}, Tensor.concat(List.of(a, b), 1));
        close(new float[] {1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6}, Tensor.concat(List.of(a, a), 0));
        Tensor s = Tensor.stack(List.of(a, a.mul(2)), 1);
        assertEquals(Shape.of(2, 2, 3), s.shape());
        close(new float[] {1, 2, 3, 2, 4, 6, 4, 5, 6, 8, 10, 12}, s);
        assertThrows(IllegalArgumentException.class, () -> Tensor.concat(List.of(a, b), 0));
    }

    @Test
    void unbindGivesEachSliceAndGathersTheirGradients() {
        Tensor a = t(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        List<Tensor> cols = a.unbind(1);
        assertEquals(3, cols.size());
        assertEquals(Shape.of(2), cols.get(1).shape());
        close(new float[] {2, 5}, cols.get(1));
        Tensor w = a.detach().requiresGrad(true);
        List<Tensor> rows = w.unbind(-2);
        rows.get(1).mul(3).sum().add(rows.get(0).sum()).backward();
        close(new float[] {1, 1, 1, 3, 3, 3}, w.grad());
        Tensor v = a.detach().requiresGrad(true);
        v.unbind(1).get(2).sum().backward();
        close(new float[] {0, 0, 1, 0, 0, 1}, v.grad()); // slices nobody used get zero gradient
    }

    @Test
    void indexSelectAndGather() {
        Tensor w = t(new float[] {0, 1, 10, 11, 20, 21}, 3, 2);
        Tensor ids = engine().ofIndices(new long[] {2, 0, 2}, Shape.of(3));
        close(new float[] {20, 21, 0, 1, 20, 21}, w.indexSelect(0, ids));
        close(new float[] {1, 0, 1, 11, 10, 11, 21, 20, 21},
                w.indexSelect(1, engine().ofIndices(new long[] {1, 0, 1}, Shape.of(3))));
        Tensor g = w.gather(1, engine().ofIndices(new long[] {1, 0, 0}, Shape.of(3, 1)));
        close(new float[] {1, 10, 20}, g);
        var e = assertThrows(IllegalArgumentException.class,
                () -> w.indexSelect(0, engine().ofIndices(new long[] {3}, Shape.of(1))));
        assertTrue(e.getMessage().contains("3"), e.getMessage());
    }

    @Test
    void reductions() {
        Tensor a = t(new float[] {1, 5, 3, 4, 2, 6}, 2, 3);
        assertEquals(21, a.sum().item(), EPS);
        assertEquals(3.5, a.mean().item(), EPS);
        close(new float[] {5, 7, 9}, a.sum(0, false));
        assertEquals(Shape.of(2, 1), a.sum(1, true).shape());
        close(new float[] {9, 12}, a.sum(1, false));
        close(new float[] {3, 4}, a.mean(1, false));
        close(new float[] {5, 6}, a.max(1, false));
        assertArrayEquals(new long[] {1, 2}, a.argmax(1).toLongArray());
        assertArrayEquals(new long[] {1, 0, 1}, a.argmax(0).toLongArray());
    }

    @Test
    void nanCountsAsTheMaximum() {
        // as PyTorch: argmax and max agree on the first NaN, and max's gradient goes there
        Tensor n = t(new float[] {1, Float.NaN, 3, 4, 7, 2}, 2, 3).requiresGrad(true);
        assertArrayEquals(new long[] {1, 1}, n.argmax(1).toLongArray());
        Tensor m = n.max(1, false);
        assertTrue(Float.isNaN(m.toFloatArray()[0]) && m.toFloatArray()[1] == 7, m.toString());
        m.sum().backward();
        close(new float[] {0, 1, 0, 0, 1, 0}, n.grad());
    }

    @Test
    void layerNormOverTheLastAxis() {
        // rows (1, 2, 3, 4): mean 2.5, biased variance 1.25; (2, 2, 2, 2): variance 0, so only eps is left
        Tensor x = t(new float[] {1, 2, 3, 4, 2, 2, 2, 2}, 2, 4);
        Tensor w = t(new float[] {1, 2, 1, 0.5f}, 4), b = t(new float[] {0, 0, 1, -1}, 4);
        double sd = Math.sqrt(1.25 + 1e-5);
        float[] expected = new float[8];
        float[] wv = {1, 2, 1, 0.5f}, bv = {0, 0, 1, -1};
        for (int j = 0; j < 4; j++) {
            expected[j] = (float) ((j + 1 - 2.5) / sd * wv[j] + bv[j]);
            expected[4 + j] = bv[j];
        }
        close(expected, x.layerNorm(w, b, 1e-5));
        var e = assertThrows(IllegalArgumentException.class, () -> x.layerNorm(engine().ones(Shape.of(3)), b, 1e-5));
        assertTrue(e.getMessage().contains("layerNorm") && e.getMessage().contains("(4,)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.layerNorm(w, b, 0));
    }

    @Test
    void softmaxFamily() {
        Tensor a = t(new float[] {1, 2, 3, 1000, 1000, 1000}, 2, 3);
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        close(new float[] {(float) (Math.exp(1) / z), (float) (Math.exp(2) / z), (float) (Math.exp(3) / z),
                1f / 3, 1f / 3, 1f / 3}, a.softmax(1));
        close(new float[] {(float) (1 - Math.log(z)), (float) (2 - Math.log(z)), (float) (3 - Math.log(z)),
                (float) -Math.log(3), (float) -Math.log(3), (float) -Math.log(3)}, a.logSoftmax(-1));
        assertArrayEquals(new float[] {(float) Math.log(z), (float) (1000 + Math.log(3))},
                a.logSumExp(1, false).toFloatArray(), 1e-4f);
        // a row masked to -inf everywhere but one position puts all weight there, exactly
        Tensor masked = t(new float[] {0.3f, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}, 1, 3).softmax(1);
        assertArrayEquals(new float[] {1, 0, 0}, masked.toFloatArray(), 0f);
    }

    @Test
    void comparisonWhereMaskedFill() {
        Tensor a = t(new float[] {1, 2, 3}, 3);
        Tensor b = t(new float[] {3, 2, 1}, 3);
        close(new float[] {0, 0, 1}, a.gt(b));
        close(new float[] {1, 0, 0}, a.lt(b));
        close(new float[] {0, 1, 1}, a.ge(b));
        close(new float[] {1, 1, 0}, a.le(b));
        close(new float[] {0, 1, 0}, a.eq(b));
        close(new float[] {1, 0, 1}, a.ne(b));
        close(new float[] {1, 0, 0}, a.compare(Tensor.Comparison.LT, b));
        close(new float[] {0, 1, 1}, a.gt(1.5));
        close(new float[] {1, 0, 0}, a.lt(1.5));
        close(new float[] {3, 2, 3}, a.lt(2.5).where(b, a));
        Tensor m = t(new float[] {0, 1, 0}, 3);
        close(new float[] {1, -9, 3}, a.maskedFill(m, -9));
    }

    @Test
    void dropoutKeepsExpectationAndFollowsTheSource() {
        Tensor x = engine().ones(Shape.of(10_000));
        Tensor y = x.dropout(0.3, new RandomSource(4));
        float[] v = y.toFloatArray();
        int zeros = 0;
        for (float f : v) {
            if (f == 0) {
                zeros++;
            } else {
                assertEquals(1 / 0.7, f, 1e-6);
            }
        }
        assertEquals(3000, zeros, 200); // binomial sd ~ 46
        assertArrayEquals(v, x.dropout(0.3, new RandomSource(4)).toFloatArray(), 0f);
        assertArrayEquals(x.toFloatArray(), x.dropout(0.0, new RandomSource(4)).toFloatArray(), 0f);
        assertThrows(IllegalArgumentException.class, () -> x.dropout(1.0, new RandomSource(4)));
    }

    @Test
    void conversions() {
        Tensor a = t(new float[] {1.5f, -2.5f}, 2);
        assertArrayEquals(new long[] {1, -2}, a.to(DType.INT64).toLongArray());
        assertArrayEquals(new double[] {1.5, -2.5}, a.toDoubleArray(), 0);
        if (engine().supports(DType.FLOAT64)) {
            Tensor d = a.to(DType.FLOAT64);
            assertEquals(DType.FLOAT64, d.dtype());
            assertEquals(DType.FLOAT32, d.to(DType.FLOAT32).dtype());
            var e = assertThrows(IllegalArgumentException.class, () -> a.add(d));
            assertTrue(e.getMessage().contains("FLOAT64"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> a.item());
    }

    @Test
    void autogradAccumulatesAndFreesTheGraph() {
        Tensor w = t(new float[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor x = t(new float[] {4, 5, 6}, 3);
        w.mul(x).sum().backward();
        close(new float[] {4, 5, 6}, w.grad());
        w.mul(x).sum().backward();
        close(new float[] {8, 10, 12}, w.grad()); // accumulated
        w.zeroGrad();
        assertNull(w.grad());
        Tensor y = w.mul(w).sum();
        y.backward();
        close(new float[] {2, 4, 6}, w.grad());
        assertThrows(IllegalStateException.class, y::backward); // graph freed
        assertNull(x.grad());
    }

    /**
     * {@code Trainer} clears gradients after the forward pass and before its backward, as many PyTorch loops do; the
     * backward must still land in the leaf's gradient, and a leaf it does not reach stays without one.
     */
    @Test
    void zeroGradBetweenForwardAndBackward() {
        Tensor w = t(new float[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor unused = t(new float[] {5}, 1).requiresGrad(true);
        w.mul(w).sum().add(unused.mul(2).sum()).backward();
        close(new float[] {2}, unused.grad());
        Tensor loss = w.mul(3).sum();
        w.zeroGrad();
        unused.zeroGrad();
        assertNull(w.grad());
        assertNull(unused.grad());
        loss.backward();
        close(new float[] {3, 3, 3}, w.grad());
        assertNull(unused.grad(), "a leaf the backward did not reach has no gradient");
        w.mul(w).sum().backward();
        close(new float[] {5, 7, 9}, w.grad()); // accumulates on top again
    }

    @Test
    void noGradScopeRecordsNothing() {
        Engine e = engine();
        Tensor w = t(new float[] {1, 2}, 2).requiresGrad(true);
        Tensor y;
        try (var ignored = e.noGrad()) {
            assertFalse(e.isGradEnabled());
            y = w.mul(3).sum();
        }
        assertTrue(e.isGradEnabled());
        assertFalse(y.requiresGrad());
        assertThrows(IllegalStateException.class, y::backward);
        Tensor d = w.mul(2).detach();
        assertFalse(d.requiresGrad());
    }

    @Test
    void sharedSubexpressionGradientsAdd() {
        Tensor w = t(new float[] {3}, 1).requiresGrad(true);
        Tensor h = w.mul(w);      // w^2
        Tensor y = h.mul(h).add(h).sum(); // w^4 + w^2 -> 4 w^3 + 2 w = 114
        y.backward();
        close(new float[] {114}, w.grad());
    }

    @Test
    void assignReplacesValuesKeepingGradFlag() {
        Tensor w = t(new float[] {1, 2}, 2).requiresGrad(true);
        w.assign(t(new float[] {5, 6}, 2));
        close(new float[] {5, 6}, w);
        assertTrue(w.requiresGrad());
        assertThrows(IllegalArgumentException.class, () -> w.assign(t(new float[] {1}, 1)));
        w.mul(w).sum().backward();
        assertNotNull(w.grad());
        close(new float[] {10, 12}, w.grad());
    }

    @Test
    void backwardNeedsAScalarOrAnOutputGradient() {
        Tensor w = t(new float[] {1, 2}, 2).requiresGrad(true);
        var e = assertThrows(IllegalArgumentException.class, () -> w.mul(2).backward());
        assertTrue(e.getMessage().contains("scalar"), e.getMessage());
        w.mul(2).backward(t(new float[] {1, 10}, 2));
        close(new float[] {2, 20}, w.grad());
    }

    @Test
    void sameSeedSameBytes() {
        float[] first = trainingRun();
        float[] second = trainingRun();
        assertArrayEquals(first, second, 0f, "two runs with one seed must give identical values");
    }

    /** A few steps of gradient descent on a small two-layer network; returns the final weights. */
    protected float[] trainingRun() {
        Engine e = engine();
        var rng = new RandomSource(2024);
        Tensor w1 = e.randn(Shape.of(8, 16), rng).mul(0.3).detach().requiresGrad(true);
        Tensor w2 = e.randn(Shape.of(16, 4), rng).mul(0.3).detach().requiresGrad(true);
        Tensor x = e.randn(Shape.of(32, 8), rng);
        Tensor target = e.ofIndices(new long[32], Shape.of(32, 1));
        for (int step = 0; step < 5; step++) {
            w1.zeroGrad();
            w2.zeroGrad();
            Tensor h = x.matmul(w1).tanh().dropout(0.2, rng);
            Tensor logp = h.matmul(w2).logSoftmax(1);
            Tensor loss = logp.gather(1, target).mean().neg();
            loss.backward();
            try (var ignored = e.noGrad()) {
                w1.assign(w1.sub(w1.grad().mul(0.1)));
                w2.assign(w2.sub(w2.grad().mul(0.1)));
            }
        }
        float[] a = w1.toFloatArray(), b = w2.toFloatArray();
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
