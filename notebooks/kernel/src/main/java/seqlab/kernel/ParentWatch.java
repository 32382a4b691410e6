package seqlab.kernel;

import java.util.Optional;

/**
 * Ends the kernel when the process that started it is gone. Jupyter's front ends put their process id into
 * {@code JPY_PARENT_PID}; if that process dies without shutting the kernel down (killed, crashed), the kernel
 * would otherwise live on as an orphan, holding its ports, its memory and any running cell.
 *
 * <p>On Windows Jupyter passes a process handle there, not an id, so the variable is not read.
 */
final class ParentWatch {
    static final String VARIABLE = "JPY_PARENT_PID";

    private ParentWatch() {
    }

    /**
     * Watches {@code value} (the variable's value, may be null) and runs {@code onExit} once the process it names
     * has ended; at once if it has ended already.
     *
     * @return the watched process id, if any is watched
     */
    static Optional<Long> watch(String value, Runnable onExit) {
        if (value == null || value.isBlank() || System.getProperty("os.name", "").startsWith("Windows")) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            System.err.println("seqlab kernel: ignoring " + VARIABLE + "='" + value + "', not a process id");
            return Optional.empty();
        }
        if (pid <= 1) {
            // 1 is init: a parent that re-parented us there is already gone, but init never exits.
            if (pid == 1) {
                onExit.run();
            }
            return Optional.empty();
        }
        Optional<ProcessHandle> parent = ProcessHandle.of(pid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            onExit.run();
            return Optional.of(pid);
        }
        parent.get().onExit().thenRun(onExit);
        return Optional.of(pid);
    }
}
