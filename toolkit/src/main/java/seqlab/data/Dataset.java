package seqlab.data;

/** Any loaded dataset: it knows what it is and where it came from. */
public sealed interface Dataset permits TextDataset, ParallelCorpus, TimeSeries {

    /** Name, task, size, licence, source and checksum. */
    DatasetInfo info();

    /** Number of rows, sentence pairs or time steps. */
    int size();

    /**
     * SHA-256 (lower-case hex) of the content a model sees, computed from the rows in memory: two datasets with the
     * same hash hold the same data whatever their names or files. Unlike {@link DatasetInfo#sha256()} (the shipped
     * file's checksum) it changes when rows are filtered, subsampled or built by hand.
     */
    String contentHash();
}
