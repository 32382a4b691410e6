package seqlab.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs snippets in this JVM and keeps their values as objects.
 *
 * <p>JShell's execution SPI hands values back as strings. Here the string is a key into a table of the
 * real results, which {@link JShellEvaluator} resolves, so a cell can return a Tablesaw table and the
 * kernel can render it. Each snippet runs on a fresh thread (big stack: deep recurrent models recurse)
 * so that {@link #stop()} can interrupt it without touching the kernel's own threads.
 */
final class CellExecutionControl extends DirectExecutionControl {

    /** Prefix of the value strings that stand for objects kept in {@link #values}. */
    static final String KEY_PREFIX = "\u0000seqlab-value-";

    private static final Logger LOG = LoggerFactory.getLogger(CellExecutionControl.class);
    /** Stack of a cell thread; matches the -Xss8m every seqlab JVM gets. */
    private static final long CELL_STACK_BYTES = 8L << 20;
    /** How long an interrupt may be ignored before the thread is stopped outright (where the JVM allows). */
    private static final long STOP_GRACE_MS = 1000;

    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private final AtomicLong keys = new AtomicLong();
    private volatile Thread running;
    private volatile boolean stopRequested;

    @Override
    protected String invoke(Method doit) throws Exception {
        stopRequested = false;
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread cell = new Thread(null, () -> {
            try {
                result[0] = doit.invoke(null);
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "seqlab-cell", CELL_STACK_BYTES);
        cell.setContextClassLoader(doit.getDeclaringClass().getClassLoader());
        cell.setDaemon(true);
        running = cell;
        try {
            cell.start();
            cell.join();
        } finally {
            running = null;
        }
        if (stopRequested) {
            throw new ExecutionControl.StoppedException();
        }
        Throwable t = failure[0];
        if (t instanceof Exception e) {
            // InvocationTargetException carries the user's exception; the caller turns it into an EvalException.
            throw e;
        }
        if (t != null) {
            throw new InvocationTargetException(t);
        }
        String key = KEY_PREFIX + keys.incrementAndGet();
        values.put(key, result[0] == null ? NULL : result[0]);
        return key;
    }

    /** Stands for a null value in the concurrent map. */
    private static final Object NULL = new Object();

    /** The object behind a value string, or {@code fallback} if the string is not one of ours. */
    Object valueOf(String key, Object fallback) {
        if (key == null || !key.startsWith(KEY_PREFIX)) {
            return fallback;
        }
        Object v = values.get(key);
        return v == null ? fallback : (v == NULL ? null : v);
    }

    /** Forgets the values of finished cells, so they can be garbage collected. */
    void clearValues() {
        values.clear();
    }

    boolean stopRequested() {
        return stopRequested;
    }

    @Override
    public void stop() {
        Thread cell = running;
        if (cell == null) {
            return;
        }
        stopRequested = true;
        cell.interrupt();
        // Interrupt ends sleeps, waits and interruptible I/O; a busy loop ignores it, so escalate off-thread
        // to keep the control channel responsive.
        Thread escalate = new Thread(() -> {
            try {
                cell.join(STOP_GRACE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (cell.isAlive()) {
                forceStop(cell);
            }
        }, "seqlab-cell-stop");
        escalate.setDaemon(true);
        escalate.start();
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static void forceStop(Thread cell) {
        try {
            cell.stop();
        } catch (UnsupportedOperationException e) {
            // Java 20+ removed Thread.stop: only code that checks interrupts (sleep, wait, I/O) can be stopped.
            LOG.warn("cell ignores interrupts and this JVM (" + Runtime.version()
                    + ") cannot stop threads; restart the kernel, or check Thread.interrupted() in long loops");
        }
    }

    /** Hands JShell the one control instance the evaluator keeps a reference to. */
    static final class Provider implements ExecutionControlProvider {
        private final CellExecutionControl control;

        Provider(CellExecutionControl control) {
            this.control = control;
        }

        @Override
        public String name() {
            return "seqlab-local";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return control;
        }
    }
}
