package seqlab.experiment;

import java.util.Optional;

/**
 * Rebuilds tasks from their {@link TaskSpec} (found with {@link java.util.ServiceLoader}), so a trial can run in a JVM
 * that never saw the driver's objects. seqlab-experiments registers one for the shipped tasks and datasets; a jar
 * with its own task adds a {@code META-INF/services/seqlab.experiment.TaskFactory} entry.
 */
public interface TaskFactory {

    /** The task {@code spec} describes, or empty when this factory does not know its task or dataset. */
    Optional<Task> create(TaskSpec spec);
}
