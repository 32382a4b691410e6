package seqlab.engine.reference;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import seqlab.engine.DType;
import seqlab.engine.Device;
import seqlab.engine.Engine;
import seqlab.engine.Shape;
import seqlab.engine.Tensor;
import seqlab.engine.TensorChecks;

/**
 * The reference engine's tensor: a contiguous row-major Java array ({@code float[]}, {@code double[]} or
 * {@code long[]}) and, when it needs a gradient, the autograd node that produced it. Every op allocates its result;
 * nothing is a view, so a tensor's values never change behind the graph's back (only {@link #assign} replaces a
 * leaf's array, after backward).
 */
final class RefTensor implements Tensor {
    final ReferenceEngine engine;
    final Shape shape;
    final DType dtype;
    float[] f;
    double[] d;
    long[] l;
    boolean requiresGrad;

    boolean isLeaf() {
        return node == null && !graphFreed;
    }
    /** Set when backward freed the node that produced this tensor. */
    boolean graphFreed;
    RefTensor grad;
    Autograd.Node node;

    /**
     * Elements of tensor storage allocated so far, on every thread (views that share an array, such as
     * {@code reshape} and {@code detach}, allocate none). A test hook: tests prove an op's memory cost with it, where a
     * timing would be noise.
     */
    static final LongAdder ALLOCATED = new LongAdder();

    private RefTensor(ReferenceEngine engine, Shape shape, DType dtype, float[] f, double[] d, long[] l,
                      boolean freshStorage) {
        this.engine = engine;
        this.shape = shape;
        this.dtype = dtype;
        this.f = f;
        this.d = d;
        this.l = l;
        if (freshStorage) {
            ALLOCATED.add(shape.size());
        }
    }

    static RefTensor f32(ReferenceEngine e, Shape s, float[] data) {
        return new RefTensor(e, s, DType.FLOAT32, data, null, null, true);
    }

    static RefTensor f64(ReferenceEngine e, Shape s, double[] data) {
        return new RefTensor(e, s, DType.FLOAT64, null, data, null, true);
    }

    static RefTensor i64(ReferenceEngine e, Shape s, long[] data) {
        return new RefTensor(e, s, DType.INT64, null, null, data, true);
    }

    /** A result of an op, in the given floating dtype, from double values. */
    static RefTensor fromDoubles(ReferenceEngine e, Shape s, DType dtype, double[] v) {
        if (dtype == DType.FLOAT64) {
            return f64(e, s, v);
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return f32(e, s, out);
    }

    /** New result tensor of this dtype and the given shape, zero-filled. */
    private RefTensor blank(Shape s) {
        return blank(engine, s, dtype);
    }

    static RefTensor blank(ReferenceEngine e, Shape s, DType dt) {
        int n = s.sizeAsInt();
        return switch (dt) {
            case FLOAT32 -> f32(e, s, new float[n]);
            case FLOAT64 -> f64(e, s, new double[n]);
            case INT64 -> i64(e, s, new long[n]);
        };
    }

    Object array() {
        return switch (dtype) {
            case FLOAT32 -> f;
            case FLOAT64 -> d;
            case INT64 -> l;
        };
    }

    /** The values as doubles (a copy unless already float64). */
    double[] doubles() {
        return switch (dtype) {
            case FLOAT64 -> d;
            case FLOAT32 -> {
                double[] out = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    out[i] = f[i];
                }
                yield out;
            }
            case INT64 -> {
                double[] out = new double[l.length];
                for (int i = 0; i < l.length; i++) {
                    out[i] = l[i];
                }
                yield out;
            }
        };
    }

    private RefTensor record(String op, Autograd.Backward backward, RefTensor... inputs) {
        if (!engine.isGradEnabled()) {
            return this;
        }
        for (RefTensor in : inputs) {
            if (in != null && in.requiresGrad) {
                this.requiresGrad = true;
                this.node = new Autograd.Node(op, inputs, backward);
                return this;
            }
        }
        return this;
    }

    // ----- checks -----

    private RefTensor other(String op, Tensor t) {
        return TensorChecks.operand(op, this, t, RefTensor.class);
    }

    // ----- identity -----

    @Override
    public Engine engine() {
        return engine;
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public Device device() {
        return Device.cpu();
    }

    // ----- elementwise binary -----

    enum BOp { ADD, SUB, MUL, DIV, MAX, MIN, GT, LT, GE, LE, EQ, NE }

    private static double apply(BOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> a >= b ? a : b;
            case MIN -> a <= b ? a : b;
            case GT -> a > b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
        };
    }

