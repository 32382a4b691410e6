package seqlab.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Class labels to class ids {@code 0..k-1}, in sorted ({@link String#compareTo}) order so the ids do not depend on the
 * order of the data. Fitted on every label of a dataset: class names are not learned features, and a class missing
 * from a small training split must still have an id.
 */
public final class LabelEncoder {
    private final List<String> classes;
    private final Map<String, Integer> ids = new HashMap<>();

    private LabelEncoder(List<String> classes) {
        this.classes = List.copyOf(classes);
        for (int i = 0; i < classes.size(); i++) {
            ids.put(classes.get(i), i);
        }
    }

    public static LabelEncoder fit(Collection<String> labels) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("LabelEncoder.fit: no labels; the dataset is empty");
        }
        for (String l : labels) {
            if (l == null) {
                throw new IllegalArgumentException("LabelEncoder.fit: a label is null; give every example a class");
            }
        }
        return new LabelEncoder(new ArrayList<>(new TreeSet<>(labels)));
    }

    /** The class names in id order. */
    public List<String> classes() {
        return classes;
    }

    public int size() {
        return classes.size();
    }

    public int encode(String label) {
        Integer i = ids.get(label);
        if (i == null) {
            throw new IllegalArgumentException("LabelEncoder: unknown label '" + label + "'; known classes are " + classes);
        }
        return i;
    }

    public int[] encodeAll(List<String> labels) {
        int[] out = new int[labels.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = encode(labels.get(i));
        }
        return out;
    }

    public String decode(int id) {
        if (id < 0 || id >= classes.size()) {
            throw new IndexOutOfBoundsException("LabelEncoder: class id " + id + " outside 0.." + (classes.size() - 1));
        }
        return classes.get(id);
    }

    @Override
    public String toString() {
        return "LabelEncoder" + classes;
    }
}
