/**
 * Data as the tasks consume it: {@link seqlab.data.TextDataset} of {@link seqlab.data.LabeledText} for
 * classification, {@link seqlab.data.ParallelCorpus} of {@link seqlab.data.SentencePair} for translation and
 * {@link seqlab.data.TimeSeries} for forecasting, each carrying its {@link seqlab.data.DatasetInfo}
 * (name, task, size, licence, source, checksum) so results can state exactly what they were computed on, and a
 * {@link seqlab.data.Dataset#contentHash()} of the rows themselves ({@link seqlab.data.ContentHash}), which changes
 * when data is filtered, subsampled or built by hand and is what a trial's identity holds.
 *
 * <p>These types are plain immutable values. The shipped datasets and their loaders live in the
 * {@code seqlab-datasets} module ({@code seqlab.datasets.Datasets}). Your own data loads from a CSV/TSV file or a
 * Tablesaw table in one line, recording the file's path and SHA-256 in the {@link seqlab.data.DatasetInfo}:
 * <pre>{@code
 * TextDataset reviews = TextDataset.fromCsv(Path.of("reviews.csv"), "text", "label");
 * ParallelCorpus pairs = ParallelCorpus.fromCsv(Path.of("de-en.tsv"), "de", "en");
 * TimeSeries sales = TimeSeries.fromCsv(Path.of("sales.csv"), "date", "units");
 * List<TimeSeries> stores = SeriesFormat.of("date", "units").keyedBy("store")
 *     .missing(MissingPolicy.LINEAR_INTERPOLATION).read(Path.of("stores.csv"));
 * }</pre>
 * Bad input fails with one {@link seqlab.data.DataFileException} line naming the file, the row (as a spreadsheet
 * numbers it, header = row 1) and the fix: a missing column (the message lists those present), an unparsable date
 * or number, a repeated or unsorted date, a gap under {@link seqlab.data.MissingPolicy#REJECT}, an empty text or
 * label, a single class, bytes that are not UTF-8, a file that is missing or empty, an unclosed quote. Loading
 * writes nothing, so a failure leaves nothing behind.
 *
 * <p>Turning raw data into batches, for the three tasks. Everything here is deterministic given a seed
 * ({@link seqlab.engine.RandomSource}) and fitted on training data only.
 *
 * <ul>
 *   <li>Text: {@link seqlab.data.Tokenizer} ({@link seqlab.data.WordTokenizer}, {@link seqlab.data.CharacterTokenizer},
 *       or any function), {@link seqlab.data.Vocabulary} with fixed special ids ({@code <pad>} 0, {@code <unk>} 1,
 *       {@code <bos>} 2, {@code <eos>} 3), {@link seqlab.data.TextEncoder} (both together) and
 *       {@link seqlab.data.LabelEncoder} for class names.</li>
 *   <li>Subwords: {@link seqlab.data.Bpe} learns byte-pair-encoding merges on training text (Sennrich et al. 2016;
 *       vocabulary size or merge count, joint or per side), encodes, detokenises back to text ({@link
 *       seqlab.data.Tokenizer#join}) and saves as readable JSON; {@link seqlab.data.HuggingFaceTokenizer} loads a
 *       Hugging Face {@code tokenizer.json} offline.</li>
 *   <li>Splits: {@link seqlab.data.Splits} makes stratified, random and chronological
 *       {@link seqlab.data.DataSplit}s and (stratified) k-fold {@link seqlab.data.Fold}s.</li>
 *   <li>Batches: {@link seqlab.data.Batcher} plans an epoch (shuffling, truncation, length bucketing) and makes
 *       {@link seqlab.data.PaddedBatch}es (classification) or {@link seqlab.data.TranslationBatch}es (teacher
 *       forcing); {@link seqlab.nn.Masks} has the padding and causal masks.</li>
 *   <li>Series: {@link seqlab.data.SeriesWindows} (lookback, horizon, stride), {@link seqlab.data.Scaler},
 *       {@link seqlab.data.CalendarFeatures}, and {@link seqlab.data.RollingOrigin} backtests of
 *       {@link seqlab.data.BacktestFold}s.</li>
 * </ul>
 *
 * <p>Classification, from texts and labels to one epoch of batches:
 * <pre>{@code
 * DataSplit split = Splits.stratified(labels, 0.8, 0.1, 0.1, new RandomSource(seed));
 * TextEncoder text = TextEncoder.fit(Tokenizer.words(), split.train(texts), 2, 20_000);
 * LabelEncoder classes = LabelEncoder.fit(labels);
 * List<int[]> ids = text.encodeAll(split.train(texts));
 * int[] y = classes.encodeAll(split.train(labels));
 * for (PaddedBatch b : Batcher.of(32).truncate(100).bucketed().batches(engine, ids, y, epochRng)) { ... }
 * }</pre>
 * Forecasting: {@code Scaler.standard(series, trainEnd)} fitted on the training steps,
 * {@code SeriesWindows.of(scaler.transform(series), lookback, horizon, 1).targetsWithin(0, trainEnd)} for training,
 * {@code RollingOrigin.expanding(horizon).folds(5).splits(n)} for a backtest.
 *
 * <p>Plain Java types (strings, {@code int[]} ids, {@code double[]} series) go in, so these work with any dataset
 * record; only batches and windows make engine tensors. Conventions: batch-first, right padding with id 0, masks with
 * 1 at positions to ignore.
 */
package seqlab.data;
