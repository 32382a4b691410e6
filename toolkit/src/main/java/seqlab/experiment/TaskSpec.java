package seqlab.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;

/**
 * A task by name, so another JVM (a Spark executor) can rebuild it with {@link Tasks#create(TaskSpec)}: the task's
 * name, the dataset's name as {@code Datasets.load} accepts it (read from the jar there, never shipped), and the
 * task's options as plain JSON values.
 *
 * @param task    {@code classification}, {@code translation}, {@code forecasting} or a third party's task name
 * @param dataset the dataset's name
 * @param options the task's options record as a map (e.g. {@code embedding}, {@code maxLength})
 */
public record TaskSpec(String task, String dataset, Map<String, Object> options) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public TaskSpec {
        options = java.util.Collections.unmodifiableMap(new TreeMap<>(options == null ? Map.of() : options));
    }

    /** A spec whose options are the components of an options record. */
    public static TaskSpec of(String task, String dataset, Record options) {
        return new TaskSpec(task, dataset, JSON.convertValue(options, new TypeReference<Map<String, Object>>() { }));
    }

    /** The options as the task's options record. */
    public <T> T options(Class<T> type) {
        try {
            return JSON.convertValue(options, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Task options " + options + " do not fit " + type.getSimpleName() + ": "
                    + e.getMessage() + ". The driver and the executors must run the same seqlab version.", e);
        }
    }

    /** One line of JSON, what crosses the wire. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TaskSpec fromJson(String json) {
        try {
            return JSON.readValue(json, TaskSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a task description: " + e.getOriginalMessage(), e);
        }
    }
}
