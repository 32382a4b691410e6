package seqlab.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The bench's helper processes ({@link Neighbours}, {@link NativeMemory}'s run) never outlive it: the bench stops them
 * when it ends, on Ctrl-C too (a shutdown hook), and each ends by itself when the bench dies however it died, because
 * its standard input, a pipe from the bench that the bench never writes to, then reaches its end.
 */
final class ChildJvms {
    private ChildJvms() {
    }

    /** In a child: exits the JVM with {@code status} once standard input ends. Returns at once. */
    static void exitWhenParentEnds(int status) {
        Thread watch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the parent never writes
                }
            } catch (IOException e) {
                // a broken pipe means the same: the parent is gone
            }
            System.exit(status);
        }, "seqlab-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /** In the parent: a shutdown hook that stops {@code processes}; remove it with {@link #release}. */
    static Thread stopOnShutdown(List<Process> processes) {
        Thread hook = new Thread(() -> stop(processes), "seqlab-bench-children-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /** Stops {@code processes} and removes their hook (unless the JVM is already shutting down). */
    static void release(List<Process> processes, Thread hook) {
        stop(processes);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook runs or has run
        }
    }

    /** Asks each to end, waits up to 5 s, then kills what is left. */
    static void stop(List<Process> processes) {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
