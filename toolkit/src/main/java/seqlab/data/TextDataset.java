package seqlab.data;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Labelled texts for classification.
 *
 * @param info   provenance; its size equals {@code rows.size()}
 * @param rows   the texts in their published order (splitting and shuffling are the task's job)
 * @param labels every class, in a fixed order that gives each label its index; every row's label is in it
 */
public record TextDataset(DatasetInfo info, List<LabeledText> rows, List<String> labels) implements Dataset {

    public TextDataset {
        Objects.requireNonNull(info, "info");
        rows = List.copyOf(rows);
        labels = List.copyOf(labels);
        if (new HashSet<>(labels).size() != labels.size()) {
            throw new IllegalArgumentException("TextDataset " + info.name() + ": labels " + labels + " repeat a label; list each once");
        }
        Set<String> known = new HashSet<>(labels);
        for (int i = 0; i < rows.size(); i++) {
            if (!known.contains(rows.get(i).label())) {
                throw new IllegalArgumentException("TextDataset " + info.name() + ": row " + i + " has label '"
                        + rows.get(i).label() + "', which is not in labels " + labels + "; add it to labels");
            }
        }
        if (info.size() != rows.size()) {
            throw new IllegalArgumentException("TextDataset " + info.name() + ": info says " + info.size()
                    + " rows but there are " + rows.size() + "; build the info with info.withSize(rows.size())");
        }
    }

    /** Wraps in-memory rows; labels are the distinct row labels in sorted order. */
    public static TextDataset of(String name, List<LabeledText> rows) {
        Set<String> labels = new TreeSet<>();
        rows.forEach(r -> labels.add(r.label()));
        return new TextDataset(new DatasetInfo(name, DatasetInfo.CLASSIFICATION, rows.size(), "unknown", "in memory", ""),
                rows, List.copyOf(labels));
    }

    /**
     * Reads labelled texts from a CSV or TSV file with a header row, e.g.
     * {@code TextDataset.fromCsv(Path.of("reviews.csv"), "text", "label")}. Labels are the distinct values of the
     * label column, sorted; the dataset is named after the file and records its path and SHA-256.
     *
     * @throws DataFileException naming the file, the row and the problem (missing column, empty text or label, a
     *                           single class, bytes that are not UTF-8, a file that does not exist or is empty)
     */
    public static TextDataset fromCsv(java.nio.file.Path file, String textColumn, String labelColumn) {
        return TableLoader.text(TabularData.read(file), textColumn, labelColumn);
    }

    /** Reads labelled texts from a Tablesaw table (see {@link #fromCsv}); the dataset is named after the table. */
    public static TextDataset from(tech.tablesaw.api.Table table, String textColumn, String labelColumn) {
        return TableLoader.text(TabularData.of(table), textColumn, labelColumn);
    }

    @Override
    public int size() {
        return rows.size();
    }

    /** Over the label list (it fixes each label's index) and every row's text and label, in order. */
    @Override
    public String contentHash() {
        ContentHash h = new ContentHash("text-dataset").add(labels.size());
        labels.forEach(h::add);
        h.add(rows.size());
        for (LabeledText r : rows) {
            h.add(r.text()).add(r.label());
        }
        return h.hex();
    }

    /** Rows per label, in {@link #labels()} order. */
    public Map<String, Integer> labelCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        labels.forEach(l -> counts.put(l, 0));
        rows.forEach(r -> counts.merge(r.label(), 1, Integer::sum));
        return Collections.unmodifiableMap(counts);
    }

    /**
     * The rows that pass {@code keep}; labels stay the same so indices stay comparable. The info's checksum still
     * names the file the rows came from; {@link #contentHash()} tells the filtered data apart.
     */
    public TextDataset filter(Predicate<LabeledText> keep) {
        List<LabeledText> kept = rows.stream().filter(keep).toList();
        return new TextDataset(info.withSize(kept.size()), kept, labels);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TextDataset[").append(info.name()).append(": ").append(rows.size()).append(" rows, ");
        String sep = "";
        for (Map.Entry<String, Integer> e : labelCounts().entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = ", ";
        }
        return sb.append("; ").append(info.licence()).append(']').toString();
    }
}
