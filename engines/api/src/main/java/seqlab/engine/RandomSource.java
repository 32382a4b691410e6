package seqlab.engine;

import java.util.Arrays;

/**
 * A seedable, splittable pseudo-random source (xoshiro256**, seeded through SplitMix64; Blackman &amp; Vigna 2018).
 *
 * <p>Every random number in seqlab (initialisation, dropout masks, shuffling, splits) comes from one of these, in
 * Java, so two engines given the same seed draw the same numbers and a run can be repeated bit for bit. Its state
 * is four longs, saved with checkpoints ({@link #state()}, {@link #restore(long[])}).
 */
public final class RandomSource {
    private long s0, s1, s2, s3;

    public RandomSource(long seed) {
        long x = seed;
        s0 = splitMix(x += 0x9E3779B97F4A7C15L);
        s1 = splitMix(x += 0x9E3779B97F4A7C15L);
        s2 = splitMix(x += 0x9E3779B97F4A7C15L);
        s3 = splitMix(x += 0x9E3779B97F4A7C15L);
    }

    private RandomSource(long[] state) {
        restore(state);
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, 1) with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform integer in [0, bound), without modulo bias (Lemire's method). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long m = (nextLong() >>> 32) * bound;
        long l = m & 0xFFFFFFFFL;
        if (l < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (l < threshold) {
                m = (nextLong() >>> 32) * bound;
                l = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Standard normal by the Box-Muller transform; consumes two uniforms per value. */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // (0, 1]
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** A new independent source derived from this one; advances this source by one draw. */
    public RandomSource split() {
        return new RandomSource(nextLong());
    }

    /** Fisher-Yates shuffle of {@code a} in place. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** A permutation of 0..n-1. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p);
        return p;
    }

    /** {@code n} floats, each uniform in [lo, hi). */
    public float[] uniform(int n, double lo, double hi) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (lo + (hi - lo) * nextDouble());
        }
        return out;
    }

    /** {@code n} floats, each normal with the given mean and standard deviation. */
    public float[] normal(int n, double mean, double std) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (mean + std * nextGaussian());
        }
        return out;
    }

    /** The full state, to save with a checkpoint. */
    public long[] state() {
        return new long[] {s0, s1, s2, s3};
    }

    /** Restores a state saved by {@link #state()}. */
    public void restore(long[] state) {
        if (state.length != 4) {
            throw new IllegalArgumentException("RandomSource state has 4 longs, got " + state.length);
        }
        if ((state[0] | state[1] | state[2] | state[3]) == 0) {
            throw new IllegalArgumentException("RandomSource state may not be all zero");
        }
        s0 = state[0];
        s1 = state[1];
        s2 = state[2];
        s3 = state[3];
    }

    /** A copy with the same state: both then draw the same numbers. */
    public RandomSource copy() {
        return new RandomSource(state());
    }

    @Override
    public String toString() {
        return "RandomSource" + Arrays.toString(state());
    }
}
