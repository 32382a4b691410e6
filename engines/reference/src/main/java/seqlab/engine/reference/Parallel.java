package seqlab.engine.reference;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import seqlab.engine.Engines;
import seqlab.engine.ThreadLimit;

/**
 * The reference engine's worker threads. Work is split into fixed index ranges whose results do not depend on how
 * many threads run them, so results are bit-identical for any thread count.
 */
final class Parallel {
    /** Below this many multiply-adds a product runs on the calling thread: forking costs more than it saves. */
    static final long MIN_PARALLEL_WORK = 1L << 18;

    /**
     * 0 until first needed. Read then, not in a static initialiser, so a bad {@code seqlab.threads} fails with its own
     * message at every use instead of an ExceptionInInitializerError once and NoClassDefFoundError after.
     */
    private static volatile int threads;
    private static volatile ForkJoinPool pool;
    /** A thread's own cap ({@link #limit}); unset means the process-wide count. */
    private static final ThreadLocal<Integer> LIMIT = new ThreadLocal<>();

    private Parallel() {
    }

    static int threads() {
        int n = threads;
        if (n == 0) {
            synchronized (Parallel.class) {
                if (threads == 0) {
                    threads = Engines.configuredThreads();
                }
                n = threads;
            }
        }
        return n;
    }

    /** Sets the number of threads large products may use (1 runs everything on the caller). */
    static synchronized void setThreads(int n) {
        Engines.checkThreads(n);
        if (n != threads) {
            ForkJoinPool old = pool;
            pool = null;
            threads = n;
            if (old != null) {
                old.shutdown();
            }
        }
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    p = new ForkJoinPool(threads(), pool -> {
                        var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                        t.setName("seqlab-reference-" + t.getPoolIndex());
                        t.setDaemon(true);
                        return t;
                    }, null, false);
                    pool = p;
                }
            }
        }
        return p;
    }

    /**
     * Caps the pieces the calling thread's work splits into at {@code n} until the limit closes. The pool stays one
     * pool of {@link #threads()} workers for the process; with {@code k} threads each capped at
     * {@code threads / k}, together they split their work into no more pieces at a time than one uncapped thread.
     */
    static ThreadLimit limit(int n) {
        Engines.checkThreads(n);
        Integer before = LIMIT.get();
        LIMIT.set(n);
        return () -> {
            if (before == null) {
                LIMIT.remove();
            } else {
                LIMIT.set(before);
            }
        };
    }

    /** The threads the calling thread's work may use: the process-wide count, or less under a {@link #limit}. */
    static int threadsHere() {
        Integer cap = LIMIT.get();
        int all = threads();
        return cap == null ? all : Math.min(cap, all);
    }

    interface RangeBody {
        void run(int from, int to);
    }

    /** Set on a thread while it runs one of {@link #both}'s halves: its products then stay on that thread. */
    private static final ThreadLocal<boolean[]> SERIAL = ThreadLocal.withInitial(() -> new boolean[1]);

    /** Runs {@code body} over [0, n) in chunks; in parallel when {@code work} is large and threads &gt; 1. */
    static void forRange(int n, long work, RangeBody body) {
        int t = work < MIN_PARALLEL_WORK || n < 2 || SERIAL.get()[0] ? 1 : threadsHere();
        if (t <= 1) {
            body.run(0, n);
            return;
        }
        int chunks = Math.min(n, t * 4);
        pool().invoke(new Chunk(body, n, 0, chunks, chunks));
    }

    /**
     * Runs two independent pieces of work, at once on two threads when there are several, else one after the other.
     * Each piece runs serially on its thread (its own products do not fork further), which suits two equal halves
     * such as the directions of a bidirectional layer: a recurrence's per-step products are too small to split
     * profitably, and the two halves keep both cores busy. The pieces must not write the same memory.
     */
    static void both(Runnable first, Runnable second) {
        if (SERIAL.get()[0] || threadsHere() <= 1) {
            first.run();
            second.run();
            return;
        }
        pool().invoke(new RecursiveAction() {
            @Override
            protected void compute() {
                RecursiveAction other = new RecursiveAction() {
                    @Override
                    protected void compute() {
                        serially(second);
                    }
                };
                other.fork();
                serially(first);
                other.join();
            }
        });
    }

    private static void serially(Runnable r) {
        boolean[] flag = SERIAL.get();
        boolean before = flag[0];
        flag[0] = true;
        try {
            r.run();
        } finally {
            flag[0] = before;
        }
    }

    private static final class Chunk extends RecursiveAction {
        private final RangeBody body;
        private final int n, lo, hi, chunks;

        Chunk(RangeBody body, int n, int lo, int hi, int chunks) {
            this.body = body;
            this.n = n;
            this.lo = lo;
            this.hi = hi;
            this.chunks = chunks;
        }

        @Override
        protected void compute() {
            if (hi - lo == 1) {
                int from = (int) ((long) n * lo / chunks);
                int to = (int) ((long) n * (lo + 1) / chunks);
                if (from < to) {
                    body.run(from, to);
                }
                return;
            }
            int mid = (lo + hi) >>> 1;
            invokeAll(new Chunk(body, n, lo, mid, chunks), new Chunk(body, n, mid, hi, chunks));
        }
    }
}
