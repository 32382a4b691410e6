package seqlab.data;

import java.util.Objects;

/**
 * What a dataset is and where it came from, without its contents.
 *
 * @param name    short name used to load it, e.g. {@code "sentiment"} or {@code "co2"}
 * @param task    {@link #CLASSIFICATION}, {@link #TRANSLATION} or {@link #FORECASTING}
 * @param size    rows, sentence pairs or time steps
 * @param licence SPDX identifier or short statement, e.g. {@code "CC-BY-4.0"} or {@code "public domain"}
 * @param source  registry, package, version and path it was built from, and the work to cite
 * @param sha256  lower-case hex SHA-256 of the data file as shipped, or {@code ""} for data built in memory; it names
 *                the file, not the rows in hand (a filtered subset keeps it): {@link Dataset#contentHash()} does that
 */
public record DatasetInfo(String name, String task, int size, String licence, String source, String sha256) {

    public static final String CLASSIFICATION = "classification";
    public static final String TRANSLATION = "translation";
    public static final String FORECASTING = "forecasting";

    public DatasetInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(licence, "licence");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sha256, "sha256");
        if (name.isBlank()) {
            throw new IllegalArgumentException("DatasetInfo name is blank; give the dataset a short name such as \"sentiment\"");
        }
        if (size < 0) {
            throw new IllegalArgumentException("DatasetInfo " + name + " has size " + size + "; a size is >= 0");
        }
    }

    /**
     * The same provenance after selecting a subset (for example a shorter-sentence filter) of {@code newSize}; the
     * checksum still names the source file.
     */
    public DatasetInfo withSize(int newSize) {
        return new DatasetInfo(name, task, newSize, licence, source, sha256);
    }

    /** The same provenance under a derived name, e.g. {@code "sentiment:imdb"}. */
    public DatasetInfo withName(String newName) {
        return new DatasetInfo(newName, task, size, licence, source, sha256);
    }

    @Override
    public String toString() {
        return name + " (" + task + ", " + size + ", " + licence + ")";
    }
}
