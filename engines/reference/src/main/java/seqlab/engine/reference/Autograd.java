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

        Node(String op, RefTensor[] inputs, Backward backward) {
            this.op = op;
            this.inputs = inputs;
            this.backward = backward;
        }
    }

    static void backward(RefTensor root, RefTensor gradRoot) {
        if (!root.requiresGrad()) {
            throw TensorChecks.nothingToDifferentiate();
        }
        if (root.graphFreed) {
            throw TensorChecks.graphFreed(null);
        }
        List<RefTensor> order = topologicalOrder(root);
        Map<RefTensor, RefTensor> grads = new IdentityHashMap<>();
        grads.put(root, gradRoot);
        try (var ignored = root.engine().noGrad()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                RefTensor t = order.get(i);
                RefTensor g = grads.remove(t);
                if (g == null) {
                    continue;
                }
                if (t.node == null) {
                    if (t.isLeaf() && t.requiresGrad()) {
                        t.accumulateGrad(g);
                    }
                    continue;
                }
                Node node = t.node;
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
                    grads.merge(in, gs[j], (a, b) -> (RefTensor) a.add(b));
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
