package seqlab.train;

import seqlab.engine.RandomSource;

/**
 * One seed for a whole run, split into independent streams for initialisation, dropout, shuffling and data
 * splits. Each stream is derived from the seed alone, so asking for one never changes another, and the same
 * seed gives the same streams on every engine.
 *
 * <pre>{@code
 * var seeds = Seeds.of(42);
 * var model = new MyModel(engine, seeds.init());        // initialisation
 * Trainer.of(model, loss).seed(42)...                    // dropout and shuffling use the other streams
 * }</pre>
 */
public record Seeds(long seed) {

    public static Seeds of(long seed) {
        return new Seeds(seed);
    }

    /** The stream for weight initialisation. */
    public RandomSource init() {
        return stream(0);
    }

    /** The stream for dropout masks (the trainer gives it to the model). */
    public RandomSource dropout() {
        return stream(1);
    }

    /** The stream for shuffling the training examples. */
    public RandomSource shuffle() {
        return stream(2);
    }

    /** The stream for splitting data into train, validation and test. */
    public RandomSource splits() {
        return stream(3);
    }

    private RandomSource stream(int k) {
        RandomSource root = new RandomSource(seed);
        long s = 0;
        for (int i = 0; i <= k; i++) {
            s = root.nextLong();
        }
        return new RandomSource(s);
    }
}
