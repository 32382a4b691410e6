package seqlab.engine.reference;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import seqlab.engine.TensorChecks;

/**
 * Reverse-mode differentiation over the graph that {@link RefTensor} ops record: each result that needs a gradient
 * keeps a {@link Node} with its inputs and a function from the output's gradient to the inputs' gradients.
 * Backward visits the graph once in reverse topological order (iteratively: recurrent graphs are deep), adds into
 * the leaves' gradients, and then drops every node so the graph's memory can be reclaimed.
 *
 * <p>The gradients reaching one tensor are summed in one buffer ({@link GradSum}). A {@code narrow} passes its
 * gradient on as a {@link Slice} that is added into its region of that buffer, never as a zero tensor the size of
 * the whole input: reading a sequence step by step then costs backward time and memory linear in its length, where
 * one zero-filled copy per step would make it quadratic.
 */
final class Autograd {
    private Autograd() {
    }

    /** Computes the gradients of one op's inputs from its output gradient; null entries mean none. */
    @FunctionalInterface
    interface Backward {
        RefTensor[] apply(RefTensor gradOutput);
    }

    static final class Node {
        final String op;
        final RefTensor[] inputs;
        final Backward backward;
        /** Set for a narrow: its one input receives the gradient into this region instead of from backward. */
        final Slice slice;

        Node(String op, RefTensor[] inputs, Backward backward) {
            this(op, inputs, backward, null);
        }

        Node(String op, RefTensor[] inputs, Backward backward, Slice slice) {
            this.op = op;
            this.inputs = inputs;
            this.backward = backward;
            this.slice = slice;
        }
    }

    /**
     * Where a narrowed tensor sits in its input, viewed as {@code (outer, size, inner)} around the narrowed axis:
     * elements {@code start .. start+length-1} of that axis.
     */
    record Slice(int axis, int outer, int size, int start, int length, int inner) {
    }