    private static float applyF(BOp op, float a, float b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> a >= b ? a : b;
            case MIN -> a <= b ? a : b;
            case GT -> a > b ? 1f : 0f;
            case LT -> a < b ? 1f : 0f;
            case GE -> a >= b ? 1f : 0f;
            case LE -> a <= b ? 1f : 0f;
            case EQ -> a == b ? 1f : 0f;
            case NE -> a != b ? 1f : 0f;
        };
    }

    /** Forward of a broadcasting binary op, without autograd. */
    private RefTensor binaryRaw(String name, RefTensor b, BOp op) {
        Shape out = TensorChecks.broadcast(name, this, b);
        RefTensor r = blank(out);
        int n = out.sizeAsInt();
        boolean fullA = shape.equals(out), fullB = b.shape.equals(out);
        // one full operand and one that repeats (a bias, a per-row statistic): row by row, without offset tables
        Index.Repeat rep = fullA == fullB ? null : fullA ? Index.repeat(out, b.shape) : Index.repeat(out, shape);
        if (rep != null) {
            repeatOp(op, this, fullA, b, r, n, rep);
            return r;
        }
        int[] ia = fullA ? null : Index.broadcastOffsets(out, shape);
        int[] ib = fullB ? null : Index.broadcastOffsets(out, b.shape);
        if (dtype == DType.FLOAT32) {
            float[] x = f, y = b.f, z = r.f;
            if (ia == null && ib == null) {
                elementwise(n, (i0, i1) -> rowOp(op, x, i0, 1, y, i0, 1, z, i0, i1 - i0));
            } else if (ia == null) {
                for (int i = 0; i < n; i++) z[i] = applyF(op, x[i], y[ib[i]]);
            } else if (ib == null) {
                for (int i = 0; i < n; i++) z[i] = applyF(op, x[ia[i]], y[i]);
            } else {
                for (int i = 0; i < n; i++) z[i] = applyF(op, x[ia[i]], y[ib[i]]);
            }
        } else {
            double[] x = d, y = b.d, z = r.d;
            for (int i = 0; i < n; i++) {
                z[i] = apply(op, x[ia == null ? i : ia[i]], y[ib == null ? i : ib[i]]);
            }
        }
        return r;
    }

    /**
     * {@code z = op(a, b)} where one operand is full ({@code aFull} says which) and the other repeats as {@code rep}
     * says: element by element the same operations as the general path, a row of the repeat pattern at a time.
     */
    private static void repeatOp(BOp op, RefTensor a, boolean aFull, RefTensor b, RefTensor r, int n, Index.Repeat rep) {
        int period = rep.period(), block = rep.block();
        if (period == 1) {
            // a single value: any split of the elements will do
            elementwise(n, (i0, i1) -> repeatRow(op, a, aFull, b, r, i0, i1 - i0, 0, 0));
            return;
        }
        // the repeating operand is read contiguously along a row (block 1) or as one value per row (block > 1)
        int len = block == 1 ? period : block, rs = block == 1 ? 1 : 0;
        elementwise(n / Math.max(len, 1), len, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                repeatRow(op, a, aFull, b, r, c * len, len, block == 1 ? 0 : c % period, rs);
            }
        });
    }

    /** Row {@code o .. o+len-1} of {@link #repeatOp}: the repeating operand read from {@code ro} with stride rs. */
    private static void repeatRow(BOp op, RefTensor a, boolean aFull, RefTensor b, RefTensor r, int o, int len, int ro,
                                  int rs) {
        if (a.dtype == DType.FLOAT32) {
            if (aFull) {
                rowOp(op, a.f, o, 1, b.f, ro, rs, r.f, o, len);
            } else {
                rowOp(op, a.f, ro, rs, b.f, o, 1, r.f, o, len);
            }
        } else {
            for (int j = 0; j < len; j++) {
                double x = aFull ? a.d[o + j] : a.d[ro + j * rs], y = aFull ? b.d[ro + j * rs] : b.d[o + j];
                r.d[o + j] = apply(op, x, y);
            }
        }
    }

    /**
     * Runs {@code body} over {@code [0, n)} elements, split across the engine's threads when there are enough of them
     * to pay for it. Only for work whose every element is computed alone, so the split changes no result.
     */
    static void elementwise(int n, Parallel.RangeBody body) {
        Parallel.forRange(n, (long) n * ELEMENT_WORK, body);
    }

    /** {@link #elementwise} over {@code rows} rows of {@code len} elements each. */
    static void elementwise(int rows, int len, Parallel.RangeBody body) {
        Parallel.forRange(rows, (long) rows * len * ELEMENT_WORK, body);
    }

    /**
     * An element of an elementwise op counted as this many multiply-adds against {@link Parallel#MIN_PARALLEL_WORK}:
     * memory-bound passes split from about 32 thousand elements.
     */
    private static final int ELEMENT_WORK = 8;

    /** {@code z[zo + j] = op(x[xo + j*xs], y[yo + j*ys])} for {@code j < len} (a stride of 0 repeats one value). */
    private static void rowOp(BOp op, float[] x, int xo, int xs, float[] y, int yo, int ys, float[] z, int zo, int len) {
        if (xs == 1 && ys == 1) {
            switch (op) {
                case ADD -> { for (int j = 0; j < len; j++) z[zo + j] = x[xo + j] + y[yo + j]; }
                case SUB -> { for (int j = 0; j < len; j++) z[zo + j] = x[xo + j] - y[yo + j]; }
                case MUL -> { for (int j = 0; j < len; j++) z[zo + j] = x[xo + j] * y[yo + j]; }
                case DIV -> { for (int j = 0; j < len; j++) z[zo + j] = x[xo + j] / y[yo + j]; }
                default -> { for (int j = 0; j < len; j++) z[zo + j] = applyF(op, x[xo + j], y[yo + j]); }
            }
        } else if (ys == 0) {
            float v = y[yo];
            switch (op) {
                case ADD -> { for (int j = 0; j < len; j++) z[zo + j] = x[xo + j] + v; }
                case SUB -> { for (int j = 0; j < len; j++) z[zo + j] = x[xo + j] - v; }
                case MUL -> { for (int j = 0; j < len; j++) z[zo + j] = x[xo + j] * v; }
                case DIV -> { for (int j = 0; j < len; j++) z[zo + j] = x[xo + j] / v; }
                default -> { for (int j = 0; j < len; j++) z[zo + j] = applyF(op, x[xo + j], v); }
            }
        } else {
            float v = x[xo];
            switch (op) {
                case ADD -> { for (int j = 0; j < len; j++) z[zo + j] = v + y[yo + j]; }
                case SUB -> { for (int j = 0; j < len; j++) z[zo + j] = v - y[yo + j]; }
                case MUL -> { for (int j = 0; j < len; j++) z[zo + j] = v * y[yo + j]; }
                case DIV -> { for (int j = 0; j < len; j++) z[zo + j] = v / y[yo + j]; }
                default -> { for (int j = 0; j < len; j++) z[zo + j] = applyF(op, v, y[yo + j]); }
            }
        }
    }

    /** Sums a broadcast gradient back to {@code target} (the inverse of broadcasting). */
    static RefTensor sumTo(RefTensor g, Shape target) {
        if (g.shape.equals(target)) {
            return g;
        }
        double[] acc = new double[target.sizeAsInt()];
        Index.Repeat rep = Index.repeat(g.shape, target);
        if (rep != null) {
            // the same additions in the same order as the table below, a row of the pattern at a time
            int n = g.shape.sizeAsInt(), period = rep.period(), block = period == 1 ? Math.max(n, 1) : rep.block();
            for (int i = 0, c = 0; i < n; c++) {
                if (block == 1) {
                    for (int j = 0; j < period; j++, i++) {
                        acc[j] += g.dtype == DType.FLOAT32 ? g.f[i] : g.d[i];
                    }
                } else {
                    double s = acc[c % period];
                    for (int j = 0; j < block; j++, i++) {
                        s += g.dtype == DType.FLOAT32 ? g.f[i] : g.d[i];
                    }
                    acc[c % period] = s;
                }
            }
            return fromDoubles(g.engine, target, g.dtype, acc);
        }
        int[] off = Index.broadcastOffsets(g.shape, target);
        if (g.dtype == DType.FLOAT32) {
            for (int i = 0; i < off.length; i++) {
                acc[off[i]] += g.f[i];
            }
        } else {
            for (int i = 0; i < off.length; i++) {
                acc[off[i]] += g.d[i];
            }
        }
        return fromDoubles(g.engine, target, g.dtype, acc);
    }

    @Override
    public Tensor add(Tensor other) {
        RefTensor b = other("add", other);
        RefTensor a = this;
        return binaryRaw("add", b, BOp.ADD).record("add", g -> new RefTensor[] {sumTo(g, a.shape), sumTo(g, b.shape)}, a, b);
    }

    /** One pass instead of the composite's two ({@code add(other.neg())}); the same values and gradients. */
    @Override
    public Tensor sub(Tensor other) {
        RefTensor b = other("sub", other);
        RefTensor a = this;
        return binaryRaw("sub", b, BOp.SUB).record("sub",
                g -> new RefTensor[] {sumTo(g, a.shape), sumTo((RefTensor) g.neg(), b.shape)}, a, b);
    }

    @Override
    public Tensor mul(Tensor other) {
        RefTensor b = other("mul", other);
        RefTensor a = this;
        return binaryRaw("mul", b, BOp.MUL).record("mul", g -> new RefTensor[] {
                a.requiresGrad ? sumTo(g.binaryRaw("mul", b, BOp.MUL), a.shape) : null,
                b.requiresGrad ? sumTo(g.binaryRaw("mul", a, BOp.MUL), b.shape) : null}, a, b);
    }

    @Override
    public Tensor div(Tensor other) {
        RefTensor b = other("div", other);
        RefTensor a = this;
        RefTensor out = binaryRaw("div", b, BOp.DIV);
        return out.record("div", g -> new RefTensor[] {
                a.requiresGrad ? sumTo(g.binaryRaw("div", b, BOp.DIV), a.shape) : null,
                // d(a/b)/db = -(a/b)/b
                b.requiresGrad ? sumTo((RefTensor) g.binaryRaw("mul", out, BOp.MUL).binaryRaw("div", b, BOp.DIV).neg(), b.shape) : null},
                a, b);
    }

    // maximum, minimum, relu and clamp multiply the gradient by a 0/1 mask in one pass, where the composites select
    // it with where(): the same gradients up to the sign of zero (and 0 rather than NaN where the upstream gradient
    // is infinite, as PyTorch gives), and the reference engine's numbers stay as they were.

    @Override
    public Tensor maximum(Tensor other) {
        return minMax("maximum", other, BOp.MAX, BOp.GE);
    }

    @Override
    public Tensor minimum(Tensor other) {
        return minMax("minimum", other, BOp.MIN, BOp.LE);
    }

    private Tensor minMax(String name, Tensor other, BOp op, BOp pick) {
        RefTensor b = other(name, other);
        RefTensor a = this;
        return binaryRaw(name, b, op).record(name, g -> {
            RefTensor m = a.binaryRaw(name, b, pick); // 1 where a wins
            RefTensor ga = g.binaryRaw(name, m, BOp.MUL);
            RefTensor gb = g.binaryRaw(name, (RefTensor) m.rsubRaw(1.0), BOp.MUL);
            return new RefTensor[] {sumTo(ga, a.shape), sumTo(gb, b.shape)};
        }, a, b);
    }

    private RefTensor rsubRaw(double s) {
        return unaryRaw(UOp.RSUB, s, 0);
    }

    @Override
    public Tensor compare(Comparison op, Tensor other) {
        BOp b = switch (op) {
            case GT -> BOp.GT;
            case GE -> BOp.GE;
            case LT -> BOp.LT;
            case LE -> BOp.LE;
            case EQ -> BOp.EQ;
            case NE -> BOp.NE;
        };
        return binaryRaw(op.op(), other(op.op(), other), b);
    }

    // ----- elementwise unary -----

    enum UOp { EXP, LOG, TANH, SIGMOID, RELU, SQRT, ABS, POW, CLAMP, ADDS, MULS, RSUB, GT, SIGN, STEP }

    private static double apply(UOp op, double x, double p, double q) {
        return switch (op) {
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
            case RELU -> x > 0 ? x : 0.0;
            case SQRT -> Math.sqrt(x);
            case ABS -> Math.abs(x);
            case POW -> Math.pow(x, p);
            case CLAMP -> x < p ? p : (x > q ? q : x);
            case ADDS -> x + p;
            case MULS -> x * p;
            case RSUB -> p - x;
            case GT -> x > p ? 1 : 0;
            case SIGN -> x > 0 ? 1 : (x < 0 ? -1 : 0);
            case STEP -> (x >= p && x <= q) ? 1 : 0; // 1 inside [p, q]
        };
    }

    RefTensor unaryRaw(UOp op, double p, double q) {
        TensorChecks.requireFloating(op.name().toLowerCase(), this);
        RefTensor r = blank(shape);
        int n = r.shape.sizeAsInt();
        elementwise(n, (i0, i1) -> {
            if (dtype == DType.FLOAT32) {
                float[] x = f, z = r.f;
                switch (op) {
                    case ADDS -> { float s = (float) p; for (int i = i0; i < i1; i++) z[i] = x[i] + s; }
                    case MULS -> { float s = (float) p; for (int i = i0; i < i1; i++) z[i] = x[i] * s; }
                    case RELU -> {
                        // an unpredictable branch per element costs more than the rest: vectorised, branch-free
                        if (Gemm.VECTOR) {
                            VectorMath.relu(x, z, i0, i1);
                        } else {
                            for (int i = i0; i < i1; i++) z[i] = x[i] > 0 ? x[i] : 0f;
                        }
                    }
                    default -> { for (int i = i0; i < i1; i++) z[i] = (float) apply(op, x[i], p, q); }
                }
            } else {
                double[] x = d, z = r.d;
                for (int i = i0; i < i1; i++) {
                    z[i] = apply(op, x[i], p, q);
                }
            }
        });
        return r;
    }

    @Override
    public Tensor add(double scalar) {
        return unaryRaw(UOp.ADDS, scalar, 0).record("add", g -> new RefTensor[] {g}, this);
    }

    @Override
    public Tensor mul(double scalar) {
        return unaryRaw(UOp.MULS, scalar, 0).record("mul", g -> new RefTensor[] {g.unaryRaw(UOp.MULS, scalar, 0)}, this);
    }

    @Override
    public Tensor exp() {
        RefTensor y = unaryRaw(UOp.EXP, 0, 0);
        return y.record("exp", g -> new RefTensor[] {g.binaryRaw("exp", y, BOp.MUL)}, this);
    }

    @Override
    public Tensor log() {
        RefTensor x = this;
        return unaryRaw(UOp.LOG, 0, 0).record("log", g -> new RefTensor[] {g.binaryRaw("log", x, BOp.DIV)}, this);
    }

    @Override
    public Tensor tanh() {
        RefTensor y = unaryRaw(UOp.TANH, 0, 0);
        return y.record("tanh", g -> {
            RefTensor dy = y.binaryRaw("tanh", y, BOp.MUL).rsubRaw(1.0);
            return new RefTensor[] {g.binaryRaw("tanh", dy, BOp.MUL)};
        }, this);
    }

    @Override
    public Tensor sigmoid() {
        RefTensor y = unaryRaw(UOp.SIGMOID, 0, 0);
        return y.record("sigmoid", g -> {
            RefTensor dy = y.binaryRaw("sigmoid", y.rsubRaw(1.0), BOp.MUL);
            return new RefTensor[] {g.binaryRaw("sigmoid", dy, BOp.MUL)};
        }, this);
    }

    @Override
    public Tensor relu() {
        RefTensor x = this;
        return unaryRaw(UOp.RELU, 0, 0).record("relu", g -> new RefTensor[] {x.reluGradient(g)}, this);
    }

    /** {@code g} times the 0/1 mask {@code this > 0}, in one pass (the product by the mask, so the same bits). */
    private RefTensor reluGradient(RefTensor g) {
        if (dtype != DType.FLOAT32) {
            return g.binaryRaw("relu", unaryRaw(UOp.GT, 0, 0), BOp.MUL);
        }
        RefTensor r = blank(shape);
        float[] x = f, gv = g.f, z = r.f;
        elementwise(z.length, (i0, i1) -> {
            if (Gemm.VECTOR) {
                VectorMath.reluGradient(x, gv, z, i0, i1);
            } else {
                for (int i = i0; i < i1; i++) {
                    z[i] = gv[i] * (x[i] > 0 ? 1f : 0f);
                }
            }
        });
        return r;
    }

    /**
     * The composite's masks (drawn in the same order) and products in one pass, without a mask tensor and its copy;
     * the gradient is the upstream one times the mask, as the composite's product gives it.
     */
    @Override
    public Tensor dropout(double p, seqlab.engine.RandomSource rng) {
        TensorChecks.dropoutRate(p);
        TensorChecks.requireFloating("dropout", this);
        if (p == 0) {
            return this;
        }
        int n = shape.sizeAsInt();
        double scale = 1.0 / (1.0 - p);
        RefTensor mask = blank(shape), r = blank(shape);
        if (dtype == DType.FLOAT32) {
            float s = (float) scale;
            for (int i = 0; i < n; i++) {
                float m = rng.nextDouble() >= p ? s : 0f;
                mask.f[i] = m;
                r.f[i] = f[i] * m;
            }
        } else {
            for (int i = 0; i < n; i++) {
                double m = rng.nextDouble() >= p ? scale : 0.0;
                mask.d[i] = m;
                r.d[i] = d[i] * m;
            }
        }
        return r.record("dropout", g -> new RefTensor[] {g.binaryRaw("dropout", mask, BOp.MUL)}, this);
    }

    @Override
    public Tensor sqrt() {
        RefTensor y = unaryRaw(UOp.SQRT, 0, 0);
        return y.record("sqrt", g -> new RefTensor[] {g.binaryRaw("sqrt", y.unaryRaw(UOp.MULS, 2.0, 0), BOp.DIV)}, this);
    }

    @Override
    public Tensor abs() {
        RefTensor x = this;
        return unaryRaw(UOp.ABS, 0, 0).record("abs",
                g -> new RefTensor[] {g.binaryRaw("abs", x.unaryRaw(UOp.SIGN, 0, 0), BOp.MUL)}, this);
    }

    @Override
    public Tensor pow(double exponent) {
        RefTensor x = this;
        return unaryRaw(UOp.POW, exponent, 0).record("pow", g -> new RefTensor[] {
                g.binaryRaw("pow", x.unaryRaw(UOp.POW, exponent - 1, 0).unaryRaw(UOp.MULS, exponent, 0), BOp.MUL)}, this);
    }

    @Override
    public Tensor clamp(double min, double max) {
        TensorChecks.clampBounds(min, max);
        RefTensor x = this;
        return unaryRaw(UOp.CLAMP, min, max).record("clamp",
                g -> new RefTensor[] {g.binaryRaw("clamp", x.unaryRaw(UOp.STEP, min, max), BOp.MUL)}, this);
    }

    // ----- matmul -----

    @Override
    public Tensor matmul(Tensor other) {
        RefTensor b = other("matmul", other);
        TensorChecks.matmul(this, b);
        RefTensor a = this;
        RefTensor out = matmulRaw(a, false, b, false);
        // the gradients multiply by the operands transposed in place (Gemm reads them so), without copies
        return out.record("matmul", g -> {
            RefTensor ga = null, gb = null;
            if (a.requiresGrad) {
                ga = sumTo(matmulRaw(g, false, b, true), a.shape);
            }
            if (b.requiresGrad) {
                if (b.rank() == 2) {
                    int k = a.dim(-1), n = b.dim(-1);
                    RefTensor a2 = a.reshapeRaw(Shape.of(a.shape.outer(-1), k));
                    RefTensor g2 = g.reshapeRaw(Shape.of(g.shape.outer(-1), n));
                    gb = matmulRaw(a2, true, g2, false);
                } else {
                    gb = sumTo(matmulRaw(a, true, g, false), b.shape);
                }
            }
            return new RefTensor[] {ga, gb};
        }, a, b);
    }

    /**
     * {@code op(a) op(b)} over the last two axes, broadcasting the leading ones; {@code op} transposes the last two
     * axes when its flag is set (read in place by {@link Gemm}, not copied).
     */
    static RefTensor matmulRaw(RefTensor a, boolean ta, RefTensor b, boolean tb) {
        int m = ta ? a.dim(-1) : a.dim(-2), k = ta ? a.dim(-2) : a.dim(-1), n = tb ? b.dim(-2) : b.dim(-1);
        if (b.rank() == 2 && !ta) {
            int rows = a.shape.outer(-1);
            RefTensor r = blank(a.engine, a.shape.with(-1, n), a.dtype);
            gemm(a, 0, false, b, 0, tb, r, 0, rows, n, k);
            return r;
        }
        Shape aBatch = batchShape(a.shape), bBatch = batchShape(b.shape);
        Shape outBatch = Shape.broadcast("matmul", aBatch, bBatch);
        int[] od = outBatch.dims();
        int[] outDims = Arrays.copyOf(od, od.length + 2);
        outDims[od.length] = m;
        outDims[od.length + 1] = n;
        RefTensor r = blank(a.engine, Shape.of(outDims), a.dtype);
        int[] ao = Index.broadcastOffsets(outBatch, aBatch);
        int[] bo = Index.broadcastOffsets(outBatch, bBatch);
        for (int i = 0; i < ao.length; i++) {
            gemm(a, ao[i] * m * k, ta, b, bo[i] * k * n, tb, r, i * m * n, m, n, k);
        }
        return r;
    }

    private static Shape batchShape(Shape s) {
        int[] d = s.dims();
        return Shape.of(Arrays.copyOf(d, d.length - 2));
    }

    private static void gemm(RefTensor a, int ao, boolean ta, RefTensor b, int bo, boolean tb, RefTensor c, int co,
                             int m, int n, int k) {
        if (a.dtype == DType.FLOAT32) {
            Gemm.sgemm(m, n, k, a.f, ao, ta, b.f, bo, tb, c.f, co, false);
        } else {
            Gemm.dgemm(m, n, k, a.d, ao, ta, b.d, bo, tb, c.d, co, false);
        }
    }

    // ----- shape -----

    RefTensor reshapeRaw(Shape s) {
        return new RefTensor(engine, s, dtype, f, d, l, false);
    }

    @Override
    public Tensor reshape(int... dims) {
        Shape s = shape.reshape(dims);
        if (s.equals(shape)) {
            return this;
        }
        Shape in = shape;
        return reshapeRaw(s).record("reshape", g -> new RefTensor[] {g.reshapeRaw(in)}, this);
    }

    @Override
    public Tensor permute(int... axes) {
        int[] ax = TensorChecks.permute(shape, axes);
        if (ax == null) {
            return this;
        }
        int[] inverse = new int[ax.length];
        for (int i = 0; i < ax.length; i++) {
            inverse[ax[i]] = i;
        }
        return permuteRaw(ax).record("permute", g -> new RefTensor[] {g.permuteRaw(inverse)}, this);
    }

    RefTensor permuteRaw(int[] axes) {
        int[] dims = shape.dims();
        int[] strides = shape.strides();
        int[] od = new int[axes.length];
        int[] os = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            od[i] = dims[axes[i]];
            os[i] = strides[axes[i]];
        }
        Shape out = Shape.of(od);
        RefTensor r = blank(out);
        int last = axes.length - 1;
        if (last > 0 && axes[last] == last && od[last] > 1) {
            // the last axis stays last: copy its contiguous runs, with a table over the other axes only
            int run = od[last];
            int[] starts = Index.offsets(Arrays.copyOf(od, last), Arrays.copyOf(os, last));
            Object from = array(), to = r.array();
            elementwise(starts.length, run, (s0, s1) -> {
                for (int i = s0; i < s1; i++) {
                    System.arraycopy(from, starts[i], to, i * run, run);
                }
            });
            return r;
        }
        int[] src = Index.offsets(od, os);
        Index.gatherCopy(array(), src, r.array());
        return r;
    }

    @Override
    public Tensor narrow(int axis, int start, int length) {
        int a = TensorChecks.narrow(shape, axis, start, length);
        int size = shape.dim(a);
        if (start == 0 && length == size) {
            return this;
        }
        Shape out = shape.with(a, length);
        RefTensor r = blank(out);
        int outer = shape.outer(a), inner = shape.inner(a);
        Object src = array(), dst = r.array();
        for (int o = 0; o < outer; o++) {
            System.arraycopy(src, (o * size + start) * inner, dst, o * length * inner, length * inner);
        }
        if (engine.isGradEnabled() && requiresGrad) {
            // the gradient goes into its region of the input's gradient sum (Autograd.GradSum), with no zero tensor
            r.requiresGrad = true;
            r.node = new Autograd.Node("narrow", new RefTensor[] {this}, null,
                    new Autograd.Slice(a, outer, size, start, length, inner));
        }
        return r;
    }

    @Override
    public Tensor broadcastTo(Shape target) {
        TensorChecks.broadcastTo(shape, target);
        if (target.equals(shape)) {
            return this;
        }
        RefTensor r = blank(target);
        Index.Repeat rep = Index.repeat(target, shape);
        if (rep != null) {
            Index.repeatCopy(array(), rep, r.array(), target.sizeAsInt());
        } else {
            Index.gatherCopy(array(), Index.broadcastOffsets(target, shape), r.array());
        }
        Shape in = shape;
        return r.record("broadcastTo", g -> new RefTensor[] {sumTo(g, in)}, this);
    }

    /** Joins tensors that {@link TensorChecks#concat} accepted along the (non-negative) axis {@code a}. */
    static RefTensor concat(ReferenceEngine engine, java.util.List<Tensor> tensors, int a) {
        RefTensor first = (RefTensor) tensors.get(0);
        RefTensor[] ts = new RefTensor[tensors.size()];
        int total = 0;
        for (int i = 0; i < ts.length; i++) {
            ts[i] = (RefTensor) tensors.get(i);
            total += ts[i].shape.dim(a);
        }
        Shape out = first.shape.with(a, total);
        RefTensor r = blank(engine, out, first.dtype);
        int outer = out.outer(a), inner = out.inner(a);
        int pos = 0;
        int[] starts = new int[ts.length];
        for (int i = 0; i < ts.length; i++) {
            int len = ts[i].shape.dim(a);
            starts[i] = pos;
            Object src = ts[i].array(), dst = r.array();
            for (int o = 0; o < outer; o++) {
                System.arraycopy(src, o * len * inner, dst, (o * total + pos) * inner, len * inner);
            }
            pos += len;
        }
        return r.record("concat", g -> {
            RefTensor[] gs = new RefTensor[ts.length];
            for (int i = 0; i < ts.length; i++) {
                if (ts[i].requiresGrad) {
                    gs[i] = (RefTensor) g.narrow(a, starts[i], ts[i].shape.dim(a));
                }
            }
            return gs;
        }, ts);
    }

    // ----- indexing -----

    @Override
    public Tensor indexSelect(int axis, Tensor indices) {
        int a = TensorChecks.indexSelect(this, axis, indices);
        long[] ix = other("indexSelect", indices).l;
        int size = shape.dim(a);
        for (long v : ix) {
            if (v < 0 || v >= size) {
                throw TensorChecks.indexOutOfRange("indexSelect", v, a, shape);
            }
        }
        int outer = shape.outer(a), inner = shape.inner(a), n = ix.length;
        RefTensor r = blank(shape.with(a, n));
        Object src = array(), dst = r.array();
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < n; j++) {
                System.arraycopy(src, (o * size + (int) ix[j]) * inner, dst, (o * n + j) * inner, inner);
            }
        }
        Shape in = shape;
        return r.record("indexSelect", g -> {
            double[] acc = new double[in.sizeAsInt()];
            double[] gv = g.doubles();
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < n; j++) {
                    int so = (o * size + (int) ix[j]) * inner, go = (o * n + j) * inner;
                    for (int q = 0; q < inner; q++) {
                        acc[so + q] += gv[go + q];
                    }
                }
            }
            return new RefTensor[] {fromDoubles(engine, in, g.dtype, acc)};
        }, this);
    }

    @Override
    public Tensor gather(int axis, Tensor index) {
        int a = TensorChecks.gather(this, axis, index);
        long[] ix = other("gather", index).l;
        int[] strides = shape.strides();
        int[] idims = index.shape().dims();
        int[] base = Index.offsets(idims, withZero(strides, a));
        int size = dim(a), stride = strides[a];
        int[] src = new int[ix.length];
        for (int e = 0; e < ix.length; e++) {
            long v = ix[e];
            if (v < 0 || v >= size) {
                throw TensorChecks.indexOutOfRange("gather", v, a, shape);
            }
            src[e] = base[e] + (int) v * stride;
        }
        RefTensor r = blank(index.shape());
        Index.gatherCopy(array(), src, r.array());
        Shape in = shape;
        return r.record("gather", g -> {
            double[] acc = new double[in.sizeAsInt()];
            double[] gv = g.doubles();
            for (int e = 0; e < src.length; e++) {
                acc[src[e]] += gv[e];
            }
            return new RefTensor[] {fromDoubles(engine, in, g.dtype, acc)};
        }, this);
    }

    private static int[] withZero(int[] a, int i) {
        int[] c = a.clone();
        c[i] = 0;
        return c;
    }

    // ----- reductions -----

    @Override
    public Tensor sum(int axis, boolean keepDim) {
        int a = TensorChecks.reductionAxis("sum", this, axis);
        int outer = shape.outer(a), n = shape.dim(a), inner = shape.inner(a);
        double[] out = new double[outer * inner];
        if (dtype == DType.FLOAT32) {
            float[] v = f; // read in place: the sums are the same double additions as over a copy
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < n; j++) {
                    int base = (o * n + j) * inner;
                    for (int q = 0; q < inner; q++) {
                        out[o * inner + q] += v[base + q];
                    }
                }
            }
        } else {
            double[] v = doubles();
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < n; j++) {
                    int base = (o * n + j) * inner;
                    for (int q = 0; q < inner; q++) {
                        out[o * inner + q] += v[base + q];
                    }
                }
            }
        }
        Shape kept = shape.with(a, 1);
        Shape in = shape;
        return fromDoubles(engine, keepDim ? kept : shape.without(a), dtype, out)
                .record("sum", g -> new RefTensor[] {(RefTensor) g.reshapeRaw(kept).broadcastTo(in)}, this);
    }

    /** One pass, where the composite takes argmax and then gathers. */
    @Override
    public Tensor max(int axis, boolean keepDim) {
        int a = TensorChecks.reductionAxis("max", this, axis);
        int outer = shape.outer(a), n = shape.dim(a), inner = shape.inner(a);
        if (n == 0) {
            throw new IllegalArgumentException("max: axis " + axis + " of shape " + shape + " is empty");
        }
        double[] v = doubles();
        double[] out = new double[outer * inner];
        int[] arg = new int[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int q = 0; q < inner; q++) {
                double best = v[o * n * inner + q];
                int bi = 0;
                for (int j = 1; j < n; j++) {
                    double x = v[(o * n + j) * inner + q];
                    if (x > best || (Double.isNaN(x) && !Double.isNaN(best))) {
                        best = x;
                        bi = j;
                    }
                }
                out[o * inner + q] = best;
                arg[o * inner + q] = bi;
            }
        }
        Shape in = shape;
        return fromDoubles(engine, keepDim ? shape.with(a, 1) : shape.without(a), dtype, out).record("max", g -> {
            double[] gv = g.doubles();
            double[] acc = new double[in.sizeAsInt()];
            for (int o = 0; o < outer; o++) {
                for (int q = 0; q < inner; q++) {
                    acc[(o * n + arg[o * inner + q]) * inner + q] = gv[o * inner + q];
                }
            }
            return new RefTensor[] {fromDoubles(engine, in, g.dtype, acc)};
        }, this);
    }

    @Override
    public Tensor argmax(int axis) {
        int a = TensorChecks.reductionAxis("argmax", this, axis);
        int outer = shape.outer(a), n = shape.dim(a), inner = shape.inner(a);
        double[] v = doubles();
        long[] out = new long[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int q = 0; q < inner; q++) {
                double best = v[o * n * inner + q];
                int bi = 0;
                for (int j = 1; j < n; j++) {
                    double x = v[(o * n + j) * inner + q];
                    if (x > best || (Double.isNaN(x) && !Double.isNaN(best))) {
                        best = x;
                        bi = j;
                    }
                }
                out[o * inner + q] = bi;
            }
        }
        return i64(engine, shape.without(a), out);
    }

    /**
     * One pass per row where the composite takes ten ops: the forward pass does the composite's operations in its
     * order and precision (row sums in double, every other step rounded to this dtype as each op rounds it), so the
     * values are the composite's bit for bit. The backward pass is the closed form, per row in double:
     * {@code dx = (dn - mean(dn) - n * mean(dn * n)) / sigma} with {@code dn = g * weight}, and the row sums of
     * {@code g * n} and {@code g} for the weight and the bias; it agrees with the composite's gradients to rounding.
     */
    @Override
    public Tensor layerNorm(Tensor weight, Tensor bias, double eps) {
        TensorChecks.layerNorm(this, weight, bias, eps);
        RefTensor w = other("layerNorm", weight), b = other("layerNorm", bias);
        int d = dim(-1), rows = d == 0 ? 0 : shape.sizeAsInt() / d;
        boolean f32 = dtype == DType.FLOAT32;
        RefTensor out = blank(shape), normed = blank(shape);
        double[] sigma = new double[rows];
        double inv = 1.0 / d;
        elementwise(rows, d, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                layerNormRow(r * d, d, f32, inv, eps, normed, out, w, b, sigma, r);
            }
        });
        RefTensor x = this;
        return out.record("layerNorm", g -> {
            double[] dw = new double[d], db = new double[d];
            // the weight's and the bias's sums over rows, in row order; then each row's input gradient on its own
            for (int r = 0; r < rows; r++) {
                int o = r * d;
                for (int j = 0; j < d; j++) {
                    double gv = f32 ? g.f[o + j] : g.d[o + j], nv = f32 ? normed.f[o + j] : normed.d[o + j];
                    dw[j] += gv * nv;
                    db[j] += gv;
                }
            }
            RefTensor dx = x.requiresGrad ? blank(engine, shape, g.dtype) : null;
            if (dx != null) {
                elementwise(rows, d, (r0, r1) -> {
                    double[] dn = new double[d];
                    for (int r = r0; r < r1; r++) {
                        layerNormGradientRow(r * d, d, f32, inv, g, normed, w, sigma[r], dn, dx);
                    }
                });
            }
            return new RefTensor[] {dx, w.requiresGrad ? fromDoubles(engine, w.shape, g.dtype, dw) : null,
                    b.requiresGrad ? fromDoubles(engine, b.shape, g.dtype, db) : null};
        }, this, w, b);
    }

    /** One row of {@link #layerNorm}'s forward pass, from element {@code o}; its sigma into {@code sigma[r]}. */
    private void layerNormRow(int o, int d, boolean f32, double inv, double eps, RefTensor normed, RefTensor out,
                              RefTensor w, RefTensor b, double[] sigma, int r) {
        if (f32) {
            float[] x = f, n = normed.f, y = out.f, wv = w.f, bv = b.f;
            float s = (float) inv;
            double sum = 0;
            for (int j = 0; j < d; j++) {
                sum += x[o + j];
            }
            float mean = (float) sum * s;
            double sq = 0;
            for (int j = 0; j < d; j++) {
                float c = x[o + j] - mean;
                n[o + j] = c;
                sq += c * c;
            }
            float sd = (float) Math.sqrt((float) sq * s + (float) eps);
            sigma[r] = sd;
            for (int j = 0; j < d; j++) {
                float v = n[o + j] / sd;
                n[o + j] = v;
                y[o + j] = v * wv[j] + bv[j];
            }
        } else {
            double[] x = this.d, n = normed.d, y = out.d, wv = w.d, bv = b.d;
            double sum = 0;
            for (int j = 0; j < d; j++) {
                sum += x[o + j];
            }
            double mean = sum * inv, sq = 0;
            for (int j = 0; j < d; j++) {
                double c = x[o + j] - mean;
                n[o + j] = c;
                sq += c * c;
            }
            double sd = Math.sqrt(sq * inv + eps);
            sigma[r] = sd;
            for (int j = 0; j < d; j++) {
                double v = n[o + j] / sd;
                n[o + j] = v;
                y[o + j] = v * wv[j] + bv[j];
            }
        }
    }

    /** One row's input gradient of {@link #layerNorm} (see there), from element {@code o}; {@code dn} is scratch. */
    private static void layerNormGradientRow(int o, int d, boolean f32, double inv, RefTensor g, RefTensor normed,
                                             RefTensor w, double sigma, double[] dn, RefTensor dx) {
        double mdn = 0, mdnn = 0;
        for (int j = 0; j < d; j++) {
            double gv = f32 ? g.f[o + j] : g.d[o + j], nv = f32 ? normed.f[o + j] : normed.d[o + j];
            double v = gv * (f32 ? w.f[j] : w.d[j]);
            dn[j] = v;
            mdn += v;
            mdnn += v * nv;
        }
        mdn *= inv;
        mdnn *= inv;
        for (int j = 0; j < d; j++) {
            double nv = f32 ? normed.f[o + j] : normed.d[o + j];
            double v = (dn[j] - mdn - nv * mdnn) / sigma;
            if (f32) {
                dx.f[o + j] = (float) v;
            } else {
                dx.d[o + j] = v;
            }
        }
    }

    /** Softmax along an axis in double precision (max-shifted), as doubles. */
    private static double[] softmaxValues(double[] v, int outer, int n, int inner) {
        double[] out = new double[v.length];
        for (int o = 0; o < outer; o++) {
            for (int q = 0; q < inner; q++) {
                double m = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    m = Math.max(m, v[(o * n + j) * inner + q]);
                }
                double s = 0;
                for (int j = 0; j < n; j++) {
                    int i = (o * n + j) * inner + q;
                    double e = m == Double.NEGATIVE_INFINITY ? 0 : Math.exp(v[i] - m);
                    out[i] = e;
                    s += e;
                }
                for (int j = 0; j < n; j++) {
                    int i = (o * n + j) * inner + q;
                    out[i] = s == 0 ? Double.NaN : out[i] / s;
                }
            }
        }
        return out;
    }

    /**
     * Softmax along an axis. A float32 tensor over its last axis (attention's case) runs in float32: the row's maximum
     * subtracted, {@code exp} by {@link GateMath} (vectorised, a few units in the last place, identical in every lane
     * and on the scalar path), the row sum accumulated in double in index order, one division per element; an element
     * at the maximum's distance below {@code -87} or more (a masked position at {@code -inf} among them) gets exactly
     * 0, as float32 {@code exp} underflows there. Its gradient {@code y * (g - sum(g * y))} takes the sum in double too.
     * Other axes and float64 run in double precision throughout.
     */
    @Override
    public Tensor softmax(int axis) {
        int a = TensorChecks.reductionAxis("softmax", this, axis);
        int outer = shape.outer(a), n = shape.dim(a), inner = shape.inner(a);
        if (dtype == DType.FLOAT32 && inner == 1) {
            return softmaxLastAxis(outer, n);
        }
        RefTensor y = fromDoubles(engine, shape, dtype, softmaxValues(doubles(), outer, n, inner));
        return y.record("softmax", g -> {
            // dx = y * (g - sum(g * y))
            double[] gv = g.doubles(), yv = y.doubles();
            double[] dx = new double[gv.length];
            for (int o = 0; o < outer; o++) {
                for (int q = 0; q < inner; q++) {
                    double s = 0;
                    for (int j = 0; j < n; j++) {
                        int i = (o * n + j) * inner + q;
                        s += gv[i] * yv[i];
                    }
                    for (int j = 0; j < n; j++) {
                        int i = (o * n + j) * inner + q;
                        dx[i] = yv[i] * (gv[i] - s);
                    }
                }
            }
            return new RefTensor[] {fromDoubles(engine, y.shape, g.dtype, dx)};
        }, this);
    }

    private RefTensor softmaxLastAxis(int rows, int n) {
        RefTensor y = blank(shape);
        float[] x = f, z = y.f;
        elementwise(rows, n * 4, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                softmaxRow(x, z, r * n, n);
            }
        });
        return y.record("softmax", g -> {
            RefTensor dx = blank(engine, shape, g.dtype);
            float[] gv = g.f, yv = y.f, dv = dx.f;
            elementwise(rows, n, (r0, r1) -> {
                for (int r = r0; r < r1; r++) {
                    int o = r * n;
                    double dot = 0;
                    for (int j = 0; j < n; j++) {
                        dot += gv[o + j] * yv[o + j];
                    }
                    float d = (float) dot;
                    for (int j = 0; j < n; j++) {
                        dv[o + j] = yv[o + j] * (gv[o + j] - d);
                    }
                }
            });
            return new RefTensor[] {dx};
        }, this);
    }

    /** One row of {@link #softmaxLastAxis}: {@code z[o..o+n-1]} from {@code x[o..]}. */
    private static void softmaxRow(float[] x, float[] z, int o, int n) {
        float m = Float.NEGATIVE_INFINITY;
        boolean nan = false;
        for (int j = 0; j < n; j++) {
            float v = x[o + j];
            nan |= v != v;
            m = Math.max(m, v);
        }
        if (nan || m == Float.NEGATIVE_INFINITY) {
            // a NaN spreads to the whole row; a row with every position masked has no distribution
            java.util.Arrays.fill(z, o, o + n, Float.NaN);
            return;
        }
        for (int j = 0; j < n; j++) {
            z[o + j] = x[o + j] - m;
        }
        GateMath.exp(z, o, n);
        double sum = 0;
        for (int j = 0; j < n; j++) {
            if (x[o + j] - m < GateMath.LO) {
                z[o + j] = 0f;
            }
            sum += z[o + j];
        }
        float s = (float) sum;
        for (int j = 0; j < n; j++) {
            z[o + j] = z[o + j] / s;
        }
    }

    /** log-sum-exp per (outer, inner) position. */
    private static double[] lse(double[] v, int outer, int n, int inner) {
        double[] out = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int q = 0; q < inner; q++) {
                double m = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    m = Math.max(m, v[(o * n + j) * inner + q]);
                }
                if (m == Double.NEGATIVE_INFINITY || m == Double.POSITIVE_INFINITY) {
                    out[o * inner + q] = m;
                    continue;
                }
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += Math.exp(v[(o * n + j) * inner + q] - m);
                }
                out[o * inner + q] = m + Math.log(s);
            }
        }
        return out;
    }

    @Override
    public Tensor logSoftmax(int axis) {
        int a = TensorChecks.reductionAxis("logSoftmax", this, axis);
        int outer = shape.outer(a), n = shape.dim(a), inner = shape.inner(a);
        double[] v = doubles();
        double[] z = lse(v, outer, n, inner);
        double[] out = new double[v.length];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < n; j++) {
                for (int q = 0; q < inner; q++) {
                    int i = (o * n + j) * inner + q;
                    out[i] = v[i] - z[o * inner + q];
                }
            }
        }
        RefTensor y = fromDoubles(engine, shape, dtype, out);
        return y.record("logSoftmax", g -> {
            // dx = g - softmax * sum(g)
            double[] gv = g.doubles();
            double[] dx = new double[gv.length];
            for (int o = 0; o < outer; o++) {
                for (int q = 0; q < inner; q++) {
                    double s = 0;
                    for (int j = 0; j < n; j++) {
                        s += gv[(o * n + j) * inner + q];
                    }
                    for (int j = 0; j < n; j++) {
                        int i = (o * n + j) * inner + q;
                        dx[i] = gv[i] - Math.exp(out[i]) * s;
                    }
                }
            }
            return new RefTensor[] {fromDoubles(engine, y.shape, g.dtype, dx)};
        }, this);
    }

    @Override
    public Tensor logSumExp(int axis, boolean keepDim) {
        int a = TensorChecks.reductionAxis("logSumExp", this, axis);
        int outer = shape.outer(a), n = shape.dim(a), inner = shape.inner(a);
        double[] v = doubles();
        double[] z = lse(v, outer, n, inner);
        return fromDoubles(engine, keepDim ? shape.with(a, 1) : shape.without(a), dtype, z).record("logSumExp", g -> {
            double[] gv = g.doubles();
            double[] sm = softmaxValues(v, outer, n, inner);
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < n; j++) {
                    for (int q = 0; q < inner; q++) {
                        int i = (o * n + j) * inner + q;
                        sm[i] *= gv[o * inner + q];
                    }
                }
            }
            return new RefTensor[] {fromDoubles(engine, shape, g.dtype, sm)};
        }, this);
    }

    // ----- selection -----

    @Override
    public Tensor where(Tensor ifTrue, Tensor ifFalse) {
        RefTensor c = this, x = other("where", ifTrue), y = other("where", ifFalse);
        // the condition may have any dtype: non-zero is true
        Shape out = TensorChecks.where(c, x, y);
        int[] co = Index.broadcastOffsets(out, c.shape), xo = Index.broadcastOffsets(out, x.shape),
                yo = Index.broadcastOffsets(out, y.shape);
        double[] cv = c.doubles();
        RefTensor r = blank(engine, out, x.dtype);
        int n = out.sizeAsInt();
        if (x.dtype == DType.FLOAT32) {
            for (int i = 0; i < n; i++) {
                r.f[i] = cv[co[i]] != 0 ? x.f[xo[i]] : y.f[yo[i]];
            }
        } else {
            for (int i = 0; i < n; i++) {
                r.d[i] = cv[co[i]] != 0 ? x.d[xo[i]] : y.d[yo[i]];
            }
        }
        return r.record("where", g -> {
            double[] gv = g.doubles();
            double[] gx = new double[gv.length], gy = new double[gv.length];
            for (int i = 0; i < n; i++) {
                if (cv[co[i]] != 0) {
                    gx[i] = gv[i];
                } else {
                    gy[i] = gv[i];
                }
            }
            return new RefTensor[] {null, sumTo(fromDoubles(engine, out, g.dtype, gx), x.shape),
                    sumTo(fromDoubles(engine, out, g.dtype, gy), y.shape)};
        }, c, x, y);
    }

    // ----- conversion -----

    @Override
    public Tensor to(DType target) {
        if (target == dtype) {
            return this;
        }
        int n = shape.sizeAsInt();
        RefTensor r = blank(engine, shape, target);
        switch (target) {
            case FLOAT32 -> {
                double[] v = doubles();
                for (int i = 0; i < n; i++) {
                    r.f[i] = (float) v[i];
                }
            }
            case FLOAT64 -> System.arraycopy(doubles(), 0, r.d, 0, n);
            case INT64 -> {
                double[] v = doubles();
                for (int i = 0; i < n; i++) {
                    r.l[i] = (long) v[i];
                }
                return r;
            }
        }
        if (dtype == DType.INT64) {
            return r;
        }
        DType from = dtype;
        return r.record("to", g -> new RefTensor[] {(RefTensor) g.to(from)}, this);
    }

    /** A copy of the array itself, where the composite converts through doubles. */
    @Override
    public float[] toFloatArray() {
        if (dtype == DType.FLOAT32) {
            return f.clone();
        }
        double[] v = doubles();
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    @Override
    public double[] toDoubleArray() {
        return dtype == DType.FLOAT64 ? d.clone() : doubles();
    }

    @Override
    public long[] toLongArray() {
        if (dtype == DType.INT64) {
            return l.clone();
        }
        double[] v = doubles();
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (long) v[i];
        }
        return out;
    }

    // ----- autograd -----

    @Override
    public boolean requiresGrad() {
        return requiresGrad;
    }

    @Override
    public Tensor requiresGrad(boolean flag) {
        TensorChecks.markable(this, isLeaf(), flag);
        this.requiresGrad = flag;
        return this;
    }

    @Override
    public Tensor grad() {
        return grad;
    }

    @Override
    public void setGrad(Tensor g) {
        if (g == null) {
            grad = null;
            return;
        }
        RefTensor r = other("setGrad", g);
        TensorChecks.gradientFits(this, r);
        grad = (RefTensor) r.detach();
    }

    void accumulateGrad(RefTensor g) {
        grad = grad == null ? (RefTensor) g.detach() : grad.binaryRaw("grad", g, BOp.ADD);
    }

    @Override
    public void backward(Tensor gradOutput) {
        RefTensor g = other("backward", gradOutput);
        TensorChecks.outputGradient(this, g);
        Autograd.backward(this, g);
    }

    @Override
    public Tensor detach() {
        return new RefTensor(engine, shape, dtype, f, d, l, false);
    }

    @Override
    public void assign(Tensor value) {
        RefTensor v = other("assign", value);
        TensorChecks.assignable(this, isLeaf(), v);
        switch (dtype) {
            case FLOAT32 -> f = v.f.clone();
            case FLOAT64 -> d = v.d.clone();
            case INT64 -> l = v.l.clone();
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(shape).append(' ').append(dtype.name().toLowerCase())
                .append(" cpu [");
        int n = (int) Math.min(shape.size(), 8);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            switch (dtype) {
                case FLOAT32 -> sb.append(f[i]);
                case FLOAT64 -> sb.append(d[i]);
                case INT64 -> sb.append(l[i]);
            }
        }
        if (shape.size() > n) {
            sb.append(", ...");
        }
        sb.append(']');
        if (requiresGrad) {
            sb.append(node != null ? " grad_fn=" + node.op : " requires_grad");
        }
        return sb.toString();
    }
}
