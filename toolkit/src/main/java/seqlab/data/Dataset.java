package seqlab.data;

/** Any loaded dataset: it knows what it is and where it came from. */
public sealed interface Dataset permits TextDataset, ParallelCorpus, TimeSeries {

    /** Name, task, size, licence, source and checksum. */
    DatasetInfo info();

    /** Number of rows, sentence pairs or time steps. */
    int size();
}
