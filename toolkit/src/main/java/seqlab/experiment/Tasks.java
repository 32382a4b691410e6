package seqlab.experiment;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/** Tasks by name: the {@link TaskFactory} registry a remote runner uses to rebuild a task from its {@link TaskSpec}. */
public final class Tasks {
    /**
     * One task per spec per JVM: an executor runs many trials of the same task, and a task caches what it prepared
     * (vocabulary, encoded splits), so rebuilding it per trial would repeat that work.
     */
    private static final Map<TaskSpec, Task> SHARED = new ConcurrentHashMap<>();

    private Tasks() {
    }

    /** A new task for {@code spec}, from the first registered factory that knows it. */
    public static Task create(TaskSpec spec) {
        for (TaskFactory f : ServiceLoader.load(TaskFactory.class, classLoader())) {
            Optional<Task> t = f.create(spec);
            if (t.isPresent()) {
                return t.get();
            }
        }
        throw new IllegalArgumentException("No task factory can build the " + spec.task() + " task on dataset '"
                + spec.dataset() + "'. Put seqlab-experiments (or the jar that registers your TaskFactory under "
                + "META-INF/services/seqlab.experiment.TaskFactory) on the class path.");
    }

    /** The task for {@code spec}, built once per JVM and then reused. */
    public static Task shared(TaskSpec spec) {
        return SHARED.computeIfAbsent(spec, Tasks::create);
    }

    /**
     * The spec that rebuilds {@code task} elsewhere, checked here: rebuilding it must give the same data (by content
     * hash), else trials would silently run on other data.
     */
    public static TaskSpec portable(Task task) {
        TaskSpec spec = task.spec();
        Task rebuilt;
        try {
            rebuilt = create(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The " + task.name() + " task on '" + task.dataset() + "' ("
                    + task.getClass().getSimpleName() + ") cannot be rebuilt by name, so it cannot run on another "
                    + "machine; run it locally, or register a TaskFactory for it. (" + e.getMessage() + ")", e);
        }
        if (!rebuilt.dataHash().equals(task.dataHash())) {
            throw new IllegalArgumentException("Dataset '" + task.dataset() + "' rebuilt by name holds other data (content "
                    + "hash " + rebuilt.dataHash() + ") than the task in hand (" + task.dataHash() + "): it was changed "
                    + "in memory or loaded from a file. Remote runners read datasets from the jar; ship the data as a "
                    + "dataset in the jar or run locally.");
        }
        return spec;
    }

    private static ClassLoader classLoader() {
        // Spark runs user code with the application jar on the thread's context loader, not the system one
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : Tasks.class.getClassLoader();
    }
}
