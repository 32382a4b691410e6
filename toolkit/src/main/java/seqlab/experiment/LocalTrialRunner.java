package seqlab.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@link TrialRunner#local(Parallelism)}: trials on a pool of threads in this JVM, the longest first, each trial's
 * engine capped at its share of the cores on the trial's own thread ({@link EngineThreads}). A trial that runs out of heap beside others is set aside and run
 * again alone once the pool is done, so one oversized trial fails by itself and does not take its neighbours down.
 */
final class LocalTrialRunner implements TrialRunner {
    /** A trial thread's stack: deep recurrent graphs recurse in backward (the launcher gives every thread -Xss8m). */
    private static final long STACK_BYTES = 8L << 20;

    private final Parallelism parallelism;

    LocalTrialRunner(Parallelism parallelism) {
        this.parallelism = java.util.Objects.requireNonNull(parallelism, "parallelism");
    }

    @Override
    public void run(Task task, List<TrialSpec> trials, TrialListener listener, Consumer<TrialResult> finished) {
        run(trials.stream().map(s -> new Job(task, s, task.trialCost(s.model(), s.train()))).toList(), listener,
                finished);
    }

    @Override
    public String describe(int pending) {
        return parallelism.plan(pending).describe();
    }

    @Override
    public void run(List<Job> jobs, TrialListener listener, Consumer<TrialResult> finished) {
        if (jobs.isEmpty()) {
            return;
        }
        Parallelism.Plan plan = parallelism.plan(jobs.size());
        int threads = EngineThreads.of(plan);
        List<Job> retry = new ArrayList<>();
        if (plan.trials() == 1) {
            runInTurn(jobs, threads, listener, finished);
            return;
        }
        // longest first, so that the last trials to start are short and the cores stay busy to the end
        List<Job> order = new ArrayList<>(jobs);
        order.sort(Comparator.comparingDouble(Job::cost).reversed());
        runPool(order, plan.trials(), threads, listener, finished, retry);
        if (!retry.isEmpty()) {
            int alone = parallelism.threadsPerTrial() > 0 ? parallelism.threadsPerTrial() : plan.cores();
            runInTurn(retry, alone, listener, finished);
        }
    }

    /** A pool of {@code threads} daemon threads with the stack a trial needs. */
    static ExecutorService pool(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(null, r, "seqlab-trial-" + count.incrementAndGet(), STACK_BYTES);
            t.setDaemon(true);
            return t;
        };
        return Executors.newFixedThreadPool(threads, factory);
    }

    private static Set<String> engines(List<Job> jobs) {
        Set<String> names = new LinkedHashSet<>();
        jobs.forEach(j -> names.add(j.spec().engine()));
        return names;
    }

    /**
     * One trial after another on this thread, each engine capped at {@code threads} (0: its own setting), until they
     * are done or the thread is interrupted.
     */
    private static void runInTurn(List<Job> jobs, int threads, TrialListener listener, Consumer<TrialResult> finished) {
        for (Job j : jobs) {
            deliver(j, attempt(j, threads, listener), finished);
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("Interrupted; finished trials are saved");
            }
        }
    }

    /** Runs {@code j} on this thread with its engine capped at {@code threads} (0: its own setting). */
    private static TrialAttempt attempt(Job j, int threads, TrialListener listener) {
        listener.trialStarted(j.spec(), 0, 0);
        try (EngineThreads t = EngineThreads.limit(Set.of(j.spec().engine()), threads)) {
            return TrialAttempt.run(j.task(), j.spec(), listener);
        }
    }

    private static void deliver(Job j, TrialAttempt a, Consumer<TrialResult> finished) {
        if (!Thread.currentThread().isInterrupted()) {
            finished.accept(a.result());
        }
    }

    private static void runPool(List<Job> order, int trials, int threads, TrialListener listener,
                                Consumer<TrialResult> finished, List<Job> retry) {
        ExecutorService pool = pool(trials);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (Job j : order) {
                fs.add(pool.submit(() -> {
                    TrialAttempt a = attempt(j, threads, listener);
                    if (a.outOfMemory()) {
                        synchronized (retry) {
                            retry.add(j);
                        }
                        listener.trialDeferred(j.spec(), "ran out of memory beside other trials; it runs again alone "
                                + "when they are done");
                    } else {
                        deliver(j, a, finished);
                    }
                }));
            }
            for (Future<?> f : fs) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("A trial runner failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted; finished trials are saved", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        // the retries run in the order the pool met them; sort them back to longest first
        retry.sort(Comparator.comparingDouble(Job::cost).reversed());
    }

    @Override
    public String toString() {
        return "this JVM (" + parallelism + ")";
    }
}
