package seqlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Training or validation data as a trainer sees it: a number of examples and a way to collate any subset of them
 * into one batch (padded tensors, masks, targets: whatever the loss function takes). The trainer chooses the
 * subsets (shuffled with its seeded source), so the data itself needs no randomness.
 *
 * @param <B> the batch type the loss function takes
 */
public interface BatchSource<B> {

    /** The number of examples. */
    int size();

    /** Collates the examples at {@code indices} (in that order) into one batch. */
    B batch(int[] indices);

    /**
     * Teacher-forcing batches of translation pairs: token ids without {@code <bos>}/{@code <eos>}, framed and padded
     * by {@link seqlab.data.TranslationBatch#of}.
     */
    static BatchSource<seqlab.data.TranslationBatch> translation(seqlab.engine.Engine engine, List<int[]> sources,
                                                                 List<int[]> targets) {
        if (sources.size() != targets.size()) {
            throw new IllegalArgumentException("BatchSource.translation: " + sources.size() + " sources but "
                    + targets.size() + " targets; pass one target per source");
        }
        return new BatchSource<>() {
            @Override
            public int size() {
                return sources.size();
            }

            @Override
            public seqlab.data.TranslationBatch batch(int[] indices) {
                List<int[]> s = new ArrayList<>(indices.length), t = new ArrayList<>(indices.length);
                for (int i : indices) {
                    s.add(sources.get(i));
                    t.add(targets.get(i));
                }
                return seqlab.data.TranslationBatch.of(engine, s, t, indices, 0, 0);
            }
        };
    }

    /** A source over an in-memory list, collated by {@code collate}. */
    static <T, B> BatchSource<B> of(List<T> examples, Function<List<T>, B> collate) {
        List<T> copy = List.copyOf(examples);
        return new BatchSource<>() {
            @Override
            public int size() {
                return copy.size();
            }

            @Override
            public B batch(int[] indices) {
                List<T> picked = new ArrayList<>(indices.length);
                for (int i : indices) {
                    picked.add(copy.get(i));
                }
                return collate.apply(picked);
            }
        };
    }
}
