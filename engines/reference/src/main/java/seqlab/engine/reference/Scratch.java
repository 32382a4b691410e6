package seqlab.engine.reference;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Work arrays borrowed and given back, so kernels that need a temporary copy (a packed operand of a matrix product)
 * do not allocate and zero a fresh array on every call. Each borrower gets an array no other borrower holds, so it
 * is safe across threads and in nested calls; its contents are whatever the last borrower left, and the borrower
 * writes every element it reads. At most {@link #KEPT} arrays are kept; more are left to the garbage collector.
 */
final class Scratch {
    private static final int KEPT = 8;
    private static final ConcurrentLinkedDeque<float[]> FREE = new ConcurrentLinkedDeque<>();
    private static final AtomicInteger SIZE = new AtomicInteger();

    private Scratch() {
    }

    /** An array of at least {@code n} elements, until {@link #give} returns it. */
    static float[] take(int n) {
        float[] a = FREE.pollFirst();
        if (a != null) {
            SIZE.decrementAndGet();
            if (a.length >= n) {
                return a;
            }
        }
        return new float[n];
    }

    static void give(float[] a) {
        if (SIZE.incrementAndGet() <= KEPT) {
            FREE.offerFirst(a);
        } else {
            SIZE.decrementAndGet();
        }
    }
}
