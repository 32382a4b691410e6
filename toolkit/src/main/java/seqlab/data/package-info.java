/**
 * Data as the tasks consume it: {@link seqlab.data.TextDataset} of {@link seqlab.data.LabeledText} for
 * classification, {@link seqlab.data.ParallelCorpus} of {@link seqlab.data.SentencePair} for translation and
 * {@link seqlab.data.TimeSeries} for forecasting, each carrying its {@link seqlab.data.DatasetInfo}
 * (name, task, size, licence, source, checksum) so results can state exactly what they were computed on.
 *
 * <p>These types are plain immutable values with no I/O: the shipped datasets and their loaders live in the
 * {@code seqlab-datasets} module ({@code seqlab.datasets.Datasets}), and user data can be wrapped directly.
 */
package seqlab.data;