    static void backward(RefTensor root, RefTensor gradRoot) {
        if (!root.requiresGrad()) {
            throw TensorChecks.nothingToDifferentiate();
        }
        if (root.graphFreed) {
            throw TensorChecks.graphFreed(null);
        }
        List<RefTensor> order = topologicalOrder(root);
        Map<RefTensor, GradSum> grads = new IdentityHashMap<>();
        grads.put(root, new GradSum(root).add(gradRoot));
        try (var ignored = root.engine().noGrad()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                RefTensor t = order.get(i);
                GradSum sum = grads.remove(t);
                if (sum == null) {
                    continue;
                }
                RefTensor g = sum.result();
                if (t.node == null) {
                    if (t.isLeaf() && t.requiresGrad()) {
                        t.accumulateGrad(g);
                    }
                    continue;
                }
                Node node = t.node;
                if (node.slice != null) {
                    RefTensor in = node.inputs[0];
                    if (in.requiresGrad()) {
                        grads.computeIfAbsent(in, GradSum::new).addSlice(g, node.slice);
                    }
                    continue;
                }
                RefTensor[] gs = node.backward.apply(g);
                for (int j = 0; j < node.inputs.length; j++) {
                    RefTensor in = node.inputs[j];
                    if (in == null || gs[j] == null || !in.requiresGrad()) {
                        continue;
                    }
                    if (!gs[j].shape().equals(in.shape())) {
                        throw new IllegalStateException("internal: gradient of " + node.op + " input " + j + " has shape "
                                + gs[j].shape() + ", expected " + in.shape());
                    }
                    grads.computeIfAbsent(in, GradSum::new).add(gs[j]);
                }
            }
        } finally {
            for (RefTensor t : order) {
                if (t.node != null) {
                    t.node = null;
                    t.graphFreed = true;
                }
            }
        }
    }

    /**
     * The gradients reaching one tensor, summed as they arrive: the first one is kept as it is, the rest are added
     * into a buffer allocated once (in place, element by element, in arrival order: the sums {@code a.add(b)} would
     * give), and a slice only touches its region. Adding a slice skips the zeros outside its region, which changes
     * nothing but the sign of a zero: {@code -0 + 0} is {@code +0}. So that the result keeps every bit, an element
     * that is {@code -0} at the end becomes {@code +0} unless every contribution covered it.
     */
    static final class GradSum {
        private final RefTensor target;
        private RefTensor value;
        /** Whether {@link #value}'s arrays were allocated here, so adding into them changes no one else's tensor. */
        private boolean owned;
        /** Per axis, the half-open range of indices every contribution so far covered. */
        private final int[] lo, hi;
        private boolean sliced;

        GradSum(RefTensor target) {
            this.target = target;
            int r = target.shape.rank();
            lo = new int[r];
            hi = target.shape.dims();
        }

        GradSum add(RefTensor g) {
            if (value == null) {
                value = g;
                return this;
            }
            own(g);
            int n = value.shape.sizeAsInt();
            if (value.dtype == seqlab.engine.DType.FLOAT32) {
                float[] z = value.f, y = g.f;
                for (int i = 0; i < n; i++) {
                    z[i] = z[i] + y[i];
                }
            } else {
                double[] z = value.d, y = g.d;
                for (int i = 0; i < n; i++) {
                    z[i] = z[i] + y[i];
                }
            }
            return this;
        }

        void addSlice(RefTensor g, Slice s) {
            boolean first = value == null;
            if (first) {
                value = RefTensor.blank(target.engine, target.shape, g.dtype);
                owned = true;
            } else {
                own(g);
            }
            sliced = true;
            lo[s.axis()] = Math.max(lo[s.axis()], s.start());
            hi[s.axis()] = Math.min(hi[s.axis()], s.start() + s.length());
            int run = s.length() * s.inner();
            for (int o = 0; o < s.outer(); o++) {
                int src = o * run, dst = (o * s.size() + s.start()) * s.inner();
                if (first) {
                    System.arraycopy(g.array(), src, value.array(), dst, run);
                } else if (value.dtype == seqlab.engine.DType.FLOAT32) {
                    for (int k = 0; k < run; k++) {
                        value.f[dst + k] = value.f[dst + k] + g.f[src + k];
                    }
                } else {
                    for (int k = 0; k < run; k++) {
                        value.d[dst + k] = value.d[dst + k] + g.d[src + k];
                    }
                }
            }
        }

        /** Copies {@link #value} into arrays of its own before the first addition into it. */
        private void own(RefTensor g) {
            if (g.dtype != value.dtype) {
                throw new IllegalStateException("internal: gradients of " + value.dtype + " and " + g.dtype + " meet");
            }
            if (!owned) {
                RefTensor copy = RefTensor.blank(target.engine, value.shape, value.dtype);
                System.arraycopy(value.array(), 0, copy.array(), 0, value.shape.sizeAsInt());
                value = copy;
                owned = true;
            }
        }

        RefTensor result() {
            if (sliced) {
                int n = value.shape.sizeAsInt();
                int[] strides = value.shape.strides();
                for (int i = 0; i < n; i++) {
                    boolean negativeZero = value.dtype == seqlab.engine.DType.FLOAT32
                            ? Float.floatToRawIntBits(value.f[i]) == 0x8000_0000
                            : Double.doubleToRawLongBits(value.d[i]) == 0x8000_0000_0000_0000L;
                    if (negativeZero && !coveredByAll(i, strides)) {
                        if (value.dtype == seqlab.engine.DType.FLOAT32) {
                            value.f[i] = 0f;
                        } else {
                            value.d[i] = 0.0;
                        }
                    }
                }
            }
            return value;
        }

        private boolean coveredByAll(int index, int[] strides) {
            for (int a = 0; a < strides.length; a++) {
                int c = index / strides[a] % value.shape.dim(a);
                if (c < lo[a] || c >= hi[a]) {
                    return false;
                }
            }
            return true;
        }
    }

    private static List<RefTensor> topologicalOrder(RefTensor root) {
        List<RefTensor> order = new ArrayList<>();
        Map<RefTensor, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        seen.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            RefTensor t = (RefTensor) frame[0];
            int next = (Integer) frame[1];
            RefTensor[] ins = t.node == null ? new RefTensor[0] : t.node.inputs;
            boolean pushed = false;
            while (next < ins.length) {
                RefTensor in = ins[next++];
                if (in != null && in.requiresGrad() && seen.put(in, Boolean.TRUE) == null) {
                    frame[1] = next;
                    stack.push(new Object[] {in, 0});
                    pushed = true;
                    break;
                }
            }
            if (!pushed) {
                stack.pop();
                order.add(t);
            }
        }
        return order; // inputs before outputs
    }
}
