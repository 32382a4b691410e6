/**
 * Turning raw data into batches, for the three tasks. Everything here is deterministic given a seed
 * ({@link seqlab.engine.RandomSource}) and fitted on training data only.
 *
 * <ul>
 *   <li>Text: {@link seqlab.data.Tokenizer} ({@link seqlab.data.WordTokenizer}, {@link seqlab.data.CharacterTokenizer},
 *       or any function), {@link seqlab.data.Vocabulary} with fixed special ids ({@code <pad>} 0, {@code <unk>} 1,
 *       {@code <bos>} 2, {@code <eos>} 3), {@link seqlab.data.TextEncoder} (both together) and
 *       {@link seqlab.data.LabelEncoder} for class names.</li>
 *   <li>Splits: {@link seqlab.data.Splits} makes stratified, random and chronological
 *       {@link seqlab.data.DataSplit}s and (stratified) k-fold {@link seqlab.data.Fold}s.</li>
 *   <li>Batches: {@link seqlab.data.Batcher} plans an epoch (shuffling, truncation, length bucketing) and makes
 *       {@link seqlab.data.PaddedBatch}es (classification) or {@link seqlab.data.TranslationBatch}es (teacher
 *       forcing); {@link seqlab.data.Masks} has the padding and causal masks.</li>
 *   <li>Series: {@link seqlab.data.SeriesWindows} (lookback, horizon, stride), {@link seqlab.data.Scaler},
 *       {@link seqlab.data.CalendarFeatures}, and {@link seqlab.data.RollingOrigin} backtests of
 *       {@link seqlab.data.BacktestFold}s.</li>
 * </ul>
 *
 * <p>Plain Java types (strings, {@code int[]} ids, {@code double[]} series) go in, so these work with any dataset
 * record; only batches and windows make engine tensors. Conventions: batch-first, right padding with id 0, masks with
 * 1 at positions to ignore.
 */
package seqlab.data;
