package seqlab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import seqlab.engine.Engine;
import seqlab.engine.RandomSource;

/**
 * Cuts a dataset of token-id sequences into batches for one epoch: which examples go together ({@link #plan}), and
 * the padded tensors of each batch, made lazily as the batches are iterated so an engine with native memory holds
 * one batch at a time.
 *
 * <p>Immutable; each setting returns a new batcher: {@code Batcher.of(32).truncate(100).bucketed()}.
 *
 * <p><b>Length bucketing.</b> Padding to the longest sequence of a batch wastes work when lengths vary. With
 * bucketing on, the shuffled examples are cut into chunks of {@code batchesPerBucket * batchSize}, each chunk is sorted
 * by length (longest first, ties in shuffled order) and cut into batches, and the order of all batches is shuffled:
 * batches hold similar lengths yet their composition and order still change with the seed (the "bucket iterator" of
 * torchtext, where a pool of 100 batches is sorted). Without a {@link RandomSource} (evaluation) nothing is shuffled:
 * examples keep their order, or with bucketing are sorted by length within each chunk.
 */
public final class Batcher {
    /** The default chunk, in batches, that bucketing sorts by length (torchtext's BucketIterator pools 100). */
    public static final int DEFAULT_BUCKET_BATCHES = 100;

    private final int batchSize;
    private final int maxLength;
    private final int bucketBatches;
    private final boolean dropLast;

    private Batcher(int batchSize, int maxLength, int bucketBatches, boolean dropLast) {
        this.batchSize = batchSize;
        this.maxLength = maxLength;
        this.bucketBatches = bucketBatches;
        this.dropLast = dropLast;
    }

