package seqlab.experiment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;
import seqlab.engine.Engines;

/**
 * How many trials run at once in this JVM and how many threads each trial's engine uses. By default both are sized to
 * the machine: as many trials as there are cores (and trials to run, and heap for them), the cores divided evenly
 * among them, so that trials × threads per trial ≤ {@link Runtime#availableProcessors()}. Small models leave cores
 * idle inside one trial (a 32-row recurrence keeps one core busy), so trials side by side use the machine far better
 * than threads inside one; and the reference engine gives the same bits either way.
 *
 * @param trials          trials at once; 0 sizes it to the machine
 * @param threadsPerTrial intra-op threads each trial's engine uses, on the trial's own thread and never more than the
 *                        engine's own count ({@code seqlab.threads}, default every core); 0 divides the cores among
 *                        the trials
 */
public record Parallelism(int trials, int threadsPerTrial) {

    /**
     * Java heap a trial of the canonical comparisons needs at most, with room to spare: the quick budget's trials
     * peaked at about 60 MB of live heap each (README, "Parallel trials"); the standard and full budgets' wider models
     * and whole datasets need more. The default sizing runs no more trials at once than the maximum heap holds.
     */
    public static final long HEAP_PER_TRIAL = 256L << 20;

    public Parallelism {
        if (trials < 0 || threadsPerTrial < 0) {
            throw new IllegalArgumentException("Parallelism needs trials >= 1 and threads per trial >= 1 (0 = sized to "
                    + "the machine), got " + trials + " trials and " + threadsPerTrial + " threads per trial");
        }
    }

    /** Sized to the machine: trials and threads per trial chosen when the run starts. */
    public static Parallelism auto() {
        return new Parallelism(0, 0);
    }

    /** One trial at a time, with every core for its engine (how seqlab ran before trials ran in parallel). */
    public static Parallelism serial() {
        return new Parallelism(1, 0);
    }

    /** {@code trials} at once, the cores divided among them. */
    public static Parallelism of(int trials) {
        return of(trials, 0);
    }

    /** {@code trials} at once with {@code threadsPerTrial} engine threads each (0 for either: sized to the machine). */
    public static Parallelism of(int trials, int threadsPerTrial) {
        if (trials == 0 && threadsPerTrial == 0) {
            return auto();
        }
        return new Parallelism(trials, threadsPerTrial);
    }

    /**
     * What a run does: {@code trials} at once with {@code threadsPerTrial} threads each.
     *
     * @param trials          trials at once
     * @param threadsPerTrial engine threads per trial
     * @param cores           the cores the JVM sees
     * @param divide          whether engines' threads are set for the run (false when one trial runs with the
     *                        engines' own setting)
     */
    public record Plan(int trials, int threadsPerTrial, int cores, boolean divide) {
        /** E.g. {@code 2 trials at once, 1 thread each (2 cores)}; says so when they ask for more threads than cores. */
        public String describe() {
            String s = String.format(Locale.ROOT, "%d trial%s at once, %d thread%s each (%d core%s)", trials,
                    trials == 1 ? "" : "s", threadsPerTrial, threadsPerTrial == 1 ? "" : "s", cores,
                    cores == 1 ? "" : "s");
            long threads = (long) trials * threadsPerTrial;
            return threads > cores ? s + "; " + threads + " threads on " + cores + " cores compete for them" : s;
        }
    }

    /**
     * The plan for {@code pending} trials on {@code cores} cores with {@code maxHeap} bytes of heap: what is given is
     * kept, what is 0 is sized so that trials × threads ≤ cores and trials × {@link #HEAP_PER_TRIAL} ≤ max heap (at
     * least one trial, never more than there are to run).
     */
    public Plan plan(int pending, int cores, long maxHeap) {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be >= 1, got " + cores);
        }
        int perTrial = threadsPerTrial;
        int t = trials;
        if (t == 0) {
            // -Dseqlab.threads=N set by hand says how many threads an op should use: keep it per trial
            int per = perTrial > 0 ? perTrial : System.getProperty(Engines.THREADS_PROPERTY) != null
                    ? Engines.configuredThreads() : 1;
            t = Math.max(1, cores / per);
            t = (int) Math.max(1, Math.min(t, maxHeap / HEAP_PER_TRIAL));
            t = Math.max(1, Math.min(t, pending));
        }
        boolean divide = t > 1 || perTrial > 0;
        if (perTrial == 0) {
            perTrial = t == 1 ? Engines.configuredThreads() : Math.max(1, cores / t);
        }
        return new Plan(t, perTrial, cores, divide);
    }

    /** The plan on this machine: {@link Runtime#availableProcessors()} cores and {@link Runtime#maxMemory()}. */
    public Plan plan(int pending) {
        Runtime rt = Runtime.getRuntime();
        return plan(pending, rt.availableProcessors(), rt.maxMemory());
    }

    /**
     * Applies {@code work} to every item on a pool sized by this parallelism, the named engines capped at each item's
     * share of the cores on the item's thread: for experiments that train models outside trials. Returns the results
     * in the order of the items; when an item fails, the others finish and the first failure is thrown.
     */
    public <T, R> List<R> map(List<T> items, Collection<String> engines, Function<? super T, ? extends R> work) {
        Plan plan = plan(items.size());
        int threads = EngineThreads.of(plan);
        Function<T, R> capped = item -> {
            try (EngineThreads t = EngineThreads.limit(engines, threads)) {
                return work.apply(item);
            }
        };
        List<R> out = new ArrayList<>();
        if (plan.trials() == 1) {
            for (T item : items) {
                out.add(capped.apply(item));
            }
            return out;
        }
        ExecutorService pool = LocalTrialRunner.pool(plan.trials());
        try {
            List<Future<R>> fs = new ArrayList<>();
            for (T item : items) {
                fs.add(pool.submit(() -> capped.apply(item)));
            }
            RuntimeException first = null;
            for (Future<R> f : fs) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException r ? r
                                : new IllegalStateException(e.getCause().toString(), e.getCause());
                    }
                }
            }
            if (first != null) {
                throw first;
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return (trials == 0 ? "trials sized to the machine" : trials + " trial" + (trials == 1 ? "" : "s") + " at once")
                + ", " + (threadsPerTrial == 0 ? "cores divided among them" : threadsPerTrial + " thread"
                        + (threadsPerTrial == 1 ? "" : "s") + " each");
    }
}