    /** Batches of {@code batchSize} examples (the last may be smaller), no truncation, no bucketing. */
    public static Batcher of(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("Batcher: batch size must be >= 1, got " + batchSize);
        }
        return new Batcher(batchSize, 0, 1, false);
    }

    /**
     * Keeps at most {@code maxLength} ids per sequence: the first ones for classification; for translation the
     * framed rows ({@code <eos>}, {@code <bos>} included) fit it. 0 turns truncation off.
     */
    public Batcher truncate(int maxLength) {
        if (maxLength < 0 || maxLength == 1) {
            throw new IllegalArgumentException("Batcher: maximum length must be 0 (none) or >= 2, got " + maxLength);
        }
        return new Batcher(batchSize, maxLength, bucketBatches, dropLast);
    }

    /** Length bucketing over chunks of {@value #DEFAULT_BUCKET_BATCHES} batches. */
    public Batcher bucketed() {
        return bucketed(DEFAULT_BUCKET_BATCHES);
    }

    /** Length bucketing over chunks of {@code batchesPerBucket} batches; 1 turns it off. */
    public Batcher bucketed(int batchesPerBucket) {
        if (batchesPerBucket < 1) {
            throw new IllegalArgumentException("Batcher: batches per bucket must be >= 1, got " + batchesPerBucket);
        }
        return new Batcher(batchSize, maxLength, batchesPerBucket, dropLast);
    }

    /** Whether to drop a last batch smaller than the batch size (for layers that need equal batches). */
    public Batcher dropLast(boolean drop) {
        return new Batcher(batchSize, maxLength, bucketBatches, drop);
    }

    public int batchSize() {
        return batchSize;
    }

    public int maxLength() {
        return maxLength;
    }

    /**
     * The batches of one epoch as lists of example indices.
     *
     * @param lengths the (already truncated) length of every example; only the order of lengths matters
     * @param rng     shuffles examples and batch order; {@code null} keeps the data order
     */
    public List<int[]> plan(int[] lengths, RandomSource rng) {
        int n = lengths.length;
        if (n == 0) {
            throw new IllegalArgumentException("Batcher: the dataset is empty; nothing to batch");
        }
        int[] order = rng == null ? PaddedBatch.identity(n) : rng.permutation(n);
        if (bucketBatches > 1) {
            int chunk = bucketBatches * batchSize;
            for (int from = 0; from < n; from += chunk) {
                int to = Math.min(n, from + chunk);
                Integer[] part = new Integer[to - from];
                for (int j = 0; j < part.length; j++) {
                    part[j] = order[from + j];
                }
                // stable: equal lengths keep their shuffled order
                Arrays.sort(part, (a, b) -> Integer.compare(lengths[b], lengths[a]));
                for (int j = 0; j < part.length; j++) {
                    order[from + j] = part[j];
                }
            }
        }
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            if (dropLast && to - from < batchSize) {
                break;
            }
            batches.add(Arrays.copyOfRange(order, from, to));
        }
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("Batcher: " + n + " example(s) make no full batch of " + batchSize
                    + " and dropLast is on; use a smaller batch or turn dropLast off");
        }
        if (rng != null) {
            int[] perm = rng.permutation(batches.size());
            List<int[]> shuffled = new ArrayList<>(batches.size());
            for (int p : perm) {
                shuffled.add(batches.get(p));
            }
            batches = shuffled;
        }
        return List.copyOf(batches);
    }

    /**
     * One epoch of classification batches. The plan is drawn from {@code rng} now; tensors are made as the returned
     * iterable is walked (walking it again gives the same batches).
     *
     * @param sequences token ids per example (see {@link TextEncoder})
     * @param targets   class id per example, or {@code null}
     * @param rng       shuffles (training) or {@code null} keeps order (evaluation)
     */
    public Iterable<PaddedBatch> batches(Engine engine, List<int[]> sequences, int[] targets, RandomSource rng) {
        if (targets != null && targets.length != sequences.size()) {
            throw new IllegalArgumentException("Batcher: " + sequences.size() + " sequences but " + targets.length + " targets");
        }
        int[] lengths = new int[sequences.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = truncated(sequences.get(i).length);
        }
        List<int[]> plan = plan(lengths, rng);
        return lazy(plan, rows -> collate(engine, sequences, targets, rows));
    }

    /**
     * One classification batch of the examples at {@code rows}, in that order, truncated as this batcher truncates:
     * what {@link #batches} makes for each planned batch, and what a trainer that plans its own epochs collates.
     */
    public PaddedBatch collate(Engine engine, List<int[]> sequences, int[] targets, int[] rows) {
        List<int[]> seqs = new ArrayList<>(rows.length);
        int[] t = targets == null ? null : new int[rows.length];
        for (int j = 0; j < rows.length; j++) {
            int[] s = sequences.get(rows[j]);
            int keep = truncated(s.length);
            seqs.add(s.length > keep ? Arrays.copyOf(s, keep) : s);
            if (t != null) {
                t[j] = targets[rows[j]];
            }
        }
        return PaddedBatch.of(engine, seqs, t, rows);
    }

    /**
     * One epoch of translation batches (see {@link TranslationBatch} for the framing); bucketing sorts by source
     * length.
     */
    public Iterable<TranslationBatch> pairs(Engine engine, List<int[]> sources, List<int[]> targets, RandomSource rng) {
        if (sources.size() != targets.size()) {
            throw new IllegalArgumentException("Batcher: " + sources.size() + " sources but " + targets.size() + " targets");
        }
        int[] lengths = new int[sources.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = truncated(sources.get(i).length + 1);
        }
        List<int[]> plan = plan(lengths, rng);
        return lazy(plan, rows -> collatePairs(engine, sources, targets, rows));
    }

    /** One translation batch of the pairs at {@code rows}, in that order, framed and truncated as {@link #pairs} does. */
    public TranslationBatch collatePairs(Engine engine, List<int[]> sources, List<int[]> targets, int[] rows) {
        List<int[]> s = new ArrayList<>(rows.length);
        List<int[]> t = new ArrayList<>(rows.length);
        for (int r : rows) {
            s.add(sources.get(r));
            t.add(targets.get(r));
        }
        return TranslationBatch.of(engine, s, t, rows, maxLength, maxLength);
    }

    /** Padding cells a plan would create: {@code sum over batches of (size * longest - sum of lengths)}. */
    public static long paddingCells(List<int[]> plan, int[] lengths) {
        long pad = 0;
        for (int[] rows : plan) {
            int max = 0;
            long sum = 0;
            for (int r : rows) {
                max = Math.max(max, lengths[r]);
                sum += lengths[r];
            }
            pad += (long) max * rows.length - sum;
        }
        return pad;
    }

    private int truncated(int length) {
        return maxLength > 0 ? Math.min(length, maxLength) : length;
    }

    private static <B> Iterable<B> lazy(List<int[]> plan, Function<int[], B> make) {
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < plan.size();
            }

            @Override
            public B next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return make.apply(plan.get(next++).clone());
            }
        };
    }

    @Override
    public String toString() {
        return "Batcher(batchSize=" + batchSize + (maxLength > 0 ? ", truncate=" + maxLength : "")
                + (bucketBatches > 1 ? ", bucketed=" + bucketBatches : "") + (dropLast ? ", dropLast" : "") + ")";
    }
}
